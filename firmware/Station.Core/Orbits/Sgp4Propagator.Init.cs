namespace Station.Core.Orbits;

// Initialisation: Vallado's initl and sgp4init (near-earth part). Field names follow the reference
// variable names so each line can be checked against the published equations.
public sealed partial class Sgp4Propagator
{
    // Gravity constants.
    private double _radiusEarthKm, _xke, _j2, _j3oj2, _kmPerSecondPerErPerMin;
    private bool _afspcMode;

    // Epoch as a Julian date pair (UTC).
    private double _epochJulianWhole, _epochJulianFraction;

    // Mean elements at epoch: radians, and the un-Kozai'd mean motion in rad/min.
    private double _bstar, _ecco, _inclo, _nodeo, _argpo, _mo, _no;

    // Semi-major axis at epoch (Earth radii) for _no; SGP4's am before the drag factor tempa².
    private double _ao;

    // True for perigee below 220 km and for deep space: drops the higher-order drag terms.
    private bool _isimp;

    // Secular and drag coefficients.
    private double _cc1, _cc4, _cc5, _d2, _d3, _d4, _delmo, _eta, _omgcof, _sinmao;
    private double _t2cof, _t3cof, _t4cof, _t5cof, _xmcof, _nodecf, _mdot, _argpdot, _nodedot;

    // Long- and short-period coefficients from the epoch inclination (recomputed per call in deep space).
    private double _aycof, _xlcof, _con41, _x1mth2, _x7thm1;

    private DeepSpaceTerms? _deep;

