using System.Device.Gpio;
using System.Device.Spi;
using System.Globalization;
using Station.Devices.Board;
using Station.Devices.Buses;
using UnitsNet;

namespace Station.Devices.GateCounter;

/// <summary>
/// The station's gate/counter board (FPGA) for four single-photon detectors: SPI mode 0, 7-byte frames with a
/// CRC-8 in both directions and an acknowledge byte (schematics/registers/gate-counter.md), plus one GPIO master
/// enable per channel that the board ANDs with its own enables in hardware. Every reply is checked; a frame that
/// fails is repeated up to <see cref="Retries"/> times, then a <see cref="GateCounterException"/> names the
/// device, register, failure and attempts. Data from an unverified frame is never returned.
/// </summary>
public sealed partial class GateCounterBoard : IDisposable
{
    public const int ChannelCount = 4;

    public const SpiMode RequiredSpiMode = SpiMode.Mode0;

    /// <summary>Retries after a failed frame unless the constructor says otherwise (4 attempts in all).</summary>
    public const int DefaultRetries = 3;

    /// <summary>Gate timing resolution: one LSB of the GATE_* registers.</summary>
    public static readonly Duration GateResolution = Duration.FromNanoseconds(0.01);

    internal const uint MinGatePeriodUnits = 200;
    internal const uint MaxGatePeriodUnits = 100_000_000;
    internal const uint MinGateWidthUnits = 10;
    internal const uint MinWindowMicroseconds = 10;
    internal const uint MaxWindowMicroseconds = 10_000_000;
    private const double SecondsPerGateUnit = 1e-11;

    private readonly SpiDevice _spi;
    private readonly GpioController _gpio;
    private readonly GpioLineAssignment[] _enables;
    private readonly bool _shouldDispose;
    private readonly GateCounterLink _link;
    private readonly uint[] _delayUnits = new uint[ChannelCount];
    private readonly uint[] _widthUnits = new uint[ChannelCount];
    private uint _control;
    private uint _periodUnits = 10_000;
    private uint _windowMicroseconds = 100_000;
    private uint _lastSequence;
    private bool _disposed;

    /// <param name="spiDevice">The board's SPI device (mode 0).</param>
    /// <param name="gpio">The controller owning the master-enable lines (the bus provider's; not disposed here).</param>
    /// <param name="masterEnables">The four master-enable lines, channel 0 first (pin map enable_ch0..3).</param>
    /// <param name="deviceName">The pin-map id, used in every error.</param>
    /// <param name="retries">Frames repeated after a failed one before giving up (0–10).</param>
    /// <param name="shouldDispose">Whether disposing this binding disposes <paramref name="spiDevice"/>.</param>
    public GateCounterBoard(SpiDevice spiDevice, GpioController gpio, IReadOnlyList<GpioLineAssignment> masterEnables,
        string deviceName = DeviceId.GateCounter, int retries = DefaultRetries, bool shouldDispose = true)
    {
        _spi = spiDevice ?? throw new ArgumentNullException(nameof(spiDevice));
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        ArgumentNullException.ThrowIfNull(masterEnables);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceName);
        if (_spi.ConnectionSettings.Mode != RequiredSpiMode)
        {
            throw new ArgumentException($"{deviceName} needs SPI mode 0; the device on SPI{_spi.ConnectionSettings.BusId}.{_spi.ConnectionSettings.ChipSelectLine} is set to {_spi.ConnectionSettings.Mode}.", nameof(spiDevice));
        }

