using System.Globalization;

namespace Station.Core.Acquisition;

/// <summary>
/// Finds the beacon spot in a camera frame: robust background → threshold at background + kσ → connected blobs
/// (run-length, 8-connected) with hot pixels and single-pixel blobs dropped → candidates ranked by distance to the
/// prediction (or by brightness without one) → an iterated Gaussian-windowed centroid (the SExtractor XWIN
/// estimator, window matched to the measured spot) on the best few → the first that passes the gate, SNR floor
/// and flux range wins. All scratch is sized from <see cref="CentroiderOptions"/> at construction, so measuring
/// a frame allocates nothing. Not thread-safe: one instance per camera loop.
/// </summary>
public sealed partial class Centroider
{
    private readonly CentroiderOptions _options;
    private readonly ushort[] _samples;
    private readonly ushort[] _deviations;

    public Centroider(CentroiderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _samples = new ushort[options.BackgroundSamples];
        _deviations = new ushort[options.BackgroundSamples];
        _runX0 = new int[options.MaxRuns];
        _runX1 = new int[options.MaxRuns];
        _runY = new int[options.MaxRuns];
        _parent = new int[options.MaxRuns];
        _runBlob = new int[options.MaxRuns];
        _blobs = new Blob[options.MaxBlobs];
        _candidateBlob = new int[options.MaxRefinedCandidates];
        _candidateKey = new double[options.MaxRefinedCandidates];
        int cutoutHalf = options.MaxWindowRadiusPx + CutoutMarginPx;
        _cutoutSize = (2 * cutoutHalf) + 1;
        _cutout = new double[_cutoutSize * _cutoutSize];
        _cutoutClean = new double[_cutoutSize * _cutoutSize];
        _cutoutFlags = new byte[_cutoutSize * _cutoutSize];
        _weightX = new double[(2 * options.MaxWindowRadiusPx) + 1];
        _weightY = new double[(2 * options.MaxWindowRadiusPx) + 1];
    }

    public CentroiderOptions Options => _options;

    /// <summary>Measures the frame with no prediction: the brightest acceptable spot anywhere.</summary>
    public CentroidResult Measure(CameraFrame frame) => Measure(frame, SpotPrediction.None);