    private void Initialize(ElementSet elements, GravityConstants g, bool afspcMode)
    {
        _radiusEarthKm = g.RadiusEarthKm;
        _xke = g.Xke;
        _j2 = g.J2;
        _j3oj2 = g.J3OverJ2;
        _kmPerSecondPerErPerMin = g.RadiusEarthKm * g.Xke / 60.0;
        _afspcMode = afspcMode;

        _epochJulianWhole = elements.EpochJulianDateWhole;
        _epochJulianFraction = elements.EpochJulianDateFraction;
        // Days since 1949-12-31 00:00 UTC, sgp4init's "epoch" argument. Summed into one Julian date first, as the
        // reference does: that rounds the epoch to ~40 µs, and for strongly perturbed deep-space orbits (23333)
        // the lunar-solar terms turn the difference into millimetres at perigee.
        double epoch1950 = (elements.EpochJulianDateWhole + elements.EpochJulianDateFraction) - JulianDate.Sgp4EpochOrigin;

        _bstar = elements.BStar;
        _ecco = elements.Eccentricity;
        _inclo = elements.InclinationDeg * DegreesToRadians;
        _nodeo = elements.RightAscensionOfAscendingNodeDeg * DegreesToRadians;
        _argpo = elements.ArgumentOfPerigeeDeg * DegreesToRadians;
        _mo = elements.MeanAnomalyDeg * DegreesToRadians;
        double noKozai = elements.MeanMotionRevPerDay * TwoPi / MinutesPerDay;

        // ---- initl: recover the Brouwer (un-Kozai'd) mean motion and epoch quantities ----
        double eccsq = _ecco * _ecco;
        double omeosq = 1.0 - eccsq;
        double rteosq = Math.Sqrt(omeosq);
        (double sinio, double cosio) = Math.SinCos(_inclo);
        double cosio2 = cosio * cosio;

        double ak = Math.Pow(_xke / noKozai, TwoThirds);
        double d1 = 0.75 * _j2 * ((3.0 * cosio2) - 1.0) / (rteosq * omeosq);
        double del = d1 / (ak * ak);
        double adel = ak * (1.0 - (del * del) - (del * ((1.0 / 3.0) + (134.0 * del * del / 81.0))));
        del = d1 / (adel * adel);
        _no = noKozai / (1.0 + del);

        _ao = Math.Pow(_xke / _no, TwoThirds);
        double po = _ao * omeosq;
        double con42 = 1.0 - (5.0 * cosio2);
        _con41 = -con42 - cosio2 - cosio2;
        double posq = po * po;
        double rp = _ao * (1.0 - _ecco);

        double gsto = afspcMode ? AfspcSiderealTime(epoch1950) : SiderealTime.Gmst82Vallado(epoch1950 + JulianDate.Sgp4EpochOrigin);

        // ---- sgp4init: drag and secular coefficients ----
        double ss = (78.0 / _radiusEarthKm) + 1.0;
        double qzms2tBase = (120.0 - 78.0) / _radiusEarthKm;
        double qzms2t = qzms2tBase * qzms2tBase * qzms2tBase * qzms2tBase;

        _isimp = rp < (220.0 / _radiusEarthKm) + 1.0;
        double sfour = ss;
        double qzms24 = qzms2t;
        double perigeeKm = (rp - 1.0) * _radiusEarthKm;

        // Below 156 km perigee the atmosphere model's s and (q0 - s)^4 are altered.
        if (perigeeKm < 156.0)
        {
            sfour = perigeeKm < 98.0 ? 20.0 : perigeeKm - 78.0;
            double qzms24Base = (120.0 - sfour) / _radiusEarthKm;
            qzms24 = qzms24Base * qzms24Base * qzms24Base * qzms24Base;
            sfour = (sfour / _radiusEarthKm) + 1.0;
        }

        double pinvsq = 1.0 / posq;
        double tsi = 1.0 / (_ao - sfour);
        _eta = _ao * _ecco * tsi;
        double etasq = _eta * _eta;
        double eeta = _ecco * _eta;
        double psisq = Math.Abs(1.0 - etasq);
        double coef = qzms24 * Math.Pow(tsi, 4.0);
        double coef1 = coef / Math.Pow(psisq, 3.5);
        double cc2 = coef1 * _no * ((_ao * (1.0 + (1.5 * etasq) + (eeta * (4.0 + etasq))))
            + (0.375 * _j2 * tsi / psisq * _con41 * (8.0 + (3.0 * etasq * (8.0 + etasq)))));
        _cc1 = _bstar * cc2;
        double cc3 = 0.0;
        if (_ecco > 1.0e-4)
        {
            cc3 = -2.0 * coef * tsi * _j3oj2 * _no * sinio / _ecco;
        }

        _x1mth2 = 1.0 - cosio2;
        _cc4 = 2.0 * _no * coef1 * _ao * omeosq
            * ((_eta * (2.0 + (0.5 * etasq))) + (_ecco * (0.5 + (2.0 * etasq)))
               - (_j2 * tsi / (_ao * psisq)
                  * ((-3.0 * _con41 * (1.0 - (2.0 * eeta) + (etasq * (1.5 - (0.5 * eeta)))))
                     + (0.75 * _x1mth2 * ((2.0 * etasq) - (eeta * (1.0 + etasq))) * Math.Cos(2.0 * _argpo)))));
        _cc5 = 2.0 * coef1 * _ao * omeosq * (1.0 + (2.75 * (etasq + eeta)) + (eeta * etasq));

        double cosio4 = cosio2 * cosio2;
        double temp1 = 1.5 * _j2 * pinvsq * _no;
        double temp2 = 0.5 * temp1 * _j2 * pinvsq;
        double temp3 = -0.46875 * g.J4 * pinvsq * pinvsq * _no;
        _mdot = _no + (0.5 * temp1 * rteosq * _con41) + (0.0625 * temp2 * rteosq * (13.0 - (78.0 * cosio2) + (137.0 * cosio4)));
        _argpdot = (-0.5 * temp1 * con42) + (0.0625 * temp2 * (7.0 - (114.0 * cosio2) + (395.0 * cosio4)))
            + (temp3 * (3.0 - (36.0 * cosio2) + (49.0 * cosio4)));
        double xhdot1 = -temp1 * cosio;
        _nodedot = xhdot1 + (((0.5 * temp2 * (4.0 - (19.0 * cosio2))) + (2.0 * temp3 * (3.0 - (7.0 * cosio2)))) * cosio);
        double xpidot = _argpdot + _nodedot;
        _omgcof = _bstar * cc3 * Math.Cos(_argpo);
        _xmcof = _ecco > 1.0e-4 ? -TwoThirds * coef * _bstar / eeta : 0.0;
        _nodecf = 3.5 * omeosq * xhdot1 * _cc1;
        _t2cof = 1.5 * _cc1;
        _xlcof = LongPeriodXlcof(_j3oj2, sinio, cosio);
        _aycof = -0.5 * _j3oj2 * sinio;
        double delmoBase = 1.0 + (_eta * Math.Cos(_mo));
        _delmo = delmoBase * delmoBase * delmoBase;
        _sinmao = Math.Sin(_mo);
        _x7thm1 = (7.0 * cosio2) - 1.0;

        if (TwoPi / _no >= 225.0)
        {
            _isimp = true;
            _deep = DeepSpaceTerms.Create(this, epoch1950, gsto, eccsq, xpidot);
        }

        if (!_isimp)
        {
            double cc1sq = _cc1 * _cc1;
            _d2 = 4.0 * _ao * tsi * cc1sq;
            double temp = _d2 * tsi * _cc1 / 3.0;
            _d3 = ((17.0 * _ao) + sfour) * temp;
            _d4 = 0.5 * temp * _ao * tsi * ((221.0 * _ao) + (31.0 * sfour)) * _cc1;
            _t3cof = _d2 + (2.0 * cc1sq);
            _t4cof = 0.25 * ((3.0 * _d3) + (_cc1 * ((12.0 * _d2) + (10.0 * cc1sq))));
            _t5cof = 0.2 * ((3.0 * _d4) + (12.0 * _cc1 * _d3) + (6.0 * _d2 * _d2) + (15.0 * cc1sq * ((2.0 * _d2) + cc1sq)));
        }
    }

    /// <summary>The j3 long-period coefficient; guards the divide by (1 + cos i) at 180° inclination.</summary>
    private static double LongPeriodXlcof(double j3oj2, double sini, double cosi)
    {
        double divisor = Math.Abs(cosi + 1.0) > 1.5e-12 ? 1.0 + cosi : 1.5e-12;
        return -0.25 * j3oj2 * sini * (3.0 + (5.0 * cosi)) / divisor;
    }

    /// <summary>Sidereal time at epoch the way AFSPC code computes it (opsmode 'a'), from days since 1950.</summary>
    private static double AfspcSiderealTime(double epoch1950)
    {
        double ts70 = epoch1950 - 7305.0;
        double ds70 = Math.Floor(ts70 + 1.0e-8);
        double tfrac = ts70 - ds70;
        const double c1 = 1.72027916940703639e-2;
        const double thgr70 = 1.7321343856509374;
        const double fk5r = 5.07551419432269442e-15;
        const double c1p2p = c1 + TwoPi;
        double gsto = (thgr70 + (c1 * ds70) + (c1p2p * tfrac) + (ts70 * ts70 * fk5r)) % TwoPi;
        return gsto < 0.0 ? gsto + TwoPi : gsto;
    }
}
