namespace Station.Cli;

public static class Program
{
    public static int Main(string[] args) => StationCli.Run(args, Console.Out, Console.Error);
}
