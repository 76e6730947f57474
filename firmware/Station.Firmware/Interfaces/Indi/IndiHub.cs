using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>An INDI device of the station: its properties, what it does with a command, and its periodic update.
/// Both run on the station clock's thread, so a device needs no lock of its own.</summary>
public interface IIndiDevice
{
    string Name { get; }

    IReadOnlyList<IndiVector> Vectors { get; }

    /// <summary>Acts on a checked command; answers through <paramref name="hub"/> (Busy, Ok, or Alert with the reason).</summary>
    void Handle(IndiCommand command, IndiHub hub);

    /// <summary>Samples the station and publishes through <paramref name="hub"/> what changed.</summary>
    void Update(DateTimeOffset now, IndiHub hub);
}

/// <summary>
/// The station's INDI devices and their clients. Clients' elements arrive on network threads and are queued; a timer on
/// the station clock (every <see cref="IndiOptions.PublishIntervalMs"/>) runs them, then samples every device and
/// publishes the vectors that changed — so commands reach the mount, wheels and safety loop on the control thread, and
/// nothing there ever waits on a socket (each client has its own bounded send queue).
/// </summary>
public sealed partial class IndiHub : IDisposable
{
    private readonly IReadOnlyList<IIndiDevice> _devices;
    private readonly Dictionary<(string Device, string Name), (IIndiDevice Owner, IndiVector Vector)> _vectors = [];
    private readonly Dictionary<IndiVector, string> _published = [];
    // Definitions rendered in this tick: fifty clients asking for the same property cost one rendering on the control
    // thread, not fifty. Forgotten at every tick and after every command (which may change a vector).
    private readonly Dictionary<IndiVector, string> _definitions = [];
    private readonly ConcurrentDictionary<IndiClient, byte> _clients = new();
    private readonly Channel<(IndiClient Client, XElement Element)> _inbox = Channel.CreateUnbounded<(IndiClient, XElement)>();
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private ITimer? _timer;

    /// <summary>The station clock's reading now (what a device compares a client's time with).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    public IndiHub(IEnumerable<IIndiDevice> devices, IndiOptions options, TimeProvider stationTime, ILogger<IndiHub> logger)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(options);
        _devices = [.. devices];
        _time = stationTime ?? throw new ArgumentNullException(nameof(stationTime));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _interval = TimeSpan.FromMilliseconds(options.PublishIntervalMs);
        foreach (var device in _devices)
        {
            foreach (var vector in device.Vectors)
            {
                _vectors.Add((vector.Device, vector.Name), (device, vector));
            }
        }
    }

    public IReadOnlyList<IIndiDevice> Devices => _devices;

    /// <summary>Clients connected now.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Starts the station-clock timer that runs commands and updates.</summary>
    public void Start() => _timer ??= _time.CreateTimer(_ => Tick(), null, _interval, _interval);

    internal void Add(IndiClient client) => _clients.TryAdd(client, 0);

    internal void Remove(IndiClient client) => _clients.TryRemove(client, out _);

    /// <summary>Queues an element from <paramref name="client"/> for the station thread (any thread; never blocks).</summary>
    internal void Receive(IndiClient client, XElement element) => _inbox.Writer.TryWrite((client, element));

    /// <summary>Sends <paramref name="vector"/>'s state and values to every client that asked for its device (station thread).</summary>
    public void Publish(IndiVector vector, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(vector);
        _published[vector] = Signature(vector);
        string xml = vector.RenderUpdate(_time.GetUtcNow(), message);
        foreach (var client in _clients.Keys)
        {
            if (client.WantsDevice(vector.Device))
            {
                client.TrySend(xml);
            }
        }
    }

    /// <summary>Publishes <paramref name="vector"/> if its state or a value changed since it was last published.</summary>
    public void PublishIfChanged(IndiVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (!_published.TryGetValue(vector, out var last) || last != Signature(vector))
        {
            Publish(vector);
        }
    }

    /// <summary>Answers a refused command: the property goes Alert with the reason, its values unchanged.</summary>
    public void Refuse(IndiVector vector, string reason)
    {
        ArgumentNullException.ThrowIfNull(vector);
        vector.State = IndiState.Alert;
        Publish(vector, reason);
        LogRefused(vector.Device, vector.Name, reason);
    }

    /// <summary>One station-clock tick: run the queued commands, then update every device.</summary>
    public void Tick()
    {
        // Never let an exception reach the control loop's thread: log it and carry on.
        int budget = 1024;
        _definitions.Clear();
        while (budget-- > 0 && _inbox.Reader.TryRead(out var item))
        {
            // A client that sent a command and hung up at once (indi_setprop does) still has it run.
            item.Client.CommandTaken();
            try
            {
                Dispatch(item.Client, item.Element);
            }
#pragma warning disable CA1031 // a device bug must not stop the control loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCommandFailed(item.Element.Name.LocalName, ex);
                item.Client.TrySend(IndiVector.RenderMessage(null, _time.GetUtcNow(), "error: " + ex.Message));
            }
        }

        var now = _time.GetUtcNow();
        foreach (var device in _devices)
        {
            try
            {
                device.Update(now, this);
            }
#pragma warning disable CA1031 // a device bug must not stop the control loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogUpdateFailed(device.Name, ex);
            }
        }
    }

    private void Dispatch(IndiClient client, XElement element)
    {
        string? device = (string?)element.Attribute("device");
        string? name = (string?)element.Attribute("name");
        switch (element.Name.LocalName)
        {
            case "getProperties":
                client.Subscribe(device);
                var now = _time.GetUtcNow();
                foreach (var (owner, vector) in _vectors.Values)
                {
                    if ((device is null || vector.Device == device) && (name is null || vector.Name == name))
                    {
                        if (!_definitions.TryGetValue(vector, out string? definition))
                        {
                            definition = vector.RenderDefinition(now);
                            _definitions[vector] = definition;
                        }

                        client.TrySend(definition);
                    }
                }

                break;

            case "newNumberVector" or "newSwitchVector" or "newTextVector" or "newBLOBVector":
                _definitions.Clear();
                if (device is null || name is null || !_vectors.TryGetValue((device, name), out var target))
                {
                    client.TrySend(IndiVector.RenderMessage(device, _time.GetUtcNow(), $"error: there is no property {device}.{name}"));
                    return;
                }

                var command = IndiCommand.TryCreate(client, target.Vector, element, out string refusal);
                if (command is null)
                {
                    Refuse(target.Vector, refusal);
                    return;
                }

                target.Owner.Handle(command, this);
                break;

            default:
                // enableBLOB, a driver's snooped set…/def… from indiserver, future verbs: nothing to do (INDI ignores unknown elements).
                break;
        }
    }

    private static string Signature(IndiVector vector)
    {
        var text = new StringBuilder(64).Append(vector.State);
        foreach (var e in vector.Elements)
        {
            text.Append('|').Append(vector.Kind switch
            {
                IndiKind.Number => e.Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                IndiKind.Switch => e.On ? "1" : "0",
                IndiKind.Light => e.Light.ToString(),
                _ => e.Text,
            });
        }

        return text.ToString();
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "INDI {Device}.{Property} refused: {Reason}")]
    private partial void LogRefused(string device, string property, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "INDI command {Command} failed")]
    private partial void LogCommandFailed(string command, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "INDI device {Device} failed to update")]
    private partial void LogUpdateFailed(string device, Exception exception);
}
