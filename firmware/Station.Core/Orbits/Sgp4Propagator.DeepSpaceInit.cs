namespace Station.Core.Orbits;

// Deep-space initialisation: Vallado's dscom (lunar-solar coefficients) and dsinit (secular rates and
// the 12 h / 24 h geopotential resonance coefficients).
public sealed partial class Sgp4Propagator
{
    private sealed partial class DeepSpaceTerms
    {
        // Solar and lunar perturbation constants (Spacetrack Report #3).
        private const double Zes = 0.01675;
        private const double Zel = 0.05490;
        private const double C1ss = 2.9864797e-6;
        private const double C1l = 4.7968065e-7;
        private const double Zsinis = 0.39785416;
        private const double Zcosis = 0.91744867;
        private const double Zcosgs = 0.1945905;
        private const double Zsings = -0.98088458;
        private const double Zns = 1.19459e-5;
        private const double Znl = 1.5835218e-4;

        // Resonance constants.
        private const double Q22 = 1.7891679e-6;
        private const double Q31 = 2.1460748e-6;
        private const double Q33 = 2.2123015e-7;
        private const double Root22 = 1.7891679e-6;
        private const double Root44 = 7.3636953e-9;
        private const double Root54 = 2.1765803e-9;
        private const double Root32 = 3.7393792e-7;
        private const double Root52 = 1.1428639e-7;

        /// <summary>Earth rotation rate, rad/min (7.29211514668855e-5 rad/s).</summary>
        private const double Rptim = 4.37526908801129966e-3;

        // Lunar-solar periodic coefficients (dpper).
        private double _e3, _ee2, _se2, _se3, _sgh2, _sgh3, _sgh4, _sh2, _sh3, _si2, _si3, _sl2, _sl3, _sl4;
        private double _xgh2, _xgh3, _xgh4, _xh2, _xh3, _xi2, _xi3, _xl2, _xl3, _xl4, _zmol, _zmos;

        // Lunar-solar secular rates (dspace).
        private double _dedt, _didt, _dmdt, _dnodt, _domdt;

        // Resonance: 0 none, 1 one-day (geosynchronous), 2 half-day (Molniya/GPS-like).
        private int _irez;
        private double _d2201, _d2211, _d3210, _d3222, _d4410, _d4422, _d5220, _d5232, _d5421, _d5433;
        private double _del1, _del2, _del3, _xfact, _xlamo;

        // Copies of epoch values the resonance integrator needs.
        private double _gsto, _no, _argpo, _argpdot;

        /// <summary>One third body's contribution: dscom's loop body for the sun (first) or the moon.</summary>
        private readonly record struct ThirdBody(
            double S1, double S2, double S3, double S4, double S5, double S6, double S7,
            double Z1, double Z2, double Z3, double Z11, double Z12, double Z13,
            double Z21, double Z22, double Z23, double Z31, double Z32, double Z33);

        public static DeepSpaceTerms Create(Sgp4Propagator p, double epoch1950, double gsto, double eccsq, double xpidot)
        {
            var d = new DeepSpaceTerms { _gsto = gsto, _no = p._no, _argpo = p._argpo, _argpdot = p._argpdot };

            // ---- dscom ----
            double em = p._ecco;
            double nm = p._no;
            (double snodm, double cnodm) = Math.SinCos(p._nodeo);
            (double sinomm, double cosomm) = Math.SinCos(p._argpo);
            (double sinim, double cosim) = Math.SinCos(p._inclo);
            double emsq = em * em;
            double betasq = 1.0 - emsq;
            double rtemsq = Math.Sqrt(betasq);

            // Lunar orbit orientation at epoch; day counts from 1900 Jan 0.5.
            double day = epoch1950 + 18261.5;
            double xnodce = (4.5236020 - (9.2422029e-4 * day)) % TwoPi;
            (double stem, double ctem) = Math.SinCos(xnodce);
            double zcosil = 0.91375164 - (0.03568096 * ctem);
            double zsinil = Math.Sqrt(1.0 - (zcosil * zcosil));
            double zsinhl = 0.089683511 * stem / zsinil;
            double zcoshl = Math.Sqrt(1.0 - (zsinhl * zsinhl));
            double gam = 5.8351514 + (0.0019443680 * day);
            double zx = 0.39785416 * stem / zsinil;
            double zy = (zcoshl * ctem) + (0.91744867 * zsinhl * stem);
            zx = Math.Atan2(zx, zy);
            zx = gam + zx - xnodce;
            (double zsingl, double zcosgl) = Math.SinCos(zx);

            double xnoi = 1.0 / nm;
            ThirdBody sun = ComputeThirdBody(Zcosgs, Zsings, Zcosis, Zsinis, cnodm, snodm, C1ss,
                xnoi, em, emsq, betasq, rtemsq, sinim, cosim, sinomm, cosomm);
            ThirdBody moon = ComputeThirdBody(zcosgl, zsingl, zcosil, zsinil,
                (zcoshl * cnodm) + (zsinhl * snodm), (snodm * zcoshl) - (cnodm * zsinhl), C1l,
                xnoi, em, emsq, betasq, rtemsq, sinim, cosim, sinomm, cosomm);

            d._zmol = (4.7199672 + (0.22997150 * day) - gam) % TwoPi;
            d._zmos = (6.2565837 + (0.017201977 * day)) % TwoPi;

            d._se2 = 2.0 * sun.S1 * sun.S6;
            d._se3 = 2.0 * sun.S1 * sun.S7;
            d._si2 = 2.0 * sun.S2 * sun.Z12;
            d._si3 = 2.0 * sun.S2 * (sun.Z13 - sun.Z11);
            d._sl2 = -2.0 * sun.S3 * sun.Z2;
            d._sl3 = -2.0 * sun.S3 * (sun.Z3 - sun.Z1);
            d._sl4 = -2.0 * sun.S3 * (-21.0 - (9.0 * emsq)) * Zes;
            d._sgh2 = 2.0 * sun.S4 * sun.Z32;
            d._sgh3 = 2.0 * sun.S4 * (sun.Z33 - sun.Z31);
            d._sgh4 = -18.0 * sun.S4 * Zes;
            d._sh2 = -2.0 * sun.S2 * sun.Z22;
            d._sh3 = -2.0 * sun.S2 * (sun.Z23 - sun.Z21);

            d._ee2 = 2.0 * moon.S1 * moon.S6;
            d._e3 = 2.0 * moon.S1 * moon.S7;
            d._xi2 = 2.0 * moon.S2 * moon.Z12;
            d._xi3 = 2.0 * moon.S2 * (moon.Z13 - moon.Z11);
            d._xl2 = -2.0 * moon.S3 * moon.Z2;
            d._xl3 = -2.0 * moon.S3 * (moon.Z3 - moon.Z1);
            d._xl4 = -2.0 * moon.S3 * (-21.0 - (9.0 * emsq)) * Zel;
            d._xgh2 = 2.0 * moon.S4 * moon.Z32;
            d._xgh3 = 2.0 * moon.S4 * (moon.Z33 - moon.Z31);
            d._xgh4 = -18.0 * moon.S4 * Zel;
            d._xh2 = -2.0 * moon.S2 * moon.Z22;
            d._xh3 = -2.0 * moon.S2 * (moon.Z23 - moon.Z21);

            // (sgp4init's epoch call of dpper changes nothing: the periodics are applied only after epoch.)
            d.InitializeSecularAndResonance(p, sun, moon, em, emsq, eccsq, sinim, cosim, nm, xpidot);
            return d;
        }

