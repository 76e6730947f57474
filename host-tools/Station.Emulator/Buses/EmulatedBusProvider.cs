using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using Station.Devices.Buses;

namespace Station.Emulator.Buses;

/// <summary>
/// The emulator's <see cref="IBusProvider"/>: emulated chips are attached at bus addresses (SPI bus and chip
/// select, I2C bus and address, serial port name, camera path) and the firmware opens them exactly as it
/// opens real ones. Opening an address with nothing attached fails with a message naming the address and
/// what is attached, the emulator's equivalent of a missing or miswired board.
/// </summary>
public sealed class EmulatedBusProvider : IBusProvider
{
    private readonly Dictionary<(int Bus, int ChipSelect), IEmulatedSpiPeripheral> _spi = [];
    private readonly Dictionary<(int Bus, int Address), IEmulatedI2cPeripheral> _i2c = [];
    private readonly Dictionary<string, Func<Stream>> _serial = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<CameraSettings, ICameraFrameSource>> _cameras = new(StringComparer.Ordinal);
    private readonly GpioController _gpio;

    public EmulatedBusProvider()
    {
        GpioDriver = new EmulatedGpioDriver();
        _gpio = new GpioController(GpioDriver);
    }

    public string Description => "emulator (bus-level emulated devices)";

    /// <summary>The emulated GPIO lines, for emulated devices to drive and watch.</summary>
    public EmulatedGpioDriver GpioDriver { get; }

    public GpioController Gpio => _gpio;

    /// <summary>Attaches an emulated chip at an SPI bus and chip select.</summary>
    public void AttachSpi(int bus, int chipSelect, IEmulatedSpiPeripheral peripheral)
    {
        ArgumentNullException.ThrowIfNull(peripheral);
        if (!_spi.TryAdd((bus, chipSelect), peripheral))
        {
            throw new InvalidOperationException($"SPI{bus}.{chipSelect} already has an emulated {_spi[(bus, chipSelect)].PartName}; cannot attach {peripheral.PartName} there too.");
        }
    }

    /// <summary>Attaches an emulated chip at an I2C bus and 7-bit address.</summary>
    public void AttachI2c(int bus, int address, IEmulatedI2cPeripheral peripheral)
    {
        ArgumentNullException.ThrowIfNull(peripheral);
        if (!_i2c.TryAdd((bus, address), peripheral))
        {
            throw new InvalidOperationException($"I2C{bus} address 0x{address:X2} already has an emulated {_i2c[(bus, address)].PartName}.");
        }
    }

    /// <summary>Attaches an emulated serial device: <paramref name="open"/> returns the firmware's end of the link.</summary>
    public void AttachSerial(string portName, Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (!_serial.TryAdd(portName, open))
        {
            throw new InvalidOperationException($"Serial port {portName} already has an emulated device.");
        }
    }

    /// <summary>Attaches an emulated camera at a V4L2 path.</summary>
    public void AttachCamera(string devicePath, Func<CameraSettings, ICameraFrameSource> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (!_cameras.TryAdd(devicePath, open))
        {
            throw new InvalidOperationException($"Camera {devicePath} already has an emulated device.");
        }
    }

    public SpiDevice OpenSpi(SpiConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_spi.TryGetValue((settings.BusId, settings.ChipSelectLine), out var peripheral))
        {
            string attached = _spi.Count == 0 ? "nothing" : string.Join(", ", _spi.OrderBy(p => p.Key).Select(p => $"SPI{p.Key.Bus}.{p.Key.ChipSelect} {p.Value.PartName}"));
            throw new IOException($"No emulated device at SPI{settings.BusId}.{settings.ChipSelectLine}; attached: {attached}.");
        }

        if (settings.Mode != peripheral.Mode)
        {
            throw new IOException($"The emulated {peripheral.PartName} at SPI{settings.BusId}.{settings.ChipSelectLine} samples in {peripheral.Mode}; the firmware opened it in {settings.Mode}.");
        }

        if (settings.ClockFrequency > peripheral.MaxClockHz)
        {
            throw new IOException($"The emulated {peripheral.PartName} at SPI{settings.BusId}.{settings.ChipSelectLine} accepts at most {peripheral.MaxClockHz} Hz; the firmware asked for {settings.ClockFrequency} Hz.");
        }

        return new EmulatedSpiDevice(settings, peripheral);
    }

    public I2cDevice OpenI2c(I2cConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_i2c.TryGetValue((settings.BusId, settings.DeviceAddress), out var peripheral))
        {
            throw new IOException($"No emulated device answers at I2C{settings.BusId} address 0x{settings.DeviceAddress:X2}.");
        }

        return new EmulatedI2cDevice(settings, peripheral);
    }

    public Stream OpenSerial(SerialPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_serial.TryGetValue(settings.PortName, out var open))
        {
            throw new IOException($"No emulated device on serial port {settings.PortName}.");
        }

        return open();
    }

    public ICameraFrameSource OpenCamera(CameraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_cameras.TryGetValue(settings.DevicePath, out var open))
        {
            throw new IOException($"No emulated camera at {settings.DevicePath}.");
        }

        return open(settings);
    }

    public void Dispose() => _gpio.Dispose();
}
