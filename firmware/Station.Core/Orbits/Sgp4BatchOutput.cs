namespace Station.Core.Orbits;

/// <summary>
/// Caller-owned destination of a batch propagation, as a structure of arrays. Element
/// <c>satellite * timeCount + timeIndex</c> of every span holds one result; each span needs at least
/// <c>satelliteCount * timeCount</c> elements.
/// </summary>
public readonly ref struct Sgp4BatchOutput
{
    /// <summary>Wraps the destination spans.</summary>
    public Sgp4BatchOutput(Span<double> xKm, Span<double> yKm, Span<double> zKm,
        Span<double> vxKmPerS, Span<double> vyKmPerS, Span<double> vzKmPerS, Span<Sgp4Error> errors)
    {
        XKm = xKm;
        YKm = yKm;
        ZKm = zKm;
        VxKmPerS = vxKmPerS;
        VyKmPerS = vyKmPerS;
        VzKmPerS = vzKmPerS;
        Errors = errors;
    }

    /// <summary>TEME x, km.</summary>
    public Span<double> XKm { get; }

    /// <summary>TEME y, km.</summary>
    public Span<double> YKm { get; }

    /// <summary>TEME z, km.</summary>
    public Span<double> ZKm { get; }

    /// <summary>TEME vx, km/s.</summary>
    public Span<double> VxKmPerS { get; }

    /// <summary>TEME vy, km/s.</summary>
    public Span<double> VyKmPerS { get; }

    /// <summary>TEME vz, km/s.</summary>
    public Span<double> VzKmPerS { get; }

    /// <summary>SGP4 error per result (<see cref="Sgp4Error.None"/> on success; see <see cref="Sgp4Result"/> for what the coordinates hold otherwise).</summary>
    public Span<Sgp4Error> Errors { get; }

    /// <summary>The shortest span length: how many results fit.</summary>
    public int Capacity => Math.Min(Math.Min(Math.Min(XKm.Length, YKm.Length), Math.Min(ZKm.Length, VxKmPerS.Length)),
        Math.Min(Math.Min(VyKmPerS.Length, VzKmPerS.Length), Errors.Length));
}
