using System.Globalization;

namespace Station.Interop.Tests;

/// <summary>Garbage collections and their total pause over a measured phase (a pause stops the control loop's thread too).</summary>
internal readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static GcActivity Start() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>What happened since <see cref="Start"/>.</summary>
    public GcActivity Stop() => new(GC.CollectionCount(0) - Gen0, GC.CollectionCount(1) - Gen1, GC.CollectionCount(2) - Gen2, GC.GetTotalPauseDuration() - Pause);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GC {Gen0}/{Gen1}/{Gen2} (gen 0/1/2), paused {Pause.TotalMilliseconds:0.0} ms");
}
