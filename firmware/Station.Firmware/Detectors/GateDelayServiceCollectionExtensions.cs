using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.GateCounter;

namespace Station.Firmware.Detectors;

public static class GateDelayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>Station:GateDelays</c> (validated at start-up), the gate/counter board (one binding for the whole
    /// firmware, opened at the pin map's address and initialised: identity checked, soft reset, every gate off) unless
    /// one is registered already, and <see cref="GateDelayService"/> as itself and as a hosted service. Register it
    /// after anything whose start-up resets the board (hosted services start in registration order); a reset later is
    /// undone by the next <see cref="GateDelayService.Track"/>.
    /// </summary>
    public static IServiceCollection AddGateDelays(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GateDelayServiceOptions>().BindConfiguration(GateDelayServiceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GateDelayServiceOptions>, GateDelayServiceOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var board = GateCounterBoard.Open(sp.GetRequiredService<IBusProvider>(), sp.GetRequiredService<PinMap>());
            board.Initialize();
            return board;
        });
        services.TryAddSingleton<GateDelayService>();
        services.AddHostedService(sp => sp.GetRequiredService<GateDelayService>());
        return services;
    }
}
