using Station.Core.Orbits;
using Station.Tests.Shared;

namespace Station.Core.Tests.Orbits;

public sealed class Sgp4BatchTests
{
    private static readonly TleCatalog TestSet = TleCatalog.Parse(File.ReadAllText(TestDataFiles.TestSet));

    private sealed class Buffers(int count)
    {
        public double[] X { get; } = new double[count];
        public double[] Y { get; } = new double[count];
        public double[] Z { get; } = new double[count];
        public double[] Vx { get; } = new double[count];
        public double[] Vy { get; } = new double[count];
        public double[] Vz { get; } = new double[count];
        public Sgp4Error[] Errors { get; } = new Sgp4Error[count];

        public Sgp4BatchOutput Output => new(X, Y, Z, Vx, Vy, Vz, Errors);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Batch_since_epoch_equals_single_propagations(int degreeOfParallelism)
    {
        Sgp4Batch batch = Sgp4Batch.FromElementSets(TestSet.ElementSets);
        double[] minutes = [-1440.0, 0.0, 90.0, 720.0, 2600.0, 10080.0];
        var b = new Buffers(batch.Count * minutes.Length);

        batch.PropagateSinceEpoch(minutes, b.Output, degreeOfParallelism);

        for (int s = 0; s < batch.Count; s++)
        {
            for (int i = 0; i < minutes.Length; i++)
            {
                Sgp4Result expected = batch.Satellites[s].Propagate(minutes[i]);
                int k = (s * minutes.Length) + i;
                Assert.Equal(expected, new Sgp4Result(b.Errors[k], b.X[k], b.Y[k], b.Z[k], b.Vx[k], b.Vy[k], b.Vz[k]));
            }
        }

        // The decaying Starlink of the test set fails ~1.8 days after epoch, so some results must be errors.
        Assert.Contains(b.Errors, e => e != Sgp4Error.None);
    }

    [Fact]
    public void Batch_to_utc_and_julian_dates_agree_with_single_propagations()
    {
        Sgp4Batch batch = Sgp4Batch.FromElementSets(TestSet.ElementSets);
        DateTime[] times = [new(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc), new(2026, 3, 19, 12, 34, 56, 789, DateTimeKind.Utc)];
        double[] whole = new double[times.Length];
        double[] fraction = new double[times.Length];
        for (int i = 0; i < times.Length; i++)
        {
            (whole[i], fraction[i]) = JulianDate.FromUtc(times[i]);
        }

        var utc = new Buffers(batch.Count * times.Length);
        var jd = new Buffers(batch.Count * times.Length);
        batch.PropagateToUtc(times, utc.Output, maxDegreeOfParallelism: 2);
        batch.PropagateToJulianDates(whole, fraction, jd.Output);

        for (int s = 0; s < batch.Count; s++)
        {
            for (int i = 0; i < times.Length; i++)
            {
                int k = (s * times.Length) + i;
                Sgp4Result expected = batch.Satellites[s].PropagateToUtc(times[i]);
                Assert.Equal(expected, new Sgp4Result(utc.Errors[k], utc.X[k], utc.Y[k], utc.Z[k], utc.Vx[k], utc.Vy[k], utc.Vz[k]));
                Assert.Equal(expected, new Sgp4Result(jd.Errors[k], jd.X[k], jd.Y[k], jd.Z[k], jd.Vx[k], jd.Vy[k], jd.Vz[k]));
            }
        }
    }

    [Fact]
    public void Sequential_batch_allocates_nothing()
    {
        Sgp4Batch batch = Sgp4Batch.FromElementSets(TestSet.ElementSets);
        double[] minutes = [0.0, 60.0, 120.0];
        var b = new Buffers(batch.Count * minutes.Length);
        batch.PropagateSinceEpoch(minutes, b.Output);

        Assert.Equal(0, Allocations.Fewest(() => batch.PropagateSinceEpoch(minutes, b.Output)));
    }

    [Fact]
    public void Rejects_short_outputs_and_bad_parallelism()
    {
        Sgp4Batch batch = Sgp4Batch.FromElementSets(TestSet.ElementSets);
        var small = new Buffers(batch.Count - 1);
        var ok = new Buffers(batch.Count);
        Assert.Throws<ArgumentException>(() => batch.PropagateSinceEpoch([0.0], small.Output));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.PropagateSinceEpoch([0.0], ok.Output, 0));
        Assert.Throws<ArgumentException>(() => batch.PropagateToJulianDates([2461118.5], [], ok.Output));
        Assert.Throws<ArgumentNullException>(() => new Sgp4Batch(null!));
    }
}
