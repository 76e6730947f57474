using Station.Emulator.Devices;
using UnitsNet;

namespace Station.Emulator.World;

/// <summary>
/// What reaches the detectors: the satellite's downlink photons and the night-sky background, through the filter
/// wheels and into the single-photon detectors of the gate/counter board. Parameters are the scenario's truth.
/// </summary>
public sealed record PhotonLinkParameters
{
    /// <summary>Detected downlink photons per second (all channels together) on axis, through the signal filter, at <see cref="ReferenceRangeKm"/>, clear sky.</summary>
    public double SignalRateAtReferenceHz { get; init; } = 40_000;

    public double ReferenceRangeKm { get; init; } = 1000;

    /// <summary>Sky background per channel through the open slots, Hz.</summary>
    public double BackgroundHz { get; init; } = 5_000;

    /// <summary>Gaussian coupling of the beam into the detector fibre: 1/e² radius of the coupling in µrad on the sky (σ = half of it).</summary>
    public double CouplingRadiusUrad { get; init; } = 8;

    /// <summary>Transmission of each spectral-wheel slot for the downlink, and for the broadband background (slot order of the wheel).</summary>
    public IReadOnlyList<(double Signal, double Background)> SpectralSlots { get; init; } =
        [(0.9, 0.01), (0, 0.005), (1, 1), (0, 0), (0.05, 0.04), (0, 0.01)];

    /// <summary>Transmission of each ND-wheel slot (slot order of the wheel).</summary>
    public IReadOnlyList<double> NdSlots { get; init; } = [1, 0.1, 0.01, 1e-3, 1e-4, 0];
}

/// <summary>
/// Sets each SPAD channel's signal and background rate every millisecond from the link: the received rate falls with
/// range squared and with clouds, couples into the detectors as a Gaussian of the fine residual, passes the filters in
/// the beam (nothing while a wheel is between slots), and is shared equally by the channels (a polarisation analyser).
/// It also integrates the signal counts the detectors should see through their open gates.
/// </summary>
public sealed class EmulatedPhotonLink : IWorldComponent
{
    private readonly EmulatedStation _station;
    private readonly EmulatedBeaconSky _sky;
    private readonly PhotonLinkParameters _parameters;
    private readonly Func<DateTime, double> _rangeKm;
    private DateTimeOffset? _last;
    private DateTimeOffset _rangeTime = DateTimeOffset.MinValue;
    private double _range = double.NaN;

    /// <param name="station">The emulated station whose detectors and wheels the light passes.</param>
    /// <param name="sky">The beacon sky: the fine residual, clouds and the line of sight's elevation.</param>
    /// <param name="rangeKm">The satellite's range at a time, km (refreshed every 100 ms).</param>
    /// <param name="parameters">The link's truth.</param>
    public EmulatedPhotonLink(EmulatedStation station, EmulatedBeaconSky sky, Func<DateTime, double> rangeKm, PhotonLinkParameters? parameters = null)
    {
        _station = station ?? throw new ArgumentNullException(nameof(station));
        _sky = sky ?? throw new ArgumentNullException(nameof(sky));
        _rangeKm = rangeKm ?? throw new ArgumentNullException(nameof(rangeKm));
        _parameters = parameters ?? new PhotonLinkParameters();
    }

    public PhotonLinkParameters Parameters => _parameters;

    /// <summary>Signal counts the detectors should have recorded so far (rate × open-gate time, before dead time).</summary>
    public double ExpectedSignalCounts { get; private set; }

    /// <summary>The dark counts one channel records per second with its gate enabled (dark rate × gate duty), Hz, for the report.</summary>
    public double DarkCountRateHz => _station.GateCounter.Channels[0].DarkCountRate.Hertz * GateDuty(0);

    public void Advance(DateTimeOffset now)
    {
        double dt = _last is { } last ? (now - last).TotalSeconds : 0;
        _last = now;
        if (now - _rangeTime >= TimeSpan.FromMilliseconds(100))
        {
            _range = _rangeKm(now.UtcDateTime);
            _rangeTime = now;
        }

        var (signal, background) = RatesPerChannel();
        var channels = _station.GateCounter.Channels;
        for (int ch = 0; ch < channels.Count; ch++)
        {
            channels[ch].SignalRate = Frequency.FromHertz(signal);
            channels[ch].BackgroundRate = Frequency.FromHertz(background);
            if (dt > 0 && _station.GateCounter.IsGateOpen(ch))
            {
                ExpectedSignalCounts += signal * dt * GateDuty(ch);
            }
        }
    }

    private (double Signal, double Background) RatesPerChannel()
    {
        int? spectral = _station.SpectralFilterWheel.SlotInBeam, nd = _station.NdFilterWheel.SlotInBeam;
        if (spectral is not { } s || nd is not { } n || s >= _parameters.SpectralSlots.Count || n >= _parameters.NdSlots.Count)
        {
            return (0, 0); // a wheel between slots: its frame blocks the beam
        }

        var (signalT, backgroundT) = _parameters.SpectralSlots[s];
        double ndT = _parameters.NdSlots[n];
        double channels = _station.GateCounter.Channels.Count;
        double background = _parameters.BackgroundHz * backgroundT * ndT;
        double range = _range;
        if (!double.IsFinite(range) || _sky.LineOfSightElevationDeg <= 0)
        {
            return (0, background);
        }

        var (x, y) = _sky.Residual;
        double sigma = _parameters.CouplingRadiusUrad / 2;
        double coupling = Math.Exp(-((x * x) + (y * y)) / (2 * sigma * sigma));
        double rangeFactor = (_parameters.ReferenceRangeKm / range) * (_parameters.ReferenceRangeKm / range);
        double signal = _parameters.SignalRateAtReferenceHz * rangeFactor * _sky.Transmission * coupling * signalT * ndT / channels;
        return (signal, background);
    }

    /// <summary>The open fraction of channel <paramref name="channel"/>'s gate (width over period; 1 when free-running).</summary>
    private double GateDuty(int channel)
    {
        var (period, _, width) = _station.GateCounter.GateRegisters(channel);
        return period == 0 || width >= period ? 1 : (double)width / period;
    }
}
