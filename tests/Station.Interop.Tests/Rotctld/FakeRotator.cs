using Station.Firmware.Interfaces.Rotctld;
using UnitsNet;

namespace Station.Interop.Tests.Rotctld;

/// <summary>A rotator that records every motion command (thread-safe) and reports a fixed position.</summary>
internal sealed class FakeRotator : IRotator
{
    private long _setPositions;
    private long _stops;
    private long _parks;

    public RotatorRange Range { get; } = new(Angle.FromDegrees(-180), Angle.FromDegrees(450), Angle.FromDegrees(0), Angle.FromDegrees(90));

    public RotatorPosition Position { get; set; } = new(Angle.FromDegrees(123.5), Angle.FromDegrees(45.25));

    /// <summary>What the next set_pos answers (the station's refusal, for example).</summary>
    public RotatorReply NextReply { get; set; } = RotatorReply.Ok;

    public RotatorPosition? LastTarget { get; private set; }

    public long SetPositions => Interlocked.Read(ref _setPositions);

    public long Stops => Interlocked.Read(ref _stops);

    public long Parks => Interlocked.Read(ref _parks);

    /// <summary>Every command that could move the mount.</summary>
    public long MotionCommands => SetPositions + Stops + Parks;

    public string Describe() => "Fake rotator: Idle";

    public RotatorPositionReply GetPosition() => RotatorPositionReply.Of(Position);

    public ValueTask<RotatorReply> SetPositionAsync(Angle azimuth, Angle elevation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _setPositions);
        LastTarget = new RotatorPosition(azimuth, elevation);
        return ValueTask.FromResult(NextReply);
    }

    public ValueTask<RotatorReply> StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _stops);
        return ValueTask.FromResult(RotatorReply.Ok);
    }

    public ValueTask<RotatorReply> ParkAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _parks);
        return ValueTask.FromResult(RotatorReply.Ok);
    }
}
