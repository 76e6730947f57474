using System.Globalization;
using Station.Core.Safety;
using Station.Devices.GateCounter;
using Station.Firmware.Safety;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// <c>QKD Station Detectors</c>: the SPAD channels under the safety loop. DETECTOR_GATES shows each channel's master
/// enable as the loop last wrote it. The switches on are the operator's channel selection: they ask the safety loop for
/// the gates (operators only — others get Alert with the reason) and the supervisor opens the selected channels it
/// permits (a channel it keeps off is named with its reasons); the selection stays for later passes, so a channel
/// switched off stays off. Switching all off withdraws the demand and keeps the selection. Counts per
/// integration window, trip lights, and a trip reset per channel (operators only: it can re-open a gate).
/// </summary>
public sealed class IndiDetectorsDevice : IndiDevice
{
    public const string DeviceName = "QKD Station Detectors";

    private readonly SafetyLoop _safety;
    private readonly ClientAccessPolicy _policy;
    private readonly IndiDetectorCounts _counts;
    private readonly int _channels;
    private readonly bool _loopRuns;

    /// <param name="safety">The safety loop (the gate guard).</param>
    /// <param name="policy">Who may ungate.</param>
    /// <param name="counts">The latest count window.</param>
    /// <param name="loopRuns">Whether the loop runs (<c>Station:Safety:Enabled</c>); if not, the gates stay off and requests are refused.</param>
    public IndiDetectorsDevice(SafetyLoop safety, ClientAccessPolicy policy, IndiDetectorCounts counts, bool loopRuns = true)
        : base(DeviceName)
    {
        _loopRuns = loopRuns;
        _safety = safety ?? throw new ArgumentNullException(nameof(safety));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _counts = counts ?? throw new ArgumentNullException(nameof(counts));
        _channels = safety.Configuration.ChannelCount;
        var channels = Enumerable.Range(0, _channels).ToArray();
        Gates = Switch("DETECTOR_GATES", "Detector gates", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.AnyOfMany,
            [.. channels.Select(c => ($"GATE_{c}", $"Channel {c} gate"))]);
        Gates.TimeoutSeconds = 5;
        Counts = Number("DETECTOR_COUNTS", "Counts per window", MainGroup, IndiAccessMode.ReadOnly,
            [.. channels.Select(c => Element($"COUNTS_{c}", $"Channel {c}", 0, uint.MaxValue, 1, "%.0f")), Element("WINDOW_S", "Window (s)", 0, 3600)]);
        Trips = Light("DETECTOR_TRIPS", "Bright-light trips", MainGroup, [.. channels.Select(c => ($"TRIP_{c}", $"Channel {c} tripped"))]);
        TripReset = Switch("DETECTOR_TRIP_RESET", "Reset trip", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.AtMostOne,
            [.. channels.Select(c => ($"RESET_{c}", $"Reset channel {c}"))]);
        GateReasons = Text("DETECTOR_GATE_PERMISSION", "Gate permission", MainGroup, IndiAccessMode.ReadOnly,
            [.. channels.Select(c => ($"CHANNEL_{c}", $"Channel {c}"))]);
    }

    public IndiVector Gates { get; }

    public IndiVector Counts { get; }

    public IndiVector Trips { get; }

    public IndiVector TripReset { get; }

    public IndiVector GateReasons { get; }