    /// <summary>Measures the frame, accepting only spots consistent with <paramref name="prediction"/>.</summary>
    public CentroidResult Measure(CameraFrame frame, SpotPrediction prediction)
    {
        if (frame.Width > _options.SensorWidth || frame.Height > _options.SensorHeight)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"frame {frame.Width}×{frame.Height} is larger than the configured sensor {_options.SensorWidth}×{_options.SensorHeight}"), nameof(frame));
        }

        if (_options.HotPixels is not null && (frame.OriginX + frame.Width > _options.SensorWidth || frame.OriginY + frame.Height > _options.SensorHeight))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ROI at ({frame.OriginX}, {frame.OriginY}) size {frame.Width}×{frame.Height} extends beyond the {_options.SensorWidth}×{_options.SensorHeight} sensor"), nameof(frame));
        }

        if (prediction.Validate() is { } predictionError)
        {
            throw new ArgumentException("Spot prediction: " + predictionError + ".", nameof(prediction));
        }

        var (background, noise) = EstimateBackground(frame.Pixels, frame.Width, frame.Height);
        // Integer data is at least quantisation-noisy (≈0.29 ADU); a floor keeps a noiseless synthetic frame sane.
        noise = Math.Max(noise, 0.5);
        double threshold = background + (_options.ThresholdSigma * noise);
        var result = new CentroidResult
        {
            Status = CentroidStatus.NoCandidates,
            Timestamp = frame.Timestamp,
            XPx = double.NaN,
            YPx = double.NaN,
            Flux = double.NaN,
            Snr = 0,
            FwhmPx = double.NaN,
            BackgroundAdu = background,
            NoiseAdu = noise,
            ThresholdAdu = threshold,
        };

        int thresholdAdu = (int)Math.Floor(threshold) + 1; // first integer strictly above the threshold
        if (thresholdAdu > ushort.MaxValue)
        {
            return result;
        }

        if (!FindRuns(frame, (ushort)thresholdAdu, out int hotIgnored) || !BuildBlobs(frame.Pixels, frame.Width, background))
        {
            return result with { Status = CentroidStatus.Overflow, HotPixelsIgnored = hotIgnored };
        }

        return SelectSpot(frame, prediction, background, noise, thresholdAdu, hotIgnored, result);
    }

    /// <summary>Background level and σ from a regular subsample of the frame (robust to the spot and stars).</summary>
    private (double Mean, double Sigma) EstimateBackground(ReadOnlySpan<ushort> pixels, int width, int height)
    {
        int capacity = _samples.Length;
        int stride = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)width * height / capacity)));
        while ((((width + stride - 1) / stride) * ((height + stride - 1) / stride)) > capacity)
        {
            stride++;
        }

        int count = 0;
        for (int y = stride / 2; y < height; y += stride)
        {
            var row = pixels.Slice(y * width, width);
            // Stagger the columns row by row so a column-periodic pattern (fixed-pattern noise) is not aliased.
            for (int x = (y / stride * 3) % stride; x < width && count < capacity; x += stride)
            {
                _samples[count++] = row[x];
            }
        }

        return RobustStatistics.ClippedMeanSigma(_samples.AsSpan(0, count), _deviations);
    }

    private CentroidResult SelectSpot(CameraFrame frame, SpotPrediction prediction, double background, double noise, int thresholdAdu, int hotIgnored, CentroidResult result)
    {
        bool gated = prediction.HasPosition;
        int candidates = 0, rejectedByGate = 0, rejectedByFlux = 0, rejectedBySnr = 0, ranked = 0;
        for (int b = 0; b < _blobCount; b++)
        {
            ref readonly Blob blob = ref _blobs[b];
            if (blob.Area < _options.MinBlobPixels)
            {
                hotIgnored += blob.Area;
                continue;
            }

            candidates++;
            double x = (blob.SumX / blob.Sum) + frame.OriginX;
            double y = (blob.SumY / blob.Sum) + frame.OriginY;
            double key;
            if (gated)
            {
                double distance = Math.Sqrt(((x - prediction.XPx) * (x - prediction.XPx)) + ((y - prediction.YPx) * (y - prediction.YPx)));
                // The thresholded centroid of a blob is rough; a 2 px slack keeps borderline spots for the refined test.
                if (distance > prediction.GateRadiusPx + 2)
                {
                    rejectedByGate++;
                    continue;
                }

                key = distance;
            }
            else
            {
                key = -blob.Sum;
            }

            InsertRanked(b, key, ref ranked);
        }

        var best = result with { Candidates = candidates, HotPixelsIgnored = hotIgnored };
        bool haveBest = false;
        for (int c = 0; c < ranked; c++)
        {
            var spot = Refine(frame, _candidateBlob[c], background, noise, thresholdAdu);
            best = best with { HotPixelsIgnored = best.HotPixelsIgnored + spot.HotPixels };
            if (!spot.Valid)
            {
                rejectedBySnr++;
                continue;
            }

            double xs = spot.X + frame.OriginX, ys = spot.Y + frame.OriginY;
            var measured = best with
            {
                XPx = xs,
                YPx = ys,
                Flux = spot.Flux,
                Snr = spot.Snr,
                FwhmPx = spot.Fwhm,
                Peak = spot.Peak,
                Saturated = spot.Saturated,
                Iterations = spot.Iterations,
            };
            if (gated && Math.Sqrt(((xs - prediction.XPx) * (xs - prediction.XPx)) + ((ys - prediction.YPx) * (ys - prediction.YPx))) > prediction.GateRadiusPx)
            {
                rejectedByGate++;
            }
            else if (spot.Snr < _options.SnrFloor)
            {
                rejectedBySnr++;
            }
            else if (spot.Flux < prediction.MinFlux || spot.Flux > prediction.MaxFlux)
            {
                rejectedByFlux++;
            }
            else
            {
                return measured with { Status = CentroidStatus.Found, RejectedByGate = rejectedByGate, RejectedByFlux = rejectedByFlux, RejectedBySnr = rejectedBySnr };
            }

            if (!haveBest || spot.Snr > best.Snr)
            {
                best = measured;
                haveBest = true;
            }
        }

        var status = candidates == 0 ? CentroidStatus.NoCandidates
            : rejectedBySnr > 0 ? CentroidStatus.BelowSnrFloor
            : CentroidStatus.Inconsistent;
        return best with { Status = status, RejectedByGate = rejectedByGate, RejectedByFlux = rejectedByFlux, RejectedBySnr = rejectedBySnr };
    }

    /// <summary>Keeps the <see cref="CentroiderOptions.MaxRefinedCandidates"/> lowest keys, sorted (insertion: the list is tiny).</summary>
    private void InsertRanked(int blob, double key, ref int ranked)
    {
        int capacity = _candidateBlob.Length;
        if (ranked == capacity && key >= _candidateKey[capacity - 1])
        {
            return;
        }

        int i = ranked < capacity ? ranked++ : capacity - 1;
        while (i > 0 && _candidateKey[i - 1] > key)
        {
            _candidateKey[i] = _candidateKey[i - 1];
            _candidateBlob[i] = _candidateBlob[i - 1];
            i--;
        }

        _candidateKey[i] = key;
        _candidateBlob[i] = blob;
    }
}
