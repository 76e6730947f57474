using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator.Faults;
using UnitsNet;

namespace Station.Hil.Tests.Motion;

/// <summary>The encoder binding against the emulated 26-bit BiSS-C encoders on the emulated axes.</summary>
public sealed class AbsoluteEncoderHilTests : IDisposable
{
    private readonly MotionTestStation _s = new();

    /// <summary>Counts between the reading and a noiseless encoder at the axis's true angle, wrapped.</summary>
    private static int CountError(AbsoluteEncoderReading reading, Station.Emulator.Devices.EmulatedAbsoluteEncoder twin, double trueDegrees)
    {
        int d = reading.Counts - twin.IdealCounts(trueDegrees);
        return ((d + (AbsoluteEncoder.CountsPerRevolution / 2)) & (AbsoluteEncoder.CountsPerRevolution - 1)) - (AbsoluteEncoder.CountsPerRevolution / 2);
    }

    [Theory]
    [InlineData(0x0000000u, 0x3A)]
    [InlineData(0x2ABCDEFu, 0x27)]
    [InlineData(0x0BC614Eu, 0x30)]
    public void The_twin_computes_the_BiSS_CRC_independently_of_the_binding(uint position, int crc)
    {
        ulong data = ((ulong)position << 2) | 3; // nE = nW = 1
        Assert.Equal(crc, Station.Emulator.Devices.EmulatedAbsoluteEncoder.Crc6(data));
        Assert.Equal(crc, AbsoluteEncoder.Crc6((uint)data));
    }

    [Fact]
    public void The_encoder_reads_the_true_axis_angle_to_within_its_jitter_while_the_axis_moves()
    {
        using var encoder = _s.OpenEncoder(DeviceId.AzEncoder);
        using var motor = _s.OpenTmc5160(DeviceId.AzMotor);
        var twin = _s.Station.AzimuthEncoder;
        var axis = _s.Station.Azimuth;

        var atRest = encoder.Read();
        Assert.True(atRest.CrcOk);
        Assert.False(atRest.Error || atRest.Warning);
        Assert.Equal(2, atRest.AckBits);
        Assert.Equal(123.4567, atRest.Angle.Degrees, 6e-5); // the mounting offset (the axis is at 0), ±10 counts

        motor.ConfigureDriver(new Tmc5160DriverSettings());
        motor.RunAtVelocity(RotationalSpeed.FromRevolutionsPerSecond(5), RotationalAcceleration.FromRevolutionsPerSecondSquared(10));
        var errors = new List<int>();
        for (int i = 0; i < 300; i++)
        {
            _s.Time.Advance(TimeSpan.FromMilliseconds(10));
            var reading = encoder.Read();
            errors.Add(CountError(reading, twin, axis.AngleDegrees));
        }

        Assert.True(axis.AngleDegrees > 30, $"the axis only reached {axis.AngleDegrees}°");
        Assert.All(errors, e => Assert.InRange(e, -10, 10)); // 2 counts RMS jitter, 5 σ
        Assert.InRange(errors.Average(), -0.5, 0.5);
        Assert.True(errors.Distinct().Count() > 5, "the readhead does not jitter");
        Assert.Equal(0, encoder.RetryCount);
    }

    [Fact]
    public void A_longer_cable_adds_acknowledge_bits_and_the_frame_is_still_found()
    {
        using var encoder = _s.OpenEncoder(DeviceId.ElEncoder);
        _s.Station.ElevationEncoder.AckBits = 9;
        var reading = encoder.Read();
        Assert.True(reading.CrcOk);
        Assert.Equal(9, reading.AckBits);
        Assert.Equal(271.2345, reading.Angle.Degrees, 6e-5); // ±10 counts of jitter
    }

