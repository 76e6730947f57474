using System.Net;

namespace Station.Firmware.Interfaces;

/// <summary>
/// Who may connect to an operator interface (INDI, rotctld) and who may command what is dangerous. One section per
/// interface: <c>Station:Interfaces:Indi</c>, <c>Station:Interfaces:Rotctld</c>.
/// </summary>
public sealed class InterfaceListenerOptions
{
    /// <summary>Whether the listener runs.</summary>
    public bool Enabled { get; set; }

    /// <summary>Address to bind; loopback by default. Any other address requires <see cref="AllowedClients"/>.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>TCP port (INDI 7624, rotctld 4533 by convention); 0 takes any free port, which the start-up log names
    /// (several emulated stations on one desktop, tests).</summary>
    public int Port { get; set; }

    /// <summary>Client addresses or CIDR blocks (<c>192.168.1.0/24</c>) allowed to connect; loopback is always allowed.</summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>Client addresses or CIDR blocks that are operators: only they may ungate detectors or arm the laser.
    /// Empty means loopback clients are operators (a local console), nobody else.</summary>
    public List<string> OperatorClients { get; set; } = [];

    /// <summary>Whether laser arming over the network is accepted at all (off unless enabled).</summary>
    public bool AllowLaserArming { get; set; }

    /// <summary>Problems, each naming the option under <paramref name="section"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var problems = new List<string>();
        if (!IPAddress.TryParse(Bind, out var bind))
        {
            problems.Add($"{section}:Bind is '{Bind}'; expected an IP address such as 127.0.0.1");
        }
        else if (!IPAddress.IsLoopback(bind) && AllowedClients.Count == 0)
        {
            problems.Add($"{section}:Bind is {Bind}, not loopback; binding elsewhere requires {section}:AllowedClients (client addresses or CIDR blocks)");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"{section}:Port is {Port}; expected 1 to 65535, or 0 for any free port");
        }

        for (int i = 0; i < AllowedClients.Count; i++)
        {
            if (!AddressBlock.TryParse(AllowedClients[i], out _))
            {
                problems.Add($"{section}:AllowedClients:{i} is '{AllowedClients[i]}'; expected an IP address or CIDR block such as 192.168.1.0/24");
            }
        }

        for (int i = 0; i < OperatorClients.Count; i++)
        {
            if (!AddressBlock.TryParse(OperatorClients[i], out _))
            {
                problems.Add($"{section}:OperatorClients:{i} is '{OperatorClients[i]}'; expected an IP address or CIDR block such as 192.168.1.10/32");
            }
        }

        return problems;
    }
}

/// <summary>Decides, per remote address, whether a client may connect, is an operator, and may arm the laser.</summary>
public sealed class ClientAccessPolicy
{
    private readonly AddressBlock[] _allowed;
    private readonly AddressBlock[] _operators;
    private readonly bool _allowLaserArming;

    public ClientAccessPolicy(InterfaceListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowed = [.. options.AllowedClients.Select(AddressBlock.Parse)];
        _operators = [.. options.OperatorClients.Select(AddressBlock.Parse)];
        _allowLaserArming = options.AllowLaserArming;
    }

    /// <summary>Whether <paramref name="remote"/> may connect (loopback always may); <paramref name="reason"/> says why not.</summary>
    public bool MayConnect(IPAddress remote, out string reason)
    {
        ArgumentNullException.ThrowIfNull(remote);
        remote = Normalize(remote);
        if (IPAddress.IsLoopback(remote) || _allowed.Any(b => b.Contains(remote)))
        {
            reason = "";
            return true;
        }

        reason = $"client {remote} is not in the allow-list";
        return false;
    }

    /// <summary>Whether <paramref name="remote"/> is an operator (may ungate detectors).</summary>
    public bool IsOperator(IPAddress remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        remote = Normalize(remote);
        return _operators.Length == 0 ? IPAddress.IsLoopback(remote) : _operators.Any(b => b.Contains(remote));
    }

    /// <summary>Whether <paramref name="remote"/> may ungate detectors; <paramref name="reason"/> says why not.</summary>
    public bool MayUngateDetectors(IPAddress remote, out string reason)
    {
        reason = IsOperator(remote) ? "" : $"client {Normalize(remote)} is not an operator: detector gating refused";
        return reason.Length == 0;
    }

    /// <summary>Whether <paramref name="remote"/> may arm the uplink laser; <paramref name="reason"/> says why not.</summary>
    public bool MayArmLaser(IPAddress remote, out string reason)
    {
        if (!_allowLaserArming)
        {
            reason = "laser arming over the network is disabled (AllowLaserArming is false)";
            return false;
        }

        reason = IsOperator(remote) ? "" : $"client {Normalize(remote)} is not an operator: laser arming refused";
        return reason.Length == 0;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

/// <summary>An IP address or CIDR block.</summary>
public readonly record struct AddressBlock(IPNetwork Network)
{
    public bool Contains(IPAddress address) => Network.Contains(address);

    public static bool TryParse(string text, out AddressBlock block)
    {
        block = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPAddress.TryParse(text, out var single))
        {
            block = new AddressBlock(new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            return true;
        }

        if (IPNetwork.TryParse(text, out var network))
        {
            block = new AddressBlock(network);
            return true;
        }

        return false;
    }

    public static AddressBlock Parse(string text) => TryParse(text, out var b) ? b : throw new FormatException($"'{text}' is not an IP address or CIDR block");
}
