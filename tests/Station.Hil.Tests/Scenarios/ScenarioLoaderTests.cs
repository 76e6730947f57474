using System.Text.Json.Nodes;
using Station.Core.Orbits;
using Station.Core.Timing;
using Station.Emulator.Faults;
using Station.Emulator.Scenarios;

namespace Station.Hil.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    private const string Remove = "<remove>";

    private const string Valid = """
        {
          "name": "test-pass",
          "seed": 42,
          "station": "nanshan",
          "tle": [
            "1 41731U 16051A   16353.90152003  .00000364  00000-0  17957-4 0  9993",
            "2 41731  97.3699 267.4500 0013200 178.5836 246.0824 15.23915303 19063"
          ],
          "start_utc": "2016-12-20T12:00:00Z",
          "min_elevation_deg": 15,
          "truth": { "along_track_s": -0.5, "cross_track_m": 300 },
          "weather": { "pressure_hpa": 800, "temperature_c": 5 },
          "turbulence": { "tilt_rms_urad_zenith": 3 },
          "clouds": [ { "start_s": 10, "duration_s": 2.5 } ],
          "faults": [
            { "at_s": 30, "duration_s": 5, "kind": "encoder_frozen", "device": "az_encoder" },
            { "at_s": 60.5, "duration_s": 0.25, "kind": "estop", "device": "interlocks" }
          ]
        }
        """;

    [Fact]
    public void The_built_in_scenario_flies_Micius_over_Delingha_on_a_night_pass_culminating_between_50_and_70_degrees()
    {
        var scenario = Scenario.BuiltIn;

        Assert.Equal("micius-delingha", scenario.Name);
        Assert.Same(StationCatalog.Delingha, scenario.Station);
        Assert.Equal(41731, scenario.Elements.CatalogNumber);
        Assert.Equal("MICIUS (QSS)", scenario.Elements.Name);
        Assert.Single(scenario.Clouds);
        Assert.Empty(scenario.Faults);
        Assert.InRange(scenario.Turbulence.TiltRmsUradZenith, 0.5, 5);

        var pass = scenario.FindFirstPass();
        Assert.NotNull(pass);
        var aos = new DateTimeOffset(pass.AosUtc!.Value, TimeSpan.Zero);
        Assert.InRange(aos - scenario.StartUtc, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15));
        Assert.InRange(pass.MaxElevationDeg, 50, 70);
        Assert.True(pass.StationDark, $"sun at {pass.SunElevationAtTcaDeg:F1}° at TCA");
        Assert.InRange(scenario.Clouds[0].StartS + scenario.Clouds[0].DurationS, 0, (pass.LosUtc!.Value - pass.AosUtc.Value).TotalSeconds);
    }

    [Fact]
    public void Every_key_is_read_with_its_unit()
    {
        var scenario = ScenarioLoader.Parse(Valid);

        Assert.Equal("test-pass", scenario.Name);
        Assert.Equal(42, scenario.Seed);
        Assert.Same(StationCatalog.Nanshan, scenario.Station);
        Assert.Equal(2, scenario.Tle.Count);
        Assert.Equal(new DateTimeOffset(2016, 12, 20, 12, 0, 0, TimeSpan.Zero), scenario.StartUtc);
        Assert.Equal(15, scenario.MinElevationDeg);
        Assert.Equal(new ScenarioTruth(-0.5, 300), scenario.Truth);
        Assert.Equal(new ScenarioWeather(800, 5), scenario.Weather);
        Assert.Equal(new ScenarioTurbulence(3), scenario.Turbulence);
        Assert.Equal([new ScenarioCloud(10, 2.5)], scenario.Clouds);
        Assert.Equal(
            [new ScenarioFault(30, 5, FaultKind.EncoderFrozen, "az_encoder"), new ScenarioFault(60.5, 0.25, FaultKind.Estop, "interlocks")],
            scenario.Faults);
    }

    [Fact]
    public void A_station_is_given_by_name_in_any_case_or_by_coordinates()
    {
        Assert.Same(StationCatalog.Delingha, ScenarioLoader.Parse(With(Valid, "station", "\"Delingha\"")).Station);

        var station = ScenarioLoader.Parse(With(Valid, "station", """{ "latitude_deg": -33.5, "longitude_deg": 18.25, "height_m": 1798 }""")).Station;
        Assert.Equal(-33.5, station.LatitudeDeg);
        Assert.Equal(18.25, station.LongitudeDeg);
        Assert.Equal(1798, station.HeightM);
        Assert.Equal("-33.5,18.25,1798", station.Name);
    }

    [Fact]
    public void Two_stations_fly_the_first_window_in_which_both_see_the_satellite_each_on_its_own_pass()
    {
        var scenario = ScenarioLoader.Parse(With(With(Valid, "station", """["delingha", "nanshan"]"""), "start_utc", "\"2016-12-20T17:55:00Z\""), "two.json");

        var passes = scenario.FindPasses()!;

        Assert.True(scenario.IsCommonView);
        Assert.Equal(["delingha", "nanshan"], scenario.Stations.Select(s => s.Name));
        var window = passes.CommonView!;
        Assert.InRange(window.Duration.TotalSeconds, 60, 400);
        for (int i = 0; i < 2; i++)
        {
            Assert.True(passes.PerStation[i].StartUtc <= window.StartUtc && passes.PerStation[i].EndUtc >= window.EndUtc, $"station {i}'s pass covers the window");
        }

        Assert.Equal(Math.Max(passes.PerStation[0].StartUtc.Ticks, passes.PerStation[1].StartUtc.Ticks), window.StartUtc.Ticks);
    }

    [Fact]
    public void Optional_sections_take_their_documented_defaults()
    {
        string json = Valid;
        foreach (string key in new[] { "min_elevation_deg", "truth", "weather", "turbulence", "clouds", "faults" })
        {
            json = With(json, key, Remove);
        }

        var scenario = ScenarioLoader.Parse(json);
        Assert.Equal(10, scenario.MinElevationDeg);
        Assert.Equal(new ScenarioTruth(0, 0), scenario.Truth);
        Assert.Equal(Refraction.StandardPressureMbar(StationCatalog.Nanshan.HeightM), scenario.Weather.PressureHpa, 9);
        Assert.Equal(10, scenario.Weather.TemperatureC);
        Assert.Equal(2, scenario.Turbulence.TiltRmsUradZenith);
        Assert.Empty(scenario.Clouds);
        Assert.Empty(scenario.Faults);
    }

    [Fact]
    public void Every_fault_kind_is_accepted_on_a_device_it_affects()
    {
        foreach (string kindName in FaultNames.All)
        {
            var kind = FaultNames.Parse(kindName);
            foreach (string device in FaultTargets.DevicesFor(kind))
            {
                var faults = $$"""[ { "at_s": 1, "duration_s": 2, "kind": "{{kindName}}", "device": "{{device}}" } ]""";
                var fault = Assert.Single(ScenarioLoader.Parse(With(Valid, "faults", faults)).Faults);
                Assert.Equal(kind, fault.Kind);
                Assert.Equal(device, fault.Device);
            }
        }
    }

    [Fact]
    public void Faults_are_scheduled_at_AOS_plus_at_s_for_duration_s_and_clouds_are_placed_after_AOS()
    {
        var scenario = ScenarioLoader.Parse(Valid);
        var aos = new DateTimeOffset(2016, 12, 20, 12, 30, 0, TimeSpan.Zero);
        var time = new SimulatedTimeProvider(aos);
        var injector = new FaultInjector(time);

        var scheduled = scenario.ScheduleFaults(injector, aos);

        Assert.Equal(
            [
                new ScheduledFault(FaultKind.EncoderFrozen, "az_encoder", aos.AddSeconds(30), TimeSpan.FromSeconds(5)),
                new ScheduledFault(FaultKind.Estop, "interlocks", aos.AddSeconds(60.5), TimeSpan.FromSeconds(0.25)),
            ],
            scheduled);
        Assert.Equal(scheduled, injector.Scheduled);
        time.Advance(TimeSpan.FromSeconds(29.999));
        Assert.False(injector.IsActive(FaultKind.EncoderFrozen, "az_encoder"));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(injector.IsActive(FaultKind.EncoderFrozen, "az_encoder"));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(injector.IsActive(FaultKind.EncoderFrozen, "az_encoder"));
        time.AdvanceTo(aos.AddSeconds(60.6));
        Assert.True(injector.IsActive(FaultKind.Estop, "interlocks"));

        var cloud = Assert.Single(scenario.CloudIntervals(aos));
        Assert.Equal(new CloudInterval(aos.AddSeconds(10), aos.AddSeconds(12.5)), cloud);
        Assert.True(cloud.Contains(aos.AddSeconds(12.4)));
        Assert.False(cloud.Contains(aos.AddSeconds(12.5)));
    }

    [Fact]
    public void Load_reads_a_file_and_names_a_missing_one()
    {
        string directory = Path.Combine(Path.GetTempPath(), "station-scenario-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "pass.json");
            File.WriteAllText(path, Valid);
            Assert.Equal("test-pass", ScenarioLoader.Load(path).Name);

            string missing = Path.Combine(directory, "nope.json");
            var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(missing));
            Assert.StartsWith($"{missing}: cannot read the scenario: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Malformed_JSON_and_repeated_keys_are_refused_with_their_position()
    {
        var malformed = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("{\n  \"name\": \"x\",\n  \"seed\": 4 2\n}", "pass.json"));
        Assert.StartsWith("pass.json: malformed JSON at line 3, byte ", malformed.Message, StringComparison.Ordinal);

        var repeated = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Valid.Replace("\"seed\": 42,", "\"seed\": 42, \"seed\": 43,", StringComparison.Ordinal)));
        Assert.Equal(["$.seed: given more than once; expected each key once"], repeated.Problems);

        var array = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("[1, 2]", "pass.json"));
        Assert.Equal("pass.json: $: got an array of 2; expected an object with name, seed, station, tle, start_utc, min_elevation_deg, truth, weather, turbulence, clouds, faults", array.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_the_source_name()
    {
        string json = With(With(Valid, "seed", "-1"), "weather.temperature_c", "99");
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "night.json"));
        Assert.Equal(2, error.Problems.Count);
        Assert.StartsWith("night.json: 2 scenario problems:", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.seed: got -1; expected a whole number from 0 to 2147483647", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.weather.temperature_c: got 99; expected a number from -60 to 50 °C", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void A_bad_key_is_refused_naming_its_JSON_path_what_was_given_and_what_was_expected(string key, string snippet, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(With(Valid, key, snippet), "pass.json"));
        Assert.Equal(expected.Split(" | "), error.Problems);
    }

    public static TheoryData<string, string, string> BadKeys() => new()
    {
        { "colour", "\"blue\"", "$.colour: unknown key; expected one of: name, seed, station, tle, start_utc, min_elevation_deg, truth, weather, turbulence, clouds, faults" },
        { "name", Remove, "$.name: missing; expected a name of 1–64 letters, digits, '.', '_' or '-' (it names the output folder)" },
        { "name", "\"night pass/1\"", "$.name: got \"night pass/1\"; expected a name of 1–64 letters, digits, '.', '_' or '-' (it names the output folder)" },
        { "seed", "\"forty-two\"", "$.seed: got \"forty-two\"; expected a whole number from 0 to 2147483647" },
        { "seed", "4.5", "$.seed: got 4.5; expected a whole number from 0 to 2147483647" },
        { "station", "\"lhasa\"", "$.station: got \"lhasa\"; expected a station name (delingha, nanshan) or an object with latitude_deg, longitude_deg, height_m" },
        { "station", "42", "$.station: got 42; expected a station name (delingha, nanshan) or an object with latitude_deg, longitude_deg, height_m" },
        { "station", """{ "latitude_deg": 95, "longitude_deg": 18, "height_m": 10 }""", "$.station.latitude_deg: got 95; expected a number from -90 to 90 degrees north" },
        { "station", """{ "latitude_deg": 45, "longitude_deg": 18 }""", "$.station.height_m: missing; expected a number from -500 to 9000 m above the WGS-84 ellipsoid" },
        { "station", """{ "lat": 45, "longitude_deg": 18, "height_m": 10 }""", "$.station.lat: unknown key; expected one of: latitude_deg, longitude_deg, height_m | $.station.latitude_deg: missing; expected a number from -90 to 90 degrees north" },
        { "station", """["delingha", "nanshan", "delingha"]""", "$.station: got an array of 3; expected a station name (delingha, nanshan) or an object with latitude_deg, longitude_deg, height_m, or an array of exactly two stations" },
        { "station", """["Delingha", "delingha"]""", "$.station: both stations are 'delingha'; expected two different stations" },
        { "station", """["delingha", 42]""", "$.station[1]: got 42; expected a station name (delingha, nanshan) or an object with latitude_deg, longitude_deg, height_m" },
        { "station", """["delingha", { "latitude_deg": 43.5, "longitude_deg": 87.2 }]""", "$.station[1].height_m: missing; expected a number from -500 to 9000 m above the WGS-84 ellipsoid" },
        { "tle", Remove, "$.tle: missing; expected an array of 2 or 3 strings: an optional name line, TLE line 1, TLE line 2" },
        { "tle", """["1 41731U 16051A   16353.90152003  .00000364  00000-0  17957-4 0  9993"]""", "$.tle: got an array of 1; expected an array of 2 or 3 strings: an optional name line, TLE line 1, TLE line 2" },
        { "tle", "\"MICIUS\"", "$.tle: got \"MICIUS\"; expected an array of 2 or 3 strings: an optional name line, TLE line 1, TLE line 2" },
        { "tle", """["MICIUS", 1, "2 41731  97.3699 267.4500 0013200 178.5836 246.0824 15.23915303 19063"]""", "$.tle[1]: got 1; expected a TLE line (a string)" },
        { "tle", """["1 41731U 16051A   16353.90152003  .00000364  00000-0  17957-4 0  9993", "2 41731  97.3699 267.4500 0013200 178.5836 246.0824 15.23915303 19064"]""", "$.tle[1]: column 69: checksum is 4, expected 3" },
        { "start_utc", "\"2016-12-20T12:00:00\"", "$.start_utc: got \"2016-12-20T12:00:00\"; expected an ISO 8601 UTC time such as \"2016-12-20T17:55:00Z\"" },
        { "start_utc", "\"tonight\"", "$.start_utc: got \"tonight\"; expected an ISO 8601 UTC time such as \"2016-12-20T17:55:00Z\"" },
        { "start_utc", "\"2017-03-01T00:00:00Z\"", "$.start_utc: got \"2017-03-01T00:00:00Z\"; expected a time within 30 days of the TLE epoch 2016-12-18T21:38:11Z (SGP4 predictions degrade further away)" },
        { "min_elevation_deg", "95", "$.min_elevation_deg: got 95; expected a number from 0 to 89 degrees" },
        { "truth", """{ "along_track_s": 0.1 }""", "$.truth.cross_track_m: missing; expected a number from -50000 to 50000 m" },
        { "truth", "[0.1, 200]", "$.truth: got an array of 2; expected an object with along_track_s, cross_track_m" },
        { "weather", """{ "pressure_hpa": "690", "temperature_c": -15 }""", "$.weather.pressure_hpa: got \"690\"; expected a number from 300 to 1100 hPa" },
        { "turbulence", """{ "tilt_rms_urad_zenith": -2 }""", "$.turbulence.tilt_rms_urad_zenith: got -2; expected a number from 0 to 100 µrad" },
        { "clouds", """[ { "start_s": 10, "duration_s": 0 } ]""", "$.clouds[0].duration_s: got 0; expected a number more than 0 to 3600 s" },
        { "clouds", """{ "start_s": 10, "duration_s": 1 }""", "$.clouds: got an object; expected an array of objects with start_s, duration_s" },
        { "faults", """[ { "at_s": 1, "duration_s": 2, "kind": "meteor", "device": "az_encoder" } ]""", "$.faults[0].kind: got \"meteor\"; expected one of: spi_crc, no_response, encoder_frozen, motor_stall, frame_drop, beacon_loss, gnss_loss, pps_loss, estop, aircraft_alarm, watchdog_starvation" },
        { "faults", """[ { "at_s": 1, "duration_s": 2, "kind": "spi_crc", "device": "az_encodr" } ]""", "$.faults[0].device: got \"az_encodr\"; expected a pin-map device id: az_motor, el_motor, filter_wheel_spectral, filter_wheel_nd, gate_counter, az_encoder, el_encoder, quad_cell_adc, steering_mirror_dac, weather, gnss, uplink_laser, interlocks, beacon_camera" },
        { "faults", """[ { "at_s": 1, "duration_s": 2, "kind": "encoder_frozen", "device": "gnss" } ]""", "$.faults[0].device: got \"gnss\"; expected a device that encoder_frozen affects: az_encoder, el_encoder" },
        { "faults", """[ { "at_s": -1, "duration_s": 2, "kind": "estop", "device": "interlocks", "severity": 3 } ]""", "$.faults[0].severity: unknown key; expected one of: at_s, duration_s, kind, device | $.faults[0].at_s: got -1; expected a number from 0 to 86400 s after AOS" },
        { "faults", """[ "estop" ]""", "$.faults[0]: got \"estop\"; expected an object with at_s, duration_s, kind, device" },
    };

    /// <summary><paramref name="json"/> with <paramref name="key"/> (dotted for nested keys) set to <paramref name="snippet"/>, or removed.</summary>
    private static string With(string json, string key, string snippet)
    {
        var root = JsonNode.Parse(json, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        string[] parts = key.Split('.');
        var parent = root;
        foreach (string part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        if (snippet == Remove)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = JsonNode.Parse(snippet);
        }

        return root.ToJsonString();
    }
}