    [Fact]
    public void The_encoders_error_and_warning_bits_reach_the_reading_and_an_error_refuses_the_angle()
    {
        using var encoder = _s.OpenEncoder(DeviceId.ElEncoder);
        var twin = _s.Station.ElevationEncoder;
        twin.WarningFlag = true;
        var warned = encoder.Read();
        Assert.True(warned.Warning && !warned.Error && warned.CrcOk);
        Assert.Equal(271.2345, encoder.ReadAngle().Degrees, 6e-5); // a warning still gives a valid position (±10 counts)

        twin.ErrorFlag = true;
        Assert.True(encoder.Read().Error);
        var error = Assert.Throws<AbsoluteEncoderErrorException>(() => encoder.ReadAngle());
        Assert.Equal(DeviceId.ElEncoder, error.DeviceName);
        Assert.Contains("el_encoder reports an error (nE low)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_spi_crc_bad_frames_are_reread_and_no_corrupt_position_gets_through()
    {
        using var encoder = _s.OpenEncoder(DeviceId.AzEncoder, maxRetries: 4);
        var twin = _s.Station.AzimuthEncoder;
        _s.Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.AzEncoder);
        for (int i = 0; i < 500; i++)
        {
            Assert.InRange(CountError(encoder.Read(), twin, 0), -10, 10);
        }

        Assert.True(twin.CorruptedFrameCount > 20, $"only {twin.CorruptedFrameCount} frames corrupted");
        Assert.Equal(twin.CorruptedFrameCount, encoder.RetryCount); // every corrupted frame, and only those, re-read
    }

    [Fact]
    public void When_every_frame_is_corrupt_the_binding_throws_a_CRC_error_after_its_retries_then_recovers()
    {
        using var encoder = _s.OpenEncoder(DeviceId.AzEncoder);
        _s.Station.AzimuthEncoder.CorruptionProbability = 1;
        _s.Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.AzEncoder, TimeSpan.FromMilliseconds(100));
        var error = Assert.Throws<AbsoluteEncoderCrcException>(() => encoder.Read());
        Assert.Equal(DeviceId.AzEncoder, error.DeviceName);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(2, encoder.RetryCount);
        Assert.Equal(AbsoluteEncoderFrameStatus.CrcMismatch, error.LastStatus);
        Assert.StartsWith("az_encoder: 3 frame(s) failed (last: CRC 0x", error.Message, StringComparison.Ordinal);

        _s.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(encoder.Read().CrcOk);
        Assert.Equal(2, encoder.RetryCount);
    }

    [Fact]
    public void No_response_reads_all_ones_and_is_reported_naming_the_encoder_then_recovers()
    {
        using var encoder = _s.OpenEncoder(DeviceId.ElEncoder, maxRetries: 1);
        _s.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.ElEncoder);
        Assert.Equal(AbsoluteEncoderFrameStatus.NoResponse, encoder.ReadFrame().Status);
        var error = Assert.Throws<AbsoluteEncoderNoResponseException>(() => encoder.Read());
        Assert.Equal(DeviceId.ElEncoder, error.DeviceName);
        Assert.Equal(2, error.Attempts);
        Assert.Contains("el_encoder does not answer", error.Message, StringComparison.Ordinal);

        _s.Station.Faults.Clear(FaultKind.NoResponse, DeviceId.ElEncoder);
        Assert.Equal(271.2345, encoder.ReadAngle().Degrees, 6e-5); // ±10 counts of jitter
    }

    [Fact]
    public void A_frozen_encoder_is_caught_after_the_frame_limit_without_retries_and_tracks_again_when_it_thaws()
    {
        using var encoder = _s.OpenEncoder(DeviceId.AzEncoder, frozenFrameLimit: 8);
        using var motor = _s.OpenTmc5160(DeviceId.AzMotor);
        var twin = _s.Station.AzimuthEncoder;
        motor.ConfigureDriver(new Tmc5160DriverSettings());
        motor.RunAtVelocity(RotationalSpeed.FromRevolutionsPerSecond(1), RotationalAcceleration.FromRevolutionsPerSecondSquared(10));
        _s.Time.Advance(TimeSpan.FromMilliseconds(200));
        encoder.Read();

        _s.Station.Faults.InjectNow(FaultKind.EncoderFrozen, DeviceId.AzEncoder);
        AbsoluteEncoderFrozenException? error = null;
        int reads = 0;
        while (error is null && reads < 20)
        {
            _s.Time.Advance(TimeSpan.FromMilliseconds(5));
            reads++;
            try
            {
                encoder.Read();
            }
            catch (AbsoluteEncoderFrozenException ex)
            {
                error = ex;
            }
        }

        Assert.NotNull(error);
        Assert.Equal(7, reads); // the last live frame repeats: 6 good-looking repeats pass, the 7th (8th identical) throws
        Assert.Equal(DeviceId.AzEncoder, error.DeviceName);
        Assert.Equal(twin.LastCounts, error.Counts);
        Assert.Contains("az_encoder looks frozen: 8 consecutive frames", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, encoder.RetryCount); // frozen frames are well formed: nothing to retry
        Assert.Throws<AbsoluteEncoderFrozenException>(() => encoder.Read());

        _s.Station.Faults.Clear(FaultKind.EncoderFrozen, DeviceId.AzEncoder);
        var thawed = encoder.Read();
        Assert.InRange(CountError(thawed, twin, _s.Station.Azimuth.AngleDegrees), -10, 10);
        Assert.Equal(1, encoder.IdenticalFrames);
    }

    public void Dispose() => _s.Dispose();
}
