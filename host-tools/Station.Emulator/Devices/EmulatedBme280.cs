using System.Device.I2c;
using Station.Emulator.Buses;
using Station.Emulator.Faults;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated Bosch BME280 on I2C, built on Iot.Device.Bindings' <see cref="I2cSimulatedDeviceBase"/>: a
/// write sets the register pointer and then writes (register, value) pairs; a read returns bytes from the
/// pointer on, auto-incrementing, as the datasheet's I2C protocol does. Registers: chip id 0xD0 (0x60),
/// reset 0xE0 (0xB6), ctrl_hum 0xF2 (takes effect at the next ctrl_meas write), status 0xF3
/// (measuring, im_update), ctrl_meas 0xF4, config 0xF5, trimming 0x88–0xA1 and 0xE1–0xE7, data 0xF7–0xFE.
/// <para>
/// Measurements run in simulated time: forced mode measures once and returns to sleep; normal mode
/// measures every t_measure + t_standby. At the end of each measurement the world's pressure, temperature
/// and humidity become raw ADC values by inverting the datasheet compensation with the trimming
/// (<see cref="Bme280Trimming"/>), truncated to the oversampling's resolution (16 bits at ×1 up to 20 bits
/// at ×16) and passed through the IIR filter. A skipped measurement reads 0x80000 (0x8000 humidity).
/// </para>
/// <para>Fault: <c>no_response</c> NACKs every transaction (an <see cref="IOException"/> on the bus).</para>
/// </summary>
public sealed class EmulatedBme280 : I2cSimulatedDeviceBase, IEmulatedI2cPeripheral
{
    private readonly TimeProvider _time;
    private readonly FaultInjector? _faults;
    private readonly string _deviceId;
    private readonly byte[] _registers = new byte[256];
    private readonly Lock _gate = new();
    private readonly byte[] _nvm88;
    private readonly byte[] _nvmE1;
    private byte _ctrlHumLatched;
    private DateTimeOffset _measurementStart;
    private DateTimeOffset? _measurementEnd;
    private double _filteredT = double.NaN;
    private double _filteredP = double.NaN;
    private long _measurementCount;

