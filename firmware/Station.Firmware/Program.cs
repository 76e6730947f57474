namespace Station.Firmware;

/// <summary>Firmware entry point. The Generic Host and its services arrive with the station issue.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("Station firmware host is not assembled yet; use `stationctl` for the emulated station.");
        return args.Length == 0 ? 2 : 2;
    }
}