        private static ThirdBody ComputeThirdBody(double zcosg, double zsing, double zcosi, double zsini,
            double zcosh, double zsinh, double cc, double xnoi, double em, double emsq, double betasq,
            double rtemsq, double sinim, double cosim, double sinomm, double cosomm)
        {
            double a1 = (zcosg * zcosh) + (zsing * zcosi * zsinh);
            double a3 = (-zsing * zcosh) + (zcosg * zcosi * zsinh);
            double a7 = (-zcosg * zsinh) + (zsing * zcosi * zcosh);
            double a8 = zsing * zsini;
            double a9 = (zsing * zsinh) + (zcosg * zcosi * zcosh);
            double a10 = zcosg * zsini;
            double a2 = (cosim * a7) + (sinim * a8);
            double a4 = (cosim * a9) + (sinim * a10);
            double a5 = (-sinim * a7) + (cosim * a8);
            double a6 = (-sinim * a9) + (cosim * a10);

            double x1 = (a1 * cosomm) + (a2 * sinomm);
            double x2 = (a3 * cosomm) + (a4 * sinomm);
            double x3 = (-a1 * sinomm) + (a2 * cosomm);
            double x4 = (-a3 * sinomm) + (a4 * cosomm);
            double x5 = a5 * sinomm;
            double x6 = a6 * sinomm;
            double x7 = a5 * cosomm;
            double x8 = a6 * cosomm;

            double z31 = (12.0 * x1 * x1) - (3.0 * x3 * x3);
            double z32 = (24.0 * x1 * x2) - (6.0 * x3 * x4);
            double z33 = (12.0 * x2 * x2) - (3.0 * x4 * x4);
            double z1 = (3.0 * ((a1 * a1) + (a2 * a2))) + (z31 * emsq);
            double z2 = (6.0 * ((a1 * a3) + (a2 * a4))) + (z32 * emsq);
            double z3 = (3.0 * ((a3 * a3) + (a4 * a4))) + (z33 * emsq);
            double z11 = (-6.0 * a1 * a5) + (emsq * ((-24.0 * x1 * x7) - (6.0 * x3 * x5)));
            double z12 = (-6.0 * ((a1 * a6) + (a3 * a5)))
                + (emsq * ((-24.0 * ((x2 * x7) + (x1 * x8))) - (6.0 * ((x3 * x6) + (x4 * x5)))));
            double z13 = (-6.0 * a3 * a6) + (emsq * ((-24.0 * x2 * x8) - (6.0 * x4 * x6)));
            double z21 = (6.0 * a2 * a5) + (emsq * ((24.0 * x1 * x5) - (6.0 * x3 * x7)));
            double z22 = (6.0 * ((a4 * a5) + (a2 * a6)))
                + (emsq * ((24.0 * ((x2 * x5) + (x1 * x6))) - (6.0 * ((x4 * x7) + (x3 * x8)))));
            double z23 = (6.0 * a4 * a6) + (emsq * ((24.0 * x2 * x6) - (6.0 * x4 * x8)));
            z1 = z1 + z1 + (betasq * z31);
            z2 = z2 + z2 + (betasq * z32);
            z3 = z3 + z3 + (betasq * z33);
            double s3 = cc * xnoi;
            double s2 = -0.5 * s3 / rtemsq;
            double s4 = s3 * rtemsq;
            double s1 = -15.0 * em * s4;
            double s5 = (x1 * x3) + (x2 * x4);
            double s6 = (x2 * x3) + (x1 * x4);
            double s7 = (x2 * x4) - (x1 * x3);
            return new ThirdBody(s1, s2, s3, s4, s5, s6, s7, z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33);
        }
    }
}
