using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using Station.Devices.Buses;

namespace Station.Emulator.Buses;

/// <summary>
/// Lends a bus provider to a firmware host without letting the host dispose it: the emulated station owns its buses,
/// and outlives (or is shared by) the hosts that run on it — a restart, a test composing the host twice.
/// </summary>
public sealed class LentBusProvider(IBusProvider inner) : IBusProvider
{
    private readonly IBusProvider _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public string Description => _inner.Description;

    public GpioController Gpio => _inner.Gpio;

    public SpiDevice OpenSpi(SpiConnectionSettings settings) => _inner.OpenSpi(settings);

    public I2cDevice OpenI2c(I2cConnectionSettings settings) => _inner.OpenI2c(settings);

    public Stream OpenSerial(SerialPortSettings settings) => _inner.OpenSerial(settings);

    public ICameraFrameSource OpenCamera(CameraSettings settings) => _inner.OpenCamera(settings);

    /// <summary>Does nothing: the owner disposes the buses.</summary>
    public void Dispose()
    {
    }
}
