using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace Station.Firmware.Hosting.Emulation;

/// <summary>
/// Finds and loads the emulator plugin for <c>--emulate</c>: <c>Emulator:Assembly</c> if configured, else
/// Station.Emulator.dll next to the firmware, else the emulator's build output in this source checkout — built on the
/// spot (<c>dotnet build</c>) when missing, so <c>dotnet run --project firmware/Station.Firmware -- --emulate</c> works on
/// a fresh clone.
/// </summary>
public static class EmulatorPlugin
{
    public const string AssemblyFileName = "Station.Emulator.dll";
    private const string ProjectRelativePath = "host-tools/Station.Emulator/Station.Emulator.csproj";

    /// <summary>Loads the plugin and returns its factory; <paramref name="log"/> hears what is being done.</summary>
    public static IStationEmulatorFactory Load(string? configuredPath, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        string path = configuredPath is { Length: > 0 } ? Path.GetFullPath(configuredPath) : Locate(log);
        if (!File.Exists(path))
        {
            throw new EmulatorPluginException($"Emulator:Assembly '{path}' does not exist; expected the path of {AssemblyFileName}");
        }

        var resolver = new AssemblyDependencyResolver(path);
        // The plugin shares the firmware's own assemblies (the contract types must be the same); only what the firmware
        // does not have comes from the plugin's folder.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } dependency ? context.LoadFromAssemblyPath(dependency) : null;
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        var factoryType = assembly.GetExportedTypes().FirstOrDefault(t => typeof(IStationEmulatorFactory).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            ?? throw new EmulatorPluginException($"{path} has no public {nameof(IStationEmulatorFactory)}; is it the station emulator?");
        return (IStationEmulatorFactory)Activator.CreateInstance(factoryType)!;
    }

    private static string Locate(Action<string> log)
    {
        string beside = Path.Combine(AppContext.BaseDirectory, AssemblyFileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        string root = FindSourceRoot() ?? throw new EmulatorPluginException(
            $"--emulate needs the emulator: no {AssemblyFileName} beside the firmware and no source checkout above {AppContext.BaseDirectory}; set Emulator:Assembly");
        string configuration = BuildConfiguration();
        string built = Path.Combine(root, "host-tools", "Station.Emulator", "bin", configuration, "net10.0", AssemblyFileName);
        if (!File.Exists(built) || File.GetLastWriteTimeUtc(built) < File.GetLastWriteTimeUtc(typeof(EmulatorPlugin).Assembly.Location))
        {
            log($"Building the emulator plugin ({ProjectRelativePath}, {configuration})…");
            Build(Path.Combine(root, ProjectRelativePath), configuration);
        }

        return built;
    }

    /// <summary>The repository root above the firmware's output (where Controller.sln is), if this is a source checkout.</summary>
    private static string? FindSourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ProjectRelativePath)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The firmware's own build configuration (…/bin/Debug/net10.0/ → Debug), so the plugin matches it.</summary>
    private static string BuildConfiguration()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return framework.Parent is { Parent.Name: "bin" } configuration ? configuration.Name : "Debug";
    }

    private static void Build(string project, string configuration)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", project, "-c", configuration, "-nologo", "-v", "quiet", "-p:BuildProjectReferences=false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start) ?? throw new EmulatorPluginException("could not start 'dotnet build' for the emulator plugin");
        var output = build.StandardOutput.ReadToEndAsync();
        string errors = build.StandardError.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new EmulatorPluginException($"building {project} failed (exit {build.ExitCode}): {output.Result}{errors}");
        }
    }
}

/// <summary>The emulator plugin could not be found, built or loaded.</summary>
public sealed class EmulatorPluginException : Exception
{
    public EmulatorPluginException()
    {
    }

    public EmulatorPluginException(string message) : base(message)
    {
    }

    public EmulatorPluginException(string message, Exception inner) : base(message, inner)
    {
    }
}
