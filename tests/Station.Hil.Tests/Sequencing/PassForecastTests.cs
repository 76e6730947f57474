using Station.Core.Orbits;
using Station.Core.Sequencing;
using Station.Firmware.Sequencing;
using Station.Hil.Tests.Tracking;

namespace Station.Hil.Tests.Sequencing;

public sealed class PassForecastTests
{
    private static readonly DateTime Evening = new(2016, 12, 29, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_scheduler_picks_the_63_degree_night_pass_the_tracking_tests_fly()
    {
        var options = new ScheduleOptions { TlePath = MiciusPasses.File, MinMaxElevationDeg = 30 };
        Assert.Empty(options.Validate());
        var forecast = PassForecast.Predict(options.TlePath, options.ParseSite(), Evening, TimeSpan.FromHours(options.LookaheadHours), options.MinElevationDeg);

        var pass = PassScheduler.ChooseNext(forecast.Passes, Evening, options.ToRules());

        Assert.NotNull(pass);
        Assert.Equal(41731, pass.CatalogNumber);
        Assert.Equal(new DateTime(2016, 12, 29, 17, 55, 0, DateTimeKind.Utc), pass.StartUtc, TimeSpan.FromMinutes(2)); // AOS above the 10° mask
        Assert.InRange(pass.MaxElevationDeg, 62, 65);
        Assert.True(pass.StationDark);
        Assert.Same(forecast.Propagator(41731), forecast.Propagator(41731));
        Assert.Contains(forecast.Passes, p => p.MaxElevationDeg < 30 || !p.StationDark); // the rules, not the forecast, did the choosing
    }

    [Theory]
    [InlineData("Site", "mars", "Station:Schedule:Site 'mars'")]
    [InlineData("TlePath", "/nonexistent/catalogue.tle", "Station:Schedule:TlePath '/nonexistent/catalogue.tle' does not exist")]
    [InlineData("MinElevationDeg", "75", "Station:Schedule:MinElevationDeg is 75; expected 0–60 degrees")]
    [InlineData("PrePointLeadS", "-1", "Station:Schedule:PrePointLeadS is -1; expected a non-negative number of seconds")]
    public void Each_bad_option_is_named_with_its_value(string option, string value, string expected)
    {
        var options = new ScheduleOptions();
        var property = typeof(ScheduleOptions).GetProperty(option)!;
        property.SetValue(options, property.PropertyType == typeof(double) ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);
        Assert.Contains(options.Validate(), problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_priority_list_with_a_repeat_is_refused()
    {
        var options = new ScheduleOptions { Priority = [41731, 41731] };
        Assert.Contains(options.Validate(), p => p.Contains("Schedule.Priority[1] = 41731", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_a_catalogue_is_refused_naming_it()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is not a TLE\n");
            var error = Assert.Throws<FormatException>(() => PassForecast.Predict(path, StationCatalog.Delingha, Evening, TimeSpan.FromHours(1), 10));
            Assert.StartsWith(path + ": not a TLE catalogue", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
