namespace Station.Core.Orbits;

// Deep-space initialisation, part 2: Vallado's dsinit. Lunar-solar secular rates, and for orbits near
// one-day or half-day periods the coefficients of the geopotential resonance integrated in dspace.
public sealed partial class Sgp4Propagator
{
    private sealed partial class DeepSpaceTerms
    {
        // Inclinations within 3° of 0° or 180° get no lunar-solar node rate (its 1/sin i would blow up).
        private const double NearEquatorialInclination = 5.2359877e-2;

        private void InitializeSecularAndResonance(Sgp4Propagator p, in ThirdBody sun, in ThirdBody moon,
            double em, double emsq, double eccsq, double sinim, double cosim, double nm, double xpidot)
        {
            // One-day resonance: 0.8–1.2 rev/day. Half-day: 1.89–2.12 rev/day with e >= 0.5.
            if (nm is > 0.0034906585 and < 0.0052359877)
            {
                _irez = 1;
            }

            if (nm is >= 8.26e-3 and <= 9.24e-3 && em >= 0.5)
            {
                _irez = 2;
            }

            bool nearEquatorial = p._inclo < NearEquatorialInclination || p._inclo > Math.PI - NearEquatorialInclination;

            // ---- solar secular terms ----
            double ses = sun.S1 * Zns * sun.S5;
            double sis = sun.S2 * Zns * (sun.Z11 + sun.Z13);
            double sls = -Zns * sun.S3 * (sun.Z1 + sun.Z3 - 14.0 - (6.0 * emsq));
            double sghs = sun.S4 * Zns * (sun.Z31 + sun.Z33 - 6.0);
            double shs = nearEquatorial ? 0.0 : -Zns * sun.S2 * (sun.Z21 + sun.Z23);
            if (sinim != 0.0)
            {
                shs /= sinim;
            }

            double sgs = sghs - (cosim * shs);

            // ---- lunar secular terms ----
            _dedt = ses + (moon.S1 * Znl * moon.S5);
            _didt = sis + (moon.S2 * Znl * (moon.Z11 + moon.Z13));
            _dmdt = sls - (Znl * moon.S3 * (moon.Z1 + moon.Z3 - 14.0 - (6.0 * emsq)));
            double sghl = moon.S4 * Znl * (moon.Z31 + moon.Z33 - 6.0);
            double shll = nearEquatorial ? 0.0 : -Znl * moon.S2 * (moon.Z21 + moon.Z23);
            _domdt = sgs + sghl;
            _dnodt = shs;
            if (sinim != 0.0)
            {
                _domdt -= cosim / sinim * shll;
                _dnodt += shll / sinim;
            }

            if (_irez == 0)
            {
                return;
            }

            double theta = _gsto % TwoPi;
            double aonv = Math.Pow(nm / p._xke, TwoThirds);
            if (_irez == 2)
            {
                InitializeHalfDayResonance(p, p._ecco, eccsq, sinim, cosim, nm, aonv, theta);
            }
            else
            {
                InitializeOneDayResonance(p, emsq, sinim, cosim, nm, aonv, theta, xpidot);
            }
        }

