using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Station.Devices.Board;
using Station.Firmware.Hosting;
using Station.Firmware.Hosting.Emulation;

namespace Station.Firmware;

/// <summary>
/// The station firmware on the Raspberry Pi: Generic Host with systemd integration, configuration from
/// appsettings.json, environment and command line, the pin map loaded and validated at start-up.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        args = Interfaces.Indi.IndiDriverMode.Translate(args);
        try
        {
            if (args.Contains(EmulateFlag))
            {
                RunEmulated([.. args.Where(a => a != EmulateFlag)]);
            }
            else
            {
                StationHost.CreateBuilder(args).Build().Run();
            }

            return Environment.ExitCode; // the control loop sets it when it dies
        }
        catch (EmulatorPluginException ex)
        {
            Console.Error.WriteLine($"Start-up failed: {ex.Message}");
            return 78;
        }
        catch (PinMapException ex)
        {
            Console.Error.WriteLine($"Start-up failed: {ex.Message}");
            return 78; // EX_CONFIG: systemd shows it as a configuration error
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            Console.Error.WriteLine($"Start-up failed: invalid configuration: {string.Join("; ", ex.Failures)}");
            return 78;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException))
        {
            // Several configuration sections failed validation at once: name every problem.
            var failures = ex.InnerExceptions.Cast<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures);
            Console.Error.WriteLine($"Start-up failed: invalid configuration: {string.Join("; ", failures)}");
            return 78;
        }
    }

    /// <summary>Runs the firmware on the emulated station (desktop use): the emulator plugin, wall-clock time.</summary>
    public const string EmulateFlag = "--emulate";

    private static void RunEmulated(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
        var factory = EmulatorPlugin.Load(configuration["Emulator:Assembly"], message => Console.Error.WriteLine(message));
        IStationEmulator emulator;
        try
        {
            emulator = factory.Create(configuration.GetSection("Emulator"));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new EmulatorPluginException($"the emulated station could not be built: {ex.Message}", ex);
        }

        using (emulator)
        {
            Console.Error.WriteLine($"Emulating: {emulator.Description}");
            // The emulated station's own settings first, so the operator's command line overrides them; on the desktop
            // rotctld is on (loopback 4533) unless the command line turns it off.
            string[] hostArgs = [.. emulator.Settings.Select(s => $"--{s.Key}={s.Value}"), "--Station:Interfaces:Rotctld:Enabled=true", .. args];
            var builder = StationHost.CreateBuilder(hostArgs, new StationHostOverrides(_ => emulator.Buses, emulator.Clock, PacedToWallClock: true));
            emulator.ConfigureServices(builder.Services);
            builder.Build().Run();
        }
    }
}
