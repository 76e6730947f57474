using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Orbits;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Firmware.Motion;

namespace Station.Firmware.Hosting;

/// <summary>The mount controller in the host: its options section (validated at start-up), encoders and sun.</summary>
public static partial class StationHost
{
    /// <summary>Registers <see cref="MountController"/> with the <c>Station:Mount</c> options section.</summary>
    public static IServiceCollection AddMountController(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MountControllerOptions>().BindConfiguration(MountControllerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MountControllerOptions>, MountControllerOptionsValidator>());
        services.AddSingleton(sp => MountEncoders.Open(sp.GetRequiredService<IBusProvider>(), sp.GetRequiredService<PinMap>()));
        services.AddSingleton(CreateMountController);
        return services;
    }

    private static MountController CreateMountController(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<MountControllerOptions>>().Value;
        var mount = services.GetRequiredService<MountAxes>();
        var encoders = services.GetRequiredService<MountEncoders>();
        var site = new GroundStation("site", options.SiteLatitudeDeg, options.SiteLongitudeDeg, options.SiteHeightM);
        return new MountController(
            mount,
            new EncoderAxisSensor(encoders.Azimuth, mount.Azimuth, 0), // the zeros come from homing
            new EncoderAxisSensor(encoders.Elevation, mount.Elevation, 0),
            options,
            at =>
            {
                var sun = Sun.Apparent(at.UtcDateTime, site);
                return (sun.AzimuthDeg, sun.ElevationDeg);
            },
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>());
    }
}

/// <summary>The two axis encoders, opened on the pin-map addresses (owned by the container).</summary>
public sealed class MountEncoders(AbsoluteEncoder azimuth, AbsoluteEncoder elevation) : IDisposable
{
    public AbsoluteEncoder Azimuth { get; } = azimuth;

    public AbsoluteEncoder Elevation { get; } = elevation;

    public static MountEncoders Open(IBusProvider buses, PinMap pinMap)
    {
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(pinMap);
        // Half a second of identical frames at the control rate before an encoder counts as frozen: a resting axis
        // repeats a reading a few frames in a row through the readhead's jitter.
        return new MountEncoders(
            new AbsoluteEncoder(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: 50),
            new AbsoluteEncoder(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder, frozenFrameLimit: 50));
    }

    public void Dispose()
    {
        Azimuth.Dispose();
        Elevation.Dispose();
    }
}

/// <summary>Validates <see cref="MountControllerOptions"/> against the configured axes, naming each bad option.</summary>
public sealed class MountControllerOptionsValidator(IOptions<StationOptions> station) : IValidateOptions<MountControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, MountControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        StationOptions axes;
        try
        {
            axes = station.Value;
        }
        catch (OptionsValidationException)
        {
            // The axes themselves are invalid and reported by their own validator; the mount is checked against
            // them once they are fixed (one failure, not the same problems twice).
            return ValidateOptionsResult.Skip;
        }

        var problems = options.Validate(axes.Azimuth, axes.Elevation).Select(p => "Station:" + p).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
