using Station.Emulator.Scenarios;

namespace Station.Cli.Simulation;

/// <summary>What <c>stationctl simulate</c> was asked to do.</summary>
/// <param name="Scenario">The scenario to fly.</param>
/// <param name="OutputDirectory">Where telemetry, report and plots go.</param>
/// <param name="Speed">Simulated seconds per wall second, or null for as fast as possible.</param>
public sealed record SimulationRequest(Scenario Scenario, string OutputDirectory, double? Speed)
{
    /// <summary>How long before the pre-point lead the emulated station is switched on.</summary>
    public TimeSpan PowerUpMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after LOS the run may take to park before it is cut off.</summary>
    public TimeSpan AfterLos { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Progress output (null for none).</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Whether the progress line rewrites itself (a terminal) or prints a line every ten simulated seconds (a log).</summary>
    public bool ProgressInPlace { get; init; }
}

/// <summary>A simulation that cannot start (no pass, bad scenario), with the reason.</summary>
public sealed class SimulationException(string message) : Exception(message);
