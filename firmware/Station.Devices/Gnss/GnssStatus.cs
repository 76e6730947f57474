using UnitsNet;

namespace Station.Devices.Gnss;

/// <summary>What is wrong with the time and position source (flags; <see cref="Ok"/> when nothing is).</summary>
[Flags]
public enum GnssHealth
{
    /// <summary>Fix, fresh sentences and a pulse every second.</summary>
    Ok = 0,

    /// <summary>The driver has not been started.</summary>
    NotStarted = 1,

    /// <summary>No valid sentence for longer than the sentence timeout (receiver silent or unplugged).</summary>
    NoData = 2,

    /// <summary>The receiver reports no fix (RMC status V or GGA quality 0).</summary>
    FixLost = 4,

    /// <summary>No 1PPS edge for longer than the pulse timeout: the clock offset is unknown.</summary>
    PpsLost = 8,
}

/// <summary>GGA fix quality (0 none, 1 GNSS, 2 differential, …).</summary>
public enum GnssFixQuality
{
    NoFix = 0,
    Gnss = 1,
    Differential = 2,
    Pps = 3,
    RealTimeKinematic = 4,
    FloatRtk = 5,
    Estimated = 6,
    Manual = 7,
    Simulated = 8,
}

/// <summary>
/// A snapshot of the GNSS receiver. Position is null without a fix; <see cref="ClockOffset"/> (station
/// clock minus GNSS time, measured at the last 1PPS edge) is null while the pulses are lost.
/// </summary>
public sealed record GnssStatus(
    GnssHealth Health,
    GnssFixQuality FixQuality,
    int Satellites,
    double Hdop,
    Angle? Latitude,
    Angle? Longitude,
    Length? AltitudeMsl,
    DateTimeOffset? GnssTime,
    TimeSpan? ClockOffset,
    DateTimeOffset? LastPulseAt,
    DateTimeOffset? LastSentenceAt,
    long SentencesParsed,
    long SentencesRejected,
    long Pulses)
{
    public bool IsOk => Health == GnssHealth.Ok;
}
