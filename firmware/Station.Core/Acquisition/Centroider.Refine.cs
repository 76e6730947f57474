namespace Station.Core.Acquisition;

/// <summary>
/// The sub-pixel stage. A background-subtracted cutout around the blob is cleaned of hot pixels (mapped ones and
/// unmapped isolated outliers are replaced by their 4-neighbour mean), then the Gaussian-windowed centroid is
/// iterated: c ← c + 2·Σw·I·(x − c)/Σw·I. For a symmetric spot the fixed point is the true centre whatever the
/// window, and when the window σ equals the spot σ one step lands on it (Gaussian product algebra), so the
/// window is re-matched every iteration from the windowed second moment M: σ_spot² = M·σ_w²/(σ_w² − M).
/// </summary>
public sealed partial class Centroider
{
    private const int CutoutMarginPx = 3;
    private const int MaxRecuts = 3;
    private const byte PixelOk = 0;
    private const byte PixelOutside = 1;
    private const byte PixelReplaced = 2;
    private const byte PixelPendingHot = 3;
    private readonly int[] _candidateBlob;
    private readonly double[] _candidateKey;
    private readonly int _cutoutSize;
    private readonly double[] _cutout;
    private readonly double[] _cutoutClean;
    private readonly double[] _weightX;
    private readonly double[] _weightY;
    private readonly byte[] _cutoutFlags;
    private int _cutoutX0;
    private int _cutoutY0;

    private readonly record struct Spot(bool Valid, double X, double Y, double Flux, double Snr, double Fwhm, int Peak, bool Saturated, int Iterations, int HotPixels);

    private Spot Refine(CameraFrame frame, int blobIndex, double background, double noise, int thresholdAdu)
    {
        ref readonly Blob blob = ref _blobs[blobIndex];
        double cx = blob.SumX / blob.Sum, cy = blob.SumY / blob.Sum;
        int maxRadius = _options.MaxWindowRadiusPx;
        double maxSigma = maxRadius / 3.0;
        // A thresholded blob of area A is roughly a disc of radius 2σ for a moderately bright spot.
        double sigmaW = Math.Clamp(0.5 * Math.Sqrt(blob.Area / Math.PI), _options.MinWindowSigmaPx, maxSigma);
        double sigmaSpot = sigmaW;
        double thresholdAbove = thresholdAdu - background;
        int hotPixels = FillCutout(frame, cx, cy, background, thresholdAbove);
        int recuts = 0, iterations = 0;
        bool converged = false;
        while (iterations < _options.MaxIterations)
        {
            int icx = (int)Math.Round(cx), icy = (int)Math.Round(cy);
            int half = (_cutoutSize - 1) / 2;
            if (Math.Abs(icx - (_cutoutX0 + half)) > CutoutMarginPx || Math.Abs(icy - (_cutoutY0 + half)) > CutoutMarginPx)
            {
                if (++recuts > MaxRecuts)
                {
                    return default;
                }

                hotPixels = FillCutout(frame, cx, cy, background, thresholdAbove);
                continue;
            }

            iterations++;
            int radius = Math.Min(maxRadius, (int)Math.Ceiling(3 * sigmaW));
            double inverseTwoVar = 1 / (2 * sigmaW * sigmaW);
            for (int k = -radius; k <= radius; k++)
            {
                double dx = icx + k - cx, dy = icy + k - cy;
                _weightX[k + radius] = Math.Exp(-dx * dx * inverseTwoVar);
                _weightY[k + radius] = Math.Exp(-dy * dy * inverseTwoVar);
            }

            double s = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
            for (int j = -radius; j <= radius; j++)
            {
                int row = (icy + j - _cutoutY0) * _cutoutSize;
                double wy = _weightY[j + radius], dy = icy + j - cy;
                double rs = 0, rsx = 0, rsxx = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    int index = row + icx + k - _cutoutX0;
                    if (_cutoutFlags[index] == PixelOutside)
                    {
                        continue;
                    }

                    double wi = _weightX[k + radius] * _cutoutClean[index];
                    double dx = icx + k - cx;
                    rs += wi;
                    rsx += wi * dx;
                    rsxx += wi * dx * dx;
                }

                s += wy * rs;
                sx += wy * rsx;
                sxx += wy * rsxx;
                sy += wy * rs * dy;
                syy += wy * rs * dy * dy;
            }

            if (!(s > 0))
            {
                return default;
            }

            double mx = sx / s, my = sy / s;
            double moment = 0.5 * ((sxx / s) - (mx * mx) + (syy / s) - (my * my));
            double sigmaW2 = sigmaW * sigmaW;
            // Noise can push M to σ_w² or beyond (spot wider than the window can tell): take the widest window.
            sigmaSpot = moment > 0 && moment < 0.95 * sigmaW2 ? Math.Sqrt(moment * sigmaW2 / (sigmaW2 - moment)) : maxSigma;
            cx += 2 * mx;
            cy += 2 * my;
            sigmaW = Math.Clamp(sigmaSpot, _options.MinWindowSigmaPx, maxSigma);
            if (Math.Abs(2 * mx) < _options.ConvergencePx && Math.Abs(2 * my) < _options.ConvergencePx)
            {
                converged = true;
                break;
            }
        }

        if (!converged && iterations == 0)
        {
            return default;
        }

