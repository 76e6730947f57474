using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Acquisition;
using Xunit.Abstractions;
using Station.Tests.Shared;

namespace Station.Core.Tests.Acquisition;

public sealed class CentroiderTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);

    private static CentroidResult Measure(Centroider centroider, SyntheticFrame frame, SpotPrediction prediction, int originX = 0, int originY = 0) =>
        centroider.Measure(new CameraFrame(frame.Render(), frame.Width, frame.Height, originX, originY, T0), prediction);

    [Fact]
    public void Sub_pixel_accuracy_is_better_than_five_hundredths_of_a_pixel_rms_at_snr_50()
    {
        var centroider = new Centroider(new CentroiderOptions());
        const double Sigma = 1.2, Noise = 3;
        double flux = SyntheticFrame.FluxForSnr(50, Sigma, Noise);
        var random = new Random(11);
        double sumSq = 0, sumX = 0, sumSnr = 0;
        const int N = 300;
        for (int n = 0; n < N; n++)
        {
            double x = 28 + (8 * random.NextDouble()), y = 28 + (8 * random.NextDouble());
            var frame = new SyntheticFrame(64, 64, 200, Noise, seed: 1000 + n).AddSpot(x, y, flux, Sigma);
            var r = Measure(centroider, frame, SpotPrediction.None);
            Assert.Equal(CentroidStatus.Found, r.Status);
            sumSq += ((r.XPx - x) * (r.XPx - x)) + ((r.YPx - y) * (r.YPx - y));
            sumX += r.XPx - x;
            sumSnr += r.Snr;
        }

        double rmsPerAxis = Math.Sqrt(sumSq / (2 * N));
        output.WriteLine($"SNR {sumSnr / N:F1}: rms {rmsPerAxis:F4} px per axis, x bias {sumX / N:F4} px over {N} frames");
        Assert.InRange(sumSnr / N, 45, 55); // the SNR the test claims is the SNR the centroider measured
        Assert.True(rmsPerAxis < 0.05, $"rms {rmsPerAxis:F4} px");
        Assert.True(Math.Abs(sumX / N) < 0.01, $"bias {sumX / N:F4} px");
    }

    [Property(MaxTest = 60)]
    public Property Bright_spots_anywhere_are_located_to_a_tenth_of_a_pixel() =>
        Prop.ForAll(
            (from x in Gen.Choose(1000, 62000)
             from y in Gen.Choose(1000, 50000)
             from sigma in Gen.Choose(80, 250)
             from background in Gen.Choose(50, 3000)
             from seed in Gen.Choose(0, 100000)
             select (x / 100.0, y / 100.0, sigma / 100.0, background, seed)).ToArbitrary(),
            c =>
            {
                var (x, y, sigma, background, seed) = c;
                var frame = new SyntheticFrame(640, 512, background, 4, seed).AddSpot(x, y, SyntheticFrame.FluxForSnr(150, sigma, 4), sigma);
                var r = Measure(Shared.Value, frame, SpotPrediction.None);
                return r.Status == CentroidStatus.Found && Math.Abs(r.XPx - x) < 0.1 && Math.Abs(r.YPx - y) < 0.1;
            });

    [Fact]
    public void An_roi_reports_sensor_coordinates_and_the_measured_spot_size()
    {
        var centroider = new Centroider(new CentroiderOptions());
        var frame = new SyntheticFrame(64, 64, 100, 2, seed: 3).AddSpot(30.3, 33.7, 40_000, 1.8);
        var r = Measure(centroider, frame, SpotPrediction.None, originX: 300, originY: 200);
        Assert.Equal(CentroidStatus.Found, r.Status);
        Assert.Equal(330.3, r.XPx, 0.03);
        Assert.Equal(233.7, r.YPx, 0.03);
        Assert.Equal(2.3548 * Math.Sqrt((1.8 * 1.8) + (1.0 / 12)), r.FwhmPx, 0.05 * r.FwhmPx); // pixel box adds 1/12 px²
        Assert.Equal(100, r.BackgroundAdu, 0.2);
        Assert.Equal(2, r.NoiseAdu, 0.15);
        Assert.Equal(40_000 * 0.975, r.Flux, 0.02 * 40_000);
    }

    [Fact]
    public void Mapped_and_unmapped_hot_pixels_are_ignored()
    {
        var map = new HotPixelMap(640, 512, [(103, 100), (50, 50)]);
        var centroider = new Centroider(new CentroiderOptions { HotPixels = map });
        var frame = new SyntheticFrame(640, 512, 500, 3, seed: 5)
            .AddSpot(100.4, 100.2, SyntheticFrame.FluxForSnr(60, 1.3, 3), 1.3)
            .AddHotPixel(103, 100, 20_000)   // mapped, inside the centroid window
            .AddHotPixel(50, 50, 60_000)     // mapped, far away and brighter than the beacon
            .AddHotPixel(400, 300, 30_000)   // unmapped and isolated: a single-pixel blob
            .AddHotPixel(98, 103, 8_000);    // unmapped, in the spot's window, below-threshold neighbours
        var r = Measure(centroider, frame, SpotPrediction.None);
        Assert.Equal(CentroidStatus.Found, r.Status);
        Assert.Equal(100.4, r.XPx, 0.1);
        Assert.Equal(100.2, r.YPx, 0.1);
        Assert.True(r.HotPixelsIgnored >= 4, $"{r.HotPixelsIgnored}");

        // Without the map the mapped pixel next to the spot is still caught as an outlier; the spot stays put.
        var unmapped = Measure(new Centroider(new CentroiderOptions()), frame, SpotPrediction.None);
        Assert.Equal(100.4, unmapped.XPx, 0.1);
    }

    [Fact]
    public void A_hot_pixel_would_pull_the_centroid_if_it_were_not_cleaned()
    {
        // Guards the previous test against passing vacuously: the pixel at (98, 103) matters when counted.
        var frame = new SyntheticFrame(640, 512, 500, 3, seed: 5).AddSpot(100.4, 100.2, SyntheticFrame.FluxForSnr(60, 1.3, 3), 1.3).AddHotPixel(98, 103, 8_000);
        var clean = Measure(new Centroider(new CentroiderOptions()), frame, SpotPrediction.None);
        var naive = Measure(new Centroider(new CentroiderOptions { HotPixelRatio = 1e5 }), frame, SpotPrediction.None);
        Assert.True(Math.Abs(naive.YPx - 100.2) > 3 * Math.Abs(clean.YPx - 100.2), $"naive {naive.YPx:F3}, cleaned {clean.YPx:F3}");
    }

    [Fact]
    public void A_brighter_star_outside_the_gate_is_not_chosen()
    {
        var centroider = new Centroider(new CentroiderOptions());
        double beaconFlux = SyntheticFrame.FluxForSnr(40, 1.5, 3);
        var frame = new SyntheticFrame(640, 512, 300, 3, seed: 8)
            .AddSpot(320.2, 250.6, beaconFlux, 1.5)
            .AddSpot(360.0, 270.0, 10 * beaconFlux, 1.5); // the star, 45 px away
        var unguided = Measure(centroider, frame, SpotPrediction.None);
        Assert.Equal(360.0, unguided.XPx, 0.1); // with no prediction the brighter spot wins

        var gated = Measure(centroider, frame, new SpotPrediction(322, 249, 20, 0, double.PositiveInfinity));
        Assert.Equal(CentroidStatus.Found, gated.Status);
        Assert.Equal(320.2, gated.XPx, 0.1);
        Assert.Equal(250.6, gated.YPx, 0.1);
        Assert.Equal(1, gated.RejectedByGate);

        // The flux range alone also rejects it, even without a position.
        var byFlux = Measure(centroider, frame, SpotPrediction.FluxOnly(0.3 * beaconFlux, 3 * beaconFlux));
        Assert.Equal(320.2, byFlux.XPx, 0.1);
        Assert.Equal(1, byFlux.RejectedByFlux);
    }

    [Fact]
    public void Only_an_inconsistent_spot_in_view_is_reported_as_inconsistent()
    {
        var centroider = new Centroider(new CentroiderOptions());
        var frame = new SyntheticFrame(640, 512, 300, 3, seed: 9).AddSpot(360.0, 270.0, 20_000, 1.5);
        var r = Measure(centroider, frame, new SpotPrediction(322, 249, 20, 100, 5_000));
        Assert.Equal(CentroidStatus.Inconsistent, r.Status);
        Assert.False(r.IsValid);
        Assert.Equal(1, r.RejectedByGate);

        var inGateTooBright = Measure(centroider, frame, new SpotPrediction(355, 268, 20, 100, 5_000));
        Assert.Equal(CentroidStatus.Inconsistent, inGateTooBright.Status);
        Assert.Equal(1, inGateTooBright.RejectedByFlux);
        Assert.Equal(360.0, inGateTooBright.XPx, 0.1); // the rejected spot is still described
    }

    [Fact]
    public void A_saturated_spot_is_flagged_and_still_centroided()
    {
        var centroider = new Centroider(new CentroiderOptions { SaturationLevel = 4095 });
        var frame = new SyntheticFrame(128, 128, 200, 3, seed: 4, saturation: 4095).AddSpot(60.35, 70.8, 400_000, 2.0);
        var r = Measure(centroider, frame, SpotPrediction.None);
        Assert.Equal(CentroidStatus.Found, r.Status);
        Assert.True(r.Saturated);
        Assert.Equal(4095, r.Peak);
        Assert.Equal(60.35, r.XPx, 0.05);
        Assert.Equal(70.8, r.YPx, 0.05);

        var unsaturated = Measure(centroider, new SyntheticFrame(128, 128, 200, 3, seed: 4, saturation: 4095).AddSpot(60.35, 70.8, 20_000, 2.0), SpotPrediction.None);
        Assert.False(unsaturated.Saturated);
    }

    [Fact]
    public void Faint_spots_fall_below_the_snr_floor_and_empty_frames_have_no_candidates()
    {
        var centroider = new Centroider(new CentroiderOptions { SnrFloor = 10 });
        var faint = Measure(centroider, new SyntheticFrame(64, 64, 200, 3, seed: 21).AddSpot(32, 32, SyntheticFrame.FluxForSnr(8.5, 1.0, 3), 1.0), SpotPrediction.None);
        Assert.Equal(CentroidStatus.BelowSnrFloor, faint.Status);
        Assert.InRange(faint.Snr, 6, 10);

        var empty = Measure(centroider, new SyntheticFrame(64, 64, 200, 3, seed: 22), SpotPrediction.None);
        Assert.Equal(CentroidStatus.NoCandidates, empty.Status);
        Assert.True(double.IsNaN(empty.XPx));
    }

    [Fact]
    public void More_structure_than_the_buffers_hold_is_an_overflow_not_a_crash()
    {
        var centroider = new Centroider(new CentroiderOptions { MaxRuns = 16 });
        var frame = new SyntheticFrame(128, 128, 200, 2, seed: 2);
        for (int i = 0; i < 30; i++)
        {
            frame.AddSpot(10 + (i % 6 * 20), 10 + (i / 6 * 20), 20_000, 1.2);
        }

        Assert.Equal(CentroidStatus.Overflow, Measure(centroider, frame, SpotPrediction.None).Status);
    }

    [Fact]
    public void Bad_input_is_refused_with_the_reason()
    {
        var centroider = new Centroider(new CentroiderOptions { SensorWidth = 64, SensorHeight = 64 });
        var pixels = new ushort[128 * 64];
        var tooWide = Assert.Throws<ArgumentException>(() => centroider.Measure(new CameraFrame(pixels, 128, 64, 0, 0, T0)));
        Assert.Contains("frame 128×64 is larger than the configured sensor 64×64", tooWide.Message, StringComparison.Ordinal);
        var shortBuffer = Assert.Throws<ArgumentException>(() => new CameraFrame(pixels, 128, 65, 0, 0, T0));
        Assert.Contains("needs 8320 pixels but the buffer holds 8192", shortBuffer.Message, StringComparison.Ordinal);
        var gate = Assert.Throws<ArgumentException>(() => centroider.Measure(new CameraFrame(pixels, 64, 64, 0, 0, T0), new SpotPrediction(double.NaN, 3, 5, 0, 1)));
        Assert.Contains("a finite gate (5 px) needs a finite predicted position", gate.Message, StringComparison.Ordinal);
        var options = Assert.Throws<ArgumentException>(() => new Centroider(new CentroiderOptions { ThresholdSigma = -1 }));
        Assert.Contains("threshold -1σ must be within (0, 100]", options.Message, StringComparison.Ordinal);
        var map = Assert.Throws<ArgumentException>(() => new Centroider(new CentroiderOptions { HotPixels = new HotPixelMap(10, 10, []) }));
        Assert.Contains("hot-pixel map 10×10 does not match the sensor 640×512", map.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Measuring_allocates_nothing()
    {
        var centroider = new Centroider(new CentroiderOptions { HotPixels = new HotPixelMap(640, 512, [(10, 10)]) });
        var full = new SyntheticFrame(640, 512, 300, 3, seed: 1).AddSpot(320.3, 256.6, 30_000, 1.5).AddSpot(500, 100, 90_000, 1.5).Render();
        var roi = new SyntheticFrame(64, 64, 300, 3, seed: 2).AddSpot(31.2, 30.9, 30_000, 1.5).Render();
        var prediction = new SpotPrediction(320, 256, 30, 100, 1e6);
        centroider.Measure(new CameraFrame(full, 640, 512, 0, 0, T0), prediction);
        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                centroider.Measure(new CameraFrame(full, 640, 512, 0, 0, T0), prediction);
                centroider.Measure(new CameraFrame(roi, 64, 64, 288, 226, T0), prediction);
            }
        });

        Assert.Equal(0, allocated);
    }

    private static class Shared
    {
        public static readonly Centroider Value = new(new CentroiderOptions());
    }
}
