using Station.Core.Acquisition;

namespace Station.Core.Tests.Acquisition;

/// <summary>Seeded synthetic camera frames: flat background, Gaussian read noise, pixel-integrated Gaussian spots.</summary>
internal sealed class SyntheticFrame
{
    private readonly Random _random;
    private readonly double[] _signal;

    public SyntheticFrame(int width, int height, double background, double noiseAdu, int seed, int saturation = 65535)
    {
        Width = width;
        Height = height;
        Background = background;
        NoiseAdu = noiseAdu;
        Saturation = saturation;
        _random = new Random(seed);
        _signal = new double[width * height];
        Pixels = new ushort[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public double Background { get; }

    public double NoiseAdu { get; }

    public int Saturation { get; }

    public ushort[] Pixels { get; }

    /// <summary>Adds a Gaussian spot of total <paramref name="flux"/> ADU centred at (x, y) (pixel centres at integers).</summary>
    public SyntheticFrame AddSpot(double x, double y, double flux, double sigma)
    {
        int r = (int)Math.Ceiling(6 * sigma) + 1;
        for (int j = Math.Max(0, (int)y - r); j <= Math.Min(Height - 1, (int)y + r); j++)
        {
            double fy = Fraction(j, y, sigma);
            for (int i = Math.Max(0, (int)x - r); i <= Math.Min(Width - 1, (int)x + r); i++)
            {
                _signal[(j * Width) + i] += flux * fy * Fraction(i, x, sigma);
            }
        }

        return this;
    }

    /// <summary>Sets one pixel to a fixed raw value after rendering (a hot pixel).</summary>
    public SyntheticFrame AddHotPixel(int x, int y, double aboveBackground)
    {
        _signal[(y * Width) + x] += aboveBackground;
        return this;
    }

    /// <summary>Renders background + signal + noise into <see cref="Pixels"/> (new noise each call).</summary>
    public ushort[] Render()
    {
        for (int i = 0; i < _signal.Length; i++)
        {
            double v = Background + _signal[i] + (NoiseAdu * Gaussian());
            Pixels[i] = (ushort)Math.Clamp(Math.Round(v), 0, Saturation);
        }

        return Pixels;
    }

    public void ClearSignal() => Array.Clear(_signal);

    /// <summary>
    /// SNR the centroider will report for a spot (box ±ceil(2.5σ), background-limited), σ being the pixel-integrated
    /// width √(σ² + 1/12).
    /// </summary>
    public static double ExpectedSnr(double flux, double sigma, double noise)
    {
        sigma = Math.Sqrt((sigma * sigma) + (1.0 / 12));
        int a = (int)Math.Ceiling(2.5 * sigma);
        int n = ((2 * a) + 1) * ((2 * a) + 1);
        double inside = Math.Pow(QuadCellResponse.Erf((a + 0.5) / (sigma * Math.Sqrt(2))), 2);
        return flux * inside / (noise * Math.Sqrt(n));
    }

    /// <summary>Flux giving the requested SNR.</summary>
    public static double FluxForSnr(double snr, double sigma, double noise) => snr / ExpectedSnr(1, sigma, noise);

    private static double Fraction(int pixel, double centre, double sigma) =>
        0.5 * (QuadCellResponse.Erf((pixel + 0.5 - centre) / (sigma * Math.Sqrt(2))) - QuadCellResponse.Erf((pixel - 0.5 - centre) / (sigma * Math.Sqrt(2))));

    private double Gaussian()
    {
        double u1 = 1 - _random.NextDouble(), u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
