using Iot.Device.Adc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.Dac8563;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using Station.Firmware.Acquisition;
using Station.Firmware.Motion;
using Station.Firmware.Safety;
using Station.Firmware.Sequencing;
using UnitsNet;

namespace Station.Firmware.Hosting;

/// <summary>The <c>Station:Acquisition</c> switch and the quad-cell's electrical constants.</summary>
public sealed class AcquisitionHostOptions
{
    public const string SectionName = "Station:Acquisition";

    /// <summary>Run beacon acquisition in passes (off: the mount tracks open-loop).</summary>
    public bool Enabled { get; set; }

    /// <summary>The quad-cell ADC's reference, volts.</summary>
    public double QuadCellReferenceVolts { get; set; } = 3.3;

    /// <summary>Quad-cell sum below which there is no spot, volts.</summary>
    public double QuadCellNoSpotVolts { get; set; } = 0.1;
}

public static partial class StationHost
{
    /// <summary>
    /// When <c>Station:Acquisition:Enabled</c>: the quad-cell, the steering mirror, <see cref="BeaconAcquisition"/> (its
    /// tuning is an <see cref="IOptions{BeaconAcquisitionOptions}"/>, from the camera and quad-cell calibration) riding on
    /// the mount controller's position loop, and its adapter for the sequencer and the safety loop's lock input.
    /// </summary>
    public static IServiceCollection AddBeaconAcquisition(this IServiceCollection services, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AcquisitionHostOptions>().BindConfiguration(AcquisitionHostOptions.SectionName);
        if (!enabled)
        {
            return services;
        }

        services.AddOptions<BeaconAcquisitionOptions>();
        services.AddSingleton(sp =>
        {
            var pinMap = sp.GetRequiredService<PinMap>();
            var host = sp.GetRequiredService<IOptions<AcquisitionHostOptions>>().Value;
            return new QuadCell(new Mcp3208(sp.GetRequiredService<IBusProvider>().OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.QuadCellAdc))),
                ElectricPotential.FromVolts(host.QuadCellReferenceVolts), ElectricPotential.FromVolts(host.QuadCellNoSpotVolts));
        });
        services.AddSingleton(sp =>
        {
            var pinMap = sp.GetRequiredService<PinMap>();
            var mirror = new SteeringMirror(new Dac8563(sp.GetRequiredService<IBusProvider>().OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.SteeringMirrorDac))), new SteeringMirrorOptions());
            mirror.Initialize();
            return mirror;
        });
        services.AddSingleton(sp =>
        {
            var acquisition = new BeaconAcquisition(sp.GetRequiredService<IOptions<BeaconAcquisitionOptions>>().Value, sp.GetRequiredService<IBusProvider>().OpenCamera,
                sp.GetRequiredService<QuadCell>(), sp.GetRequiredService<SteeringMirror>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BeaconAcquisition>>());
            sp.GetRequiredService<MountController>().SetpointOffset = acquisition;
            return acquisition;
        });
        services.AddSingleton(sp => new BeaconPassAcquisition(sp.GetRequiredService<BeaconAcquisition>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPassAcquisition>(sp => sp.GetRequiredService<BeaconPassAcquisition>());
        services.AddSingleton<ITrackerLockSource>(sp => sp.GetRequiredService<BeaconPassAcquisition>());
        return services;
    }
}
