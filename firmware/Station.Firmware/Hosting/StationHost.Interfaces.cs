using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Station.Core.Pointing;
using Station.Firmware.Acquisition;
using Station.Firmware.Filters;
using Station.Firmware.Interfaces;
using Station.Firmware.Interfaces.Indi;
using Station.Firmware.Motion;
using Station.Firmware.Safety;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Hosting;

public static partial class StationHost
{
    /// <summary>
    /// The INDI operator interface (section <c>Station:Interfaces:Indi</c>), when <c>Enabled</c> or in driver mode
    /// (<c>Driver</c>, the <c>--indi-driver</c> flag): the station's devices, the hub that runs their commands on the station
    /// clock, and the server (TCP, or stdin/stdout for indiserver; logging then goes to stderr). Nothing is registered
    /// when it is off.
    /// </summary>
    public static HostApplicationBuilder AddIndiInterface(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(IndiOptions.SectionName);
        bool driver = section.GetValue<bool>(nameof(IndiOptions.Driver));
        if (!section.GetValue<bool>(nameof(InterfaceListenerOptions.Enabled)) && !driver)
        {
            return builder;
        }

        var services = builder.Services;
        if (driver)
        {
            // stdout is the INDI stream: every log line goes to stderr.
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        services.AddOptions<IndiOptions>().BindConfiguration(IndiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IndiOptions>>(new DelegateValidator<IndiOptions>(o => o.Validate()));
        services.AddOptions<InterfaceListenerOptions>(IndiOptions.SectionName).Configure(o => o.Port = IndiOptions.DefaultPort)
            .BindConfiguration(IndiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InterfaceListenerOptions>>(new IndiListenerValidator());
        services.AddSingleton(sp => new IndiAccessPolicy(new ClientAccessPolicy(sp.GetRequiredService<IOptionsMonitor<InterfaceListenerOptions>>().Get(IndiOptions.SectionName))));
        services.TryAddSingleton<IndiClientAddressResolver>();
        services.AddSingleton<IndiDetectorCounts>();
        TapDetectorCounts(services);
        services.AddSingleton(sp => new IndiHub(CreateIndiDevices(sp), sp.GetRequiredService<IOptions<IndiOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IndiHub>>()));
        services.AddHostedService<IndiServer>(); // after the station's services: its devices exist and run when it starts
        return builder;
    }

    private static List<IIndiDevice> CreateIndiDevices(IServiceProvider sp)
    {
        var policy = sp.GetRequiredService<IndiAccessPolicy>().Policy;
        var schedule = sp.GetRequiredService<IOptions<ScheduleOptions>>().Value;
        var safetyRuns = sp.GetRequiredService<IOptions<SafetyHostOptions>>().Value.Enabled;
        var safety = sp.GetService<SafetyLoop>();
        var devices = new List<IIndiDevice>
        {
            new IndiMountDevice(sp.GetRequiredService<MountController>(), sp.GetRequiredService<PointingModel>(), schedule.ParseSite(), schedule.TlePath,
                sp.GetService<StationSequencerService>(), safetyRuns ? safety : null),
            new IndiFilterWheelDevice(sp.GetRequiredService<FilterWheelService>()),
        };
        if (safety is not null)
        {
            devices.Add(new IndiDetectorsDevice(safety, policy, sp.GetRequiredService<IndiDetectorCounts>(), safetyRuns));
        }

        devices.Add(new IndiBeaconDevice(policy, sp.GetService<BeaconAcquisition>(), safetyRuns ? safety : null));
        return devices;
    }

    /// <summary>Wraps the telemetry sink so the latest count window also reaches DETECTOR_COUNTS.</summary>
    private static void TapDetectorCounts(IServiceCollection services)
    {
        var journal = services.LastOrDefault(d => d.ServiceType == typeof(ITelemetrySink));
        if (journal is null)
        {
            return;
        }

        services.Remove(journal);
        services.AddSingleton<ITelemetrySink>(sp => new IndiTelemetryTap(
            (ITelemetrySink)(journal.ImplementationInstance ?? journal.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, journal.ImplementationType!)),
            sp.GetRequiredService<IndiDetectorCounts>()));
    }

    /// <summary>Validates the INDI section's listener options (named options: other interfaces have their own).</summary>
    private sealed class IndiListenerValidator : IValidateOptions<InterfaceListenerOptions>
    {
        public ValidateOptionsResult Validate(string? name, InterfaceListenerOptions options)
        {
            if (name != IndiOptions.SectionName)
            {
                return ValidateOptionsResult.Skip;
            }

            var problems = options.Validate(IndiOptions.SectionName);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
