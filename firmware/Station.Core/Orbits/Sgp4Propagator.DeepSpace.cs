namespace Station.Core.Orbits;

// Deep-space propagation: Vallado's dspace (lunar-solar secular terms and the resonance integrator)
// and dpper (lunar-solar long-period periodics).
public sealed partial class Sgp4Propagator
{
    private sealed partial class DeepSpaceTerms
    {
        // Resonance phase constants (Spacetrack Report #3).
        private const double Fasx2 = 0.13130908;
        private const double Fasx4 = 2.8843198;
        private const double Fasx6 = 0.37448087;
        private const double G22 = 5.7686396;
        private const double G32 = 0.95240898;
        private const double G44 = 1.8014998;
        private const double G52 = 1.0508330;
        private const double G54 = 4.4108898;

        // Euler-Maclaurin integrator step, minutes, and step²/2.
        private const double Step = 720.0;
        private const double Step2 = 259200.0;

        /// <summary>dspace: adds lunar-solar secular rates and, for resonant orbits, integrates the resonance.</summary>
        public void ApplySecularAndResonance(double t, ref double em, ref double argpm, ref double inclm,
            ref double mm, ref double nodem, ref double nm)
        {
            em += _dedt * t;
            inclm += _didt * t;
            argpm += _domdt * t;
            nodem += _dnodt * t;
            mm += _dmdt * t;

            if (_irez == 0)
            {
                return;
            }

            // Integrate from epoch every call: the reference caches the last step, but restarting gives the
            // same numbers (the same fixed steps from the same start) and keeps the propagator immutable.
            double theta = (_gsto + (t * Rptim)) % TwoPi;
            double delt = t > 0.0 ? Step : -Step;
            double atime = 0.0;
            double xni = _no;
            double xli = _xlamo;
            double xndt, xldot, xnddt, ft;
            while (true)
            {
                ResonanceRates(atime, xli, xni, out xndt, out xldot, out xnddt);
                if (Math.Abs(t - atime) < Step)
                {
                    ft = t - atime;
                    break;
                }

                xli += (xldot * delt) + (xndt * Step2);
                xni += (xndt * delt) + (xnddt * Step2);
                atime += delt;
            }

            nm = xni + (xndt * ft) + (xnddt * ft * ft * 0.5);
            double xl = xli + (xldot * ft) + (xndt * ft * ft * 0.5);
            mm = _irez != 1 ? xl - (2.0 * nodem) + (2.0 * theta) : xl - nodem - argpm + theta;
        }

        private void ResonanceRates(double atime, double xli, double xni, out double xndt, out double xldot, out double xnddt)
        {
            xldot = xni + _xfact;
            if (_irez != 2)
            {
                // Near-synchronous (one-day) resonance.
                (double s1, double c1) = Math.SinCos(xli - Fasx2);
                (double s2, double c2) = Math.SinCos(2.0 * (xli - Fasx4));
                (double s3, double c3) = Math.SinCos(3.0 * (xli - Fasx6));
                xndt = (_del1 * s1) + (_del2 * s2) + (_del3 * s3);
                xnddt = ((_del1 * c1) + (2.0 * _del2 * c2) + (3.0 * _del3 * c3)) * xldot;
                return;
            }

            // Half-day resonance.
            double xomi = _argpo + (_argpdot * atime);
            double x2omi = xomi + xomi;
            double x2li = xli + xli;
            (double sa, double ca) = Math.SinCos(x2omi + xli - G22);
            (double sb, double cb) = Math.SinCos(xli - G22);
            (double sc, double cc) = Math.SinCos(xomi + xli - G32);
            (double sd, double cd) = Math.SinCos(-xomi + xli - G32);
            (double se, double ce) = Math.SinCos(x2omi + x2li - G44);
            (double sf, double cf) = Math.SinCos(x2li - G44);
            (double sg, double cg) = Math.SinCos(xomi + xli - G52);
            (double sh, double ch) = Math.SinCos(-xomi + xli - G52);
            (double si, double ci) = Math.SinCos(xomi + x2li - G54);
            (double sj, double cj) = Math.SinCos(-xomi + x2li - G54);
            xndt = (_d2201 * sa) + (_d2211 * sb) + (_d3210 * sc) + (_d3222 * sd) + (_d4410 * se)
                + (_d4422 * sf) + (_d5220 * sg) + (_d5232 * sh) + (_d5421 * si) + (_d5433 * sj);
            xnddt = ((_d2201 * ca) + (_d2211 * cb) + (_d3210 * cc) + (_d3222 * cd) + (_d5220 * cg) + (_d5232 * ch)
                + (2.0 * ((_d4410 * ce) + (_d4422 * cf) + (_d5421 * ci) + (_d5433 * cj)))) * xldot;
        }

