using System.Runtime.CompilerServices;

namespace Station.Core.Orbits;

// Propagation: Vallado's sgp4() procedure. Near-earth orbits run straight through; deep-space orbits
// add the secular/resonance terms (dspace) and lunar-solar periodics (dpper) from DeepSpaceTerms.
public sealed partial class Sgp4Propagator
{
    /// <summary>Propagates to <paramref name="minutesSinceEpoch"/> minutes after the element set epoch.</summary>
    /// <returns>TEME position (km) and velocity (km/s), or an error code (see <see cref="Sgp4Result"/>).</returns>
    public Sgp4Result Propagate(double minutesSinceEpoch)
    {
        double t = minutesSinceEpoch;
        if (!double.IsFinite(t))
        {
            // No time, no orbit: report it as the mean-element failure rather than return NaN.
            return Sgp4Result.Failure(Sgp4Error.MeanElements);
        }

        // ---- secular gravity and atmospheric drag ----
        double xmdf = _mo + (_mdot * t);
        double argpdf = _argpo + (_argpdot * t);
        double nodedf = _nodeo + (_nodedot * t);
        double argpm = argpdf;
        double mm = xmdf;
        double t2 = t * t;
        double nodem = nodedf + (_nodecf * t2);
        double tempa = 1.0 - (_cc1 * t);
        double tempe = _bstar * _cc4 * t;
        double templ = _t2cof * t2;

        if (!_isimp)
        {
            double delomg = _omgcof * t;
            double delmBase = 1.0 + (_eta * Math.Cos(xmdf));
            double delm = _xmcof * ((delmBase * delmBase * delmBase) - _delmo);
            double temp = delomg + delm;
            mm = xmdf + temp;
            argpm = argpdf - temp;
            double t3 = t2 * t;
            double t4 = t3 * t;
            tempa = tempa - (_d2 * t2) - (_d3 * t3) - (_d4 * t4);
            tempe += _bstar * _cc5 * (Math.Sin(mm) - _sinmao);
            templ += (_t3cof * t3) + (t4 * (_t4cof + (t * _t5cof)));
        }

        double nm = _no;
        double em = _ecco;
        double inclm = _inclo;
        double am;
        DeepSpaceTerms? deep = _deep;
        if (deep is null)
        {
            // Mean motion is constant without resonance, so (xke/nm)^(2/3) is the epoch value: skip two pow calls.
            double absTempa = Math.Abs(tempa);
            am = _ao * absTempa * absTempa;
            nm = _no / (absTempa * absTempa * absTempa);
        }
        else
        {
            deep.ApplySecularAndResonance(t, ref em, ref argpm, ref inclm, ref mm, ref nodem, ref nm);
            if (nm <= 0.0)
            {
                return Sgp4Result.Failure(Sgp4Error.MeanMotion);
            }

            am = Math.Pow(_xke / nm, TwoThirds) * tempa * tempa;
            nm = _xke / Math.Pow(am, 1.5);
        }

        em -= tempe;

        // The 2006 reference also rejects am < 0.95 Earth radii; it keeps a collapsed orbit (tempa → 0) from producing NaN.
        if (em >= 1.0 || em < -0.001 || am < 0.95 || !double.IsFinite(am))
        {
            return Sgp4Result.Failure(Sgp4Error.MeanElements);
        }

        // Avoid a divide by zero in the eccentricity vector below.
        if (em < 1.0e-6)
        {
            em = 1.0e-6;
        }

        mm += _no * templ;
        double xlm = mm + argpm + nodem;

        nodem %= TwoPi;
        argpm %= TwoPi;
        xlm %= TwoPi;
        mm = (xlm - argpm - nodem) % TwoPi;

        // ---- lunar-solar periodics (deep space) ----
        double ep = em;
        double xincp = inclm;
        double argpp = argpm;
        double nodep = nodem;
        double mp = mm;
        double aycof = _aycof;
        double xlcof = _xlcof;
        double con41 = _con41;
        double x1mth2 = _x1mth2;
        double x7thm1 = _x7thm1;
        double sinip, cosip;
        if (deep is null)
        {
            (sinip, cosip) = Math.SinCos(xincp);
        }
        else
        {
            deep.ApplyPeriodics(t, _afspcMode, ref ep, ref xincp, ref nodep, ref argpp, ref mp);
            if (xincp < 0.0)
            {
                xincp = -xincp;
                nodep += Math.PI;
                argpp -= Math.PI;
            }

            if (ep < 0.0 || ep > 1.0)
            {
                return Sgp4Result.Failure(Sgp4Error.PerturbedElements);
            }

            // Long- and short-period coefficients follow the perturbed inclination.
            (sinip, cosip) = Math.SinCos(xincp);
            aycof = -0.5 * _j3oj2 * sinip;
            xlcof = LongPeriodXlcof(_j3oj2, sinip, cosip);
            double cosisq = cosip * cosip;
            con41 = (3.0 * cosisq) - 1.0;
            x1mth2 = 1.0 - cosisq;
            x7thm1 = (7.0 * cosisq) - 1.0;
        }

        // ---- long-period periodics ----
        (double sinArgp, double cosArgp) = Math.SinCos(argpp);
        double axnl = ep * cosArgp;
        double tempLp = 1.0 / (am * (1.0 - (ep * ep)));
        double aynl = (ep * sinArgp) + (tempLp * aycof);
        double xl = mp + argpp + nodep + (tempLp * xlcof * axnl);

        // ---- Kepler's equation for the eccentric longitude ----
        double u = (xl - nodep) % TwoPi;
        (double sineo1, double coseo1) = SolveKepler(u, axnl, aynl);

        // ---- short-period preliminary quantities ----
        double ecose = (axnl * coseo1) + (aynl * sineo1);
        double esine = (axnl * sineo1) - (aynl * coseo1);
        double el2 = (axnl * axnl) + (aynl * aynl);
        double pl = am * (1.0 - el2);
        if (pl < 0.0)
        {
            return Sgp4Result.Failure(Sgp4Error.SemiLatusRectum);
        }

        double rl = am * (1.0 - ecose);
        double rdotl = Math.Sqrt(am) * esine / rl;
        double rvdotl = Math.Sqrt(pl) / rl;
        double betal = Math.Sqrt(1.0 - el2);
        double tempSp = esine / (1.0 + betal);
        double sinu = am / rl * (sineo1 - aynl - (axnl * tempSp));
        double cosu = am / rl * (coseo1 - axnl + (aynl * tempSp));
        double su = Math.Atan2(sinu, cosu);
        double sin2u = (cosu + cosu) * sinu;
        double cos2u = 1.0 - (2.0 * sinu * sinu);
        double invPl = 1.0 / pl;
        double temp1 = 0.5 * _j2 * invPl;
        double temp2 = temp1 * invPl;

        // ---- short-period periodics ----
        double mrt = (rl * (1.0 - (1.5 * temp2 * betal * con41))) + (0.5 * temp1 * x1mth2 * cos2u);
        su -= 0.25 * temp2 * x7thm1 * sin2u;
        double xnode = nodep + (1.5 * temp2 * cosip * sin2u);
        double xinc = xincp + (1.5 * temp2 * cosip * sinip * cos2u);
        double mvt = rdotl - (nm * temp1 * x1mth2 * sin2u / _xke);
        double rvdot = rvdotl + (nm * temp1 * ((x1mth2 * cos2u) + (1.5 * con41)) / _xke);

        // ---- orientation vectors ----
        (double sinsu, double cossu) = Math.SinCos(su);
        (double snod, double cnod) = Math.SinCos(xnode);
        (double sini, double cosi) = Math.SinCos(xinc);
        double xmx = -snod * cosi;
        double xmy = cnod * cosi;
        double ux = (xmx * sinsu) + (cnod * cossu);
        double uy = (xmy * sinsu) + (snod * cossu);
        double uz = sini * sinsu;
        double vx = (xmx * cossu) - (cnod * sinsu);
        double vy = (xmy * cossu) - (snod * sinsu);
        double vz = sini * cossu;

        double rScale = mrt * _radiusEarthKm;
        double vScale = _kmPerSecondPerErPerMin;
        var result = new Sgp4Result(
            mrt < 1.0 ? Sgp4Error.Decayed : Sgp4Error.None,
            rScale * ux, rScale * uy, rScale * uz,
            ((mvt * ux) + (rvdot * vx)) * vScale,
            ((mvt * uy) + (rvdot * vy)) * vScale,
            ((mvt * uz) + (rvdot * vz)) * vScale);

        // A last guard so callers never see NaN with Error == None, whatever the input elements.
        return double.IsFinite(mrt) && double.IsFinite(mvt) && double.IsFinite(rvdot)
            ? result
            : Sgp4Result.Failure(Sgp4Error.SemiLatusRectum);
    }

    /// <summary>
    /// Newton iteration for the eccentric longitude E + ω in Kepler's equation in equinoctial form,
    /// limited to 10 steps of at most 0.95 rad (the reference's safeguard for high eccentricity).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Sin, double Cos) SolveKepler(double u, double axnl, double aynl)
    {
        double eo1 = u;
        double sineo1 = 0.0;
        double coseo1 = 1.0;
        double tem5 = 9999.9;
        for (int ktr = 1; Math.Abs(tem5) >= 1.0e-12 && ktr <= 10; ktr++)
        {
            (sineo1, coseo1) = Math.SinCos(eo1);
            tem5 = 1.0 - (coseo1 * axnl) - (sineo1 * aynl);
            tem5 = (u - (aynl * coseo1) + (axnl * sineo1) - eo1) / tem5;
            if (Math.Abs(tem5) >= 0.95)
            {
                tem5 = tem5 > 0.0 ? 0.95 : -0.95;
            }

            eo1 += tem5;
        }

        return (sineo1, coseo1);
    }
}
