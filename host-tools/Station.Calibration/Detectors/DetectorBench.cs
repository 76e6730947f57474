using System.Globalization;
using Station.Calibration.Common;
using Station.Devices.Buses;
using Station.Devices.CalibrationSource;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Emulator.World.Calibration;
using UnitsNet;

namespace Station.Calibration.Detectors;

/// <summary>
/// The detector group of a calibration rig, opened through the firmware's bindings: the bench calibration source
/// (<see cref="BenchCalibrationSource"/> on its USB serial port, identified and reset first, so a missing source
/// changes nothing), the watchdog heartbeat running (the external watchdog cuts every gate without it), and the
/// gate/counter board initialised with every channel enabled by SPI and GPIO and its bright-light trip raised out of
/// the way (the bench light is known and the shutter is the protection). Counting is in the board's integration
/// windows. On the emulator the source is the serial twin of its controller box, so the same driver runs.
/// </summary>
public sealed class DetectorBench : IDisposable
{
    /// <summary>The <c>--calibration-source PORT</c> option of the scripts that use the source.</summary>
    public static CalibrationOption SourcePortOption { get; } = new(
        "calibration-source",
        "the bench calibration source's serial port, e.g. /dev/ttyACM1",
        BenchCalibrationSource.DefaultPortName,
        text => !string.IsNullOrWhiteSpace(text) && !text.Any(char.IsWhiteSpace));

    private readonly WatchdogHeartbeat _heartbeat;

    private DetectorBench(CalibrationRig rig, BenchCalibrationSource source, BenchCalibrationSourceIdentity identity, CalibrationBenchTruth? truth)
    {
        Rig = rig;
        Source = source;
        SourceIdentity = identity;
        Truth = truth;
        _heartbeat = WatchdogHeartbeat.Open(rig.Buses, rig.PinMap, rig.Time);
        _heartbeat.Start();
        rig.Wait(TimeSpan.FromMilliseconds(300)); // the watchdog arms after a steady heartbeat
        Board = GateCounterBoard.Open(rig.Buses, rig.PinMap);
        Board.Initialize();
        Board.SetBoardEnabled(true);
        for (int channel = 0; channel < GateCounterBoard.ChannelCount; channel++)
        {
            Board.SetTripThreshold(channel, uint.MaxValue);
            Board.SetChannelEnabled(channel, true);
        }

        Board.SetAllMasterEnables(true);
    }

    public CalibrationRig Rig { get; }

    public GateCounterBoard Board { get; }

    /// <summary>The bench calibration source's driver.</summary>
    public BenchCalibrationSource Source { get; }

    /// <summary>What the source answered to <c>*IDN?</c> (recorded in the calibration file's inputs).</summary>
    public BenchCalibrationSourceIdentity SourceIdentity { get; }

    /// <summary>The injected truth on the emulator (null on hardware).</summary>
    public CalibrationBenchTruth? Truth { get; }

