using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Detectors;
using Station.Core.Orbits;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Emulator;
using Station.Firmware.Detectors;
using Station.Hil.Tests.Tracking;

namespace Station.Hil.Tests.Detectors;

/// <summary>
/// The firmware's gate-delay service driving the emulated gate/counter board, in simulated time around the culmination
/// of a Micius pass over Delingha (63.5°, 2016-12-29), with every accepted register write recorded.
/// </summary>
internal sealed class GateDelayBench : IDisposable
{
    public static readonly Lazy<(Sgp4Propagator Satellite, DateTime Culmination)> Pass = new(FindPass);

    public GateDelayBench(GateDelayServiceOptions options, DateTime startUtc)
    {
        Options = options;
        Time = new SimulatedTimeProvider(new DateTimeOffset(startUtc, TimeSpan.Zero));
        Map = PinMapLoader.LoadDefault();
        Station = EmulatedStation.FromPinMap(Time, Map);
        Board = GateCounterBoard.Open(Station.Buses, Map);
        Board.Initialize();
        Station.GateCounter.RegisterWritten += (address, value) => Writes.Add((address, value));
        Service = new GateDelayService(Microsoft.Extensions.Options.Options.Create(options), Board, Time, NullLogger<GateDelayService>.Instance);
    }

    public GateDelayServiceOptions Options { get; }

    public SimulatedTimeProvider Time { get; }

    public PinMap Map { get; }

    public EmulatedStation Station { get; }

    public GateCounterBoard Board { get; }

    public GateDelayService Service { get; }

    /// <summary>Accepted register writes (address, value) in the order the board applied them.</summary>
    public List<(byte Address, uint Value)> Writes { get; } = [];

    public static GroundStation Delingha => StationCatalog.Delingha;

    public static GateDelayServiceOptions HundredMegahertz() => new()
    {
        PulsePeriodNs = 10,
        UpdateIntervalMs = 1,
        Channels =
        [
            new GateChannelConfiguration { Channel = 0, WidthNs = 1, InstrumentDelayNs = 12.5 },
            new GateChannelConfiguration { Channel = 2, WidthNs = 2.5, InstrumentDelayNs = 40.03 },
        ],
    };

    public void Start() => Assert.True(Service.StartAsync(CancellationToken.None).IsCompletedSuccessfully);

    /// <summary>Light time of the photon received at <paramref name="utc"/>, straight from the core (the oracle).</summary>
    public static double LightTimeAt(DateTimeOffset utc)
    {
        Assert.True(LightTime.TryForReception(Pass.Value.Satellite, Delingha, JulianDate.FromDateTime(utc.UtcDateTime), EarthOrientationParameters.Zero, out double tau));
        return tau;
    }

    public void Dispose()
    {
        Service.Dispose();
        Board.Dispose();
        Station.Dispose();
    }

    private static (Sgp4Propagator, DateTime) FindPass()
    {
        var start = DateTime.Parse(MiciusPasses.SixtyDegreePassStart, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        using var reader = new StreamReader(MiciusPasses.File);
        var sets = TleCatalog.Parse(reader, ChecksumPolicy.Enforce).ElementSets;
        var satellite = new Sgp4Propagator(sets.MinBy(e => Math.Abs((e.EpochUtc - start).Ticks))!);
        var pass = new PassFinder(Delingha).Find(satellite, start, start.AddHours(2)).Passes[0];
        return (satellite, pass.TcaUtc);
    }
}
