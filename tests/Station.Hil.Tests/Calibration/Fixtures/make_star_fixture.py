# Reference apparent az/el of bright stars from skyfield (independent of the project's astrometry), for
# StarAstrometryTests. Run with Debian's python3-skyfield/python3-erfa:
#   /usr/bin/python3 make_star_fixture.py ../../../../host-tools/Station.Calibration/Stars/bright_stars.csv > star_apparent_skyfield.csv
# Conventions: UT1 = UTC, no polar motion, WGS-84 geodetic station, Earth's barycentric position/velocity from ERFA epv00
# (no planetary ephemeris, so no light deflection by the Sun: < 0.01" away from it). Stars: J2000/FK5 with proper motion
# (pm_ra includes cos dec), parallax ignored. alt_deg is unrefracted; alt_refr_deg with Bennett refraction at T, P.
import csv, sys, datetime as dt
import numpy as np
import erfa
from skyfield.api import load, wgs84, Star
from skyfield.vectorlib import VectorFunction
from skyfield.positionlib import Apparent
from skyfield.relativity import add_aberration

class ErfaEarth(VectorFunction):
    center = 0
    target = 399
    target_name = 'EARTH (ERFA epv00)'
    def _at(self, t):
        pvh, pvb = erfa.epv00(t.whole, t.tdb_fraction)
        return np.moveaxis(pvb['p'], -1, 0), np.moveaxis(pvb['v'], -1, 0), None, None

stations = {'delingha': (37.0 + 22/60 + 44.43/3600, 97.0 + 43/60 + 37.01/3600, 3153.0),
            'nanshan': (43.0 + 28/60 + 31.66/3600, 87.0 + 10/60 + 36.07/3600, 2028.0)}
cases = [('delingha', '2016-12-20T17:55:00', -15.0, 690.0), ('nanshan', '2026-06-15T16:30:00', 12.0, 790.0)]
rows = list(csv.DictReader(open(sys.argv[1])))
earth = ErfaEarth()
out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['station', 'utc', 'temp_c', 'pressure_mbar', 'hr', 'az_deg', 'alt_deg', 'alt_refr_deg'])
for name, utc, temp_c, p_mbar in cases:
    d = dt.datetime.strptime(utc, '%Y-%m-%dT%H:%M:%S')
    tai_utc = erfa.dat(d.year, d.month, d.day, 0.0)
    ts = load.timescale(delta_t=32.184 + tai_utc)
    t = ts.utc(d.year, d.month, d.day, d.hour, d.minute, d.second)
    lat, lon, h = stations[name]
    site = wgs84.latlon(lat, lon, elevation_m=h)
    observer = (earth + site).at(t)
    for r in rows[::9]:
        star = Star(ra_hours=float(r['ra_j2000_deg']) / 15, dec_degrees=float(r['dec_j2000_deg']),
                    ra_mas_per_year=float(r['pm_ra_mas_per_yr']), dec_mas_per_year=float(r['pm_dec_mas_per_yr']))
        astrometric = observer.observe(star)
        target_au = astrometric.position.au.copy()
        cb = astrometric.center_barycentric
        add_aberration(target_au, cb.velocity.au_per_d, astrometric.light_time)
        app = Apparent(target_au, None, t, astrometric.center, astrometric.target)
        app.center_barycentric = cb
        app._observer_gcrs_au = cb._observer_gcrs_au
        alt, az, _ = app.altaz()
        if alt.degrees < 5:
            continue
        alt_r = app.altaz(temperature_C=temp_c, pressure_mbar=p_mbar)[0].degrees
        out.writerow([name, utc + 'Z', temp_c, p_mbar, r['hr_or_hip'], '%.7f' % az.degrees, '%.7f' % alt.degrees, '%.7f' % alt_r])
