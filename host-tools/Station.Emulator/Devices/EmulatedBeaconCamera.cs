using Station.Devices.Buses;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated monochrome machine-vision camera reading out a ROI of <see cref="Width"/> × <see cref="Height"/>
/// pixels (centred on boresight unless the scene offsets it) at <see cref="EmulatedBeaconScene.FrameRateHz"/>. Frames exist per
/// simulated time: frame n is exposed over [n·T, (n+1)·T) after the camera was opened and read out at its end,
/// so <see cref="TryCapture"/> returns the newest completed frame (sequence n + 1, timestamp mid-exposure);
/// calling again within the same frame period returns the same frame. Each pixel: the beacon's Gaussian
/// spot integrated over the pixel (erf in x and y), plus sky background, dark current and hot pixels (fixed,
/// seeded positions), Poisson shot noise, Gaussian read noise, conversion gain and bias, quantised to 12 bits
/// and clipped at 4095. Image x runs along +tip, image rows run downwards (+tilt is towards row 0).
/// <para>
/// Noise comes from an allocation-free generator seeded by (seed, sequence), so rendering into the
/// caller's buffer allocates nothing and re-reading a frame reproduces it exactly.
/// </para>
/// <para>
/// A star (<see cref="EmulatedBeaconScene.StarElectrons"/>) is rendered the same way at its own offset.
/// Faults: <c>frame_drop</c> — the newest frame is lost (TryCapture returns false; the next good frame's
/// sequence shows the gap); <c>beacon_loss</c> — the spot disappears from the frames.
/// </para>
/// </summary>
public sealed class EmulatedBeaconCamera : ICameraFrameSource
{
    /// <summary>12-bit full scale.</summary>
    public const ushort FullScale = 4095;

    private readonly EmulatedBeaconScene _scene;
    private readonly TimeProvider _time;
    private readonly FaultInjector? _faults;
    private readonly string _deviceId;
    private readonly ulong _seed;
    private readonly DateTimeOffset _openedAt;
    private readonly double[] _columnFraction;
    private readonly double[] _rowFraction;
    private readonly double[] _starColumnFraction;
    private readonly double[] _starRowFraction;
    private readonly Func<ushort[][]> _buildNoisePool; // cached: a method group would allocate a delegate every frame
    private readonly int[] _hotPixels;
    private bool _disposed;

    /// <param name="scene">What the camera sees.</param>
    /// <param name="settings">Device path and ROI size.</param>
    /// <param name="timeProvider">The simulation clock.</param>
    /// <param name="faults">The fault schedule (optional).</param>
    /// <param name="deviceId">Pin-map id the faults are aimed at.</param>
    /// <param name="seed">Seed of the noise and of the hot-pixel positions.</param>
    public EmulatedBeaconCamera(EmulatedBeaconScene scene, CameraSettings settings, TimeProvider timeProvider, FaultInjector? faults = null, string deviceId = "beacon_camera", int seed = 11)
    {
        _scene = scene ?? throw new ArgumentNullException(nameof(scene));
        ArgumentNullException.ThrowIfNull(settings);
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        if (settings.Width is < 1 or > 4096 || settings.Height is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings, $"ROI {settings.Width}x{settings.Height} is outside the sensor (1–4096 pixels a side).");
        }

