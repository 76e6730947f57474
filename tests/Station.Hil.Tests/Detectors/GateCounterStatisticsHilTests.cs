using Station.Devices.GateCounter;
using UnitsNet;

namespace Station.Hil.Tests.Detectors;

/// <summary>
/// Counts read by the firmware binding through the emulated SPI bus, compared with what counting statistics
/// predict for the photon model's parameters. The randomness is seeded, so each run is the same; tolerances are
/// five standard errors of the estimated mean (or variance), so a correct model passes with overwhelming probability
/// for any seed and a model off by a few percent fails.
/// </summary>
public sealed class GateCounterStatisticsHilTests : IDisposable
{
    private readonly DetectorBench _bench = new();

    [Fact]
    public void Low_rate_counts_are_poisson_with_the_dead_time_loss()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        FreeRunning(board, 0);
        var channel = _bench.Station.GateCounter.Channels[0];
        channel.SignalRate = Frequency.FromKilohertz(9.9);
        channel.DarkCountRate = Frequency.FromHertz(100);
        channel.AfterpulseProbability = 0;
        board.SetShutterOpen(true);
        _bench.Time.Advance(TimeSpan.FromMilliseconds(30)); // shutter travel
        _bench.NextWindow(board);

        var counts = ReadWindows(board, 0, 1000);