        if (masterEnables.Count != ChannelCount || masterEnables.Any(line => line.Direction != GpioDirection.Output))
        {
            throw new ArgumentException($"{deviceName} needs {ChannelCount} output master-enable lines; got {masterEnables.Count} ({string.Join(", ", masterEnables.Select(l => $"{l.Name} {l.Direction}"))}).", nameof(masterEnables));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(retries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(retries, 10);
        _link = new GateCounterLink(_spi, deviceName, retries);
        _shouldDispose = shouldDispose;
        _enables = [.. masterEnables];
        Array.Fill(_widthUnits, 1_000u);
        foreach (var line in _enables)
        {
            // Gate off before anything else: the line comes up at its inactive level.
            _gpio.OpenPin(line.Line, PinMode.Output, line.InactiveValue);
        }
    }

    /// <summary>The board at the pin map's SPI address with the pin map's master-enable lines.</summary>
    public static GateCounterBoard Open(IBusProvider buses, PinMap pinMap, int retries = DefaultRetries)
    {
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(pinMap);
        var lines = Enumerable.Range(0, ChannelCount)
            .Select(channel => pinMap.GetGpioLine(DeviceId.GateCounter, string.Create(CultureInfo.InvariantCulture, $"enable_ch{channel}")))
            .ToList();
        var spi = buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.GateCounter));
        return new GateCounterBoard(spi, buses.Gpio, lines, DeviceId.GateCounter, retries);
    }

    public string DeviceName => _link.DeviceName;

    public int Retries => _link.Retries;

    /// <summary>Frames sent, including repeats.</summary>
    public long FrameCount => _link.FrameCount;

    /// <summary>Frames repeated because a reply failed its check.</summary>
    public long RetryCount => _link.RetryCount;

    /// <summary>Replies that failed their CRC (or had a damaged status/acknowledge byte).</summary>
    public long CrcErrorCount => _link.CrcErrorCount;

    /// <summary>Replies that were all 0xFF or 0x00.</summary>
    public long NoResponseCount => _link.NoResponseCount;

    /// <summary>Windows that latched but were never read (summed over <see cref="TryReadWindow"/>).</summary>
    public long MissedWindowCount { get; private set; }

    /// <summary>The status byte of the last verified reply.</summary>
    public GateCounterFrameStatus LastFrameStatus => _link.LastFrameStatus;

    /// <summary>The gate period as last written (reset: 100 ns).</summary>
    public Duration GatePeriod => Duration.FromSeconds(_periodUnits * SecondsPerGateUnit);

    /// <summary>The integration window as last written (reset: 100 ms).</summary>
    public Duration IntegrationWindow => Duration.FromMicroseconds(_windowMicroseconds);

    /// <summary>Checks the identity, soft-resets the board and reads its timing registers back.</summary>
    public GateCounterIdentity Initialize()
    {
        var identity = ReadIdentity();
        if (identity.Magic != GateCounterRegisters.Magic || identity.MajorVersion != GateCounterRegisters.SupportedMajorVersion)
        {
            throw new GateCounterException(DeviceName, GateCounterFailure.WrongIdentity, GateCounterRegister.Id, 1,
                $"read {identity}; expected magic 0x{GateCounterRegisters.Magic:X4}, version {GateCounterRegisters.SupportedMajorVersion}.x");
        }

        SoftReset();
        _periodUnits = ReadRegister(GateCounterRegister.GatePeriod);
        _windowMicroseconds = ReadRegister(GateCounterRegister.WindowLength);
        for (int channel = 0; channel < ChannelCount; channel++)
        {
            _delayUnits[channel] = ReadRegister(GateCounterRegisters.GateDelay(channel));
            _widthUnits[channel] = ReadRegister(GateCounterRegisters.GateWidth(channel));
        }

        return identity;
    }

    public GateCounterIdentity ReadIdentity() => GateCounterIdentity.FromRegister(ReadRegister(GateCounterRegister.Id));

    public GateCounterStatus ReadStatus() => new(ReadRegister(GateCounterRegister.Status));

    /// <summary>Returns every register to its reset value (board and channels off, shutter closed, flags cleared).</summary>
    public void SoftReset()
    {
        WriteRegister(GateCounterRegister.Command, GateCounterRegisters.CommandSoftReset);
        _control = 0;
        _lastSequence = 0;
        _periodUnits = 10_000;
        _windowMicroseconds = 100_000;
        Array.Fill(_delayUnits, 0u);
        Array.Fill(_widthUnits, 1_000u);
    }

    public void SetBoardEnabled(bool enabled) => WriteControl(enabled ? _control | 1u : _control & ~1u);

    /// <summary>The board's own enable for one channel (the GPIO master enable is separate).</summary>
    public void SetChannelEnabled(int channel, bool enabled)
    {
        ValidateChannel(channel);
        uint bit = 1u << (4 + channel);
        WriteControl(enabled ? _control | bit : _control & ~bit);
    }

    /// <summary>Drives a channel's GPIO master enable (no SPI: works even when the board does not answer).</summary>
    public void SetMasterEnable(int channel, bool enabled)
    {
        ValidateChannel(channel);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _gpio.Write(_enables[channel].Line, _enables[channel].ValueFor(enabled));
    }

    public void SetAllMasterEnables(bool enabled)
    {
        for (int channel = 0; channel < ChannelCount; channel++)
        {
            SetMasterEnable(channel, enabled);
        }
    }

    public bool IsMasterEnabled(int channel)
    {
        ValidateChannel(channel);
        return _enables[channel].IsActive(_gpio.Read(_enables[channel].Line));
    }

    /// <summary>Sets the gate repetition period (10 ps resolution, 2 ns … 1 ms; every channel's gate must fit).</summary>
    public void SetGatePeriod(Duration period)
    {
        uint units = ToGateUnits(period, "gate period", MinGatePeriodUnits, MaxGatePeriodUnits);
        for (int channel = 0; channel < ChannelCount; channel++)
        {
            if (_delayUnits[channel] + _widthUnits[channel] > units)
            {
                throw new ArgumentOutOfRangeException(nameof(period), period,
                    $"{DeviceName}: gate period {FormatUnits(units)} is shorter than channel {channel}'s delay {FormatUnits(_delayUnits[channel])} + width {FormatUnits(_widthUnits[channel])}; shrink that gate first.");
            }
        }

        WriteRegister(GateCounterRegister.GatePeriod, units);
        _periodUnits = units;
    }

    /// <summary>Sets a channel's gate delay and width (10 ps resolution; delay + width ≤ period).</summary>
    public void ConfigureGate(int channel, Duration delay, Duration width)
    {
        ValidateChannel(channel);
        uint delayUnits = ToGateUnits(delay, "gate delay", 0, _periodUnits);
        uint widthUnits = ToGateUnits(width, "gate width", MinGateWidthUnits, _periodUnits);
        if ((ulong)delayUnits + widthUnits > _periodUnits)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width,
                $"{DeviceName} channel {channel}: delay {FormatUnits(delayUnits)} + width {FormatUnits(widthUnits)} exceeds the gate period {FormatUnits(_periodUnits)}.");
        }

        // The board refuses any intermediate state with delay + width > period; one of the two orders always avoids it.
        if (delayUnits + _widthUnits[channel] <= _periodUnits)
        {
            WriteRegister(GateCounterRegisters.GateDelay(channel), delayUnits);
            _delayUnits[channel] = delayUnits;
            WriteRegister(GateCounterRegisters.GateWidth(channel), widthUnits);
            _widthUnits[channel] = widthUnits;
        }
        else
        {
            WriteRegister(GateCounterRegisters.GateWidth(channel), widthUnits);
            _widthUnits[channel] = widthUnits;
            WriteRegister(GateCounterRegisters.GateDelay(channel), delayUnits);
            _delayUnits[channel] = delayUnits;
        }
    }

    /// <summary>
    /// Moves a channel's gate, keeping its width: one register write, which the board applies when the frame
    /// completes, so the gate goes from the old delay to the new one with no state in between.
    /// </summary>
    public void SetGateDelay(int channel, Duration delay)
    {
        ValidateChannel(channel);
        uint delayUnits = ToGateUnits(delay, "gate delay", 0, _periodUnits);
        if ((ulong)delayUnits + _widthUnits[channel] > _periodUnits)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay,
                $"{DeviceName} channel {channel}: delay {FormatUnits(delayUnits)} + width {FormatUnits(_widthUnits[channel])} exceeds the gate period {FormatUnits(_periodUnits)}.");
        }

        WriteRegister(GateCounterRegisters.GateDelay(channel), delayUnits);
        _delayUnits[channel] = delayUnits;
    }

    public (Duration Delay, Duration Width) GetGate(int channel)
    {
        ValidateChannel(channel);
        return (Duration.FromSeconds(_delayUnits[channel] * SecondsPerGateUnit), Duration.FromSeconds(_widthUnits[channel] * SecondsPerGateUnit));
    }

    /// <summary>Sets the integration window (1 µs resolution, 10 µs … 10 s); it applies from the next window.</summary>
    public void SetIntegrationWindow(Duration window)
    {
        double microseconds = window.Microseconds;
        if (!double.IsFinite(microseconds) || Math.Round(microseconds) < MinWindowMicroseconds || Math.Round(microseconds) > MaxWindowMicroseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window,
                $"{DeviceName}: integration window {window} is outside 10 µs … 10 s (resolution 1 µs).");
        }

        uint value = (uint)Math.Round(microseconds);
        WriteRegister(GateCounterRegister.WindowLength, value);
        _windowMicroseconds = value;
    }

    /// <summary>Bright-light trip: the channel's gate closes in hardware when its count in a window exceeds this.</summary>
    public void SetTripThreshold(int channel, uint countsPerWindow) =>
        WriteRegister(GateCounterRegisters.TripThreshold(channel), countsPerWindow);

    /// <summary>The trip threshold as a count rate over the current integration window (rounded down).</summary>
    public void SetTripThreshold(int channel, Frequency countRate)
    {
        double counts = Math.Floor(countRate.Hertz * _windowMicroseconds * 1e-6);
        if (!double.IsFinite(counts) || counts < 0 || counts > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(countRate), countRate,
                $"{DeviceName} channel {channel}: trip rate {countRate} over a {_windowMicroseconds} µs window is outside 0 … {uint.MaxValue} counts.");
        }

        SetTripThreshold(channel, (uint)counts);
    }

    public uint ReadTripThreshold(int channel) => ReadRegister(GateCounterRegisters.TripThreshold(channel));

    /// <summary>Restarts the window now and starts latching windows (sequence numbers restart at 1).</summary>
    public void StartIntegration()
    {
        WriteRegister(GateCounterRegister.Command, GateCounterRegisters.CommandStartIntegration);
        _lastSequence = 0;
    }

    public void StopIntegration() => WriteRegister(GateCounterRegister.Command, GateCounterRegisters.CommandStopIntegration);

    /// <summary>
    /// Reads the latest latched window if it is new. Returns false when no window has latched since the last one
    /// returned. <see cref="GateCounterWindow.MissedWindows"/> counts windows latched in between that were never read.
    /// </summary>
    public bool TryReadWindow(out GateCounterWindow window)
    {
        uint sequence = ReadRegister(GateCounterRegister.WindowSequence);
        uint step = unchecked(sequence - _lastSequence);
        if (step == 0)
        {
            window = default;
            return false;
        }

        if (step >= 0x8000_0000)
        {
            throw new GateCounterException(DeviceName, GateCounterFailure.SequenceReset, GateCounterRegister.WindowSequence, 1,
                $"sequence {sequence} after {_lastSequence}; the board was reset or integration restarted elsewhere.");
        }

        uint c0 = ReadRegister(GateCounterRegister.WindowCount0);
        uint c1 = ReadRegister(GateCounterRegister.WindowCount0 + 1);
        uint c2 = ReadRegister(GateCounterRegister.WindowCount0 + 2);
        uint c3 = ReadRegister(GateCounterRegister.WindowCount0 + 3);
        uint flags = ReadRegister(GateCounterRegister.WindowFlags);
        window = new GateCounterWindow(sequence, c0, c1, c2, c3, (GateChannels)(flags & 0xF), (GateChannels)((flags >> 4) & 0xF), step - 1);
        MissedWindowCount += step - 1;
        _lastSequence = sequence;
        return true;
    }

    public GateChannels ReadTripFlags() => (GateChannels)(ReadRegister(GateCounterRegister.TripFlags) & 0xF);

    /// <summary>Clears sticky trip flags (the gates reopen if everything else allows; light still there trips again).</summary>
    public void ClearTripFlags(GateChannels channels)
    {
        if ((channels & ~GateChannels.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"{DeviceName}: only channels 0-3 exist.");
        }

        WriteRegister(GateCounterRegister.TripFlags, (uint)channels);
    }

    public void SetShutterOpen(bool open) => WriteRegister(GateCounterRegister.Shutter, open ? 1u : 0u);

    /// <summary>The commanded state and the sensed position of the shutter.</summary>
    public (bool CommandedOpen, ShutterPosition Position) ReadShutter()
    {
        uint raw = ReadRegister(GateCounterRegister.Shutter);
        bool open = (raw & (1u << 8)) != 0;
        bool closed = (raw & (1u << 9)) != 0;
        return ((raw & 1) != 0, (open, closed) switch
        {
            (true, false) => ShutterPosition.Open,
            (false, true) => ShutterPosition.Closed,
            _ => ShutterPosition.Moving,
        });
    }

    /// <summary>Frames the board received with a bad command CRC since reset or the last clear.</summary>
    public uint ReadBoardCrcErrorCount() => ReadRegister(GateCounterRegister.CrcErrors);

    public void ClearBoardCrcErrorCount() => WriteRegister(GateCounterRegister.CrcErrors, 0);

    public uint ReadRegister(GateCounterRegister register)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _link.Exchange(register, write: false, 0);
    }

    public void WriteRegister(GateCounterRegister register, uint value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _link.Exchange(register, write: true, value);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        foreach (var line in _enables)
        {
            _gpio.Write(line.Line, line.InactiveValue);
            _gpio.ClosePin(line.Line);
        }

        _disposed = true;
        if (_shouldDispose)
        {
            _spi.Dispose();
        }
    }

    internal static void ValidateChannel(int channel)
    {
        if ((uint)channel >= ChannelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"The gate/counter board has channels 0-{ChannelCount - 1}.");
        }
    }

    private void WriteControl(uint value)
    {
        WriteRegister(GateCounterRegister.Control, value);
        _control = value;
    }

    private uint ToGateUnits(Duration value, string what, uint min, uint max)
    {
        double units = Math.Round(value.Seconds / SecondsPerGateUnit);
        if (!double.IsFinite(units) || units < min || units > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value,
                $"{DeviceName}: {what} {value} is outside {FormatUnits(min)} … {FormatUnits(max)} (resolution 10 ps).");
        }

        return (uint)units;
    }

    private static string FormatUnits(uint units) => string.Create(CultureInfo.InvariantCulture, $"{units * 0.01:0.##} ns");
}