        private void InitializeHalfDayResonance(Sgp4Propagator p, double e, double esq, double sinim, double cosim,
            double nm, double aonv, double theta)
        {
            double cosisq = cosim * cosim;
            double eoc = e * esq;
            double g201 = -0.306 - ((e - 0.64) * 0.440);
            double g211, g310, g322, g410, g422, g520, g521, g532, g533;

            // Eccentricity polynomials of the Hansen coefficients, fitted over two ranges.
            if (e <= 0.65)
            {
                g211 = 3.616 - (13.2470 * e) + (16.2900 * esq);
                g310 = -19.302 + (117.3900 * e) - (228.4190 * esq) + (156.5910 * eoc);
                g322 = -18.9068 + (109.7927 * e) - (214.6334 * esq) + (146.5816 * eoc);
                g410 = -41.122 + (242.6940 * e) - (471.0940 * esq) + (313.9530 * eoc);
                g422 = -146.407 + (841.8800 * e) - (1629.014 * esq) + (1083.4350 * eoc);
                g520 = -532.114 + (3017.977 * e) - (5740.032 * esq) + (3708.2760 * eoc);
            }
            else
            {
                g211 = -72.099 + (331.819 * e) - (508.738 * esq) + (266.724 * eoc);
                g310 = -346.844 + (1582.851 * e) - (2415.925 * esq) + (1246.113 * eoc);
                g322 = -342.585 + (1554.908 * e) - (2366.899 * esq) + (1215.972 * eoc);
                g410 = -1052.797 + (4758.686 * e) - (7193.992 * esq) + (3651.957 * eoc);
                g422 = -3581.690 + (16178.110 * e) - (24462.770 * esq) + (12422.520 * eoc);
                g520 = e > 0.715
                    ? -5149.66 + (29936.92 * e) - (54087.36 * esq) + (31324.56 * eoc)
                    : 1464.74 - (4664.75 * e) + (3763.64 * esq);
            }

            if (e < 0.7)
            {
                g533 = -919.22770 + (4988.6100 * e) - (9064.7700 * esq) + (5542.21 * eoc);
                g521 = -822.71072 + (4568.6173 * e) - (8491.4146 * esq) + (5337.524 * eoc);
                g532 = -853.66600 + (4690.2500 * e) - (8624.7700 * esq) + (5341.4 * eoc);
            }
            else
            {
                g533 = -37995.780 + (161616.52 * e) - (229838.20 * esq) + (109377.94 * eoc);
                g521 = -51752.104 + (218913.95 * e) - (309468.16 * esq) + (146349.42 * eoc);
                g532 = -40023.880 + (170470.89 * e) - (242699.48 * esq) + (115605.82 * eoc);
            }

            double sini2 = sinim * sinim;
            double f220 = 0.75 * (1.0 + (2.0 * cosim) + cosisq);
            double f221 = 1.5 * sini2;
            double f321 = 1.875 * sinim * (1.0 - (2.0 * cosim) - (3.0 * cosisq));
            double f322 = -1.875 * sinim * (1.0 + (2.0 * cosim) - (3.0 * cosisq));
            double f441 = 35.0 * sini2 * f220;
            double f442 = 39.3750 * sini2 * sini2;
            double f522 = 9.84375 * sinim * ((sini2 * (1.0 - (2.0 * cosim) - (5.0 * cosisq)))
                + (0.33333333 * (-2.0 + (4.0 * cosim) + (6.0 * cosisq))));
            double f523 = sinim * ((4.92187512 * sini2 * (-2.0 - (4.0 * cosim) + (10.0 * cosisq)))
                + (6.56250012 * (1.0 + (2.0 * cosim) - (3.0 * cosisq))));
            double f542 = 29.53125 * sinim * (2.0 - (8.0 * cosim) + (cosisq * (-12.0 + (8.0 * cosim) + (10.0 * cosisq))));
            double f543 = 29.53125 * sinim * (-2.0 - (8.0 * cosim) + (cosisq * (12.0 + (8.0 * cosim) - (10.0 * cosisq))));

            double xno2 = nm * nm;
            double ainv2 = aonv * aonv;
            double temp1 = 3.0 * xno2 * ainv2;
            double temp = temp1 * Root22;
            _d2201 = temp * f220 * g201;
            _d2211 = temp * f221 * g211;
            temp1 *= aonv;
            temp = temp1 * Root32;
            _d3210 = temp * f321 * g310;
            _d3222 = temp * f322 * g322;
            temp1 *= aonv;
            temp = 2.0 * temp1 * Root44;
            _d4410 = temp * f441 * g410;
            _d4422 = temp * f442 * g422;
            temp1 *= aonv;
            temp = temp1 * Root52;
            _d5220 = temp * f522 * g520;
            _d5232 = temp * f523 * g532;
            temp = 2.0 * temp1 * Root54;
            _d5421 = temp * f542 * g521;
            _d5433 = temp * f543 * g533;
            _xlamo = (p._mo + p._nodeo + p._nodeo - theta - theta) % TwoPi;
            _xfact = p._mdot + _dmdt + (2.0 * (p._nodedot + _dnodt - Rptim)) - p._no;
        }

        private void InitializeOneDayResonance(Sgp4Propagator p, double emsq, double sinim, double cosim,
            double nm, double aonv, double theta, double xpidot)
        {
            double g200 = 1.0 + (emsq * (-2.5 + (0.8125 * emsq)));
            double g310 = 1.0 + (2.0 * emsq);
            double g300 = 1.0 + (emsq * (-6.0 + (6.60937 * emsq)));
            double f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
            double f311 = (0.9375 * sinim * sinim * (1.0 + (3.0 * cosim))) - (0.75 * (1.0 + cosim));
            double f330 = 1.0 + cosim;
            f330 = 1.875 * f330 * f330 * f330;
            double del1 = 3.0 * nm * nm * aonv * aonv;
            _del2 = 2.0 * del1 * f220 * g200 * Q22;
            _del3 = 3.0 * del1 * f330 * g300 * Q33 * aonv;
            _del1 = del1 * f311 * g310 * Q31 * aonv;
            _xlamo = (p._mo + p._nodeo + p._argpo - theta) % TwoPi;
            _xfact = p._mdot + xpidot - Rptim + _dmdt + _domdt + _dnodt - p._no;
        }
    }
}
