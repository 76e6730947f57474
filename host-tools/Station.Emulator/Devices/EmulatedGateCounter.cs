using System.Buffers.Binary;
using System.Device.Gpio;
using System.Device.Spi;
using Station.Emulator.Buses;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>
/// The emulated gate/counter board: decodes the 7-byte frames of schematics/registers/gate-counter.md (with its
/// own CRC-8 implementation), keeps the register file, and runs four <see cref="EmulatedSpadChannel"/>s in
/// simulated time. Windows latch on the <see cref="TimeProvider"/>'s timestamps; every frame, world step, GPIO
/// change and parameter change first brings the board up to the present. A gate runs only while board enable,
/// channel enable, the GPIO master enable (read from the emulated lines) are on, the channel is not tripped and
/// the watchdog has not cut. Faults: <c>spi_crc</c> flips one reply bit, <c>no_response</c> leaves MISO idle.
/// </summary>
public sealed partial class EmulatedGateCounter : IEmulatedSpiPeripheral, IWorldComponent
{
    public const uint IdValue = 0x4743_0101; // v1.1: v1.0 plus the inter-arrival histogram (0x30–0x33)
    public const int ChannelCount = 4;
    private const byte Ack = 0xA5;
    private const byte NakCrc = 0x5A;
    private const byte NakAddress = 0x3C;
    private const byte NakValue = 0xC3;

    private readonly TimeProvider _time;
    private readonly EmulatedGpioDriver _gpio;
    private readonly int[] _enableLines;
    private readonly FaultInjector _faults;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly bool[] _masterHigh = new bool[ChannelCount];
    private readonly uint[] _latestCounts = new uint[ChannelCount];
    private readonly uint[] _readoutCounts = new uint[ChannelCount];
    private readonly double _ticksPerSecond;
    private readonly EmulatedSpadChannel[] _channels;
    private long _simTicks;
    private long _windowStartTicks;
    private long _windowEndTicks;
    private long _shutterArrivalTicks = long.MinValue;
    private uint _windowInterrupted;
    private uint _windowTripped;
    private uint _latestFlags;
    private uint _readoutFlags;
    private bool _newWindow;
    private bool _externalCut;
    private long _corruptions;

    /// <param name="timeProvider">The simulation clock.</param>
    /// <param name="gpio">The emulated header, whose lines carry the master enables.</param>
    /// <param name="masterEnableLines">BCM lines of enable_ch0..3 (active high).</param>
    /// <param name="faults">The fault schedule.</param>
    /// <param name="deviceId">The pin-map id faults are aimed at.</param>
    /// <param name="seed">Seed of the photon model's random numbers.</param>
    public EmulatedGateCounter(TimeProvider timeProvider, EmulatedGpioDriver gpio, IReadOnlyList<int> masterEnableLines,
        FaultInjector faults, string deviceId = "gate_counter", int seed = 1)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _faults = faults ?? throw new ArgumentNullException(nameof(faults));
        ArgumentNullException.ThrowIfNull(masterEnableLines);
        if (masterEnableLines.Count != ChannelCount)
        {
            throw new ArgumentException($"The board has {ChannelCount} master enables; got {masterEnableLines.Count} lines.", nameof(masterEnableLines));
        }

