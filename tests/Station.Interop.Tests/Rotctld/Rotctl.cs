using System.Diagnostics;
using System.Globalization;

namespace Station.Interop.Tests.Rotctld;

/// <summary>
/// The real hamlib <c>rotctl</c> (Debian package libhamlib-utils) as a NET rotctl client (model 2) of a rotctld address.
/// Missing, it fails the test with how to install it: the interop suite must not pass without its client.
/// </summary>
internal static class Rotctl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string Executable { get; } = Find();

    /// <summary>Runs <c>rotctl -m 2 -r ADDRESS COMMAND...</c>: exit code, standard output, standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string address, params string[] command)
    {
        var start = new ProcessStartInfo(Executable, ["-m", "2", "-r", address, .. command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rotctl {string.Join(' ', command)} did not finish within {Timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Azimuth and elevation from <c>rotctl … p</c>, failing the test on an error.</summary>
    public static async Task<(double Azimuth, double Elevation)> GetPositionAsync(string address, Func<string>? diagnose = null)
    {
        var (exit, output, errors) = await RunAsync(address, "p");
        Assert.True(exit == 0, $"rotctl p failed ({exit}): {output}\n{errors.Split('\n').LastOrDefault(l => l.Length > 0)}\n{diagnose?.Invoke()}");
        var numbers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(numbers.Length >= 2, $"rotctl p printed '{output}'");
        return (double.Parse(numbers[0], CultureInfo.InvariantCulture), double.Parse(numbers[1], CultureInfo.InvariantCulture));
    }

    private static string Find()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, "rotctl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "";
    }

    /// <summary>Fails the test, saying how to install rotctl, when it is not on the PATH.</summary>
    public static void Require() => Assert.True(Executable.Length > 0,
        "rotctl is not installed (it is the real hamlib client these interop tests drive): install the Debian package " +
        "libhamlib-utils (sudo apt-get update && sudo apt-get install -y libhamlib-utils); CI installs it.");
}
