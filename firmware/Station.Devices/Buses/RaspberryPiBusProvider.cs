using System.Buffers.Binary;
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using System.IO.Ports;
using Iot.Device.Board;
using Iot.Device.Media;

namespace Station.Devices.Buses;

/// <summary>
/// The real buses of a Raspberry Pi: SPI and I2C through <see cref="RaspberryPiBoard"/> (spidev, i2c-dev),
/// GPIO through libgpiod, serial through <see cref="SerialPort"/>, the camera through V4L2. Not exercised in
/// CI; selected by configuration on the station computer.
/// </summary>
public sealed class RaspberryPiBusProvider : IBusProvider
{
    private readonly RaspberryPiBoard _board;
    private readonly Lazy<GpioController> _gpio;
    private readonly TimeProvider _timeProvider;

    public RaspberryPiBusProvider(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _board = new RaspberryPiBoard();
        _gpio = new Lazy<GpioController>(_board.CreateGpioController);
    }

    public string Description => "Raspberry Pi (spidev, i2c-dev, libgpiod, V4L2)";

    public GpioController Gpio => _gpio.Value;

    public SpiDevice OpenSpi(SpiConnectionSettings settings) => _board.CreateSpiDevice(settings);

    public I2cDevice OpenI2c(I2cConnectionSettings settings) => _board.CreateI2cDevice(settings);

    public Stream OpenSerial(SerialPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = new SerialPort(settings.PortName, settings.BaudRate, Parity.None, 8, StopBits.One)
        {
            ReadTimeout = 2000,
            WriteTimeout = 2000,
        };
        port.Open();
        return new OwningStream(port.BaseStream, port);
    }

    public ICameraFrameSource OpenCamera(CameraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var video = VideoDevice.Create(new VideoConnectionSettings(settings.DeviceIndex, ((uint)settings.Width, (uint)settings.Height), VideoPixelFormat.Y16));
        return new V4l2FrameSource(video, settings, _timeProvider);
    }

    public void Dispose()
    {
        if (_gpio.IsValueCreated)
        {
            _gpio.Value.Dispose();
        }

        _board.Dispose();
    }

    /// <summary>Y16 frames (little-endian 16-bit grey) from a V4L2 camera.</summary>
    private sealed class V4l2FrameSource(VideoDevice video, CameraSettings settings, TimeProvider timeProvider) : ICameraFrameSource
    {
        private long _sequence;

        public int Width => settings.Width;

        public int Height => settings.Height;

        public bool TryCapture(Span<ushort> pixels, out CameraFrameInfo info)
        {
            int count = Width * Height;
            if (pixels.Length < count)
            {
                throw new ArgumentException($"Pixel buffer holds {pixels.Length} pixels; a {Width}x{Height} frame needs {count}.", nameof(pixels));
            }

            byte[] raw = video.Capture();
            info = new CameraFrameInfo(++_sequence, timeProvider.GetUtcNow());
            if (raw.Length < count * 2)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                pixels[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2, 2));
            }

            return true;
        }

        public void Dispose() => video.Dispose();
    }

    /// <summary>A stream that also disposes the object that owns it (the serial port).</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException("A serial stream has no length.");

        public override long Position
        {
            get => throw new NotSupportedException("A serial stream has no position.");
            set => throw new NotSupportedException("A serial stream has no position.");
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial stream cannot seek.");

        public override void SetLength(long value) => throw new NotSupportedException("A serial stream has no length.");

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