        return Photometry(frame, cx, cy, sigmaSpot, noise, iterations, hotPixels);
    }

    /// <summary>Aperture flux (box ±2.5σ, ≈97.5 % of a Gaussian), SNR, peak and saturation around the final centroid.</summary>
    private Spot Photometry(CameraFrame frame, double cx, double cy, double sigmaSpot, double noise, int iterations, int hotPixels)
    {
        int icx = (int)Math.Round(cx), icy = (int)Math.Round(cy);
        int half = (_cutoutSize - 1) / 2;
        int aperture = Math.Clamp((int)Math.Ceiling(2.5 * sigmaSpot), 1, half - CutoutMarginPx);
        double flux = 0;
        int pixels = 0, peak = 0;
        bool saturated = false;
        for (int j = -aperture; j <= aperture; j++)
        {
            int cyIndex = icy + j - _cutoutY0;
            if ((uint)cyIndex >= (uint)_cutoutSize)
            {
                continue;
            }

            for (int k = -aperture; k <= aperture; k++)
            {
                int cxIndex = icx + k - _cutoutX0;
                if ((uint)cxIndex >= (uint)_cutoutSize)
                {
                    continue;
                }

                int index = (cyIndex * _cutoutSize) + cxIndex;
                if (_cutoutFlags[index] == PixelOutside)
                {
                    continue;
                }

                flux += _cutoutClean[index];
                pixels++;
                if (_cutoutFlags[index] == PixelOk)
                {
                    int raw = frame.Pixels[((icy + j) * frame.Width) + icx + k];
                    peak = Math.Max(peak, raw);
                    saturated |= raw >= _options.SaturationLevel;
                }
            }
        }

        double variance = pixels * noise * noise;
        if (_options.GainElectronsPerAdu > 0 && flux > 0)
        {
            variance += flux / _options.GainElectronsPerAdu;
        }

        double snr = pixels == 0 ? 0 : flux / Math.Sqrt(variance);
        return new Spot(true, cx, cy, flux, snr, 2.354820045 * sigmaSpot, peak, saturated, iterations, hotPixels);
    }

    /// <summary>
    /// Copies the background-subtracted neighbourhood of (cx, cy) and cleans it. A pixel is hot when the map says so,
    /// or when it is above threshold yet no 8-neighbour is (the in-window twin of the single-pixel-blob rule), or when
    /// it outshines its brightest neighbour by more than <see cref="CentroiderOptions.HotPixelRatio"/>.
    /// </summary>
    private int FillCutout(CameraFrame frame, double cx, double cy, double background, double thresholdAbove)
    {
        int size = _cutoutSize, half = (size - 1) / 2;
        _cutoutX0 = (int)Math.Round(cx) - half;
        _cutoutY0 = (int)Math.Round(cy) - half;
        var map = _options.HotPixels;
        for (int j = 0; j < size; j++)
        {
            int y = _cutoutY0 + j;
            for (int i = 0; i < size; i++)
            {
                int x = _cutoutX0 + i, index = (j * size) + i;
                if ((uint)x >= (uint)frame.Width || (uint)y >= (uint)frame.Height)
                {
                    _cutoutFlags[index] = PixelOutside;
                    _cutout[index] = 0;
                }
                else if (map is not null && map.IsHot(frame.OriginX + x, frame.OriginY + y))
                {
                    _cutoutFlags[index] = PixelReplaced;
                    _cutout[index] = 0;
                }
                else
                {
                    _cutoutFlags[index] = PixelOk;
                    _cutout[index] = frame.Pixels[(y * frame.Width) + x] - background;
                }
            }
        }

        int hot = 0;
        for (int j = 0; j < size; j++)
        {
            for (int i = 0; i < size; i++)
            {
                int index = (j * size) + i;
                byte flag = _cutoutFlags[index];
                double value = _cutout[index];
                if (flag == PixelOk && value > thresholdAbove)
                {
                    double brightest = double.NegativeInfinity;
                    for (int dj = -1; dj <= 1; dj++)
                    {
                        for (int di = -1; di <= 1; di++)
                        {
                            if ((di != 0 || dj != 0) && IsMeasured(i + di, j + dj))
                            {
                                brightest = Math.Max(brightest, _cutout[index + (dj * size) + di]);
                            }
                        }
                    }

                    if (brightest < thresholdAbove || value > _options.HotPixelRatio * brightest)
                    {
                        _cutoutFlags[index] = PixelPendingHot; // decided on the original neighbours, applied below
                        hot++;
                    }
                }
            }
        }

        for (int j = 0; j < size; j++)
        {
            for (int i = 0; i < size; i++)
            {
                int index = (j * size) + i;
                if (_cutoutFlags[index] == PixelPendingHot)
                {
                    _cutoutFlags[index] = PixelReplaced;
                }
            }
        }

        for (int j = 0; j < size; j++)
        {
            for (int i = 0; i < size; i++)
            {
                int index = (j * size) + i;
                _cutoutClean[index] = _cutoutFlags[index] == PixelReplaced ? NeighbourMean(i, j) : _cutout[index];
            }
        }

        return hot;
    }

    private bool IsMeasured(int i, int j) =>
        (uint)i < (uint)_cutoutSize && (uint)j < (uint)_cutoutSize && _cutoutFlags[(j * _cutoutSize) + i] is PixelOk or PixelPendingHot;

    private bool IsUsable(int i, int j) =>
        (uint)i < (uint)_cutoutSize && (uint)j < (uint)_cutoutSize && _cutoutFlags[(j * _cutoutSize) + i] == PixelOk;

    private double NeighbourMean(int i, int j)
    {
        double sum = 0;
        int count = 0;
        if (IsUsable(i - 1, j))
        {
            sum += _cutout[(j * _cutoutSize) + i - 1];
            count++;
        }

        if (IsUsable(i + 1, j))
        {
            sum += _cutout[(j * _cutoutSize) + i + 1];
            count++;
        }

        if (IsUsable(i, j - 1))
        {
            sum += _cutout[((j - 1) * _cutoutSize) + i];
            count++;
        }

        if (IsUsable(i, j + 1))
        {
            sum += _cutout[((j + 1) * _cutoutSize) + i];
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }
}
