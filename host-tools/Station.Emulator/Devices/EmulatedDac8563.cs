using System.Device.Spi;
using Station.Emulator.Buses;
using Station.Emulator.Faults;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated TI DAC8563 on SPI (write-only: MISO is not driven and reads the pulled-up bus). It decodes
/// each 24-bit frame as the part does: <c>x x C2 C1 C0 A2 A1 A0 D15…D0</c>. A frame that is not exactly
/// 24 bits (SYNC raised early, or extra clocks) is discarded, as the datasheet's SYNC interrupt does.
/// Power-on state: both DAC and input registers at mid-scale (DAC8563), both channels powered up, the
/// internal reference off and gains 1, LDAC pins active. Enabling the internal reference sets both gains
/// to 2, disabling it sets them to 1; the gain register (command 000, address 010) then sets them per
/// channel (bit = 0: gain 2). V_OUT = code / 65536 × V_REF × gain, or 0 V while powered down.
/// <para>
/// Faults: <c>no_response</c> ignores every frame (the chip is absent: nothing on the bus shows it);
/// <c>spi_crc</c> flips one bit of the upper data byte of every frame (a bit error the part cannot detect:
/// it has no CRC), so the outputs go wrong and only a read-back of the outputs notices.
/// </para>
/// </summary>
public sealed class EmulatedDac8563 : IEmulatedSpiPeripheral
{
    private const ushort MidScale = 0x8000;
    private readonly FaultInjector? _faults;
    private readonly string _deviceId;
    private readonly Random _random;
    private readonly double _externalReferenceVolts;
    private readonly Lock _gate = new();
    private readonly ushort[] _input = [MidScale, MidScale];
    private readonly ushort[] _dac = [MidScale, MidScale];
    private readonly int[] _gain = [1, 1];
    private readonly int[] _powerMode = [0, 0];

    /// <param name="externalReferenceVolts">Voltage on the VREF pin when the internal reference is off.</param>
    /// <param name="faults">The fault schedule (optional).</param>
    /// <param name="deviceId">Pin-map id the faults are aimed at.</param>
    /// <param name="seed">Seed choosing which bit a garbled frame loses.</param>
    public EmulatedDac8563(double externalReferenceVolts = 0, FaultInjector? faults = null, string deviceId = "steering_mirror_dac", int seed = 7)
    {
        _externalReferenceVolts = externalReferenceVolts;
        _faults = faults;
        _deviceId = deviceId;
        _random = new Random(seed);
    }

    /// <summary>Raised before the outputs change, so whatever they drive can first catch up to the present.</summary>
    public event Action? OutputsChanging;

    public string PartName => "DAC8563";

    /// <summary>Latches DIN on the falling SCLK edge with SCLK idling high (CPOL = 1, CPHA = 0).</summary>
    public SpiMode Mode => SpiMode.Mode2;

    public int MaxClockHz => 50_000_000;

    /// <summary>Whether the internal 2.5 V reference is on.</summary>
    public bool InternalReferenceEnabled { get; private set; }

    /// <summary>Voltage on the VREF pin: 2.5 V with the internal reference on, else the external reference.</summary>
    public double ReferenceVolts
    {
        get
        {
            lock (_gate)
            {
                return InternalReferenceEnabled ? 2.5 : _externalReferenceVolts;
            }
        }
    }

    /// <summary>LDAC register: bit 0 DAC-A, bit 1 DAC-B ignore the LDAC pin.</summary>
    public int LdacMask { get; private set; }

    /// <summary>Frames accepted and executed.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Frames discarded (wrong length or ignored under a fault).</summary>
    public long DiscardedFrames { get; private set; }

    /// <summary>The DAC register (what the output shows) of channel 0 (A) or 1 (B).</summary>
    public ushort DacRegister(int channel)
    {
        lock (_gate)
        {
            return _dac[channel];
        }
    }

    /// <summary>The gain of channel 0 (A) or 1 (B).</summary>
    public int Gain(int channel)
    {
        lock (_gate)
        {
            return _gain[channel];
        }
    }

    /// <summary>The output voltage of channel 0 (A) or 1 (B).</summary>
    public double OutputVolts(int channel)
    {
        lock (_gate)
        {
            if (_powerMode[channel] != 0)
            {
                return 0;
            }

            return _dac[channel] / 65536.0 * ReferenceVolts * _gain[channel];
        }
    }

    public void Transfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        miso.Fill(0xFF);
        lock (_gate)
        {
            if (mosi.Length != 3 || _faults?.IsActive(FaultKind.NoResponse, _deviceId) == true)
            {
                DiscardedFrames++;
                return;
            }

            int frame = (mosi[0] << 16) | (mosi[1] << 8) | mosi[2];
            if (_faults?.IsActive(FaultKind.SpiCrc, _deviceId) == true)
            {
                frame ^= 1 << (8 + _random.Next(8));
            }

            FrameCount++;
            OutputsChanging?.Invoke();
            Execute((frame >> 19) & 0b111, (frame >> 16) & 0b111, (ushort)frame);
        }
    }

    private void Execute(int command, int address, ushort data)
    {
        switch (command)
        {
            case 0b000 when address == 0b010:
                _gain[0] = (data & 1) != 0 ? 1 : 2;
                _gain[1] = (data & 2) != 0 ? 1 : 2;
                break;
            case 0b000:
                WriteInput(address, data);
                break;
            case 0b001:
                Update(address);
                break;
            case 0b010:
                WriteInput(address, data);
                Update(0b111);
                break;
            case 0b011:
                WriteInput(address, data);
                Update(address);
                break;
            case 0b100:
                for (int channel = 0; channel < 2; channel++)
                {
                    if ((data & (1 << channel)) != 0)
                    {
                        _powerMode[channel] = (data >> 4) & 0b11;
                    }
                }

                break;
            case 0b101:
                _input[0] = _input[1] = _dac[0] = _dac[1] = MidScale;
                if ((data & 1) != 0)
                {
                    _gain[0] = _gain[1] = 1;
                    _powerMode[0] = _powerMode[1] = 0;
                    InternalReferenceEnabled = false;
                    LdacMask = 0;
                }

                break;
            case 0b110:
                LdacMask = data & 0b11;
                break;
            default:
                InternalReferenceEnabled = (data & 1) != 0;
                _gain[0] = _gain[1] = InternalReferenceEnabled ? 2 : 1;
                break;
        }
    }

    private void WriteInput(int address, ushort data)
    {
        if (address is 0b000 or 0b111)
        {
            _input[0] = data;
        }

        if (address is 0b001 or 0b111)
        {
            _input[1] = data;
        }
    }

    private void Update(int address)
    {
        if (address is 0b000 or 0b111)
        {
            _dac[0] = _input[0];
        }

        if (address is 0b001 or 0b111)
        {
            _dac[1] = _input[1];
        }
    }
}
