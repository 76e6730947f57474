using Station.Core.Safety;
using UnitsNet;

namespace Station.Core.Tests.Safety;

public sealed class SafetyConfigurationTests
{
    [Fact]
    public void The_fixture_options_are_valid()
    {
        Assert.Empty(SafetyConfiguration.Validate(SafetyFixtures.Options));
        Assert.Empty(SafetyConfiguration.Validate(new SafetyOptions()));
    }

    [Fact]
    public void Every_problem_is_named_and_nothing_is_created()
    {
        var bad = SafetyFixtures.Options with
        {
            ChannelCount = 9,
            LaserElevationMask = Angle.FromDegrees(-5),
            FilterWheels = [new FilterWheelSafety("spectral", ["open", "open"], ["ND9"])],
            NoFireZones = [new NoFireZone("tower", Angle.FromDegrees(400), Angle.FromDegrees(0), Angle.FromDegrees(10), Angle.FromDegrees(5))],
            MaxAges = new InputMaxAges { Watchdog = Duration.Zero },
        };

        var problems = SafetyConfiguration.Validate(bad);
        Assert.Contains("ChannelCount is 9; expected 1…8", problems);
        Assert.Contains("LaserElevationMask is -5°; expected 0°…90°", problems);
        Assert.Contains("filter wheel 'spectral' names slot 'open' twice", problems);
        Assert.Contains("filter wheel 'spectral': daylight-approved slot 'ND9' is not one of its slots (open, open)", problems);
        Assert.Contains("no-fire zone 'tower': AzimuthFrom 400° must be in 0°…360°", problems);
        Assert.Contains("no-fire zone 'tower': AzimuthWidth 0° must be over 0° and at most 360°", problems);
        Assert.Contains("no-fire zone 'tower': elevation 10°…5° must be an increasing range within −90°…90°", problems);
        Assert.Contains("MaxAges.Watchdog is 0 s; expected over 0 s and at most 60 s", problems);
        var ex = Assert.Throws<ArgumentException>(() => SafetyConfiguration.Create(bad));
        Assert.StartsWith("invalid safety configuration: ChannelCount is 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mount_limit_problems_are_passed_through()
    {
        var bad = new SafetyOptions { MountLimits = new Station.Core.Pointing.MountLimits { SunExclusionDeg = 95 } };
        Assert.Contains("MountLimits: SunExclusionDeg is 95; expected 0 ≤ value < 90", SafetyConfiguration.Validate(bad));
    }

    [Fact]
    public void No_fire_zones_wrap_through_north_and_cover_their_edges()
    {
        var c = SafetyFixtures.Config;
        Assert.True(c.InNoFireZone(350, 0));
        Assert.True(c.InNoFireZone(10, 25));
        Assert.True(c.InNoFireZone(-5, 10));
        Assert.True(c.InNoFireZone(725, 10)); // two wraps of the mount's continuous azimuth
        Assert.False(c.InNoFireZone(10.01, 10));
        Assert.False(c.InNoFireZone(349.99, 10));
        Assert.False(c.InNoFireZone(0, 25.01));
    }

    [Fact]
    public void Daylight_approval_is_looked_up_by_wheel_and_slot()
    {
        var c = SafetyFixtures.Config;
        Assert.True(c.IsDaylightApproved(0, 1));
        Assert.True(c.IsDaylightApproved(0, 3));
        Assert.False(c.IsDaylightApproved(0, 0));
        Assert.True(c.IsDaylightApproved(1, 4));
        Assert.False(c.IsDaylightApproved(1, 5));
        Assert.False(c.IsDaylightApproved(1, -1));
        Assert.False(c.IsDaylightApproved(2, 0));
    }
}
