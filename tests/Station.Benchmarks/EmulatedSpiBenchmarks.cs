using System.Device.Spi;
using BenchmarkDotNet.Attributes;
using Station.Core.Timing;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator;
using UnitsNet;

namespace Station.Benchmarks;

/// <summary>
/// Emulated SPI transfers through <c>EmulatedSpiDevice</c> to the motion group's twins: they must allocate
/// nothing in steady state. "Moving" variants advance simulated time by 1 µs per operation with the axis
/// motor running in velocity mode, so the ramp generator, the world step timer (every 1 ms) and the
/// encoder's sampling of the moving axis are all on the measured path.
/// </summary>
[MemoryDiagnoser]
public class EmulatedSpiBenchmarks : IDisposable
{
    private readonly byte[] _datagram = [0x21, 0, 0, 0, 0];
    private readonly byte[] _reply = new byte[5];
    private SimulatedTimeProvider _time = null!;
    private EmulatedStation _station = null!;
    private SpiDevice _motorSpi = null!;
    private Tmc5160 _motor = null!;
    private Tmc5160 _motorUnconfirmed = null!;
    private AbsoluteEncoder _encoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pinMap = PinMapLoader.LoadDefault();
        _time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        _station = EmulatedStation.FromPinMap(_time, pinMap);
        _motorSpi = _station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzMotor));
        _motor = new Tmc5160(_motorSpi, name: DeviceId.AzMotor, shouldDispose: false);
        _motorUnconfirmed = new Tmc5160(_motorSpi, name: DeviceId.AzMotor, shouldDispose: false) { ConfirmReads = false, ConfirmWrites = false };
        // The frozen-encoder check is off: a benchmark reads a resting axis millions of times, and the
        // readhead's jitter repeats a value eight times in a row now and then.
        _encoder = new AbsoluteEncoder(_station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: 0);
        _motor.ConfigureDriver(new Tmc5160DriverSettings());
        _motor.RunAtVelocity(RotationalSpeed.FromRevolutionsPerSecond(0.01), RotationalAcceleration.FromRevolutionsPerSecondSquared(10));
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encoder?.Dispose();
            _motor?.Dispose();
            _motorUnconfirmed?.Dispose();
            _motorSpi?.Dispose();
            _station?.Dispose();
        }
    }

    /// <summary>One raw 40-bit datagram through the emulated bus.</summary>
    [Benchmark(Baseline = true)]
    public byte Tmc5160Datagram()
    {
        _motorSpi.TransferFullDuplex(_datagram, _reply);
        return _reply[0];
    }

    /// <summary>XACTUAL through the binding without confirmation: two datagrams, plausibility checks.</summary>
    [Benchmark]
    public int Tmc5160ReadXActual() => _motorUnconfirmed.ActualPosition;

    /// <summary>XACTUAL through the binding with the default confirmed read: three datagrams, compared.</summary>
    [Benchmark]
    public int Tmc5160ReadXActualConfirmed() => _motor.ActualPosition;

    /// <summary>Confirmed XACTUAL read while the motor turns and simulated time runs.</summary>
    [Benchmark]
    public int Tmc5160ReadXActualMoving()
    {
        _time.Advance(TimeSpan.FromMicroseconds(1));
        return _motor.ActualPosition;
    }

    /// <summary>One 48-bit BiSS-C frame: noise, quantisation, CRC in the twin; decode and CRC check in the binding.</summary>
    [Benchmark]
    public int EncoderRead() => _encoder.Read().Counts;

    /// <summary>An encoder read of the moving axis while simulated time runs.</summary>
    [Benchmark]
    public int EncoderReadMoving()
    {
        _time.Advance(TimeSpan.FromMicroseconds(1));
        return _encoder.Read().Counts;
    }
}
