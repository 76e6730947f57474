using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Firmware.Safety;

namespace Station.Firmware.Filters;

public static class FilterWheelServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>Station:FilterWheels</c> (validated at start-up) and <see cref="FilterWheelService"/> as itself, as the
    /// safety loop's <see cref="IFilterWheelSenseSource"/> and as a hosted service (homing at start). The gate guard
    /// (<see cref="IDetectorGateGuard"/>, the safety loop) is looked up when the first move needs it, so the two can
    /// depend on each other; without one, nothing moves and the wheels stay Unknown (the gates stay forbidden).
    /// </summary>
    public static IServiceCollection AddFilterWheels(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FilterWheelServiceOptions>().BindConfiguration(FilterWheelServiceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FilterWheelServiceOptions>, FilterWheelServiceOptionsValidator>());
        services.TryAddSingleton(sp => new FilterWheelService(
            sp.GetRequiredService<IOptions<FilterWheelServiceOptions>>(),
            sp.GetRequiredService<IBusProvider>(),
            sp.GetRequiredService<PinMap>(),
            () => sp.GetService<IDetectorGateGuard>() ?? throw new InvalidOperationException("no detector gate guard (the safety loop) is registered, so the detectors cannot be held off"),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FilterWheelService>>()));
        services.TryAddSingleton<IFilterWheelSenseSource>(sp => sp.GetRequiredService<FilterWheelService>());
        services.AddHostedService(sp => sp.GetRequiredService<FilterWheelService>());
        return services;
    }
}
