namespace Station.Firmware.Interfaces.Indi;

/// <summary>The command-line switches of the INDI interface.</summary>
public static class IndiDriverMode
{
    /// <summary>Runs the firmware as an INDI driver on stdin/stdout (for <c>indiserver</c>) instead of the TCP server.</summary>
    public const string Flag = "--indi-driver";

    /// <summary>
    /// Turns the switches into configuration: <c>--indi-driver</c> becomes <c>Station:Interfaces:Indi:Driver=true</c>, and
    /// <c>--emulate</c> turns the INDI server on by default (the desktop is where an operator tries it; a later
    /// <c>--Station:Interfaces:Indi:Enabled=false</c> still wins).
    /// </summary>
    public static string[] Translate(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Length + 2);
        if (args.Contains(Program.EmulateFlag))
        {
            result.Add($"--{IndiOptions.SectionName}:Enabled=true");
        }

        foreach (var arg in args)
        {
            result.Add(arg == Flag ? $"--{IndiOptions.SectionName}:Driver=true" : arg);
        }

        return [.. result];
    }
}
