namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// What every station device shares: its name, its vectors, and the standard <c>CONNECTION</c> property. The firmware
/// is the hardware, so a device is always connected: DISCONNECT is refused with the reason (stop the firmware instead).
/// </summary>
public abstract class IndiDevice : IIndiDevice
{
    private readonly List<IndiVector> _vectors = [];

    protected IndiDevice(string name)
    {
        Name = name;
        Connection = Switch("CONNECTION", "Connection", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.OneOfMany, ("CONNECT", "Connect"), ("DISCONNECT", "Disconnect"));
        Connection["CONNECT"].On = true;
        Connection.State = IndiState.Ok;
    }

    public const string MainGroup = "Main Control";

    public string Name { get; }

    public IReadOnlyList<IndiVector> Vectors => _vectors;

    public IndiVector Connection { get; }

    public void Handle(IndiCommand command, IndiHub hub)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(hub);
        if (command.Vector == Connection)
        {
            if (command.SwitchesOn().Contains("DISCONNECT"))
            {
                hub.Refuse(Connection, $"{Name} is the station firmware itself and is always connected; stop the firmware to disconnect it");
                return;
            }

            Connection.State = IndiState.Ok;
            hub.Publish(Connection);
            return;
        }

        OnCommand(command, hub);
    }

    public abstract void Update(DateTimeOffset now, IndiHub hub);

    /// <summary>Acts on a command for one of this device's own vectors (not CONNECTION).</summary>
    protected abstract void OnCommand(IndiCommand command, IndiHub hub);

    protected IndiVector Number(string name, string label, string group, IndiAccessMode permission, params IndiElement[] elements) =>
        Add(new IndiVector(Name, name, label, group, IndiKind.Number, permission, elements));

    protected IndiVector Text(string name, string label, string group, IndiAccessMode permission, params (string Name, string Label)[] elements) =>
        Add(new IndiVector(Name, name, label, group, IndiKind.Text, permission, [.. elements.Select(e => new IndiElement(e.Name, e.Label))]));

    protected IndiVector Switch(string name, string label, string group, IndiAccessMode permission, IndiSwitchRule rule, params (string Name, string Label)[] elements) =>
        Add(new IndiVector(Name, name, label, group, IndiKind.Switch, permission, [.. elements.Select(e => new IndiElement(e.Name, e.Label))], rule));

    protected IndiVector Light(string name, string label, string group, params (string Name, string Label)[] elements) =>
        Add(new IndiVector(Name, name, label, group, IndiKind.Light, IndiAccessMode.ReadOnly, [.. elements.Select(e => new IndiElement(e.Name, e.Label))]));

    protected static IndiElement Element(string name, string label, double min, double max, double step = 0, string format = "%g") =>
        new(name, label) { Min = min, Max = max, Step = step, Format = format };

    /// <summary>Sets exactly the switches named in <paramref name="on"/>.</summary>
    protected static void SetSwitches(IndiVector vector, params string[] on)
    {
        ArgumentNullException.ThrowIfNull(vector);
        foreach (var e in vector.Elements)
        {
            e.On = on.Contains(e.Name);
        }
    }

    private IndiVector Add(IndiVector vector)
    {
        _vectors.Add(vector);
        return vector;
    }
}
