using Station.Devices.CalibrationSource;
using UnitsNet;

namespace Station.Emulator.World.Calibration;

/// <summary>
/// The bench calibration source of the emulated station: a fibre-coupled LED/pulsed laser diode split onto the four
/// detector channels. Each step it sets every SPAD channel's signal rate (continuous) or photons per pulse (pulsed)
/// from the per-channel level at full power (<see cref="CalibrationBenchTruth"/>), the relative power, and — when
/// injected through the filter wheels — the aperture overlap and reference transmission of the slot in the beam of
/// each wheel. Sky background is zero on the bench (the dome is closed). The shutter of the gate/counter board still
/// decides whether light reaches the diodes. This is the physics; the firmware reaches it only through the serial
/// twin of the controller box, <see cref="Station.Emulator.Devices.EmulatedBenchCalibrationSource"/>.
/// </summary>
public sealed class EmulatedCalibrationSource : IWorldComponent
{
    private readonly EmulatedStation _station;
    private readonly CalibrationBenchTruth _truth;
    private readonly double[] _lastRate;
    private readonly double[] _lastPulse;

    /// <summary>Attaches the source to <paramref name="station"/> (added to its world) and writes the truth's per-channel
    /// detector parameters (dark rate, dead time, afterpulsing, arrival delay, jitter) into the emulated SPADs.</summary>
    public EmulatedCalibrationSource(EmulatedStation station, CalibrationBenchTruth truth)
    {
        _station = station ?? throw new ArgumentNullException(nameof(station));
        _truth = truth ?? throw new ArgumentNullException(nameof(truth));
        var channels = station.GateCounter.Channels;
        _lastRate = new double[channels.Count];
        _lastPulse = new double[channels.Count];
        for (int i = 0; i < channels.Count; i++)
        {
            var t = truth.Channels[i];
            channels[i].DarkCountRate = Frequency.FromHertz(t.DarkCountRateHz);
            channels[i].DeadTime = Duration.FromNanoseconds(t.DeadTimeNs);
            channels[i].AfterpulseProbability = t.AfterpulseProbability;
            channels[i].AfterpulseTimeConstant = Duration.FromNanoseconds(t.AfterpulseTimeConstantNs);
            channels[i].PulseArrivalDelay = Duration.FromNanoseconds(t.PulseArrivalDelayNs);
            channels[i].PulseJitter = Duration.FromNanoseconds(t.PulseJitterPs / 1000);
            channels[i].SignalRate = Frequency.Zero;
            channels[i].BackgroundRate = Frequency.Zero;
        }

        station.SpectralFilterWheel.SetSlotCentreOffsets(truth.SpectralSlotOffsetsDegrees);
        station.NdFilterWheel.SetSlotCentreOffsets(truth.NdSlotOffsetsDegrees);
        station.World.Add(this);
        Update();
    }

    public CalibrationBenchTruth Truth => _truth;

    public CalibrationLightMode Mode { get; private set; }

    public CalibrationInjection Injection { get; private set; }

    /// <summary>Relative source power, 0 … 1.</summary>
    public double Power { get; private set; }

    /// <summary>Sets the source; takes effect at once (the diodes are brought up to the present first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The power is outside 0 … 1; nothing was changed.</exception>
    public void Set(CalibrationLightMode mode, double power, CalibrationInjection injection = CalibrationInjection.BehindFilterWheels)
    {
        if (!double.IsFinite(power) || power is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "The calibration source's relative power must be within 0 … 1.");
        }

        Mode = mode;
        Power = power;
        Injection = injection;
        Update();
    }

    public void Advance(DateTimeOffset now) => Update();

    /// <summary>Transmission of the two wheels for the reference beam now (1 when injected behind them).</summary>
    public double WheelTransmission()
    {
        if (Injection == CalibrationInjection.BehindFilterWheels)
        {
            return 1;
        }

        var (spectralSlot, spectralOpen) = _station.SpectralFilterWheel.ApertureTransmission();
        var (ndSlot, ndOpen) = _station.NdFilterWheel.ApertureTransmission();
        return spectralOpen * _truth.SpectralReferenceTransmission[spectralSlot] * ndOpen * _truth.NdReferenceTransmission[ndSlot];
    }

    private void Update()
    {
        double wheels = Mode == CalibrationLightMode.Off ? 0 : WheelTransmission();
        var channels = _station.GateCounter.Channels;
        for (int i = 0; i < channels.Count; i++)
        {
            double rate = Mode == CalibrationLightMode.Continuous ? _truth.Channels[i].ContinuousRateAtFullPowerHz * Power * wheels : 0;
            double pulse = Mode == CalibrationLightMode.Pulsed ? _truth.Channels[i].PhotonsPerPulseAtFullPower * Power * wheels : 0;
            if (rate != _lastRate[i])
            {
                channels[i].SignalRate = Frequency.FromHertz(rate);
                _lastRate[i] = rate;
            }

            if (pulse != _lastPulse[i])
            {
                channels[i].PhotonsPerPulse = pulse;
                _lastPulse[i] = pulse;
            }
        }
    }
}
