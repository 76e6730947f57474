using System.Globalization;
using Station.Devices.Board;
using Station.Emulator.Devices;

namespace Station.Emulator;

/// <summary>The detector and safety group: gate/counter board, uplink laser, interlocks, external watchdog.</summary>
public sealed partial class EmulatedStation
{
    /// <summary>Seed of the gate/counter board's photon model (build an <see cref="EmulatedGateCounter"/> for others).</summary>
    public const int GateCounterSeed = 20260319;

    /// <summary>The gate/counter board on SPI (its channels carry the photon model).</summary>
    public EmulatedGateCounter GateCounter { get; private set; } = null!;

    /// <summary>The external hardware watchdog on the heartbeat line.</summary>
    public EmulatedWatchdog Watchdog { get; private set; } = null!;

    /// <summary>The uplink beacon laser, its shutter and key.</summary>
    public EmulatedUplinkLaser UplinkLaser { get; private set; } = null!;

    /// <summary>The interlocks' MCP23017 expander on I2C.</summary>
    public EmulatedMcp23017 InterlockExpander { get; private set; } = null!;

    /// <summary>E-stop, dome, aircraft detector and key: the physical safety inputs.</summary>
    public EmulatedInterlockPanel InterlockPanel { get; private set; } = null!;

    partial void AttachDetectors()
    {
        var gpio = Buses.GpioDriver;
        var enables = Enumerable.Range(0, EmulatedGateCounter.ChannelCount)
            .Select(channel => PinMap.GetGpioLine(DeviceId.GateCounter, string.Create(CultureInfo.InvariantCulture, $"enable_ch{channel}")).Line)
            .ToList();
        GateCounter = new EmulatedGateCounter(TimeProvider, gpio, enables, Faults, DeviceId.GateCounter, GateCounterSeed);
        AttachSpi(DeviceId.GateCounter, GateCounter);

        Watchdog = new EmulatedWatchdog(TimeProvider, gpio, PinMap.GetGpioLine(DeviceId.Interlocks, "watchdog_heartbeat").Line, Faults, DeviceId.Interlocks);
        UplinkLaser = new EmulatedUplinkLaser(TimeProvider, gpio,
            PinMap.GetGpioLine(DeviceId.UplinkLaser, "laser_enable"), PinMap.GetGpioLine(DeviceId.UplinkLaser, "shutter_open"));

        var i2c = PinMap.GetI2c(DeviceId.Interlocks);
        InterlockExpander = new EmulatedMcp23017(Faults, DeviceId.Interlocks, i2c.Address);
        Buses.AttachI2c(i2c.Bus, i2c.Address, InterlockExpander);
        InterlockPanel = new EmulatedInterlockPanel(PinMap, gpio, InterlockExpander, Faults, Watchdog, UplinkLaser);

        // The watchdog's cut output is wired into the laser driver and the gate board's hardware AND.
        Watchdog.CutChanged += cut =>
        {
            GateCounter.SetExternalCut(cut);
            UplinkLaser.SetExternalCut(cut);
        };
        GateCounter.SetExternalCut(Watchdog.IsCut);
        UplinkLaser.SetExternalCut(Watchdog.IsCut);

        // Inputs first, then the watchdog, then what they cut; all at the same physics step.
        World.Add(InterlockPanel);
        World.Add(Watchdog);
        World.Add(UplinkLaser);
        World.Add(GateCounter);
    }
}
