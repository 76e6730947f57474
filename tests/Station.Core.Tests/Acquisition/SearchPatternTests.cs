using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Acquisition;
using UnitsNet;

namespace Station.Core.Tests.Acquisition;

public sealed class SearchPatternTests
{
    private static readonly SearchOptions Options = new() { FieldOfView = Angle.FromMicroradians(3000), Overlap = 0.2, FramesPerPoint = 3, FrameRate = Frequency.FromHertz(100) };

    [Property(MaxTest = 40)]
    public Property Every_point_of_the_region_is_within_half_a_footprint_of_a_dwell_point() =>
        Prop.ForAll(
            (from along in Gen.Choose(500, 40_000)
             from across in Gen.Choose(500, 15_000)
             from orientationDeg in Gen.Choose(-180, 180)
             from overlapPct in Gen.Choose(14, 60)
             from seed in Gen.Choose(0, 10_000)
             select (along, across, orientationDeg, overlapPct, seed)).ToArbitrary(),
            c =>
            {
                var (along, across, orientationDeg, overlapPct, seed) = c;
                var pattern = new SearchPattern(Options with { Overlap = overlapPct / 100.0 });
                var region = new SearchRegion(1200, -800, along, across, orientationDeg * Math.PI / 180);
                pattern.Plan(region);
                double worst = WorstCoverage(pattern, region, new Random(seed), 3000);
                return worst <= (pattern.FieldOfViewUrad / 2) + 1e-6 && pattern.StepUrad <= pattern.FieldOfViewUrad * (1 - (overlapPct / 100.0)) + 1e-9;
            });

    [Theory]
    [InlineData(39_439, 1218, 41, 14)]
    [InlineData(38_999, 1319, 122, 19)]
    [InlineData(18_543, 2166, -13, 16)]
    public void Long_thin_regions_are_covered_out_to_their_ends(int along, int across, int orientationDeg, int overlapPct)
    {
        // Regressions: a grid clipped to the ellipse grown by (a + r, b + r) left gaps at the tips of thin regions.
        var pattern = new SearchPattern(Options with { Overlap = overlapPct / 100.0 });
        var region = new SearchRegion(0, 0, along, across, orientationDeg * Math.PI / 180);
        pattern.Plan(region);
        double worst = WorstCoverage(pattern, region, new Random(5), 20_000);
        Assert.True(worst <= pattern.FieldOfViewUrad / 2, $"{worst:F1} µrad from the nearest point, footprint radius {pattern.FieldOfViewUrad / 2}");
    }

    [Fact]
    public void Neighbouring_dwell_points_are_one_step_apart_and_the_step_honours_the_overlap()
    {
        var pattern = new SearchPattern(Options);
        pattern.Plan(SearchRegion.Circle(0, 0, 9000));
        Assert.Equal(3000 * 0.8, pattern.StepUrad, 1e-9);
        for (int i = 0; i < pattern.Count; i++)
        {
            double nearest = double.PositiveInfinity;
            for (int j = 0; j < pattern.Count; j++)
            {
                if (i != j)
                {
                    var (xi, yi) = pattern.Point(i);
                    var (xj, yj) = pattern.Point(j);
                    nearest = Math.Min(nearest, Math.Sqrt(((xi - xj) * (xi - xj)) + ((yi - yj) * (yi - yj))));
                }
            }

            Assert.Equal(pattern.StepUrad, nearest, 1e-6);
        }

        Assert.True(pattern.CoverageRadiusUrad <= pattern.FieldOfViewUrad / 2);
    }

    [Fact]
    public void The_spiral_starts_at_the_centre_and_moves_outwards_between_neighbours()
    {
        var pattern = new SearchPattern(Options);
        pattern.Plan(SearchRegion.Circle(500, 700, 12_000));
        Assert.Equal((500.0, 700.0), pattern.Point(0));
        double previousRadius = 0;
        var moves = new List<double>();
        for (int i = 1; i < pattern.Count; i++)
        {
            var (x, y) = pattern.Point(i);
            var (px, py) = pattern.Point(i - 1);
            double radius = Math.Sqrt(((x - 500) * (x - 500)) + ((y - 700) * (y - 700)));
            Assert.True(radius >= previousRadius - pattern.StepUrad, $"point {i} falls back from {previousRadius:F0} to {radius:F0} µrad");
            previousRadius = Math.Max(previousRadius, radius);
            moves.Add(Math.Sqrt(((x - px) * (x - px)) + ((y - py) * (y - py))));
        }

        moves.Sort();
        Assert.True(moves[moves.Count / 2] <= 1.5 * pattern.StepUrad, $"median move {moves[moves.Count / 2]:F0} µrad");
    }

    [Fact]
    public void Each_point_is_dwelt_on_for_exactly_the_configured_number_of_frames()
    {
        var pattern = new SearchPattern(Options with { SettleTime = Duration.FromMilliseconds(25) });
        pattern.Plan(new SearchRegion(0, 0, 15_000, 4_000, 0.4));
        var frames = new int[pattern.Count];
        double phase = 0.0037; // frames are not aligned with the search start
        for (double t = phase; t < pattern.FirstPassSeconds; t += 0.01)
        {
            var sample = pattern.Sample(t);
            Assert.Equal(0, sample.Pass);
            if (sample.Dwelling)
            {
                frames[sample.PointIndex]++;
                Assert.Equal(pattern.Point(sample.PointIndex), (sample.XelUrad, sample.ElUrad));
            }
        }

        Assert.All(frames, n => Assert.Equal(3, n));
        var (start, end) = pattern.DwellWindow(5);
        Assert.Equal(0.03, end - start, 1e-12);
        var (_, previousEnd) = pattern.DwellWindow(4);
        var (x4, y4) = pattern.Point(4);
        var (x5, y5) = pattern.Point(5);
        double move = Math.Sqrt(((x5 - x4) * (x5 - x4)) + ((y5 - y4) * (y5 - y4))) / (Math.PI / 180 * 1e6);
        Assert.Equal(previousEnd + move + 0.025, start, 1e-9); // move at 1°/s, then settle
    }

