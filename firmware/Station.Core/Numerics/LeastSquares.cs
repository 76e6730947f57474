namespace Station.Core.Numerics;

/// <summary>Result of a linear least-squares fit.</summary>
/// <param name="Parameters">Best-fit parameters.</param>
/// <param name="StandardErrors">1σ uncertainty of each parameter (from the residual variance and (AᵀA)⁻¹).</param>
/// <param name="ResidualRms">RMS of the residuals b − A·x.</param>
/// <param name="Rank">Numerical rank of A (less than the parameter count when terms are degenerate).</param>
public sealed record LeastSquaresSolution(double[] Parameters, double[] StandardErrors, double ResidualRms, int Rank);

/// <summary>Dense linear least squares by Householder QR (stable for the small, possibly ill-conditioned
/// design matrices of pointing models; the normal equations would square the condition number).</summary>
public static class LeastSquares
{
    /// <summary>Solves min ‖A·x − b‖ for A with rows ≥ columns. Degenerate columns get 0 and an infinite error.</summary>
    public static LeastSquaresSolution Solve(double[,] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = a.GetLength(0), n = a.GetLength(1);
        if (b.Length != m)
        {
            throw new ArgumentException($"The right-hand side has {b.Length} rows; the design matrix has {m}.", nameof(b));
        }

        if (m < n)
        {
            throw new ArgumentException($"Need at least as many observations ({m}) as parameters ({n}).", nameof(a));
        }

        var r = (double[,])a.Clone();
        var qtb = (double[])b.Clone();
        var diag = new double[n];
        double scale = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                scale = Math.Max(scale, Math.Abs(a[i, j]));
            }
        }

        double tolerance = Math.Max(scale, 1e-300) * 1e-12 * Math.Max(m, n);
        for (int k = 0; k < n; k++)
        {
            double norm = 0;
            for (int i = k; i < m; i++)
            {
                norm = double.Hypot(norm, r[i, k]);
            }

            if (norm <= tolerance)
            {
                diag[k] = 0;
                continue;
            }

            if (r[k, k] > 0)
            {
                norm = -norm;
            }

            for (int i = k; i < m; i++)
            {
                r[i, k] /= -norm;
            }

            r[k, k] += 1;
            for (int j = k + 1; j < n; j++)
            {
                ApplyReflection(r, k, j, m);
            }

            double s = 0;
            for (int i = k; i < m; i++)
            {
                s += r[i, k] * qtb[i];
            }

            s = -s / r[k, k];
            for (int i = k; i < m; i++)
            {
                qtb[i] += s * r[i, k];
            }

            diag[k] = norm;
        }

        // Back substitution on R (upper triangle of r with diag on the diagonal).
        var x = new double[n];
        int rank = 0;
        for (int k = n - 1; k >= 0; k--)
        {
            if (diag[k] == 0)
            {
                continue;
            }

            rank++;
            double s = qtb[k];
            for (int j = k + 1; j < n; j++)
            {
                s -= r[k, j] * x[j];
            }

            x[k] = s / diag[k];
        }

        double ss = 0;
        for (int i = 0; i < m; i++)
        {
            double fit = 0;
            for (int j = 0; j < n; j++)
            {
                fit += a[i, j] * x[j];
            }

            ss += (b[i] - fit) * (b[i] - fit);
        }

        double rms = Math.Sqrt(ss / m);
        double variance = m > rank ? ss / (m - rank) : 0;
        return new LeastSquaresSolution(x, StandardErrors(r, diag, variance), rms, rank);
    }

    private static void ApplyReflection(double[,] r, int k, int j, int m)
    {
        double s = 0;
        for (int i = k; i < m; i++)
        {
            s += r[i, k] * r[i, j];
        }

        s = -s / r[k, k];
        for (int i = k; i < m; i++)
        {
            r[i, j] += s * r[i, k];
        }
    }

    /// <summary>σ_j = sqrt(variance · ((RᵀR)⁻¹)_jj), with R⁻¹ from back substitution.</summary>
    private static double[] StandardErrors(double[,] r, double[] diag, double variance)
    {
        int n = diag.Length;
        var errors = new double[n];
        var rInv = new double[n, n];
        for (int col = 0; col < n; col++)
        {
            if (diag[col] == 0)
            {
                continue;
            }

            for (int k = col; k >= 0; k--)
            {
                if (diag[k] == 0)
                {
                    continue;
                }

                double s = k == col ? 1 : 0;
                for (int j = k + 1; j <= col; j++)
                {
                    s -= r[k, j] * rInv[j, col];
                }

                rInv[k, col] = s / diag[k];
            }
        }

        for (int j = 0; j < n; j++)
        {
            if (diag[j] == 0)
            {
                errors[j] = double.PositiveInfinity;
                continue;
            }

            double s = 0;
            for (int col = 0; col < n; col++)
            {
                s += rInv[j, col] * rInv[j, col];
            }

            errors[j] = Math.Sqrt(variance * s);
        }

        return errors;
    }
}
