namespace Station.Calibration.Detectors;

/// <summary>A straight line y = Intercept + Slope·x with 1σ uncertainties of both.</summary>
public readonly record struct LineFit(double Intercept, double Slope, double InterceptSigma, double SlopeSigma)
{
    public double At(double x) => Intercept + (Slope * x);
}

/// <summary>The small fits the bench procedures share: weighted straight lines, Levenberg–Marquardt, the normal CDF.</summary>
public static class BenchFits
{
    /// <summary>Weighted least-squares line through (x, y) with weights 1/σ² (equal weights when <paramref name="weights"/> is null).</summary>
    public static LineFit Line(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException("A line needs at least two points, as many x as y.", nameof(x));
        }

        double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double w = weights?[i] ?? 1;
            s += w;
            sx += w * x[i];
            sy += w * y[i];
            sxx += w * x[i] * x[i];
            sxy += w * x[i] * y[i];
        }

        double d = (s * sxx) - (sx * sx);
        double slope = ((s * sxy) - (sx * sy)) / d;
        double intercept = ((sxx * sy) - (sx * sxy)) / d;
        double scale = 1;
        if (weights is null)
        {
            // Unweighted: the scatter about the line estimates σ².
            double chi = 0;
            for (int i = 0; i < x.Count; i++)
            {
                double r = y[i] - intercept - (slope * x[i]);
                chi += r * r;
            }

            scale = x.Count > 2 ? chi / (x.Count - 2) : 0;
        }

        return new LineFit(intercept, slope, Math.Sqrt(scale * sxx / d), Math.Sqrt(scale * s / d));
    }

    /// <summary>
    /// Levenberg–Marquardt: the parameters minimising Σ wᵢ (yᵢ − model(p, xᵢ))² from <paramref name="start"/>, with the
    /// Jacobian by central differences (steps <paramref name="steps"/>). Returns the parameters and their 1σ uncertainties
    /// from the curvature (scaled by the reduced χ² when it exceeds 1).
    /// </summary>
    public static (double[] Parameters, double[] Sigmas, double ReducedChiSquare) LevenbergMarquardt(
        Func<double[], double, double> model, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> weights,
        double[] start, double[] steps, int iterations = 200)
    {
        int n = start.Length;
        var p = (double[])start.Clone();
        double lambda = 1e-3;
        double chi = ChiSquare(model, p, x, y, weights);
        var jtj = new double[n, n];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            var jtr = new double[n];
            Normal(model, p, x, y, weights, steps, jtj, jtr);
            bool improved = false;
            while (lambda < 1e12)
            {
                var a = (double[,])jtj.Clone();
                for (int i = 0; i < n; i++)
                {
                    a[i, i] *= 1 + lambda;
                }

                var delta = Solve(a, jtr);
                var trial = new double[n];
                for (int i = 0; i < n; i++)
                {
                    trial[i] = p[i] + delta[i];
                }

                double trialChi = ChiSquare(model, trial, x, y, weights);
                if (double.IsFinite(trialChi) && trialChi < chi)
                {
                    improved = Math.Abs(chi - trialChi) > 1e-10 * chi;
                    p = trial;
                    chi = trialChi;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    break;
                }

                lambda *= 10;
            }

            if (!improved)
            {
                break;
            }
        }

        Normal(model, p, x, y, weights, steps, jtj, new double[n]);
        double reduced = x.Count > n ? chi / (x.Count - n) : 1;
        var covariance = Invert(jtj);
        var sigmas = new double[n];
        for (int i = 0; i < n; i++)
        {
            sigmas[i] = Math.Sqrt(Math.Max(0, covariance[i, i]) * Math.Max(1, reduced));
        }

        return (p, sigmas, reduced);
    }

    /// <summary>The standard normal cumulative distribution Φ(z) (Abramowitz &amp; Stegun 7.1.26, |error| &lt; 1.5·10⁻⁷).</summary>
    public static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2);
        double t = 1 / (1 + (0.3275911 * x));
        double erf = 1 - (((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private static double ChiSquare(Func<double[], double, double> model, double[] p, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> w)
    {
        double chi = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double r = y[i] - model(p, x[i]);
            chi += w[i] * r * r;
        }

        return chi;
    }

    private static void Normal(Func<double[], double, double> model, double[] p, IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<double> w, double[] steps, double[,] jtj, double[] jtr)
    {
        int n = p.Length;
        Array.Clear(jtj);
        var row = new double[n];
        for (int k = 0; k < x.Count; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double keep = p[i];
                p[i] = keep + steps[i];
                double up = model(p, x[k]);
                p[i] = keep - steps[i];
                double down = model(p, x[k]);
                p[i] = keep;
                row[i] = (up - down) / (2 * steps[i]);
            }

            double r = y[k] - model(p, x[k]);
            for (int i = 0; i < n; i++)
            {
                jtr[i] += w[k] * row[i] * r;
                for (int j = 0; j < n; j++)
                {
                    jtj[i, j] += w[k] * row[i] * row[j];
                }
            }
        }
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var inverse = Invert(a);
        int n = b.Length;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                x[i] += inverse[i, j] * b[j];
            }
        }

        return x;
    }

    /// <summary>Gauss–Jordan inverse with partial pivoting (a singular matrix gives zeros on its null directions).</summary>
    private static double[,] Invert(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var inv = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            inv[i, i] = 1;
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-300)
            {
                continue;
            }

            for (int c = 0; c < n; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                (inv[col, c], inv[pivot, c]) = (inv[pivot, c], inv[col, c]);
            }

            double d = a[col, col];
            for (int c = 0; c < n; c++)
            {
                a[col, c] /= d;
                inv[col, c] /= d;
            }

            for (int r = 0; r < n; r++)
            {
                if (r != col && a[r, col] != 0)
                {
                    double f = a[r, col];
                    for (int c = 0; c < n; c++)
                    {
                        a[r, c] -= f * a[col, c];
                        inv[r, c] -= f * inv[col, c];
                    }
                }
            }
        }

        return inv;
    }
}
