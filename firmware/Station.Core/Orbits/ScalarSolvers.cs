namespace Station.Core.Orbits;

/// <summary>A real function of one variable; a struct implementing it lets the solvers inline it without allocating.</summary>
internal interface IScalarFunction
{
    double Evaluate(double x);
}

/// <summary>
/// Brent's root finder and Brent's minimiser (R. P. Brent, Algorithms for Minimization without Derivatives, 1973,
/// chapters 4 and 5): bracketing, so they cannot escape the interval, with inverse-quadratic / parabolic steps
/// that make them converge in a handful of evaluations on the smooth elevation curves of a pass.
/// </summary>
internal static class ScalarSolvers
{
    private const double GoldenSection = 0.3819660112501051; // (3 − √5) / 2
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// A root of f in [a, b] given f(a) = fa and f(b) = fb of opposite signs (or one of them zero), located to
    /// <paramref name="tolerance"/>: the returned point is the bracket end with the smaller |f|.
    /// </summary>
    public static double Root<TF>(ref TF f, double a, double b, double fa, double fb, double tolerance)
        where TF : struct, IScalarFunction
    {
        if (fa == 0.0)
        {
            return a;
        }

        if (fb == 0.0)
        {
            return b;
        }

        double c = a, fc = fa, d = b - a, e = d;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            if ((fb > 0.0) == (fc > 0.0))
            {
                c = a;
                fc = fa;
                d = b - a;
                e = d;
            }

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                (a, b, c) = (b, c, b);
                (fa, fb, fc) = (fb, fc, fb);
            }

            double tol = (2.0 * Epsilon * Math.Abs(b)) + (0.5 * tolerance);
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0.0)
            {
                return b;
            }

            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                // Secant (two points) or inverse quadratic interpolation (three), accepted only if it stays well inside.
                double s = fb / fa, p, q;
                if (a == c)
                {
                    p = 2.0 * m * s;
                    q = 1.0 - s;
                }
                else
                {
                    double qa = fa / fc, r = fb / fc;
                    p = s * ((2.0 * m * qa * (qa - r)) - ((b - a) * (r - 1.0)));
                    q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
                }

                if (p > 0.0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }

                if (2.0 * p < Math.Min((3.0 * m * q) - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = m;
                    e = m;
                }
            }
            else
            {
                d = m;
                e = m;
            }

            a = b;
            fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0.0 ? tol : -tol);
            fb = f.Evaluate(b);
        }

        return b;
    }

    /// <summary>
    /// The minimum of f on [a, b] (a local one if f is not unimodal there) to <paramref name="tolerance"/>,
    /// starting from x with f(x) = fx known. Returns the best point found and its value.
    /// </summary>
    public static (double X, double F) Minimize<TF>(ref TF f, double a, double b, double x, double fx, double tolerance)
        where TF : struct, IScalarFunction =>
        Minimize(ref f, a, b, x, fx, x, fx, x, fx, 0.0, tolerance);

    /// <summary>
    /// As <see cref="Minimize{TF}(ref TF, double, double, double, double, double)"/> with the bracket ends' values known
    /// too (f(a) = fa, f(b) = fb, both ≥ f(x)): the first step is then the parabola through the three points, which on a
    /// smooth peak saves the golden-section steps Brent's method otherwise starts with.
    /// </summary>
    public static (double X, double F) Minimize<TF>(ref TF f, double a, double fa, double x, double fx, double b, double fb, double tolerance)
        where TF : struct, IScalarFunction =>
        fa <= fb ? Minimize(ref f, a, b, x, fx, a, fa, b, fb, b - a, tolerance) : Minimize(ref f, a, b, x, fx, b, fb, a, fa, b - a, tolerance);

    private static (double X, double F) Minimize<TF>(ref TF f, double a, double b, double x, double fx,
        double w, double fw, double v, double fv, double e, double tolerance)
        where TF : struct, IScalarFunction
    {
        double d = e;
        for (int iteration = 0; iteration < 200; iteration++)
        {
            double m = 0.5 * (a + b);
            // Absolute tolerance only: x is seconds from the window start, so a tolerance relative to x (as in Brent's
            // original) would grow with the time of day rather than with anything about the curve.
            double tol = (1e-12 * Math.Abs(x)) + (tolerance / 3.0);
            double tol2 = 2.0 * tol;
            if (Math.Abs(x - m) <= tol2 - (0.5 * (b - a)))
            {
                break;
            }

            double p = 0.0, q = 0.0, r = 0.0;
            if (Math.Abs(e) > tol)
            {
                // Parabola through x, w, v.
                r = (x - w) * (fx - fv);
                q = (x - v) * (fx - fw);
                p = ((x - v) * q) - ((x - w) * r);
                q = 2.0 * (q - r);
                if (q > 0.0)
                {
                    p = -p;
                }
                else
                {
                    q = -q;
                }

                r = e;
                e = d;
            }

            if (Math.Abs(p) < Math.Abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x))
            {
                d = p / q;
                double u0 = x + d;
                if (u0 - a < tol2 || b - u0 < tol2)
                {
                    d = x < m ? tol : -tol;
                }
            }
            else
            {
                e = (x < m ? b : a) - x;
                d = GoldenSection * e;
            }

            double u = x + (Math.Abs(d) >= tol ? d : (d > 0.0 ? tol : -tol));
            double fu = f.Evaluate(u);
            if (fu <= fx)
            {
                if (u < x)
                {
                    b = x;
                }
                else
                {
                    a = x;
                }

                (v, fv) = (w, fw);
                (w, fw) = (x, fx);
                (x, fx) = (u, fu);
            }
            else
            {
                if (u < x)
                {
                    a = u;
                }
                else
                {
                    b = u;
                }

                if (fu <= fw || w == x)
                {
                    (v, fv) = (w, fw);
                    (w, fw) = (u, fu);
                }
                else if (fu <= fv || v == x || v == w)
                {
                    (v, fv) = (u, fu);
                }
            }
        }

        return (x, fx);
    }
}