        double n = 10_000, tau = 22e-9, windowS = 0.01;
        double expected = n / (1 + (n * tau)) * windowS; // non-paralysable: m = n / (1 + n τ)
        var (mean, variance) = MeanAndVariance(counts);
        Assert.InRange(mean, expected - (5 * Math.Sqrt(expected / counts.Count)), expected + (5 * Math.Sqrt(expected / counts.Count)));
        // Poisson: variance = mean; the sample variance has a standard error of about variance·√(2/(K−1)).
        double varianceError = expected * Math.Sqrt(2.0 / (counts.Count - 1));
        Assert.InRange(variance, expected - (5 * varianceError), expected + (5 * varianceError));
    }

    [Fact]
    public void High_rate_free_running_counts_follow_non_paralysable_dead_time()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(1));
        FreeRunning(board, 1);
        var channel = _bench.Station.GateCounter.Channels[1];
        channel.SignalRate = Frequency.FromMegahertz(20);
        channel.DarkCountRate = Frequency.Zero;
        channel.AfterpulseProbability = 0;
        board.SetTripThreshold(1, uint.MaxValue);
        board.SetShutterOpen(true);
        _bench.Time.Advance(TimeSpan.FromMilliseconds(30));
        _bench.NextWindow(board);

        var counts = ReadWindows(board, 1, 200);

        // Detections form a renewal process with intervals τ + Exp(n): over T, mean n T / (1 + n τ), variance n T / (1 + n τ)³.
        double n = 20e6, tau = 22e-9, windowS = 1e-3;
        double expected = n * windowS / (1 + (n * tau));
        double expectedVariance = n * windowS / Math.Pow(1 + (n * tau), 3);
        var (mean, variance) = MeanAndVariance(counts);
        double meanError = Math.Sqrt(expectedVariance / counts.Count);
        Assert.InRange(mean, expected - (5 * meanError), expected + (5 * meanError));
        Assert.True(Math.Abs(mean - (n * windowS)) > 100 * meanError, "dead time must visibly reduce the count");
        double varianceError = expectedVariance * Math.Sqrt(2.0 / (counts.Count - 1));
        Assert.InRange(variance, expectedVariance - (5 * varianceError), expectedVariance + (5 * varianceError));
    }

    [Fact]
    public void Gated_counting_fires_each_gate_at_most_once_with_poisson_probability()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(1));
        // 100 ns period, 10 ns gate at 20 ns: the 22 ns dead time ends before the next gate, so gates are independent
        // and each fires with probability 1 − exp(−λ w).
        board.ConfigureGate(2, Duration.FromNanoseconds(20), Duration.FromNanoseconds(10));
        var channel = _bench.Station.GateCounter.Channels[2];
        channel.SignalRate = Frequency.FromMegahertz(49.99);
        channel.DarkCountRate = Frequency.FromKilohertz(10);
        channel.AfterpulseProbability = 0;
        board.SetShutterOpen(true);
        _bench.Time.Advance(TimeSpan.FromMilliseconds(30));
        _bench.NextWindow(board);

        var counts = ReadWindows(board, 2, 200);

        double gates = 1e-3 / 100e-9, p = 1 - Math.Exp(-50e6 * 10e-9);
        double expected = gates * p, binomialVariance = gates * p * (1 - p);
        var (mean, variance) = MeanAndVariance(counts);
        double meanError = Math.Sqrt(binomialVariance / counts.Count);
        Assert.InRange(mean, expected - (5 * meanError), expected + (5 * meanError));
        double varianceError = binomialVariance * Math.Sqrt(2.0 / (counts.Count - 1));
        Assert.InRange(variance, binomialVariance - (5 * varianceError), binomialVariance + (5 * varianceError));
    }

    [Fact]
    public void Afterpulses_add_the_geometric_excess_of_carriers_released_after_the_dead_time()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        FreeRunning(board, 3);
        var channel = _bench.Station.GateCounter.Channels[3];
        channel.SignalRate = Frequency.FromKilohertz(100);
        channel.DarkCountRate = Frequency.Zero;
        channel.AfterpulseProbability = 0.05;
        channel.AfterpulseTimeConstant = Duration.FromNanoseconds(100);
        board.SetShutterOpen(true);
        _bench.Time.Advance(TimeSpan.FromMilliseconds(30));
        _bench.NextWindow(board);

        var counts = ReadWindows(board, 3, 400);

        // A carrier released within the dead time is lost: p' = p·exp(−τd/τa); each count then has a geometric
        // train of afterpulses, a factor 1/(1 − p'). Dead-time loss of primaries n τd ≈ 0.2 % is kept in.
        double n = 100e3, tau = 22e-9, windowS = 0.01, pEffective = 0.05 * Math.Exp(-22.0 / 100.0);
        double expected = n / (1 + (n * tau)) * windowS / (1 - pEffective);
        var (mean, variance) = MeanAndVariance(counts);
        double meanError = Math.Sqrt(variance / counts.Count);
        Assert.InRange(mean, expected - (5 * meanError), expected + (5 * meanError));
        double withoutAfterpulses = n / (1 + (n * tau)) * windowS;
        Assert.True(mean - withoutAfterpulses > 10 * meanError, "afterpulsing must visibly raise the count");
    }

    [Fact]
    public void With_the_shutter_closed_only_dark_counts_remain()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        FreeRunning(board, 0);
        var channel = _bench.Station.GateCounter.Channels[0];
        channel.SignalRate = Frequency.FromMegahertz(1);
        channel.BackgroundRate = Frequency.FromKilohertz(200);
        channel.DarkCountRate = Frequency.FromKilohertz(1);
        channel.AfterpulseProbability = 0;
        _bench.NextWindow(board);

        var counts = ReadWindows(board, 0, 400);

        double expected = 1e3 * 0.01;
        var (mean, _) = MeanAndVariance(counts);
        Assert.InRange(mean, expected - (5 * Math.Sqrt(expected / counts.Count)), expected + (5 * Math.Sqrt(expected / counts.Count)));
        Assert.Equal(ShutterPosition.Closed, board.ReadShutter().Position);
    }

    private static void FreeRunning(GateCounterBoard board, int channel) => board.ConfigureGate(channel, Duration.Zero, board.GatePeriod);

    private List<double> ReadWindows(GateCounterBoard board, int channel, int count)
    {
        var counts = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            var window = _bench.NextWindow(board);
            Assert.Equal(0u, window.MissedWindows);
            Assert.True(window.IsComplete(channel), $"window {window.Sequence}: gate {channel} was interrupted");
            counts.Add(window[channel]);
        }

        return counts;
    }

    private static (double Mean, double Variance) MeanAndVariance(List<double> values)
    {
        double mean = values.Average();
        double variance = values.Sum(value => (value - mean) * (value - mean)) / (values.Count - 1);
        return (mean, variance);
    }

    public void Dispose() => _bench.Dispose();
}