    /// <param name="timeProvider">The simulation clock.</param>
    /// <param name="trimming">Factory calibration (default: the datasheet's example values).</param>
    /// <param name="faults">The fault schedule (optional).</param>
    /// <param name="deviceId">Pin-map id the faults are aimed at.</param>
    /// <param name="address">I2C address (0x76 with SDO low, 0x77 high).</param>
    public EmulatedBme280(TimeProvider timeProvider, Bme280Trimming? trimming = null, FaultInjector? faults = null, string deviceId = "weather", int address = 0x76)
        : base(new I2cConnectionSettings(1, address))
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        Trimming = trimming ?? new Bme280Trimming();
        _faults = faults;
        _deviceId = deviceId;
        (_nvm88, _nvmE1) = Trimming.ToRegisters();
        PowerOnReset();
    }

    public string PartName => "BME280";

    public Bme280Trimming Trimming { get; }

    /// <summary>World: station pressure, Pa.</summary>
    public double PressurePascals { get; set; } = 101325;

    /// <summary>World: air temperature, °C.</summary>
    public double TemperatureCelsius { get; set; } = 15;

    /// <summary>World: relative humidity, %.</summary>
    public double HumidityPercent { get; set; } = 50;

    /// <summary>Measurements completed by the present simulated time.</summary>
    public long MeasurementCount
    {
        get
        {
            lock (_gate)
            {
                Synchronize();
                return _measurementCount;
            }
        }
    }

    /// <summary>Transactions performed (including NACKed ones).</summary>
    public long TransactionCount { get; private set; }

    /// <summary>The raw register file (after bringing measurements up to date).</summary>
    public byte PeekRegister(byte address)
    {
        lock (_gate)
        {
            Synchronize();
            return _registers[address];
        }
    }

    public override void WriteRead(byte[] inputBuffer, byte[] outputBuffer)
    {
        ArgumentNullException.ThrowIfNull(inputBuffer);
        ArgumentNullException.ThrowIfNull(outputBuffer);
        lock (_gate)
        {
            TransactionCount++;
            if (_faults?.IsActive(FaultKind.NoResponse, _deviceId) == true)
            {
                throw new IOException($"BME280 at I2C1 0x{ConnectionSettings.DeviceAddress:X2}: no ACK (device not responding).");
            }

            Synchronize();
            if (inputBuffer.Length > 0)
            {
                // A lone byte sets the pointer; further bytes are (register, value) pairs.
                CurrentRegister = inputBuffer[0];
                for (int i = 0; i + 1 < inputBuffer.Length; i += 2)
                {
                    WriteRegister(inputBuffer[i], inputBuffer[i + 1]);
                }
            }

            // Burst reads come from one shadow copy: the data registers cannot change mid-read.
            for (int i = 0; i < outputBuffer.Length; i++)
            {
                outputBuffer[i] = _registers[(byte)(CurrentRegister + i)];
            }

            CurrentRegister = (byte)(CurrentRegister + outputBuffer.Length);
        }
    }

    private void WriteRegister(byte address, byte value)
    {
        switch (address)
        {
            case 0xE0 when value == 0xB6:
                PowerOnReset();
                break;
            case 0xF2:
                _registers[0xF2] = (byte)(value & 0x07);
                break;
            case 0xF4:
                _registers[0xF4] = value;
                _ctrlHumLatched = _registers[0xF2];
                StartMode(value & 0x03);
                break;
            case 0xF5:
                _registers[0xF5] = (byte)(value & 0xFD);
                break;
            default:
                break; // read-only or reserved: the chip ignores the write
        }
    }

    private void PowerOnReset()
    {
        Array.Clear(_registers);
        _registers[0xD0] = 0x60;
        _nvm88.CopyTo(_registers, 0x88);
        _nvmE1.CopyTo(_registers, 0xE1);
        SetData(0x80000, 0x80000, 0x8000);
        _ctrlHumLatched = 0;
        _measurementEnd = null;
        _filteredP = _filteredT = double.NaN;
    }

    private void StartMode(int mode)
    {
        _measurementStart = _time.GetUtcNow();
        _measurementEnd = mode == 0 ? null : _measurementStart + MeasurementTime();
    }

    /// <summary>Datasheet typical t_measure = 1 + 2·osrs_t + (2·osrs_p + 0.5) + (2·osrs_h + 0.5) ms.</summary>
    private TimeSpan MeasurementTime()
    {
        int t = Oversampling((_registers[0xF4] >> 5) & 7);
        int p = Oversampling((_registers[0xF4] >> 2) & 7);
        int h = Oversampling(_ctrlHumLatched & 7);
        double ms = 1 + (2 * t) + (p > 0 ? (2 * p) + 0.5 : 0) + (h > 0 ? (2 * h) + 0.5 : 0);
        return TimeSpan.FromMilliseconds(ms);
    }

    private static TimeSpan StandbyTime(int tsb) => TimeSpan.FromMilliseconds(tsb switch
    {
        0 => 0.5,
        1 => 62.5,
        2 => 125,
        3 => 250,
        4 => 500,
        5 => 1000,
        6 => 10,
        _ => 20,
    });

    private static int Oversampling(int code) => code == 0 ? 0 : 1 << Math.Min(code - 1, 4);

    /// <summary>Completes every measurement that has ended by now.</summary>
    private void Synchronize()
    {
        var now = _time.GetUtcNow();
        bool measuring = false;
        while (_measurementEnd is { } end)
        {
            if (now < end)
            {
                measuring = true;
                break;
            }

            Measure();
            int mode = _registers[0xF4] & 0x03;
            if (mode == 0b11)
            {
                _measurementStart = end + StandbyTime(_registers[0xF5] >> 5);
                _measurementEnd = _measurementStart + MeasurementTime();
                if (now < _measurementStart)
                {
                    break;
                }
            }
            else
            {
                _registers[0xF4] &= 0xFC; // forced: back to sleep
                _measurementEnd = null;
            }
        }

        _registers[0xF3] = (byte)(measuring ? 0x08 : 0x00);
    }

    private void Measure()
    {
        _measurementCount++;
        int osrsT = (_registers[0xF4] >> 5) & 7;
        int osrsP = (_registers[0xF4] >> 2) & 7;
        int osrsH = _ctrlHumLatched & 7;
        int filter = (_registers[0xF5] >> 2) & 7;
        int rawT = Trimming.RawTemperature(TemperatureCelsius);
        double tFine = Trimming.TemperatureFine(rawT);
        int rawP = Trimming.RawPressure(PressurePascals, tFine);
        int rawH = Trimming.RawHumidity(HumidityPercent, tFine);
        int outT = osrsT == 0 ? 0x80000 : Filter(ref _filteredT, Resolution(rawT, osrsT, filter), filter);
        int outP = osrsP == 0 ? 0x80000 : Filter(ref _filteredP, Resolution(rawP, osrsP, filter), filter);
        SetData(outP, outT, osrsH == 0 ? 0x8000 : rawH);
    }

    /// <summary>With the filter off, the result has 16 + (osrs − 1) bits; the low bits read 0.</summary>
    private static int Resolution(int raw, int osrs, int filter)
    {
        int bits = filter != 0 ? 20 : 16 + Math.Min(osrs - 1, 4);
        int drop = 20 - bits;
        return (raw >> drop) << drop;
    }

    /// <summary>IIR filter: x = (x_prev·(c − 1) + x_new) / c, c = 2^filter (filter 0: off).</summary>
    private static int Filter(ref double state, int value, int filter)
    {
        int coefficient = filter == 0 ? 1 : 1 << Math.Min(filter, 4);
        state = double.IsNaN(state) || coefficient == 1 ? value : ((state * (coefficient - 1)) + value) / coefficient;
        return (int)Math.Round(state);
    }

    private void SetData(int pressure, int temperature, int humidity)
    {
        _registers[0xF7] = (byte)(pressure >> 12);
        _registers[0xF8] = (byte)(pressure >> 4);
        _registers[0xF9] = (byte)((pressure & 0xF) << 4);
        _registers[0xFA] = (byte)(temperature >> 12);
        _registers[0xFB] = (byte)(temperature >> 4);
        _registers[0xFC] = (byte)((temperature & 0xF) << 4);
        _registers[0xFD] = (byte)(humidity >> 8);
        _registers[0xFE] = (byte)humidity;
    }
}
