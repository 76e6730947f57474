using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Station.Cli.Commands;

/// <summary><c>stationctl version</c>: the tool's version and the runtime it runs on.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the stationctl version and the .NET runtime");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"stationctl {InformationalVersion()}");
            output.WriteLine($"runtime {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.RuntimeIdentifier}");
            return 0;
        });
        return command;
    }

    /// <summary>The assembly's informational version (the SDK appends the commit when building from git).</summary>
    public static string InformationalVersion() =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