    /// <summary>
    /// Opens the bench on <paramref name="rig"/> with the calibration source on <paramref name="sourcePort"/>. On the
    /// emulator the source's controller twin is plugged in there first, and the detectors' truths come from the
    /// rig's seed (or <paramref name="truth"/>).
    /// </summary>
    /// <exception cref="HardwareUnavailableException">The port cannot be opened, nothing answers on it, or it is not the
    /// bench calibration source; nothing was changed.</exception>
    public static DetectorBench Open(CalibrationRig rig, string sourcePort = BenchCalibrationSource.DefaultPortName, CalibrationBenchTruth? truth = null)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourcePort);
        CalibrationBenchTruth? benchTruth = null;
        if (rig is EmulatedCalibrationRig emulated)
        {
            benchTruth = truth ?? CalibrationBenchTruth.FromSeed(emulated.Seed);
            emulated.AttachCalibrationSource(sourcePort, benchTruth);
        }

        var (source, identity) = OpenSource(rig, sourcePort);
        try
        {
            return new DetectorBench(rig, source, identity, benchTruth);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sets the calibration source (mode, relative power 0 … 1, where it enters the receive path). A source that
    /// refuses or stops answering mid-procedure refuses the calibration (nothing is written).
    /// </summary>
    public void SetLight(CalibrationLightMode mode, double power, CalibrationInjection injection = CalibrationInjection.BehindFilterWheels)
    {
        try
        {
            Source.Set(mode, power, injection);
        }
        catch (Exception ex) when (ex is BenchCalibrationSourceException or TimeoutException)
        {
            throw new CalibrationRefusedException($"the bench calibration source failed: {ex.Message}", ex);
        }
    }

    /// <summary>Opens or closes the detector shutter and waits until it is at its end position.</summary>
    public void SetShutter(bool open)
    {
        Board.SetShutterOpen(open);
        var wanted = open ? ShutterPosition.Open : ShutterPosition.Closed;
        if (!Rig.WaitUntil(() => Board.ReadShutter().Position == wanted, TimeSpan.FromSeconds(1)))
        {
            throw new CalibrationRefusedException($"the detector shutter did not reach {(open ? "open" : "closed")} within 1 s");
        }
    }

    /// <summary>Sets every channel's gate (period first when it grows, so no intermediate state is refused).</summary>
    public void ConfigureGates(Duration period, Duration width, Duration? delay = null)
    {
        for (int channel = 0; channel < GateCounterBoard.ChannelCount; channel++)
        {
            Board.ConfigureGate(channel, Duration.Zero, Duration.FromNanoseconds(0.1)); // shrink first: any period then fits
        }

        Board.SetGatePeriod(period);
        for (int channel = 0; channel < GateCounterBoard.ChannelCount; channel++)
        {
            Board.ConfigureGate(channel, delay ?? Duration.Zero, width);
        }
    }

    /// <summary>
    /// Counts every channel for <paramref name="duration"/> (in windows of at most 10 s, the board's longest).
    /// Refused when a gate closed or a channel tripped during a window (the counts would be partial).
    /// </summary>
    public long[] Count(TimeSpan duration)
    {
        var totals = new long[GateCounterBoard.ChannelCount];
        var window = TimeSpan.FromTicks(Math.Min(duration.Ticks, TimeSpan.FromSeconds(10).Ticks));
        int windows = (int)Math.Max(1, Math.Round(duration / window));
        Board.SetIntegrationWindow(Duration.FromMicroseconds(Math.Max(10, Math.Round(window.TotalMicroseconds))));
        Board.StartIntegration();
        for (int i = 0; i < windows; i++)
        {
            GateCounterWindow latched = default;
            Rig.Wait(window - TimeSpan.FromMilliseconds(Math.Min(1, window.TotalMilliseconds / 2))); // no polling while the window runs
            if (!Rig.WaitUntil(() => Board.TryReadWindow(out latched), window + TimeSpan.FromSeconds(1)))
            {
                throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture, $"the gate/counter board latched no window within {window.TotalSeconds + 1} s"));
            }

            for (int channel = 0; channel < totals.Length; channel++)
            {
                if (!latched.IsComplete(channel))
                {
                    throw new CalibrationRefusedException($"channel {channel}'s gate closed or tripped during a counting window; the counts are partial");
                }

                totals[channel] += latched[channel];
            }
        }

        Board.StopIntegration();
        return totals;
    }

    public void Dispose()
    {
        try
        {
            Source.Set(CalibrationLightMode.Off, 0);
        }
        catch (Exception ex) when (ex is BenchCalibrationSourceException or TimeoutException)
        {
            // Gating the detectors off below matters more; a failing source was already reported by the call that met it.
        }

        Source.Dispose();
        Board.SetAllMasterEnables(false);
        Board.Dispose();
        _heartbeat.Dispose();
    }

    /// <summary>Opens the port, checks the identity and resets the source; any failure leaves the station as it was.</summary>
    private static (BenchCalibrationSource Source, BenchCalibrationSourceIdentity Identity) OpenSource(CalibrationRig rig, string port)
    {
        string where = $"--calibration-source {port}";
        Stream stream;
        try
        {
            stream = rig.Buses.OpenSerial(new SerialPortSettings(port, BenchCalibrationSource.BaudRate));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new HardwareUnavailableException($"{where}: the bench calibration source's port cannot be opened ({ex.Message}); plug in its USB cable or name its port; nothing was changed", ex);
        }

        var source = new BenchCalibrationSource(stream, rig.Time, rig.WaitUntil, port);
        try
        {
            var identity = source.Identify();
            if (identity.Manufacturer != BenchCalibrationSource.Manufacturer || identity.Model != BenchCalibrationSource.Model)
            {
                throw new HardwareUnavailableException($"{where}: the device there is '{identity}', not the bench calibration source ('{BenchCalibrationSource.Manufacturer},{BenchCalibrationSource.Model},…'); nothing was changed");
            }

            source.Reset();
            return (source, identity);
        }
        catch (Exception ex) when (ex is TimeoutException or BenchCalibrationSourceException)
        {
            source.Dispose();
            throw new HardwareUnavailableException($"{where}: the bench calibration source is not answering as it should: {ex.Message}; nothing was changed", ex);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }
}