    [Fact]
    public void Moves_are_ramped_at_the_slew_rate_and_the_pattern_repeats()
    {
        var pattern = new SearchPattern(Options);
        pattern.Plan(SearchRegion.Circle(0, 0, 6000));
        var (_, end0) = pattern.DwellWindow(0);
        var (x1, y1) = pattern.Point(1);
        double distance = Math.Sqrt((x1 * x1) + (y1 * y1));
        double rate = Math.PI / 180 * 1e6; // µrad/s
        var halfway = pattern.Sample(end0 + (distance / rate / 2));
        Assert.False(halfway.Dwelling);
        Assert.Equal(1, halfway.PointIndex);
        Assert.Equal(x1 / 2, halfway.XelUrad, 1e-6);
        Assert.Equal(y1 / 2, halfway.ElUrad, 1e-6);

        // Second pass: after the first pass and the move back to the centre, point 0 is dwelt on again.
        double returnMove = pattern.RepeatPassSeconds - pattern.FirstPassSeconds;
        var again = pattern.Sample(pattern.FirstPassSeconds + returnMove + pattern.DwellWindow(0).Start + 0.001);
        Assert.Equal(1, again.Pass);
        Assert.Equal(0, again.PointIndex);
        Assert.True(again.Dwelling);
        Assert.Equal(2, pattern.Sample(pattern.FirstPassSeconds + (1.5 * pattern.RepeatPassSeconds)).Pass);
    }

    [Fact]
    public void The_region_follows_the_error_budget()
    {
        var budget = new ErrorBudget();
        // 2-day-old elements, 1000 km, line of sight moving at 10 mrad/s along +30° in the mount frame.
        double rate = 0.010, direction = Math.PI / 6;
        var region = budget.RegionFor(TimeSpan.FromDays(2), Length.FromKilometers(1000), rate * Math.Cos(direction), rate * Math.Sin(direction));
        double dt = Math.Sqrt(Math.Pow(7000 / 7600.0, 2) + 1e-6);
        Assert.Equal(3 * Math.Sqrt(Math.Pow(dt * rate * 1e6, 2) + 2500), region.SemiAxisAlongUrad, 1e-6);
        Assert.Equal(3 * Math.Sqrt((700.0 * 700) + 2500), region.SemiAxisAcrossUrad, 1e-6);
        Assert.Equal(direction, region.OrientationRad, 1e-12);
        var older = budget.RegionFor(TimeSpan.FromDays(4), Length.FromKilometers(1000), rate, 0);
        Assert.True(older.SemiAxisAlongUrad > 1.8 * region.SemiAxisAlongUrad);
        var farther = budget.RegionFor(TimeSpan.FromDays(2), Length.FromKilometers(2000), rate, 0);
        Assert.True(farther.SemiAxisAcrossUrad < region.SemiAxisAcrossUrad);
        var error = Assert.Throws<ArgumentException>(() => budget.RegionFor(TimeSpan.FromDays(-1), Length.FromKilometers(1000), rate, 0));
        Assert.Contains("element-set age -1 days must be within 0…365", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_regions_are_refused_and_the_previous_plan_is_kept()
    {
        var pattern = new SearchPattern(Options with { MaxPoints = 50 });
        pattern.Plan(SearchRegion.Circle(0, 0, 5000));
        int count = pattern.Count;
        var first = pattern.Point(count - 1);
        var tooBig = Assert.Throws<ArgumentException>(() => pattern.Plan(SearchRegion.Circle(0, 0, 50_000)));
        Assert.Contains("more than the capacity 50", tooBig.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => pattern.Plan(new SearchRegion(0, 0, -1, 5, 0)));
        Assert.Contains("semi-axes -1 × 5 µrad must be positive", bad.Message, StringComparison.Ordinal);
        Assert.Equal(count, pattern.Count);
        Assert.Equal(first, pattern.Point(count - 1));
        var options = Assert.Throws<ArgumentException>(() => new SearchPattern(Options with { Overlap = 0.1 }));
        Assert.Contains("overlap 0.1 must be within 0.14…0.9", options.Message, StringComparison.Ordinal);
    }

    private static double WorstCoverage(SearchPattern pattern, SearchRegion region, Random random, int samples)
    {
        double cos = Math.Cos(region.OrientationRad), sin = Math.Sin(region.OrientationRad), worst = 0;
        for (int n = 0; n < samples; n++)
        {
            // Uniform in the ellipse, with every tenth sample on its boundary.
            double angle = 2 * Math.PI * random.NextDouble();
            double radius = n % 10 == 0 ? 1 : Math.Sqrt(random.NextDouble());
            double u = radius * region.SemiAxisAlongUrad * Math.Cos(angle), v = radius * region.SemiAxisAcrossUrad * Math.Sin(angle);
            double x = region.CenterXelUrad + (u * cos) - (v * sin), y = region.CenterElUrad + (u * sin) + (v * cos);
            double nearest = double.PositiveInfinity;
            for (int i = 0; i < pattern.Count; i++)
            {
                var (px, py) = pattern.Point(i);
                nearest = Math.Min(nearest, ((px - x) * (px - x)) + ((py - y) * (py - y)));
            }

            worst = Math.Max(worst, Math.Sqrt(nearest));
        }

        return worst;
    }
}
