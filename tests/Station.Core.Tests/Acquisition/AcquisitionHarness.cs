using Station.Core.Acquisition;
using UnitsNet;

namespace Station.Core.Tests.Acquisition;

/// <summary>
/// A closed-loop bench for the tracker: 1 ms steps, a camera frame every 10 ms rendered for real (pooled noise
/// frames + pixel-integrated Gaussian stamps for the beacon and an optional star) and measured by the real
/// centroider with the tracker's prediction, a linear-in-erf quad-cell behind the mirror, and a mount whose line of
/// sight follows the commanded offset with a 30 ms lag and the offset rate as feed-forward. Everything is in the mount frame, µrad, relative to the track;
/// the camera is tube-mounted (no field rotation), 5 µrad/px, 640×512.
/// </summary>
internal sealed class AcquisitionHarness
{
    public const double PlateScaleUrad = 5;
    public const double QuadCellSigmaUrad = 10;
    public static readonly DateTimeOffset Start = new(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);
    private const int Width = 640, Height = 512;
    private readonly ushort[][] _noise;
    private readonly ushort[] _frame = new ushort[Width * Height];
    private readonly Random _random;
    private double _pointingXel, _pointingEl;

    public AcquisitionHarness(int seed, TrackerOptions? options = null)
    {
        _random = new Random(seed);
        _noise = new ushort[4][];
        for (int n = 0; n < _noise.Length; n++)
        {
            _noise[n] = new ushort[Width * Height];
            for (int i = 0; i < _noise[n].Length; i++)
            {
                _noise[n][i] = (ushort)Math.Round(200 + (3 * Gaussian()));
            }
        }

        Options = options ?? DefaultOptions;
        Tracker = new BeaconTracker(Options);
        Centroider = new Centroider(new CentroiderOptions { SaturationLevel = 65535 });
    }

    public static TrackerOptions DefaultOptions { get; } = new()
    {
        Camera = new CameraCalibration { PlateScale = Angle.FromMicroradians(PlateScaleUrad) },
        Search = new SearchOptions { FieldOfView = Angle.FromMicroradians(512 * PlateScaleUrad) },
        QuadCell = QuadCellCalibration.ForGaussianSpot(Angle.FromMicroradians(QuadCellSigmaUrad)) with { MinimumSum = 100 },
    };

    public TrackerOptions Options { get; }

    public BeaconTracker Tracker { get; }

    public Centroider Centroider { get; }

    public double ElevationRad { get; set; } = Math.PI / 4;

    /// <summary>Whether frames come with the mount's actual offset (encoders), as the firmware provides.</summary>
    public bool UseFeedback { get; set; } = true;

    /// <summary>Where the beacon is relative to the track at time t (seconds since start).</summary>
    public Func<double, (double Xel, double El)> Truth { get; set; } = _ => (0, 0);

    /// <summary>Beacon flux (ADU) and spot σ (px) at time t; zero flux for a cloud.</summary>
    public Func<double, (double Flux, double SigmaPx)> Beacon { get; set; } = _ => (20_000, 1.2);

    /// <summary>An optional star: its position relative to the track (it moves at the track rate) and flux.</summary>
    public Func<double, (double Xel, double El, double Flux)>? Star { get; set; }

    public double Time { get; private set; }

    public DateTimeOffset Now => Start.AddTicks((long)Math.Round(Time * TimeSpan.TicksPerSecond));

    /// <summary>Line-of-sight error after the mirror (what the science detectors see), mount frame.</summary>
    public (double Xel, double El) Residual { get; private set; }

    /// <summary>Error of the mount alone (what the camera sees).</summary>
    public (double Xel, double El) MountError => (Truth(Time).Xel - _pointingXel, Truth(Time).El - _pointingEl);

    public List<(double Time, TrackerState State)> States { get; } = [];

    public CentroidResult LastCentroid { get; private set; }