        if (!(scene.FrameRateHz > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scene), scene.FrameRateHz, "The frame rate must be positive.");
        }

        Width = settings.Width;
        Height = settings.Height;
        _faults = faults;
        _deviceId = deviceId;
        _seed = (ulong)seed;
        _openedAt = _time.GetUtcNow();
        _columnFraction = new double[Width];
        _rowFraction = new double[Height];
        _starColumnFraction = new double[Width];
        _starRowFraction = new double[Height];
        _buildNoisePool = BuildNoisePool;
        _hotPixels = PlaceHotPixels(Width, Height, scene.HotPixelsPerMillion, _seed);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Pixel indices (row-major) of the hot pixels, ascending.</summary>
    public IReadOnlyList<int> HotPixels => _hotPixels;

    /// <summary>Frames delivered.</summary>
    public long FramesDelivered { get; private set; }

    /// <summary>Frames lost to <c>frame_drop</c>.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>The frame period.</summary>
    public TimeSpan FramePeriod => TimeSpan.FromSeconds(1.0 / _scene.FrameRateHz);

    /// <summary>Where the spot centre falls now, in ROI pixel coordinates (x right, y down; pixel i spans [i, i+1)).</summary>
    public (double X, double Y) SpotCentre => SensorPosition(_scene.LineOfSight.OffsetXMicroradians, _scene.LineOfSight.OffsetYMicroradians);

    /// <summary>Where the star's centre falls now, in ROI pixel coordinates.</summary>
    public (double X, double Y) StarCentre => SensorPosition(_scene.StarOffsetXMicroradians, _scene.StarOffsetYMicroradians);

    /// <summary>ROI pixel coordinates of a sky offset from boresight (µrad), through the sensor's rotation and plate scale.</summary>
    private (double X, double Y) SensorPosition(double xMicroradians, double yMicroradians)
    {
        var (dx, dy) = _scene.ToSensorPixels(xMicroradians, yMicroradians);
        return ((Width / 2.0) - _scene.RoiCentreOffsetXPixels + dx, (Height / 2.0) - _scene.RoiCentreOffsetYPixels + dy);
    }

    public bool TryCapture(Span<ushort> pixels, out CameraFrameInfo info)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int count = Width * Height;
        if (pixels.Length < count)
        {
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} pixels; a {Width}x{Height} frame needs {count}.", nameof(pixels));
        }

        var period = FramePeriod;
        long completed = (_time.GetUtcNow() - _openedAt).Ticks / period.Ticks;
        var midExposure = _openedAt + TimeSpan.FromTicks((completed * period.Ticks) - (period.Ticks / 2));
        info = new CameraFrameInfo(completed, midExposure);
        if (completed < 1)
        {
            return false; // the first exposure has not finished
        }

        if (_faults?.IsActive(FaultKind.FrameDrop, _deviceId) == true)
        {
            FramesDropped++;
            return false;
        }

        Render(pixels[..count], completed);
        FramesDelivered++;
        return true;
    }

    /// <summary>Renders frame <paramref name="sequence"/> of the present scene into <paramref name="pixels"/>.</summary>
    public void Render(Span<ushort> pixels, long sequence)
    {
        var scene = _scene;
        bool beacon = _faults?.IsActive(FaultKind.BeaconLoss, _deviceId) != true && scene.SignalElectrons > 0;
        var (cx, cy) = SpotCentre;
        double sigma = scene.SpotFwhmMicroradians / (2 * Math.Sqrt(2 * Math.Log(2))) / scene.PlateScaleMicroradiansPerPixel;
        if (scene.NoisePoolFrames > 0)
        {
            RenderPooled(pixels, sequence, beacon, cx, cy, sigma);
            return;
        }
        for (int i = 0; i < Width; i++)
        {
            _columnFraction[i] = beacon ? NoiseMath.GaussianFraction(i, i + 1, cx, sigma) : 0;
        }

        for (int j = 0; j < Height; j++)
        {
            _rowFraction[j] = beacon ? NoiseMath.GaussianFraction(j, j + 1, cy, sigma) : 0;
        }

        bool star = scene.StarElectrons > 0;
        if (star)
        {
            var (sx, sy) = StarCentre;
            for (int i = 0; i < Width; i++)
            {
                _starColumnFraction[i] = NoiseMath.GaussianFraction(i, i + 1, sx, sigma);
            }

            for (int j = 0; j < Height; j++)
            {
                _starRowFraction[j] = NoiseMath.GaussianFraction(j, j + 1, sy, sigma);
            }
        }

        var random = new SplitMix64(_seed ^ ((ulong)sequence * 0xD1B54A32D192ED03UL));
        double floor = scene.BackgroundElectronsPerPixel + scene.DarkElectronsPerPixel;
        double perAdu = 1.0 / scene.ElectronsPerAdu;
        int hot = 0;
        int index = 0;
        for (int j = 0; j < Height; j++)
        {
            double row = scene.SignalElectrons * _rowFraction[j];
            double starRow = star ? scene.StarElectrons * _starRowFraction[j] : 0;
            for (int i = 0; i < Width; i++, index++)
            {
                double mean = floor + (row * _columnFraction[i]) + (starRow > 1e-9 ? starRow * _starColumnFraction[i] : 0);
                if (hot < _hotPixels.Length && _hotPixels[hot] == index)
                {
                    mean += scene.HotPixelElectrons;
                    hot++;
                }

                double electrons = random.NextPoisson(mean) + (scene.ReadNoiseElectrons * random.NextGaussian());
                double adu = Math.Round((electrons * perAdu) + scene.BiasAdu);
                pixels[index] = (ushort)Math.Clamp(adu, 0, FullScale);
            }
        }
    }

    public void Dispose() => _disposed = true;

    /// <summary>A pooled noise frame, the beacon and the star stamped on with their shot noise (see <see cref="EmulatedBeaconScene.NoisePoolFrames"/>).</summary>
    private void RenderPooled(Span<ushort> pixels, long sequence, bool beacon, double cx, double cy, double sigma)
    {
        var scene = _scene;
        var pool = scene.NoisePool(Width, Height, _seed, _buildNoisePool);
        pool[(int)(sequence % pool.Length)].AsSpan().CopyTo(pixels);
        var random = new SplitMix64(_seed ^ ((ulong)sequence * 0x9E3779B97F4A7C15UL) ^ 0xB5AD4ECEDA1CE2A9UL);
        if (beacon)
        {
            Stamp(pixels, cx, cy, sigma, scene.SignalElectrons, ref random);
        }

        if (scene.StarElectrons > 0)
        {
            var (sx, sy) = StarCentre;
            Stamp(pixels, sx, sy, sigma, scene.StarElectrons, ref random);
        }
    }

    /// <summary>Adds a Gaussian spot's photoelectrons (Poisson per pixel, pixel-integrated) within ±6σ of its centre.</summary>
    private void Stamp(Span<ushort> pixels, double x, double y, double sigma, double electrons, ref SplitMix64 random)
    {
        int r = (int)Math.Ceiling(6 * sigma) + 1;
        int i0 = Math.Max(0, (int)Math.Floor(x) - r), i1 = Math.Min(Width - 1, (int)Math.Floor(x) + r);
        int j0 = Math.Max(0, (int)Math.Floor(y) - r), j1 = Math.Min(Height - 1, (int)Math.Floor(y) + r);
        double perAdu = 1.0 / _scene.ElectronsPerAdu;
        for (int i = i0; i <= i1; i++)
        {
            _columnFraction[i] = NoiseMath.GaussianFraction(i, i + 1, x, sigma);
        }

        for (int j = j0; j <= j1; j++)
        {
            double row = electrons * NoiseMath.GaussianFraction(j, j + 1, y, sigma);
            for (int i = i0; i <= i1; i++)
            {
                int index = (j * Width) + i;
                double adu = pixels[index] + Math.Round(random.NextPoisson(row * _columnFraction[i]) * perAdu);
                pixels[index] = (ushort)Math.Min(adu, FullScale);
            }
        }
    }

    private ushort[][] BuildNoisePool()
    {
        var scene = _scene;
        var pool = new ushort[scene.NoisePoolFrames][];
        double floor = scene.BackgroundElectronsPerPixel + scene.DarkElectronsPerPixel;
        double perAdu = 1.0 / scene.ElectronsPerAdu;
        for (int n = 0; n < pool.Length; n++)
        {
            var frame = pool[n] = new ushort[Width * Height];
            var random = new SplitMix64(_seed ^ ((ulong)(n + 1) * 0xD1B54A32D192ED03UL));
            int hot = 0;
            for (int index = 0; index < frame.Length; index++)
            {
                double mean = floor;
                if (hot < _hotPixels.Length && _hotPixels[hot] == index)
                {
                    mean += scene.HotPixelElectrons;
                    hot++;
                }

                double electronsRead = random.NextPoisson(mean) + (scene.ReadNoiseElectrons * random.NextGaussian());
                frame[index] = (ushort)Math.Clamp(Math.Round((electronsRead * perAdu) + scene.BiasAdu), 0, FullScale);
            }
        }

        return pool;
    }

    private static int[] PlaceHotPixels(int width, int height, double perMillion, ulong seed)
    {
        int total = width * height;
        int count = (int)Math.Round(total * perMillion / 1e6);
        var random = new SplitMix64(seed ^ 0x5DEECE66DUL);
        var set = new SortedSet<int>();
        while (set.Count < Math.Min(count, total))
        {
            set.Add((int)(random.NextUInt64() % (ulong)total));
        }

        return [.. set];
    }
}
