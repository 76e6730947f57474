using Microsoft.Extensions.Hosting;
using Station.Devices.Board;
using Station.Firmware.Hosting;

namespace Station.Firmware;

/// <summary>
/// The station firmware on the Raspberry Pi: Generic Host with systemd integration, configuration from
/// appsettings.json, environment and command line, the pin map loaded and validated at start-up.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            StationHost.CreateBuilder(args).Build().Run();
            return 0;
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
}
