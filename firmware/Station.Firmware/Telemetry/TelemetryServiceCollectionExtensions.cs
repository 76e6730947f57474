using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Station.Firmware.Telemetry;

/// <summary>Registers the telemetry journal with the Generic Host (section <c>Station:Telemetry</c>).</summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string SectionName = "Station:Telemetry";

    /// <summary>
    /// Binds and validates <see cref="TelemetryOptions"/> at start-up, registers one <see cref="SqliteTelemetryWriter"/>
    /// as <see cref="ITelemetrySink"/> (opened when the host starts, flushed when it stops, closed with the container).
    /// Needs a <see cref="TimeProvider"/> registration.
    /// </summary>
    public static IServiceCollection AddStationTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TelemetryOptions>().BindConfiguration(SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteTelemetryWriter(
            sp.GetRequiredService<IOptions<TelemetryOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SqliteTelemetryWriter>>()));
        services.TryAddSingleton<ITelemetrySink>(sp => sp.GetRequiredService<SqliteTelemetryWriter>());
        services.AddHostedService<TelemetryLifetimeService>();
        return services;
    }
}

/// <summary>Validates <see cref="TelemetryOptions"/> with messages naming each bad option.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate(TelemetryServiceCollectionExtensions.SectionName);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Opens the journal when the host starts (so a bad file stops start-up) and commits the queue when it stops.</summary>
internal sealed class TelemetryLifetimeService(SqliteTelemetryWriter writer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => writer.FlushAsync().WaitAsync(cancellationToken);
}
