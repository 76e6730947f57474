using Station.Core.Orbits;
using Station.Devices.Board;
using Station.Devices.Buses;

namespace Station.Calibration.Common;

/// <summary>
/// The real station: the Raspberry Pi's buses and the system clock. Built only where the hardware is — otherwise
/// <see cref="Open"/> throws <see cref="HardwareUnavailableException"/> naming what is missing, rather than pretending.
/// </summary>
public sealed class HardwareCalibrationRig : CalibrationRig
{
    /// <summary>The device nodes the station's buses need (SPI for the axes, I2C for the weather, GPIO for the interlocks).</summary>
    public static IReadOnlyList<string> RequiredDevices { get; } = ["/dev/spidev0.0", "/dev/i2c-1", "/dev/gpiochip0"];

    private const string ModelFile = "/proc/device-tree/model";
    private readonly RaspberryPiBusProvider _buses;

    private HardwareCalibrationRig(StationConfiguration configuration, GroundStation site, RaspberryPiBusProvider buses) : base(configuration, site) => _buses = buses;

    public override string Description => $"hardware ({_buses.Description})";

    public override TimeProvider Time => TimeProvider.System;

    public override IBusProvider Buses => _buses;

    /// <summary>Opens the station's buses after checking the board and its device nodes are there.</summary>
    /// <param name="configuration">The station firmware's configuration (pin map, axes, mount).</param>
    /// <param name="site">Where the station is.</param>
    /// <param name="fileExists">Checks a path (tests pass a fake filesystem).</param>
    /// <param name="readModel">Reads the board's model string, or null when there is none.</param>
    public static HardwareCalibrationRig Open(StationConfiguration configuration, GroundStation site, Func<string, bool>? fileExists = null, Func<string?>? readModel = null)
    {
        fileExists ??= File.Exists;
        readModel ??= () => File.Exists(ModelFile) ? File.ReadAllText(ModelFile).TrimEnd('\0', '\n') : null;
        string? model = readModel();
        if (model is null || !model.Contains("Raspberry Pi", StringComparison.Ordinal))
        {
            throw new HardwareUnavailableException($"--hardware: this machine is not a Raspberry Pi ({ModelFile}: {(model is null ? "missing" : $"'{model}'")}); run without --hardware to calibrate the emulated station");
        }

        var missing = RequiredDevices.Where(path => !fileExists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new HardwareUnavailableException($"--hardware: {string.Join(", ", missing)} not found; enable SPI, I2C and GPIO on the {model}");
        }

        try
        {
            return new HardwareCalibrationRig(configuration, site, new RaspberryPiBusProvider(TimeProvider.System));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException)
        {
            throw new HardwareUnavailableException($"--hardware: the Raspberry Pi buses could not be opened: {ex.Message}", ex);
        }
    }

    public override bool WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        // Real hardware moves in real time: poll the condition at 100 Hz on the system clock.
        var deadline = Time.GetUtcNow() + limit;
        while (!condition())
        {
            if (Time.GetUtcNow() >= deadline)
            {
                return false;
            }

            Task.Delay(TimeSpan.FromMilliseconds(10), Time).GetAwaiter().GetResult();
        }

        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buses.Dispose();
        }
    }
}
