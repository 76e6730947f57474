using System.Globalization;
using Station.Firmware.Filters;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// <c>QKD Station Filter Wheel</c>: the first configured wheel (the spectral one) as the standard INDI filter wheel —
/// FILTER_SLOT (<c>FILTER_SLOT_VALUE</c>, 1-based) and FILTER_NAME — and every further wheel as
/// <c>FILTER_SLOT_&lt;WHEEL&gt;</c>/<c>FILTER_NAME_&lt;WHEEL&gt;</c> (e.g. FILTER_SLOT_ND). A move is Busy until the wheel has
/// settled (the detectors are gated off meanwhile by the wheel service), Ok then, Alert with the reason on a refusal
/// or fault. Slot names come from the bench calibration, so FILTER_NAME is read-only.
/// </summary>
public sealed class IndiFilterWheelDevice : IndiDevice
{
    public const string DeviceName = "QKD Station Filter Wheel";

    private readonly FilterWheelService _wheels;
    private readonly List<Wheel> _units = [];

    public IndiFilterWheelDevice(FilterWheelService wheels)
        : base(DeviceName)
    {
        _wheels = wheels ?? throw new ArgumentNullException(nameof(wheels));
        var names = wheels.WheelNames;
        for (int w = 0; w < names.Count; w++)
        {
            string suffix = w == 0 ? "" : "_" + names[w].ToUpperInvariant();
            var slots = wheels.SlotNames(names[w]);
            var slot = Number("FILTER_SLOT" + suffix, w == 0 ? "Filter Slot" : $"Filter Slot ({names[w]})", MainGroup, IndiAccessMode.ReadWrite,
                Element("FILTER_SLOT_VALUE", "Filter", 1, slots.Count, 1, "%3.0f"));
            slot.TimeoutSeconds = 30;
            var text = Text("FILTER_NAME" + suffix, w == 0 ? "Filter" : $"Filter ({names[w]})", MainGroup, IndiAccessMode.ReadOnly,
                [.. slots.Select((s, i) => ($"FILTER_SLOT_NAME_{i + 1}", $"Filter #{i + 1}"))]);
            for (int i = 0; i < slots.Count; i++)
            {
                text.Elements[i].Text = slots[i];
            }

            text.State = IndiState.Ok;
            _units.Add(new Wheel(names[w], slots, slot, text));
        }
    }

    protected override void OnCommand(IndiCommand command, IndiHub hub)
    {
        var unit = _units.FirstOrDefault(u => u.Slot == command.Vector);
        if (unit is null)
        {
            hub.Refuse(command.Vector, $"{command.Vector.Name} cannot be set");
            return;
        }

        double value = command.Number("FILTER_SLOT_VALUE");
        if (value != Math.Round(value) || value < 1 || value > unit.Slots.Count)
        {
            hub.Refuse(unit.Slot, string.Create(CultureInfo.InvariantCulture, $"slot {value} does not exist on wheel '{unit.Name}'; slots are 1 to {unit.Slots.Count}; nothing was moved"));
            return;
        }

        try
        {
            string target = unit.Slots[(int)value - 1];
            unit.Pending = _wheels.SelectSlot(unit.Name, target);
            unit.Slot["FILTER_SLOT_VALUE"].Number = value;
            unit.Slot.State = unit.Pending.IsCompleted ? IndiState.Ok : IndiState.Busy;
            hub.Publish(unit.Slot, $"wheel '{unit.Name}' to slot {value} '{target}'");
        }
        catch (FilterWheelCommandRefusedException ex)
        {
            hub.Refuse(unit.Slot, ex.Message);
        }
    }

    public override void Update(DateTimeOffset now, IndiHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        foreach (var unit in _units)
        {
            string? message = null;
            if (unit.Pending is { IsCompleted: true } done)
            {
                unit.Pending = null;
                (unit.Slot.State, message) = done.Error is { } error ? (IndiState.Alert, error.Message) : (IndiState.Ok, $"wheel '{unit.Name}' settled at '{done.Slot}'");
            }

            if (unit.Pending is null && _wheels.CurrentSlot(unit.Name) is { } current)
            {
                unit.Slot["FILTER_SLOT_VALUE"].Number = unit.Slots.IndexOf(current) + 1;
                if (unit.Slot.State == IndiState.Idle)
                {
                    unit.Slot.State = IndiState.Ok;
                }
            }
            else if (unit.Pending is null && _wheels.FaultOf(unit.Name) is { } fault && unit.Slot.State != IndiState.Alert)
            {
                unit.Slot.State = IndiState.Alert;
                message = fault;
            }

            if (message is null)
            {
                hub.PublishIfChanged(unit.Slot);
            }
            else
            {
                hub.Publish(unit.Slot, message);
            }
        }
    }

    private sealed class Wheel(string name, IReadOnlyList<string> slots, IndiVector slot, IndiVector names)
    {
        public string Name { get; } = name;

        public List<string> Slots { get; } = [.. slots];

        public IndiVector Slot { get; } = slot;

        public IndiVector Names { get; } = names;

        public FilterSelection? Pending { get; set; }
    }
}
