using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Station.Core.Timing;

namespace Station.Firmware.Hosting;

/// <summary>
/// Runs the station's control-loop thread (<see cref="RealTimePacer"/>): registered first, so it starts before every
/// other service (homing waits on its timers) and stops after all of them. A fault in the loop (a timer callback that
/// threw) stops the firmware with exit code 70: without its loop the station must not pretend to run — the hardware
/// watchdog, no longer fed, takes the gates and the laser down.
/// </summary>
internal sealed partial class ControlLoopService(RealTimePacer pacer, IHostApplicationLifetime lifetime, ILogger<ControlLoopService> logger) : IHostedService, IDisposable
{
    /// <summary>Process exit code when the control loop died (EX_SOFTWARE).</summary>
    public const int LoopFaultExitCode = 70;

    private static readonly TimeSpan SupervisionPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StatisticsPeriod = TimeSpan.FromMinutes(1);
    private Timer? _supervisor;
    private DateTime _lastStatistics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        pacer.Start();
        LogStarted(pacer.Step.TotalMilliseconds);
        _lastStatistics = DateTime.UtcNow;
        // A system-clock timer: the station's own clock stops if the loop dies, and this must notice exactly that.
        _supervisor = new Timer(_ => Supervise(), null, SupervisionPeriod, SupervisionPeriod);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _supervisor?.Dispose();
        pacer.Stop();
        LogStatistics(pacer.Statistics);
        return Task.CompletedTask;
    }

    public void Dispose() => _supervisor?.Dispose();

    private void Supervise()
    {
        if (pacer.Fault is { } fault)
        {
            _supervisor?.Dispose();
            LogLoopFault(fault);
            Environment.ExitCode = LoopFaultExitCode;
            lifetime.StopApplication();
            return;
        }

        if (DateTime.UtcNow - _lastStatistics >= StatisticsPeriod)
        {
            _lastStatistics = DateTime.UtcNow;
            LogStatistics(pacer.Statistics);
        }
    }

    private void LogStatistics(TickTimingStatistics s)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            double p99 = s.PercentileUpperBoundMicroseconds(0.99);
            LogTiming(s.Count, s.MeanLatenessMicroseconds, p99, s.MaxLatenessMicroseconds, s.Overruns);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control loop running on its own thread, {StepMs} ms steps")]
    private partial void LogStarted(double stepMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control loop: {Steps} steps, lateness mean {MeanUs:0} µs, p99 ≤ {P99Us} µs, max {MaxUs:0} µs, {Overruns} overruns")]
    private partial void LogTiming(long steps, double meanUs, double p99Us, double maxUs, long overruns);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Control loop stopped by a fault; stopping the firmware (the watchdog takes the station safe)")]
    private partial void LogLoopFault(Exception fault);
}
