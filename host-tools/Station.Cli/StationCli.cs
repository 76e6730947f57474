using System.CommandLine;
using Station.Cli.Commands;

namespace Station.Cli;

/// <summary>The <c>stationctl</c> command tree. Output goes to the given writers so tests can run it in-process.</summary>
public static class StationCli
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("stationctl: tools for the optical ground-station controller (emulated station, wiring, orbits)");
        root.Add(VersionCommand.Create());
        root.Add(WiringCliCommand.Create());
        root.Add(AxisCommand.Create());
        root.Add(DevicesCommand.Create());
        root.Add(PropagateCommand.Create());
        root.Add(LookCommand.Create());
        root.Add(PassesCommand.Create());
        root.Add(CommonViewCommand.Create());
        root.Add(TrackCommand.Create());
        root.Add(ReportCommand.Create());
        root.Add(SimulateCommand.Create());
        root.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return Build().Parse(args).Invoke(configuration);
    }
}