        /// <summary>dpper: adds the lunar-solar long-period periodics (zero at epoch by construction).</summary>
        public void ApplyPeriodics(double t, bool afspcMode, ref double ep, ref double inclp, ref double nodep,
            ref double argpp, ref double mp)
        {
            // Sun.
            double zm = _zmos + (Zns * t);
            double zf = zm + (2.0 * Zes * Math.Sin(zm));
            (double sinzf, double coszf) = Math.SinCos(zf);
            double f2 = (0.5 * sinzf * sinzf) - 0.25;
            double f3 = -0.5 * sinzf * coszf;
            double ses = (_se2 * f2) + (_se3 * f3);
            double sis = (_si2 * f2) + (_si3 * f3);
            double sls = (_sl2 * f2) + (_sl3 * f3) + (_sl4 * sinzf);
            double sghs = (_sgh2 * f2) + (_sgh3 * f3) + (_sgh4 * sinzf);
            double shs = (_sh2 * f2) + (_sh3 * f3);

            // Moon.
            zm = _zmol + (Znl * t);
            zf = zm + (2.0 * Zel * Math.Sin(zm));
            (sinzf, coszf) = Math.SinCos(zf);
            f2 = (0.5 * sinzf * sinzf) - 0.25;
            f3 = -0.5 * sinzf * coszf;
            double sel = (_ee2 * f2) + (_e3 * f3);
            double sil = (_xi2 * f2) + (_xi3 * f3);
            double sll = (_xl2 * f2) + (_xl3 * f3) + (_xl4 * sinzf);
            double sghl = (_xgh2 * f2) + (_xgh3 * f3) + (_xgh4 * sinzf);
            double shll = (_xh2 * f2) + (_xh3 * f3);

            double pe = ses + sel;
            double pinc = sis + sil;
            double pl = sls + sll;
            double pgh = sghs + sghl;
            double ph = shs + shll;

            inclp += pinc;
            ep += pe;
            (double sinip, double cosip) = Math.SinCos(inclp);

            // Vallado's 2006 choice: the Lyddane form (no 1/sin i) below 0.2 rad of perturbed inclination.
            if (inclp >= 0.2)
            {
                ph /= sinip;
                pgh -= cosip * ph;
                argpp += pgh;
                nodep += ph;
                mp += pl;
                return;
            }

            (double sinop, double cosop) = Math.SinCos(nodep);
            double alfdp = (sinip * sinop) + ((ph * cosop) + (pinc * cosip * sinop));
            double betdp = (sinip * cosop) + ((-ph * sinop) + (pinc * cosip * cosop));
            nodep %= TwoPi;
            // AFSPC code kept the node positive here because its intrinsics expected it.
            if (nodep < 0.0 && afspcMode)
            {
                nodep += TwoPi;
            }

            double xls = mp + argpp + (cosip * nodep);
            double dls = pl + pgh - (pinc * nodep * sinip);
            xls += dls;
            double xnoh = nodep;
            nodep = Math.Atan2(alfdp, betdp);
            if (nodep < 0.0 && afspcMode)
            {
                nodep += TwoPi;
            }

            if (Math.Abs(xnoh - nodep) > Math.PI)
            {
                nodep = nodep < xnoh ? nodep + TwoPi : nodep - TwoPi;
            }

            mp += pl;
            argpp = xls - mp - (cosip * nodep);
        }
    }
}
