namespace Station.Core.Acquisition;

/// <summary>
/// Distance from a point to an ellipse's boundary (D. Eberly, "Distance from a Point to an Ellipse, an Ellipsoid, or
/// a Hyperellipsoid"): by symmetry in the first quadrant, the closest boundary point solves a monotone equation in
/// one parameter, found by bisection — robust for any eccentricity, which is what a search region elongated along the
/// track needs (the ellipse grown by (a + r, b + r) does NOT contain all points within r of a long, thin ellipse).
/// </summary>
internal static class EllipseDistance
{
    /// <summary>Distance from (x, y) to the boundary of the ellipse with semi-axes a (along x) and b (along y).</summary>
    public static double ToBoundary(double a, double b, double x, double y)
    {
        double y0 = Math.Abs(x), y1 = Math.Abs(y);
        return a >= b ? FirstQuadrant(a, b, y0, y1) : FirstQuadrant(b, a, y1, y0);
    }

    /// <summary>e0 ≥ e1 &gt; 0, y0, y1 ≥ 0.</summary>
    private static double FirstQuadrant(double e0, double e1, double y0, double y1)
    {
        if (y1 > 0)
        {
            if (y0 > 0)
            {
                double z0 = y0 / e0, z1 = y1 / e1, g = (z0 * z0) + (z1 * z1) - 1;
                if (g == 0)
                {
                    return 0;
                }

                double r0 = (e0 / e1) * (e0 / e1);
                double sbar = Root(r0, z0, z1, g);
                double x0 = r0 * y0 / (sbar + r0), x1 = y1 / (sbar + 1);
                return Math.Sqrt(((x0 - y0) * (x0 - y0)) + ((x1 - y1) * (x1 - y1)));
            }

            return Math.Abs(y1 - e1);
        }

        double numerator = e0 * y0, denominator = (e0 * e0) - (e1 * e1);
        if (numerator < denominator)
        {
            double xde0 = numerator / denominator;
            double px = e0 * xde0, py = e1 * Math.Sqrt(1 - (xde0 * xde0));
            return Math.Sqrt(((px - y0) * (px - y0)) + (py * py));
        }

        return Math.Abs(y0 - e0);
    }

    private static double Root(double r0, double z0, double z1, double g)
    {
        double n0 = r0 * z0;
        double s0 = z1 - 1, s1 = g < 0 ? 0 : Math.Sqrt((n0 * n0) + (z1 * z1)) - 1, s = 0;
        for (int i = 0; i < 1100; i++)
        {
            s = 0.5 * (s0 + s1);
            if (s == s0 || s == s1)
            {
                break;
            }

            double ratio0 = n0 / (s + r0), ratio1 = z1 / (s + 1);
            g = (ratio0 * ratio0) + (ratio1 * ratio1) - 1;
            if (g > 0)
            {
                s0 = s;
            }
            else if (g < 0)
            {
                s1 = s;
            }
            else
            {
                break;
            }
        }

        return s;
    }
}
