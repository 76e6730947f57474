using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Sequencing;
using Station.Firmware.Interfaces;
using Station.Firmware.Interfaces.Rotctld;
using Station.Firmware.Motion;
using Station.Firmware.Sequencing;

namespace Station.Firmware.Hosting;

public static partial class StationHost
{
    /// <summary>The named <see cref="InterfaceListenerOptions"/> of the rotctld listener.</summary>
    public const string RotctldListenerName = "Rotctld";

    /// <summary>
    /// Registers the hamlib rotctld server (section <c>Station:Interfaces:Rotctld</c>; off unless <c>Enabled</c>; default
    /// 127.0.0.1:4533). Its options are validated at start-up only when enabled. Needs the mount controller
    /// (<see cref="AddPassSequencing"/>).
    /// </summary>
    public static IServiceCollection AddRotctld(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<InterfaceListenerOptions>(RotctldListenerName)
            .Configure(o => o.Port = RotctldOptions.DefaultPort)
            .BindConfiguration(RotctldOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<InterfaceListenerOptions>>(new RotctldListenerValidator());
        services.AddOptions<RotctldOptions>().BindConfiguration(RotctldOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RotctldOptions>>(new DelegateValidator<RotctldOptions>(o => o.Validate()));
        services.AddSingleton(sp => new RotctldService(
            sp.GetRequiredService<IOptionsMonitor<InterfaceListenerOptions>>().Get(RotctldListenerName),
            sp.GetRequiredService<IOptions<RotctldOptions>>().Value,
            () => CreateMountRotator(sp),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<RotctldService>());
        return services;
    }

    private static MountRotatorLease CreateMountRotator(IServiceProvider sp)
    {
        var sensors = sp.GetRequiredService<MountSensors>();
        var site = sp.GetRequiredService<IOptions<ScheduleOptions>>().Value.ParseSite();
        var sequencer = sp.GetService<StationSequencerService>();
        var rotator = new MountRotator(
            sp.GetRequiredService<MountController>(), sensors.Azimuth, sensors.Elevation, sp.GetRequiredService<PointingModel>(),
            at => Sun.Apparent(at.UtcDateTime, site) is var sun ? (sun.AzimuthDeg, sun.ElevationDeg) : default,
            () => sequencer is { State: not SequencerState.Idle and var state } ? $"the pass sequencer owns the mount ({state})" : null,
            sp.GetRequiredService<IOptions<RotctldOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), TimeProvider.System, sp.GetRequiredService<ILogger<MountRotator>>());
        return new MountRotatorLease(rotator, rotator);
    }

    /// <summary>Names every problem of an enabled rotctld listener.</summary>
    private sealed class RotctldListenerValidator : IValidateOptions<InterfaceListenerOptions>
    {
        public ValidateOptionsResult Validate(string? name, InterfaceListenerOptions options)
        {
            if (name != RotctldListenerName || !options.Enabled)
            {
                return ValidateOptionsResult.Skip;
            }

            var problems = options.Validate(RotctldOptions.SectionName);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
