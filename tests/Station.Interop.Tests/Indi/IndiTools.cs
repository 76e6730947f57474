using System.Diagnostics;
using System.Text;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// The real INDI command-line tools of Debian's <c>indi-bin</c> (indi_getprop, indi_setprop, indi_eval, indiserver).
/// A missing tool fails the test with the fix, not a skip: CI installs them.
/// </summary>
internal static class IndiTools
{
    public static string Locate(string tool)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            string candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"{tool} is not installed. The INDI interop tests need the real INDI tools from Debian's indi-bin package: " +
            "run `sudo apt-get install -y indi-bin` (CI installs it).");
        return "";
    }

    /// <summary>Runs <paramref name="tool"/> to completion (bounded by <paramref name="limit"/>): exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(Locate(tool), args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            output.AppendLine($"[killed after {limit.TotalSeconds} s]");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    public static Task<(int ExitCode, string Output)> GetPropAsync(int port, params string[] specs) =>
        RunAsync("indi_getprop", TimeSpan.FromSeconds(20), ["-p", Port(port), "-t", "3", .. specs]);

    public static Task<(int ExitCode, string Output)> SetPropAsync(int port, string spec) =>
        RunAsync("indi_setprop", TimeSpan.FromSeconds(20), "-p", Port(port), "-t", "5", spec);

    /// <summary><c>indi_eval -w</c>: waits (at most <paramref name="waitSeconds"/>) until <paramref name="expression"/> is true; exit 0 then.</summary>
    public static Task<(int ExitCode, string Output)> WaitUntilAsync(int port, int waitSeconds, string expression) =>
        RunAsync("indi_eval", TimeSpan.FromSeconds(waitSeconds + 10), "-p", Port(port), "-t", Port(waitSeconds), "-w", "-f", expression);

    private static string Port(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
