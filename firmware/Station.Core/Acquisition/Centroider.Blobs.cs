using System.Numerics;

namespace Station.Core.Acquisition;

/// <summary>
/// Blob finding without a label image: above-threshold pixels are collected as row runs (SIMD skips the empty
/// stretches, which are almost all of a frame), runs that touch runs of the previous row (8-connectivity) are
/// joined in a union-find forest, and each root's pixels are summed into a blob. Work and memory scale with the
/// number of bright pixels, not the frame area, and nothing needs clearing between frames.
/// </summary>
public sealed partial class Centroider
{
    private readonly int[] _runX0;
    private readonly int[] _runX1;
    private readonly int[] _runY;
    private readonly int[] _parent;
    private readonly int[] _runBlob;
    private readonly Blob[] _blobs;
    private int _runCount;
    private int _blobCount;

    /// <summary>Intensity-weighted sums of one blob (frame coordinates; intensities above background).</summary>
    private struct Blob
    {
        public int Area;
        public double Sum;
        public double SumX;
        public double SumY;
    }

    /// <summary>Collects above-threshold runs and joins touching ones; false when the run buffer overflows.</summary>
    private bool FindRuns(CameraFrame frame, ushort thresholdAdu, out int hotIgnored)
    {
        hotIgnored = 0;
        _runCount = 0;
        int width = frame.Width;
        var hot = _options.HotPixels;
        int lanes = Vector<ushort>.Count;
        var below = new Vector<ushort>((ushort)(thresholdAdu - 1));
        int previousStart = 0, previousEnd = 0;
        for (int y = 0; y < frame.Height; y++)
        {
            var row = frame.Pixels.Slice(y * width, width);
            int rowStart = _runCount;
            int open = -1;
            int x = 0;
            for (; x <= width - lanes; x += lanes)
            {
                if (open < 0 && !Vector.GreaterThanAny(new Vector<ushort>(row[x..]), below))
                {
                    continue;
                }

                for (int i = x; i < x + lanes; i++)
                {
                    if (!ScanPixel(row[i], thresholdAdu, hot, frame.OriginX + i, frame.OriginY + y, i, y, ref open, ref hotIgnored))
                    {
                        return false;
                    }
                }
            }

            for (; x < width; x++)
            {
                if (!ScanPixel(row[x], thresholdAdu, hot, frame.OriginX + x, frame.OriginY + y, x, y, ref open, ref hotIgnored))
                {
                    return false;
                }
            }

            if (open >= 0 && !AddRun(open, width - 1, y))
            {
                return false;
            }

            JoinRows(previousStart, previousEnd, rowStart, _runCount);
            previousStart = rowStart;
            previousEnd = _runCount;
        }

        return true;
    }

    private bool ScanPixel(ushort value, ushort thresholdAdu, HotPixelMap? hot, int sensorX, int sensorY, int x, int y, ref int open, ref int hotIgnored)
    {
        bool above = value >= thresholdAdu;
        if (above && hot is not null && hot.IsHot(sensorX, sensorY))
        {
            above = false;
            hotIgnored++;
        }

        if (above)
        {
            if (open < 0)
            {
                open = x;
            }
        }
        else if (open >= 0)
        {
            bool added = AddRun(open, x - 1, y);
            open = -1;
            return added;
        }

        return true;
    }

    private bool AddRun(int x0, int x1, int y)
    {
        if (_runCount == _runX0.Length)
        {
            return false;
        }

        _runX0[_runCount] = x0;
        _runX1[_runCount] = x1;
        _runY[_runCount] = y;
        _parent[_runCount] = _runCount;
        _runCount++;
        return true;
    }

    /// <summary>Unions every pair of runs in consecutive rows whose column spans touch, diagonals included.</summary>
    private void JoinRows(int previousStart, int previousEnd, int currentStart, int currentEnd)
    {
        int i = previousStart, j = currentStart;
        while (i < previousEnd && j < currentEnd)
        {
            if (_runX1[i] + 1 < _runX0[j])
            {
                i++;
            }
            else if (_runX1[j] + 1 < _runX0[i])
            {
                j++;
            }
            else
            {
                Union(i, j);
                if (_runX1[i] < _runX1[j])
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }
        }
    }

    private int Find(int run)
    {
        while (_parent[run] != run)
        {
            _parent[run] = _parent[_parent[run]]; // path halving
            run = _parent[run];
        }

        return run;
    }

    private void Union(int a, int b)
    {
        int ra = Find(a), rb = Find(b);
        if (ra != rb)
        {
            // The older run becomes the root so blob order follows the raster order of first appearance.
            if (ra < rb)
            {
                _parent[rb] = ra;
            }
            else
            {
                _parent[ra] = rb;
            }
        }
    }

    /// <summary>Sums each connected set of runs into a blob; false when the blob table overflows.</summary>
    private bool BuildBlobs(ReadOnlySpan<ushort> pixels, int width, double background)
    {
        _blobCount = 0;
        for (int r = 0; r < _runCount; r++)
        {
            _runBlob[r] = -1;
        }

        for (int r = 0; r < _runCount; r++)
        {
            int root = Find(r);
            int b = _runBlob[root];
            if (b < 0)
            {
                if (_blobCount == _blobs.Length)
                {
                    return false;
                }

                b = _blobCount++;
                _runBlob[root] = b;
                _blobs[b] = default;
            }

            ref Blob blob = ref _blobs[b];
            int y = _runY[r];
            var row = pixels.Slice(y * width, width);
            double sum = 0, sumX = 0;
            for (int x = _runX0[r]; x <= _runX1[r]; x++)
            {
                double intensity = row[x] - background;
                sum += intensity;
                sumX += intensity * x;
            }

            blob.Area += _runX1[r] - _runX0[r] + 1;
            blob.Sum += sum;
            blob.SumX += sumX;
            blob.SumY += sum * y;
        }

        return true;
    }
}
