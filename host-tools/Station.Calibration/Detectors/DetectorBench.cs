using System.Globalization;
using Station.Calibration.Common;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Emulator.World.Calibration;
using UnitsNet;

namespace Station.Calibration.Detectors;

/// <summary>The bench calibration source as a procedure drives it (on the emulator: <see cref="EmulatedCalibrationSource"/>).</summary>
public interface ICalibrationLight
{
    /// <summary>Sets the mode, the relative power (0 … 1) and where the light enters the receive path.</summary>
    void Emit(CalibrationLightMode mode, double power, CalibrationInjection injection = CalibrationInjection.BehindFilterWheels);
}

/// <summary>
/// The detector group of a calibration rig, opened through the firmware's bindings: the watchdog heartbeat running
/// (the external watchdog cuts every gate without it), the gate/counter board initialised with every channel enabled
/// by SPI and GPIO and its bright-light trip raised out of the way (the bench light is known and the shutter is the
/// protection), and the calibration source. Counting is in the board's integration windows.
/// </summary>
public sealed class DetectorBench : IDisposable
{
    private readonly WatchdogHeartbeat _heartbeat;

    private DetectorBench(CalibrationRig rig, ICalibrationLight light, CalibrationBenchTruth? truth)
    {
        Rig = rig;
        Light = light;
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
        light.Emit(CalibrationLightMode.Off, 0);
    }

    public CalibrationRig Rig { get; }

    public GateCounterBoard Board { get; }

    public ICalibrationLight Light { get; }

    /// <summary>The injected truth on the emulator (null on hardware).</summary>
    public CalibrationBenchTruth? Truth { get; }

    /// <summary>
    /// Opens the bench on <paramref name="rig"/>. On the emulator the source and the detectors' truths come from the
    /// rig's seed (or <paramref name="truth"/>); on hardware the source must be given.
    /// </summary>
    /// <exception cref="HardwareUnavailableException">Hardware without a calibration source driver.</exception>
    public static DetectorBench Open(CalibrationRig rig, ICalibrationLight? light = null, CalibrationBenchTruth? truth = null)
    {
        ArgumentNullException.ThrowIfNull(rig);
        if (rig is EmulatedCalibrationRig emulated)
        {
            truth ??= CalibrationBenchTruth.FromSeed(emulated.Seed);
            var source = new EmulatedCalibrationSource(emulated.Station, truth);
            return new DetectorBench(rig, light ?? new EmulatedLight(source), truth);
        }

        return light is null
            ? throw new HardwareUnavailableException("--hardware: the bench calibration source (pulsed laser diode / LED with its fibre switch) has no driver on this station yet; nothing was changed")
            : new DetectorBench(rig, light, null);
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
        Light.Emit(CalibrationLightMode.Off, 0);
        Board.SetAllMasterEnables(false);
        Board.Dispose();
        _heartbeat.Dispose();
    }

    private sealed class EmulatedLight(EmulatedCalibrationSource source) : ICalibrationLight
    {
        public void Emit(CalibrationLightMode mode, double power, CalibrationInjection injection = CalibrationInjection.BehindFilterWheels) =>
            source.Set(mode, power, injection);
    }
}
