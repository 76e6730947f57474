using Station.Core.Safety;
using UnitsNet;

namespace Station.Core.Tests.Safety;

/// <summary>A station configuration and a sensed state in which everything is permitted, to be spoiled one input at a time.</summary>
internal static class SafetyFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);

    public static SafetyOptions Options { get; } = new()
    {
        ChannelCount = 4,
        NightSunElevationMax = Angle.FromDegrees(-12),
        LaserElevationMask = Angle.FromDegrees(15),
        FilterWheels =
        [
            new FilterWheelSafety("spectral", ["open", "810/10nm", "532 beacon", "dark"], ["810/10nm", "dark"]),
            new FilterWheelSafety("nd", ["open", "ND1", "ND2", "ND3", "ND4"], ["ND4"]),
        ],
        NoFireZones =
        [
            new NoFireZone("airport approach", Angle.FromDegrees(100), Angle.FromDegrees(30), Angle.FromDegrees(0), Angle.FromDegrees(40)),
            new NoFireZone("mast across north", Angle.FromDegrees(350), Angle.FromDegrees(20), Angle.FromDegrees(0), Angle.FromDegrees(25)),
        ],
    };

    public static SafetyConfiguration Config { get; } = SafetyConfiguration.Create(Options);

    /// <summary>Night, pointing at az 200° el 45°, sun well below, every interlock fine, laser armed, target = position.</summary>
    public static SensedState Nominal(DateTimeOffset? at = null)
    {
        DateTimeOffset now = at ?? Now;
        var s = new SensedState
        {
            Now = now,
            MountPosition = Sensed.Ok(new AzEl(200, 45), now),
            Sun = Sensed.Ok(new AzEl(20, -35), now),
            EStopOk = Sensed.Ok(true, now),
            WatchdogAlive = Sensed.Ok(true, now),
            HardwareKeyOk = Sensed.Ok(true, now),
            AircraftOk = Sensed.Ok(true, now),
            TrackerLocked = Sensed.Ok(true, now),
            LaserArmed = true,
            CommandedTarget = Sensed.Ok(new AzEl(200, 45), now),
        };
        for (int ch = 0; ch < 4; ch++)
        {
            s.SetChannel(ch, new DetectorChannelSense(Sensed.Ok(false, now), Sensed.Ok(false, now)));
        }

        for (int w = 0; w < 2; w++)
        {
            s.SetWheel(w, new FilterWheelSense(Sensed.Ok(false, now), Sensed.Ok(0, now)));
        }

        return s;
    }

    public static Permissions Evaluate(in SensedState s) => SafetySupervisor.Evaluate(s, Config);
}
