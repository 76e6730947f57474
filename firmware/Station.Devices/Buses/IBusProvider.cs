using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;

namespace Station.Devices.Buses;

/// <summary>
/// The one place the firmware obtains its buses. The Raspberry Pi implementation opens real Linux
/// devices; the emulator hands out objects of the same types that talk to emulated chips, so every
/// driver above this interface runs unchanged in hardware-in-loop tests.
/// </summary>
public interface IBusProvider : IDisposable
{
    /// <summary>A short description for logs, e.g. "Raspberry Pi (libgpiod)" or "emulator".</summary>
    string Description { get; }

    /// <summary>Opens the SPI device at the given bus and chip select with the given mode and clock.</summary>
    SpiDevice OpenSpi(SpiConnectionSettings settings);

    /// <summary>Opens the I2C device at the given bus and address.</summary>
    I2cDevice OpenI2c(I2cConnectionSettings settings);

    /// <summary>The board's GPIO controller (BCM numbering). The provider owns it; do not dispose it.</summary>
    GpioController Gpio { get; }

    /// <summary>Opens a serial port as a byte stream.</summary>
    Stream OpenSerial(SerialPortSettings settings);

    /// <summary>Opens a camera as a source of monochrome frames.</summary>
    ICameraFrameSource OpenCamera(CameraSettings settings);
}