    /// <summary>Steps until <paramref name="seconds"/> have passed or <paramref name="until"/> holds.</summary>
    public void Run(double seconds, Func<AcquisitionHarness, bool>? until = null)
    {
        int steps = (int)Math.Round(seconds * 1000);
        for (int k = 0; k < steps; k++)
        {
            Step();
            if (until?.Invoke(this) == true)
            {
                return;
            }
        }
    }

    private void Step()
    {
        Time += 0.001;
        int tick = (int)Math.Round(Time * 1000);
        var command = Tracker.CommandAt(Now);
        // The axis controller follows position with a 30 ms lag and uses the offset rate as velocity feed-forward.
        double a = 1 - Math.Exp(-0.001 / 0.03);
        _pointingXel += (a * (command.XelUrad - _pointingXel)) + (command.XelRateUradPerS * 0.001);
        _pointingEl += (a * (command.ElUrad - _pointingEl)) + (command.ElRateUradPerS * 0.001);
        var (tx, ty) = Truth(Time);
        var (flux, _) = Beacon(Time);
        Residual = (tx - _pointingXel - Tracker.MirrorXUrad, ty - _pointingEl - Tracker.MirrorYUrad);
        double qx = QuadCellResponse.Normalized(Residual.Xel, QuadCellSigmaUrad) + (0.002 * Gaussian());
        double qy = QuadCellResponse.Normalized(Residual.El, QuadCellSigmaUrad) + (0.002 * Gaussian());
        var sample = flux > 0 ? new QuadCellSample(Now, qx, qy, 1000) : new QuadCellSample(Now, _random.NextDouble() - 0.5, _random.NextDouble() - 0.5, 20);
        Tracker.OnQuadCell(sample, ElevationRad);
        if (tick % 10 == 0)
        {
            Frame(tick / 10);
        }

        if (States.Count == 0 || States[^1].State != Tracker.State)
        {
            States.Add((Time, Tracker.State));
        }
    }

    private void Frame(int index)
    {
        Array.Copy(_noise[index % _noise.Length], _frame, _frame.Length);
        var (tx, ty) = Truth(Time);
        var (flux, sigma) = Beacon(Time);
        var camera = Options.Camera;
        if (flux > 0)
        {
            var (px, py) = camera.MountToPixel(tx - _pointingXel, ty - _pointingEl, ElevationRad);
            Stamp(px, py, flux, sigma);
        }

        if (Star?.Invoke(Time) is { } star)
        {
            var (sx, sy) = camera.MountToPixel(star.Xel - _pointingXel, star.El - _pointingEl, ElevationRad);
            Stamp(sx, sy, star.Flux, 1.2);
        }

        var prediction = Tracker.PredictSpot(Now, ElevationRad);
        LastCentroid = Centroider.Measure(new CameraFrame(_frame, Width, Height, 0, 0, Now), prediction);
        Tracker.OnFrame(LastCentroid, ElevationRad, UseFeedback ? new MountFeedback(_pointingXel, _pointingEl) : null);
    }

    private void Stamp(double x, double y, double flux, double sigma)
    {
        int r = (int)Math.Ceiling(5 * sigma);
        if (x < -r || y < -r || x > Width + r || y > Height + r)
        {
            return;
        }

        for (int j = Math.Max(0, (int)y - r); j <= Math.Min(Height - 1, (int)y + r); j++)
        {
            double fy = Fraction(j, y, sigma);
            for (int i = Math.Max(0, (int)x - r); i <= Math.Min(Width - 1, (int)x + r); i++)
            {
                int index = (j * Width) + i;
                _frame[index] = (ushort)Math.Min(65535, _frame[index] + Math.Round(flux * fy * Fraction(i, x, sigma)));
            }
        }
    }

    private static double Fraction(int pixel, double centre, double sigma) =>
        0.5 * (QuadCellResponse.Erf((pixel + 0.5 - centre) / (sigma * Math.Sqrt(2))) - QuadCellResponse.Erf((pixel - 0.5 - centre) / (sigma * Math.Sqrt(2))));

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
