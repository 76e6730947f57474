namespace Station.Core.Orbits;

/// <summary>
/// Finds the passes of satellites over one station: AOS, TCA (highest elevation) and LOS above an elevation mask,
/// refined to <see cref="PassSearchOptions.TimeToleranceSeconds"/>, with passes cut by the window edges or by an
/// SGP4 failure flagged as such, and whether the station is dark and the satellite sunlit at TCA.
/// </summary>
/// <remarks>
/// <para>Each satellite is scanned with steps derived from its orbit (<see cref="VisibilityBounds"/>): far from the
/// station it jumps ahead by the least time it would need to come into view; near it, it steps by 75 % of the
/// shortest time a pass peaking at mask + <see cref="PassSearchOptions.DetectionMarginDeg"/> can spend above the mask.
/// So every pass that reaches mask + margin is found; a pass that only grazes the mask is found when a sampled
/// local maximum comes within 1.5 margins of the mask (its peak is then located by Brent's minimiser). Two passes
/// separated by a dip shallower than about the margin may be reported as one.</para>
/// <para>Satellites whose inclination keeps them too far from the station's latitude, or whose apogee is too low,
/// are not scanned at all. An SGP4 error ends the satellite's search at the last instant it still propagated,
/// located to the time tolerance; a pass then in progress is flagged <see cref="PassStatus.EndedBySgp4Error"/>.</para>
/// <para>Conventions are skyfield's: geometric elevation above the WGS-84 ellipsoid normal; TEME → Earth-fixed by
/// GMST-82 at UT1; with refraction, the mask is apparent and AOS/LOS are where the geometric elevation equals
/// mask − R(mask). TCA is the maximum of the elevation computed from SGP4 positions.</para>
/// </remarks>
public sealed class PassFinder
{
    /// <summary>Longest window searched at once.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    private readonly double _thresholdDeg;

