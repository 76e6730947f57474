using System.Globalization;
using Station.Core.Timing;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Emulator;
using UnitsNet;
using Ids = Station.Devices.Board.DeviceId;

namespace Station.Cli.Devices;

/// <summary>Shared set-up: the firmware's watchdog heartbeat, run until the emulated watchdog releases laser and gates.</summary>
internal static class DetectorCheckSetup
{
    public static WatchdogHeartbeat StartHeartbeat(EmulatedStation station, SimulatedTimeProvider time)
    {
        var heartbeat = WatchdogHeartbeat.Open(station.Buses, station.PinMap, time);
        heartbeat.Start();
        if (!time.AdvanceUntil(() => !station.Watchdog.IsCut, TimeSpan.FromSeconds(1)))
        {
            throw new InvalidOperationException($"the external watchdog stayed {station.Watchdog.State} with the heartbeat running");
        }

        return heartbeat;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Identity, a window of counts against the photon model's expectation, a bright-light trip.</summary>
internal sealed class GateCounterCheck : IDeviceCheck
{
    public string DeviceId => Ids.GateCounter;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        using var heartbeat = DetectorCheckSetup.StartHeartbeat(station, time);
        using var board = GateCounterBoard.Open(station.Buses, station.PinMap);
        var identity = board.Initialize();
        var twin = station.GateCounter;
        twin.Channels[0].SignalRate = Frequency.FromMegahertz(1);
        twin.Channels[0].AfterpulseProbability = 0;
        board.ConfigureGate(0, Duration.Zero, board.GatePeriod);
        board.SetIntegrationWindow(Duration.FromMilliseconds(10));
        board.SetTripThreshold(1, 1_000u);
        board.SetBoardEnabled(true);
        board.SetChannelEnabled(0, true);
        board.SetChannelEnabled(1, true);
        board.SetAllMasterEnables(true);
        board.SetShutterOpen(true);
        time.Advance(TimeSpan.FromMilliseconds(25));
        board.StartIntegration();
        twin.Channels[1].SignalRate = Frequency.FromGigahertz(1); // bright light on channel 1 from now
        GateCounterWindow window = default;
        if (!time.AdvanceUntil(() => board.TryReadWindow(out window), TimeSpan.FromMilliseconds(20)))
        {
            throw new InvalidOperationException("no integration window latched within 20 ms");
        }

        // 1 MHz + 100 Hz dark, free running, 22 ns non-paralysable dead time: n T / (1 + n τ) ± 5 √(…).
        double n = 1e6 + 100, expected = n * 0.01 / (1 + (n * 22e-9)), tolerance = 5 * Math.Sqrt(expected);
        if (Math.Abs(window[0] - expected) > tolerance)
        {
            throw new InvalidOperationException(DetectorCheckSetup.Invariant($"channel 0 counted {window[0]} in 10 ms; expected {expected:0} ± {tolerance:0}"));
        }

        if (window.TrippedInWindow != GateChannels.Channel1 || window[1] != 1_001 || board.ReadTripFlags() != GateChannels.Channel1)
        {
            throw new InvalidOperationException($"channel 1 under 1 GHz did not trip at 1,001 counts (counts {window[1]}, flags {board.ReadTripFlags()})");
        }

        return DetectorCheckSetup.Invariant($"{identity}; 10 ms window: ch0 {window[0]} counts (expected {expected:0} ± {tolerance:0}), ch1 tripped at {window[1]}");
    }
}

/// <summary>The expander through the unmodified Mcp23017 binding, and each input following the emulated panel.</summary>
internal sealed class InterlocksCheck : IDeviceCheck
{
    public string DeviceId => Ids.Interlocks;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        using var heartbeat = DetectorCheckSetup.StartHeartbeat(station, time);
        using var interlocks = Interlocks.Open(station.Buses, station.PinMap, time);
        Expect(interlocks.Read().Faults, InterlockFaults.None, "all inputs OK");
        var panel = station.InterlockPanel;
        panel.EstopPressed = true;
        Expect(interlocks.Read().Faults, InterlockFaults.EstopPressed, "e-stop pressed");
        panel.EstopPressed = false;
        panel.KeyOn = false;
        Expect(interlocks.Read().Faults, InterlockFaults.KeyOff, "key off");
        panel.KeyOn = true;
        heartbeat.Stop();
        time.Advance(TimeSpan.FromMilliseconds(110));
        Expect(interlocks.Read().Faults, InterlockFaults.WatchdogTripped, "heartbeat stopped");
        var expander = station.InterlockExpander;
        return DetectorCheckSetup.Invariant($"MCP23017 IODIR 0x{expander.Directions:X4} GPPU 0x{expander.PullUps:X4}; e-stop, key and watchdog read OK and follow the panel; watchdog cut after the heartbeat stopped");
    }

    private static void Expect(InterlockFaults actual, InterlockFaults expected, string situation)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{situation}: interlocks read '{InterlockFaultText.Describe(actual)}', expected '{InterlockFaultText.Describe(expected)}'");
        }
    }
}

/// <summary>Switch-on with every interlock OK, trip on an aircraft, refusal while it is there.</summary>
internal sealed class UplinkLaserCheck : IDeviceCheck
{
    public string DeviceId => Ids.UplinkLaser;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        using var heartbeat = DetectorCheckSetup.StartHeartbeat(station, time);
        using var interlocks = Interlocks.Open(station.Buses, station.PinMap, time);
        using var laser = UplinkLaser.Open(station.Buses, station.PinMap, interlocks, time);
        laser.SwitchOn();
        if (!station.UplinkLaser.IsBeamOut)
        {
            throw new InvalidOperationException("switched on, but the emulated laser does not emit through an open shutter");
        }

        station.InterlockPanel.AircraftPresent = true;
        if (station.UplinkLaser.IsEmitting || laser.State != UplinkLaserState.Tripped)
        {
            throw new InvalidOperationException($"an aircraft alarm left the laser {(station.UplinkLaser.IsEmitting ? "emitting" : "off")} and the driver {laser.State}");
        }

        var refusal = laser.TrySwitchOn();
        if (refusal.Accepted || refusal.Refusal != InterlockFaults.AircraftAlarm)
        {
            throw new InvalidOperationException($"switch-on during an aircraft alarm answered {refusal}");
        }

        return "on with every interlock OK; aircraft alarm switched it off at once; switch-on refused while the alarm lasts";
    }
}
