namespace Station.Emulator.Devices;

/// <summary>The register file of the emulated gate/counter board (schematics/registers/gate-counter.md).</summary>
public sealed partial class EmulatedGateCounter
{
    private const uint MinPeriod = 200;
    private const uint MaxPeriod = 100_000_000;
    private const uint MinWidth = 10;
    private const uint MinWindow = 10;
    private const uint MaxWindow = 10_000_000;

    private readonly uint[] _delay = new uint[ChannelCount];
    private readonly uint[] _width = new uint[ChannelCount];
    private readonly uint[] _threshold = new uint[ChannelCount];
    private uint _control;
    private uint _tripFlags;
    private uint _crcErrors;
    private uint _period;
    private uint _windowMicroseconds;
    private bool _shutterCommandOpen;
    private bool _integrating;
    private uint _sequence;

    /// <summary>The register's value, without side effects; false for an address the board does not have.</summary>
    private bool TryReadRegister(byte address, out uint value)
    {
        value = address switch
        {
            0x00 => IdValue,
            0x01 => _control,
            0x02 => 0,
            0x03 => StatusRegister(),
            0x04 => _tripFlags,
            0x05 => ShutterRegister(),
            0x06 => _crcErrors,
            0x07 => _period,
            0x08 => _windowMicroseconds,
            >= 0x10 and <= 0x1F when (address & 3) == 0 => _delay[(address - 0x10) >> 2],
            >= 0x10 and <= 0x1F when (address & 3) == 1 => _width[(address - 0x10) >> 2],
            >= 0x10 and <= 0x1F when (address & 3) == 2 => _threshold[(address - 0x10) >> 2],
            0x20 => _sequence,
            >= 0x21 and <= 0x24 => _readoutCounts[address - 0x21],
            0x25 => _readoutFlags,
            >= 0x30 and <= 0x33 => ReadHistogramRegister(address),
            _ => uint.MaxValue,
        };
        bool known = address is <= 0x08 or 0x20 or (>= 0x21 and <= 0x25) or (>= 0x30 and <= 0x33) || (address is >= 0x10 and <= 0x1F && (address & 3) != 3);
        if (!known)
        {
            value = 0;
        }

        return known;
    }

    /// <summary>Applies a write whose frame checked out; returns the acknowledge code.</summary>
    private byte WriteRegister(byte address, uint data)
    {
        switch (address)
        {
            case 0x01:
                if ((data & ~0xF1u) != 0)
                {
                    return NakValue;
                }

                _control = data;
                return Ack;
            case 0x02:
                return Command(data);
            case 0x04:
                if ((data & ~0xFu) != 0)
                {
                    return NakValue;
                }

                _tripFlags &= ~data;
                return Ack;
            case 0x05:
                if ((data & ~0x301u) != 0)
                {
                    return NakValue;
                }

                CommandShutter((data & 1) != 0);
                return Ack;
            case 0x06:
                if (data != 0)
                {
                    return NakValue;
                }

                _crcErrors = 0;
                return Ack;
            case 0x07:
                for (int channel = 0; channel < ChannelCount; channel++)
                {
                    if ((ulong)_delay[channel] + _width[channel] > data)
                    {
                        return NakValue;
                    }
                }

                return Set(ref _period, data, MinPeriod, MaxPeriod);
            case 0x08:
                return Set(ref _windowMicroseconds, data, MinWindow, MaxWindow); // applies from the next window
            case >= 0x10 and <= 0x1F:
                return WriteChannelRegister((address - 0x10) >> 2, address & 3, data);
            case >= 0x30 and <= 0x32:
                return WriteHistogramRegister(address, data);
            default:
                return NakAddress; // read-only or unknown
        }
    }

    private byte WriteChannelRegister(int channel, int offset, uint data)
    {
        switch (offset)
        {
            case 0: // delay
                return (ulong)data + _width[channel] > _period ? NakValue : Set(ref _delay[channel], data, 0, _period);
            case 1: // width
                return (ulong)data + _delay[channel] > _period ? NakValue : Set(ref _width[channel], data, MinWidth, _period);
            case 2:
                _threshold[channel] = data;
                return Ack;
            default:
                return NakAddress;
        }
    }

    private byte Command(uint data)
    {
        const uint softReset = 1, start = 2, stop = 4;
        if ((data & ~7u) != 0 || (data & (start | stop)) == (start | stop))
        {
            return NakValue;
        }

        if ((data & softReset) != 0)
        {
            ResetRegisters();
            RestartWindow();
        }

        if ((data & start) != 0)
        {
            _integrating = true;
            _sequence = 0;
            Array.Clear(_latestCounts);
            Array.Clear(_readoutCounts);
            _latestFlags = 0;
            _readoutFlags = 0;
            _newWindow = false;
            RestartWindow();
        }

        if ((data & stop) != 0)
        {
            _integrating = false;
        }

        return Ack;
    }

    private void ResetRegisters()
    {
        _control = 0;
        _tripFlags = 0;
        _crcErrors = 0;
        _period = 10_000;
        _windowMicroseconds = 100_000;
        Array.Fill(_delay, 0u);
        Array.Fill(_width, 1_000u);
        Array.Fill(_threshold, 500_000u);
        CommandShutter(open: false);
        _integrating = false;
        _sequence = 0;
        Array.Clear(_latestCounts);
        Array.Clear(_readoutCounts);
        _latestFlags = 0;
        _readoutFlags = 0;
        _newWindow = false;
        ResetHistogram();
    }

    private void CommandShutter(bool open)
    {
        if (open == _shutterCommandOpen)
        {
            return;
        }

        // A reversal mid-travel takes as long to get back as the shutter had travelled.
        long travel = (long)Math.Round(ShutterTravelTime.TotalSeconds * _ticksPerSecond);
        long remaining = _shutterArrivalTicks > _simTicks ? _shutterArrivalTicks - _simTicks : 0;
        _shutterCommandOpen = open;
        _shutterArrivalTicks = _simTicks + (travel - Math.Min(travel, remaining));
    }

    private uint ShutterRegister() =>
        (_shutterCommandOpen ? 1u : 0u) | (ShutterOpenAt(_simTicks) ? 1u << 8 : 0) | (ShutterClosedAt(_simTicks) ? 1u << 9 : 0);

    private uint StatusRegister()
    {
        uint value = (_control & 1) | (_integrating ? 1u << 1 : 0) | (ShutterOpenAt(_simTicks) ? 1u << 2 : 0)
            | (ShutterClosedAt(_simTicks) ? 1u << 3 : 0) | (_externalCut ? 1u << 4 : 0) | (_tripFlags << 16);
        for (int channel = 0; channel < ChannelCount; channel++)
        {
            value |= _masterHigh[channel] ? 1u << (8 + channel) : 0;
            value |= GateOpen(channel) ? 1u << (12 + channel) : 0;
        }

        return value;
    }

    private byte StatusByte() =>
        (byte)((int)(_control & 1) | (_integrating ? 1 << 1 : 0) | (_tripFlags != 0 ? 1 << 2 : 0)
            | (ShutterOpenAt(_simTicks) ? 1 << 3 : 0) | (_externalCut ? 1 << 4 : 0) | (_newWindow ? 1 << 5 : 0));

    private static byte Set(ref uint register, uint value, uint min, uint max)
    {
        if (value < min || value > max)
        {
            return NakValue;
        }

        register = value;
        return Ack;
    }
}