    /// <summary>Creates a finder for one station.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="station"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PassFinder(GroundStation station, PassSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(station);
        options ??= new PassSearchOptions();
        options.Validate();
        Station = station;
        Options = options;
        _thresholdDeg = options.GeometricThresholdDeg;
    }

    public GroundStation Station { get; }

    public PassSearchOptions Options { get; }

    /// <summary>The passes of one satellite in [<paramref name="startUtc"/>, <paramref name="endUtc"/>].</summary>
    /// <exception cref="ArgumentNullException"><paramref name="satellite"/> is null.</exception>
    /// <exception cref="ArgumentException">The window is empty, too long, or given in local time.</exception>
    public SatellitePasses Find(Sgp4Propagator satellite, DateTime startUtc, DateTime endUtc)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ValidateWindow(startUtc, endUtc);
        return Search(satellite, startUtc, endUtc, new SunTemeTable(startUtc, endUtc));
    }

    /// <summary>
    /// The passes of every satellite, in the input order, searched on up to <see cref="PassSearchOptions.MaxDegreeOfParallelism"/>
    /// threads. Use <see cref="InStartOrder"/> for one list sorted by AOS.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="satellites"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">The window is empty, too long, or given in local time.</exception>
    public IReadOnlyList<SatellitePasses> FindAll(IReadOnlyList<Sgp4Propagator> satellites, DateTime startUtc, DateTime endUtc)
    {
        ArgumentNullException.ThrowIfNull(satellites);
        ValidateWindow(startUtc, endUtc);
        for (int i = 0; i < satellites.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(satellites[i], nameof(satellites));
        }

        var sun = new SunTemeTable(startUtc, endUtc);
        var results = new SatellitePasses[satellites.Count];
        if (Options.MaxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = Search(satellites[i], startUtc, endUtc, sun);
            }
        }
        else
        {
            // Satellites differ a lot in cost (deep space, many passes), so hand them out in small chunks.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
            var ranges = System.Collections.Concurrent.Partitioner.Create(0, results.Length, 32);
            Parallel.ForEach(ranges, parallel, range =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    results[i] = Search(satellites[i], startUtc, endUtc, sun);
                }
            });
        }

        return results;
    }

    /// <summary>Every pass of the given results in one list, ordered by start (AOS, or the window start), then catalogue number.</summary>
    public static IReadOnlyList<SatellitePass> InStartOrder(IEnumerable<SatellitePasses> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.SelectMany(r => r.Passes).OrderBy(p => p.StartUtc).ThenBy(p => p.CatalogNumber).ThenBy(p => p.TcaUtc)];
    }

    private static void ValidateWindow(DateTime startUtc, DateTime endUtc)
    {
        if (startUtc.Kind == DateTimeKind.Local || endUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Expected UTC times (Kind Utc or Unspecified), got local time.", nameof(startUtc));
        }

        if (endUtc <= startUtc)
        {
            throw new ArgumentException($"The window must end after it starts: {startUtc:O} .. {endUtc:O}.", nameof(endUtc));
        }

        if (endUtc - startUtc > MaxWindow)
        {
            throw new ArgumentException($"The window is {(endUtc - startUtc).TotalDays:F1} days; at most {MaxWindow.TotalDays} days are searched at once.", nameof(endUtc));
        }
    }

    private SatellitePasses Search(Sgp4Propagator satellite, DateTime startUtc, DateTime endUtc, SunTemeTable sun)
    {
        startUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        var probe = new ElevationProbe(satellite, Station, startUtc, Options.EarthOrientation);
        double endT = (endUtc - startUtc).TotalSeconds;
        ScanResult scan = PassScanner.Scan(probe, endT, _thresholdDeg, Options.DetectionMarginDeg, Options.TimeToleranceSeconds);
        string name = satellite.Elements.Name ?? satellite.Elements.CatalogNumberText;
        List<SatellitePass> passes = scan.Skipped == PassSkipReason.None ? Assemble(probe, scan, name, sun) : [];
        return new SatellitePasses
        {
            CatalogNumber = satellite.CatalogNumber,
            Name = name,
            Passes = passes,
            Error = scan.Error,
            LastGoodUtc = scan.Error == Sgp4Error.None ? null : probe.UtcAt(scan.EndT),
            Skipped = scan.Skipped,
            Evaluations = probe.Evaluations,
        };
    }

    // Walks the crossings and culminations in time order into passes, as skyfield's find_events consumers do.
    private List<SatellitePass> Assemble(ElevationProbe probe, ScanResult scan, string name, SunTemeTable sun)
    {
        scan.Crossings.Sort((x, y) => x.T.CompareTo(y.T));
        scan.Culminations.Sort((x, y) => x.T.CompareTo(y.T));
        var passes = new List<SatellitePass>();
        double? aos = null;
        bool open = scan.First.ElevationDeg >= _thresholdDeg;
        foreach ((double t, bool rising) in scan.Crossings)
        {
            if (rising && !open)
            {
                aos = t;
                open = true;
            }
            else if (!rising && open)
            {
                passes.Add(Build(probe, scan, name, sun, aos, t));
                aos = null;
                open = false;
            }

            // A crossing in the direction the state already has is a refinement artefact of a pass edge; ignore it.
        }

        if (open)
        {
            passes.Add(Build(probe, scan, name, sun, aos, null));
        }

        return passes;
    }

    private SatellitePass Build(ElevationProbe probe, ScanResult scan, string name, SunTemeTable sun, double? aos, double? los)
    {
        double start = aos ?? 0.0, end = los ?? scan.EndT;
        var flags = PassStatus.None;
        if (aos is null)
        {
            flags |= PassStatus.InProgressAtStart;
        }

        if (los is null)
        {
            flags |= PassStatus.InProgressAtEnd;
            if (scan.Error != Sgp4Error.None)
            {
                flags |= PassStatus.EndedBySgp4Error;
            }
        }

        var culminations = new List<DateTime>();
        double bestT = double.NaN, bestEl = double.NegativeInfinity;
        foreach ((double t, double el) in scan.Culminations)
        {
            if (t >= start && t <= end)
            {
                culminations.Add(probe.UtcAt(t));
                if (el > bestEl)
                {
                    (bestT, bestEl) = (t, el);
                }
            }
        }

        if (culminations.Count == 0 && aos is not null && los is not null)
        {
            // Not expected (a complete pass has a sampled maximum), but never report a pass without its peak.
            var f = new NegativeElevation(probe);
            double mid = 0.5 * (start + end);
            (bestT, double neg) = ScalarSolvers.Minimize(ref f, start, end, mid, f.Evaluate(mid), Options.TimeToleranceSeconds);
            bestEl = -neg;
            culminations.Add(probe.UtcAt(bestT));
        }

        // A pass cut by the window may be highest at the cut (skyfield's consumers compare the edges too).
        if (aos is null && scan.First.ElevationDeg > bestEl)
        {
            (bestT, bestEl) = (0.0, scan.First.ElevationDeg);
        }

        if (los is null && scan.Last.ElevationDeg > bestEl)
        {
            (bestT, bestEl) = (scan.EndT, scan.Last.ElevationDeg);
        }

        if ((aos is null && bestT == 0.0) || (los is null && bestT == scan.EndT))
        {
            flags |= PassStatus.MaxAtWindowEdge;
        }

        DateTime tcaUtc = probe.UtcAt(bestT);
        LookAngles tca = probe.LookAt(bestT, out Vec3 tcaTeme);
        double sunEl = Sun.ElevationDegFast(tcaUtc, Station);
        double maxEl = Options.Refraction is { } air
            ? Refraction.ApparentFromGeometricDeg(tca.ElevationDeg, air.TemperatureC, air.PressureMbar)
            : tca.ElevationDeg;
        return new SatellitePass
        {
            CatalogNumber = probe.Satellite.CatalogNumber,
            Name = name,
            AosUtc = aos is { } a ? probe.UtcAt(a) : null,
            LosUtc = los is { } l ? probe.UtcAt(l) : null,
            TcaUtc = tcaUtc,
            Aos = aos is { } a2 ? probe.LookAt(a2, out _) : null,
            Los = los is { } l2 ? probe.LookAt(l2, out _) : null,
            Tca = tca,
            MaxElevationDeg = maxEl,
            CulminationsUtc = culminations,
            SunElevationAtTcaDeg = sunEl,
            StationDark = sunEl < Options.DarkSunElevationDeg,
            SatelliteSunlit = EarthShadow.IsSunlit(tcaTeme, sun.At(tcaUtc)),
            Status = flags,
            StartUtc = probe.UtcAt(start),
            EndUtc = probe.UtcAt(end),
        };
    }
}