    protected override void OnCommand(IndiCommand command, IndiHub hub)
    {
        if (command.Vector == Gates)
        {
            bool wanted = command.SwitchesOn().Count > 0;
            if (wanted && !_policy.MayUngateDetectors(command.Client.Remote, out string reason))
            {
                hub.Refuse(Gates, reason);
                return;
            }

            if (wanted && !_loopRuns)
            {
                hub.Refuse(Gates, "the safety loop is disabled (Station:Safety:Enabled is false): the detector gates stay off");
                return;
            }

            if (wanted)
            {
                // The switches on are the operator's channel selection; all off only stops asking (the selection stays).
                _safety.SelectChannels((GateChannels)Enumerable.Range(0, _channels).Where(c => command.On($"GATE_{c}")).Sum(c => 1 << c));
            }

            _safety.SetDemands(wanted, _safety.UplinkDemanded);
            var permissions = _safety.Permissions;
            var kept = Enumerable.Range(0, _channels).Where(c => command.On($"GATE_{c}") && !permissions.GateOn(c))
                .Select(c => $"channel {c} {permissions.Explain(PermissionKind.DetectorGate, c)}").ToList();
            Gates.State = IndiState.Ok;
            hub.Publish(Gates, !wanted ? "gates no longer asked for; the safety loop turns them off"
                : kept.Count == 0 ? "gates asked for; the safety loop opens the selected channels it permits"
                : "gates asked for; the safety supervisor keeps off: " + string.Join("; ", kept));
        }
        else if (command.Vector == TripReset)
        {
            var on = command.SwitchesOn();
            if (on.Count == 0)
            {
                TripReset.State = IndiState.Ok;
                hub.Publish(TripReset);
                return;
            }

            if (!_policy.MayUngateDetectors(command.Client.Remote, out string reason))
            {
                hub.Refuse(TripReset, reason.Replace("detector gating refused", "trip reset refused", StringComparison.Ordinal));
                return;
            }

            int channel = int.Parse(on[0].AsSpan("RESET_".Length), CultureInfo.InvariantCulture);
            var result = _safety.ResetTrip(channel);
            SetSwitches(TripReset);
            if (result.Accepted)
            {
                TripReset.State = IndiState.Ok;
                hub.Publish(TripReset, result.Message);
            }
            else
            {
                hub.Refuse(TripReset, result.Message);
            }
        }
        else
        {
            hub.Refuse(command.Vector, $"{command.Vector.Name} cannot be set");
        }
    }

    public override void Update(DateTimeOffset now, IndiHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        int applied = (int)_safety.AppliedGates;
        var permissions = _safety.Permissions;
        for (int c = 0; c < _channels; c++)
        {
            Gates.Elements[c].On = (applied & (1 << c)) != 0;
            Trips.Elements[c].Light = _safety.CountMonitor.IsLatched(c) ? IndiState.Alert : IndiState.Ok;
            GateReasons.Elements[c].Text = permissions.Explain(PermissionKind.DetectorGate, c);
        }

        if (Gates.State == IndiState.Idle)
        {
            Gates.State = IndiState.Ok;
        }

        hub.PublishIfChanged(Gates);
        Trips.State = Trips.Elements.Any(e => e.Light == IndiState.Alert) ? IndiState.Alert : IndiState.Ok;
        hub.PublishIfChanged(Trips);
        GateReasons.State = IndiState.Ok;
        hub.PublishIfChanged(GateReasons);
        if (_counts.Latest is { } sample)
        {
            for (int c = 0; c < _channels && c < sample.ChannelCount; c++)
            {
                Counts.Elements[c].Number = sample.Counts[c];
            }

            Counts["WINDOW_S"].Number = sample.WindowSeconds;
            Counts.State = IndiState.Ok;
            hub.PublishIfChanged(Counts);
        }
    }
}

/// <summary>
/// The latest count window the safety loop journaled (the telemetry sink is decorated to keep it), for DETECTOR_COUNTS.
/// Written and read on the station clock's thread.
/// </summary>
public sealed class IndiDetectorCounts
{
    private DetectorSample _latest;
    private bool _has;

    public DetectorSample? Latest => _has ? _latest : null;

    public void Record(in DetectorSample sample)
    {
        _latest = sample;
        _has = true;
    }
}

/// <summary>Passes everything to the journal and keeps the latest detector window for INDI.</summary>
public sealed class IndiTelemetryTap(ITelemetrySink inner, IndiDetectorCounts counts) : ITelemetrySink
{
    public TelemetryStatistics Statistics => inner.Statistics;

    public bool WriteDetector(in DetectorSample sample)
    {
        counts.Record(sample);
        return inner.WriteDetector(sample);
    }

    public bool WriteMount(in MountSample sample) => inner.WriteMount(sample);

    public bool WriteOptics(in OpticsSample sample) => inner.WriteOptics(sample);

    public bool WriteWeather(in WeatherSample sample) => inner.WriteWeather(sample);

    public bool WriteClock(in ClockSample sample) => inner.WriteClock(sample);

    public bool WriteEvent(in EventRecord record) => inner.WriteEvent(record);

    public bool WriteAudit(in AuditRecord record) => inner.WriteAudit(record);
}