        DeviceId = deviceId;
        _enableLines = [.. masterEnableLines];
        _random = new Random(seed);
        _ticksPerSecond = _time.TimestampFrequency;
        _channels = [.. Enumerable.Range(0, ChannelCount).Select(index => new EmulatedSpadChannel(index, Synchronize) { Histogram = _histogram })];
        _simTicks = _time.GetTimestamp();
        ResetRegisters();
        RestartWindow();
        RefreshMasterLevels();
        _gpio.OutputChanged += OnOutputChanged;
    }

    public string PartName => "gate/counter board (FPGA)";

    public SpiMode Mode => SpiMode.Mode0;

    /// <summary>The FPGA oversamples SCLK with its 100 MHz clock: 12.5 MHz at most.</summary>
    public int MaxClockHz => 12_500_000;

    public string DeviceId { get; }

    /// <summary>The detectors behind channels 0–3; the world sets their rates.</summary>
    public IReadOnlyList<EmulatedSpadChannel> Channels => _channels;

    /// <summary>Time a shutter move takes between its end positions.</summary>
    public TimeSpan ShutterTravelTime { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Frames received (any length).</summary>
    public long FrameCount { get; private set; }

    /// <summary>Whether the external watchdog's cut input is active.</summary>
    public bool ExternalCut
    {
        get
        {
            lock (_gate)
            {
                return _externalCut;
            }
        }
    }

    /// <summary>The latest latched window's sequence number.</summary>
    public uint WindowSequence
    {
        get
        {
            lock (_gate)
            {
                Synchronize();
                return _sequence;
            }
        }
    }

    /// <summary>The sticky trip flags (bit n = channel n).</summary>
    public uint TripFlags
    {
        get
        {
            lock (_gate)
            {
                Synchronize();
                return _tripFlags;
            }
        }
    }

    /// <summary>Raised after every accepted register write (address, value), inside the frame: tests watch the register states.</summary>
    public event Action<byte, uint>? RegisterWritten;

    /// <summary>The GATE_PERIOD, GATE_DELAY_n and GATE_WIDTH_n registers now, in 10 ps units.</summary>
    public (uint Period, uint Delay, uint Width) GateRegisters(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, ChannelCount);
        lock (_gate)
        {
            return (_period, _delay[channel], _width[channel]);
        }
    }

    /// <summary>Whether channel <paramref name="channel"/>'s gate is running now (the hardware AND).</summary>
    public bool IsGateOpen(int channel)
    {
        lock (_gate)
        {
            Synchronize();
            return GateOpen(channel);
        }
    }

    /// <summary>Whether light reaches the detectors (shutter at its open end).</summary>
    public bool ShutterFullyOpen
    {
        get
        {
            lock (_gate)
            {
                Synchronize();
                return ShutterOpenAt(_simTicks);
            }
        }
    }

    /// <summary>The external hardware watchdog's cut input: closes every gate while active.</summary>
    public void SetExternalCut(bool cut)
    {
        lock (_gate)
        {
            Synchronize();
            _externalCut = cut;
        }
    }

    public void Advance(DateTimeOffset now)
    {
        lock (_gate)
        {
            Synchronize();
        }
    }

    public void Transfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        lock (_gate)
        {
            Synchronize();
            FrameCount++;
            if (_faults.IsActive(FaultKind.NoResponse, DeviceId))
            {
                miso.Fill(0xFF); // nobody drives MISO; the pull-up wins, and nothing is clocked in
                return;
            }

            miso.Clear();
            if (mosi.Length != 7)
            {
                if (miso.Length > 0)
                {
                    miso[0] = StatusByte();
                }

                CountCrcError(); // a frame of the wrong length is discarded like a bad CRC
                return;
            }

            byte address = (byte)(mosi[0] & 0x7F);
            bool write = (mosi[0] & 0x80) != 0;
            uint data = BinaryPrimitives.ReadUInt32BigEndian(mosi[1..5]);
            miso[0] = StatusByte();
            bool known = TryReadRegister(address, out uint value);
            BinaryPrimitives.WriteUInt32BigEndian(miso[1..5], known ? value : 0);
            miso[5] = Crc8(miso[..5]);
            byte ack;
            if (Crc8(mosi[..5]) != mosi[5])
            {
                CountCrcError();
                ack = NakCrc;
            }
            else if (!known)
            {
                ack = NakAddress;
            }
            else if (write)
            {
                ack = WriteRegister(address, data);
                if (ack == Ack)
                {
                    RegisterWritten?.Invoke(address, data);
                }
            }
            else
            {
                if (address == 0x20)
                {
                    CopyLatestToReadout();
                }
                else if (address == HistogramDataAddress)
                {
                    AdvanceHistogramAddress();
                }

                ack = Ack;
            }

            miso[6] = ack;
            if (_faults.IsActive(FaultKind.SpiCrc, DeviceId))
            {
                // One bit of the status or data bytes flips on the way back; the CRC byte then disagrees.
                long n = _corruptions++;
                miso[(int)(n % 5)] ^= (byte)(1 << (int)(n % 8));
            }
        }
    }

    /// <summary>CRC-8/I-432-1, bit by bit (independent of the firmware's table-driven version).</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }

        return (byte)(crc ^ 0x55);
    }

    private void OnOutputChanged(int line, PinValue value)
    {
        if (Array.IndexOf(_enableLines, line) < 0)
        {
            return;
        }

        lock (_gate)
        {
            Synchronize(); // up to the edge with the old level; the refresh at its end takes the new one
        }
    }

    /// <summary>Runs the photon model and the window clock from the last synchronisation to the present.</summary>
    private void Synchronize()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            while (_simTicks < now)
            {
                long end = Math.Min(now, _windowEndTicks);
                if (_shutterArrivalTicks > _simTicks && _shutterArrivalTicks < end)
                {
                    end = _shutterArrivalTicks;
                }

                SimulateSegment(_simTicks, end);
                _simTicks = end;
                if (end == _windowEndTicks)
                {
                    EndWindow();
                }
            }

            RefreshMasterLevels();
        }
    }

    private void SimulateSegment(long fromTicks, long toTicks)
    {
        double t0 = (fromTicks - _windowStartTicks) / _ticksPerSecond;
        double t1 = (toTicks - _windowStartTicks) / _ticksPerSecond;
        bool light = ShutterOpenAt(fromTicks);
        double period = _period * 1e-11;
        for (int channel = 0; channel < ChannelCount; channel++)
        {
            uint bit = 1u << channel;
            bool open = GateOpen(channel);
            if (!open)
            {
                _windowInterrupted |= bit;
            }

            var timing = new GateTiming(period, _delay[channel] * 1e-11, _width[channel] * 1e-11);
            double trippedAt = _channels[channel].Simulate(t0, t1, timing, open, light, _threshold[channel], _random);
            if (!double.IsNaN(trippedAt))
            {
                _tripFlags |= bit; // the gate closes at once, in hardware, until the firmware clears the flag
                _windowTripped |= bit;
            }
        }
    }

    private void EndWindow()
    {
        if (_integrating)
        {
            _sequence = unchecked(_sequence + 1);
            for (int channel = 0; channel < ChannelCount; channel++)
            {
                _latestCounts[channel] = _channels[channel].Count;
            }

            _latestFlags = _windowInterrupted | (_windowTripped << 4);
            _newWindow = true;
        }

        long elapsed = _windowEndTicks - _windowStartTicks;
        foreach (var channel in _channels)
        {
            channel.StartNewWindow(elapsed / _ticksPerSecond);
        }

        _windowStartTicks = _windowEndTicks;
        _windowEndTicks = _windowStartTicks + WindowTicks();
        _windowInterrupted = 0;
        _windowTripped = 0;
    }

    /// <summary>Starts a new window at the present simulated instant, dropping the partial one.</summary>
    private void RestartWindow()
    {
        double elapsed = (_simTicks - _windowStartTicks) / _ticksPerSecond;
        foreach (var channel in _channels)
        {
            channel.StartNewWindow(elapsed);
        }

        _windowStartTicks = _simTicks;
        _windowEndTicks = _simTicks + WindowTicks();
        _windowInterrupted = 0;
        _windowTripped = 0;
    }

    private long WindowTicks() => Math.Max(1, (long)Math.Round(_windowMicroseconds * 1e-6 * _ticksPerSecond));

    private void CopyLatestToReadout()
    {
        Array.Copy(_latestCounts, _readoutCounts, ChannelCount);
        _readoutFlags = _latestFlags;
        _newWindow = false;
    }

    private void RefreshMasterLevels()
    {
        for (int channel = 0; channel < ChannelCount; channel++)
        {
            _masterHigh[channel] = _gpio.LevelOf(_enableLines[channel]) == PinValue.High;
        }
    }

    private bool GateOpen(int channel) =>
        (_control & 1) != 0
        && (_control & (1u << (4 + channel))) != 0
        && _masterHigh[channel]
        && (_tripFlags & (1u << channel)) == 0
        && !_externalCut;

    private bool ShutterOpenAt(long ticks) => _shutterCommandOpen && ticks >= _shutterArrivalTicks;

    private bool ShutterClosedAt(long ticks) => !_shutterCommandOpen && ticks >= _shutterArrivalTicks;

    private void CountCrcError()
    {
        if (_crcErrors < uint.MaxValue)
        {
            _crcErrors++;
        }
    }
}
