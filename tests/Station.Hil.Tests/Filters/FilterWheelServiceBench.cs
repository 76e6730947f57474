using Microsoft.Extensions.Logging.Abstractions;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Emulator.World;
using Station.Firmware.Filters;
using Station.Firmware.Safety;
using Station.Hil.Tests.Motion;

namespace Station.Hil.Tests.Filters;

/// <summary>
/// A gate guard that records every hold and, when wired to the gate/counter board, drives every master enable
/// low before <see cref="HoldGatesOff"/> returns (it never turns a gate on: that is the supervisor's job).
/// </summary>
public sealed class RecordingGateGuard(TimeProvider time, GateCounterBoard? board = null) : IDetectorGateGuard
{
    private readonly List<GateHoldRecord> _holds = [];

    public IReadOnlyList<GateHoldRecord> Holds => _holds;

    public int OpenHolds => _holds.Count(h => h.ReleasedAt is null);

    public IDisposable HoldGatesOff(string reason)
    {
        board?.SetAllMasterEnables(false);
        var record = new GateHoldRecord(reason, time.GetUtcNow());
        _holds.Add(record);
        return new Releaser(record, time);
    }

    private sealed class Releaser(GateHoldRecord record, TimeProvider time) : IDisposable
    {
        public void Dispose() => record.ReleasedAt ??= time.GetUtcNow();
    }
}

public sealed class GateHoldRecord(string reason, DateTimeOffset openedAt)
{
    public string Reason { get; } = reason;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public DateTimeOffset? ReleasedAt { get; set; }
}

/// <summary>The firmware's filter-wheel service over the emulated station's two wheels, in simulated time.</summary>
public sealed class FilterWheelServiceBench : IDisposable
{
    public static readonly string[] SpectralSlots = ["810/10nm", "532 beacon", "open", "dark", "850/40nm", "671/10nm"];
    public static readonly string[] NdSlots = ["open", "ND1", "ND2", "ND3", "ND4", "dark"];

    public FilterWheelServiceBench(Action<FilterWheelServiceOptions>? configure = null, bool wireGuardToBoard = false)
    {
        Motion = new MotionTestStation();
        if (wireGuardToBoard)
        {
            // The external watchdog keeps every gate cut until it has seen the firmware's heartbeat for a while.
            Heartbeat = WatchdogHeartbeat.Open(Motion.Station.Buses, Motion.PinMap, Motion.Time);
            Heartbeat.Start();
            Motion.Time.Advance(TimeSpan.FromMilliseconds(300));
            Board = GateCounterBoard.Open(Motion.Station.Buses, Motion.PinMap);
            Board.Initialize();
        }

        Guard = new RecordingGateGuard(Motion.Time, Board);
        Options = new FilterWheelServiceOptions
        {
            Wheels =
            [
                Wheel("spectral", Station.Devices.Board.DeviceId.FilterWheelSpectral, Motion.Station.SpectralFilterWheel, SpectralSlots),
                Wheel("nd", Station.Devices.Board.DeviceId.FilterWheelNd, Motion.Station.NdFilterWheel, NdSlots),
            ],
        };
        configure?.Invoke(Options);
        Service = new FilterWheelService(Microsoft.Extensions.Options.Options.Create(Options), Motion.Station.Buses, Motion.PinMap, Guard, Motion.Time, NullLogger<FilterWheelService>.Instance);
    }

    public MotionTestStation Motion { get; }

    public GateCounterBoard? Board { get; }

    public WatchdogHeartbeat? Heartbeat { get; }

    public RecordingGateGuard Guard { get; }

    public FilterWheelServiceOptions Options { get; }

    public FilterWheelService Service { get; }

    public EmulatedFilterWheel Spectral => Motion.Station.SpectralFilterWheel;

    public EmulatedFilterWheel Nd => Motion.Station.NdFilterWheel;

    public static FilterWheelConfiguration Wheel(string name, string deviceId, EmulatedFilterWheel twin, string[] names)
    {
        int[] offsets = twin.CalibratedSlotOffsets();
        return new FilterWheelConfiguration
        {
            Name = name,
            DeviceId = deviceId,
            SlotCount = offsets.Length,
            GearRatio = twin.Geometry.GearRatio,
            Slots = [.. offsets.Select((offset, i) => new FilterSlotConfiguration { Name = names[i], OffsetMicrosteps = offset })],
        };
    }

    /// <summary>Starts the service (homing every wheel) and runs until every start-up selection has ended.</summary>
    public void Start() => Assert.True(Service.StartAsync(CancellationToken.None).IsCompletedSuccessfully);

    public void StartAndHome()
    {
        Start();
        foreach (string wheel in Service.WheelNames)
        {
            var selection = Service.CurrentSelection(wheel);
            Assert.NotNull(selection);
            RunToEnd(selection);
        }
    }

    public void RunToEnd(FilterSelection selection, double limitSeconds = 90) =>
        Assert.True(Motion.Time.AdvanceUntil(() => selection.IsCompleted, TimeSpan.FromSeconds(limitSeconds)), $"selecting {selection.Slot} on {selection.Wheel} did not end");

    public FilterSelectionResult Select(string wheel, string slot)
    {
        var selection = Service.SelectSlot(wheel, slot);
        RunToEnd(selection);
        Assert.Null(selection.Error);
        return selection.Result!;
    }

    public void Dispose()
    {
        Service.Dispose();
        Board?.Dispose();
        Heartbeat?.Dispose();
        Motion.Dispose();
    }
}
