
namespace Station.Core.Timing;

/// <summary>
/// The control-loop thread: a dedicated thread that advances a <see cref="SimulatedTimeProvider"/> in step with a
/// reference clock (the system clock), one fixed step at a time. Every timer of the station — the mount loop, the safety
/// loop, the fine loop, and on a desktop the emulated world — fires on this one thread, in due-time order, exactly as in
/// a simulation that runs as fast as it can. One mechanism for the Pi, the desktop emulator and simulation: only who
/// advances the clock differs.
/// </summary>
public sealed class RealTimePacer : IDisposable
{
    private readonly SimulatedTimeProvider _clock;
    private readonly TimeProvider _reference;
    private readonly DateTimeOffset _clockStart;
    private readonly Lock _statisticsGate = new();
    private TickTimingStatistics _statistics;
    private long _referenceStart;
    private long _stepsTaken;
    private Thread? _thread;
    private volatile bool _stopping;
    private Exception? _fault;

    /// <param name="clock">The station's clock, advanced only by this pacer once started.</param>
    /// <param name="reference">Real time (the system clock).</param>
    /// <param name="step">The pacing step: the resolution of every timer on <paramref name="clock"/>.</param>
    public RealTimePacer(SimulatedTimeProvider clock, TimeProvider reference, TimeSpan step)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _reference = reference ?? throw new ArgumentNullException(nameof(reference));
        if (step <= TimeSpan.Zero || step > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The pacing step must be positive and at most 1 s.");
        }

        Step = step;
        _clockStart = clock.GetUtcNow();
        _statistics = new TickTimingStatistics(step);
    }

    public TimeSpan Step { get; }

    /// <summary>Whether the pacing thread runs.</summary>
    public bool IsRunning => _thread is { IsAlive: true };

    /// <summary>The exception that stopped the thread (a timer callback that threw), if any.</summary>
    public Exception? Fault => _fault;

    /// <summary>A snapshot of how late the steps ran, since start or the last <see cref="ResetStatistics"/>.</summary>
    public TickTimingStatistics Statistics
    {
        get
        {
            lock (_statisticsGate)
            {
                return _statistics.Snapshot();
            }
        }
    }

    public void ResetStatistics()
    {
        lock (_statisticsGate)
        {
            _statistics = new TickTimingStatistics(Step);
        }
    }

    /// <summary>Starts the thread; the clock's present instant is matched to the reference's present.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The pacer is already started.");
        }

        _referenceStart = _reference.GetTimestamp();
        _thread = new Thread(Run) { IsBackground = true, Name = "station control loop", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>Stops the thread after the step in progress.</summary>
    public void Stop()
    {
        _stopping = true;
        if (_thread is { } thread && thread != Thread.CurrentThread)
        {
            thread.Join();
        }
    }

    /// <summary>
    /// Advances the clock through every step due by <paramref name="referenceElapsed"/> of real time and records each
    /// step's lateness. Returns how long until the next step is due (zero when behind).
    /// </summary>
    public TimeSpan PaceTo(TimeSpan referenceElapsed)
    {
        while (true)
        {
            var due = Step * (_stepsTaken + 1);
            if (due > referenceElapsed)
            {
                return due - referenceElapsed;
            }

            _clock.AdvanceTo(_clockStart + due);
            _stepsTaken++;
            var lateness = _reference.GetElapsedTime(_referenceStart) - due;
            lock (_statisticsGate)
            {
                _statistics.Record(lateness);
            }
        }
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                var wait = PaceTo(_reference.GetElapsedTime(_referenceStart));
                if (wait > TimeSpan.Zero)
                {
                    // Sleep for most of the wait and spin the rest: Linux wakes a sleeper ~60 µs late.
                    if (wait > TimeSpan.FromMilliseconds(1.5))
                    {
                        Thread.Sleep(wait - TimeSpan.FromMilliseconds(1));
                    }
                    else
                    {
                        Thread.Sleep(0);
                    }
                }
            }
        }
#pragma warning disable CA1031 // a throwing timer callback must stop the loop visibly, not kill the process silently
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _fault = ex;
        }
    }

    public void Dispose() => Stop();
}

/// <summary>How late the control loop's steps ran: count, mean, maximum, a histogram and the overruns (a step later
/// than one whole step). Fixed-size, so recording never allocates.</summary>
public struct TickTimingStatistics
{
    /// <summary>Upper edges of the lateness histogram's bins, in microseconds (the last bin is open).</summary>
    public static readonly double[] BinEdgesMicroseconds = [50, 100, 200, 500, 1000, 2000, 5000, 10000];

    private long[] _bins;

    public TickTimingStatistics(TimeSpan step)
    {
        StepDuration = step;
        _bins = new long[BinEdgesMicroseconds.Length + 1];
    }

    public TimeSpan StepDuration { get; }

    public long Count { get; private set; }

    public long Overruns { get; private set; }

    public double MeanLatenessMicroseconds => Count == 0 ? 0 : SumLatenessMicroseconds / Count;

    public double MaxLatenessMicroseconds { get; private set; }

    private double SumLatenessMicroseconds { get; set; }

    public readonly IReadOnlyList<long> Histogram => _bins;

    /// <summary>The smallest bin edge below which at least <paramref name="fraction"/> of the steps fell (µs);
    /// infinity when that falls in the open last bin.</summary>
    public readonly double PercentileUpperBoundMicroseconds(double fraction)
    {
        long needed = (long)Math.Ceiling(fraction * Count), seen = 0;
        for (int i = 0; i < BinEdgesMicroseconds.Length; i++)
        {
            seen += _bins[i];
            if (seen >= needed)
            {
                return BinEdgesMicroseconds[i];
            }
        }

        return double.PositiveInfinity;
    }

    public void Record(TimeSpan lateness)
    {
        double us = Math.Max(0, lateness.TotalMicroseconds);
        Count++;
        SumLatenessMicroseconds += us;
        MaxLatenessMicroseconds = Math.Max(MaxLatenessMicroseconds, us);
        if (lateness > StepDuration)
        {
            Overruns++;
        }

        int bin = 0;
        while (bin < BinEdgesMicroseconds.Length && us > BinEdgesMicroseconds[bin])
        {
            bin++;
        }

        _bins[bin]++;
    }

    public readonly TickTimingStatistics Snapshot()
    {
        var copy = this;
        copy._bins = (long[])_bins.Clone();
        return copy;
    }
}
