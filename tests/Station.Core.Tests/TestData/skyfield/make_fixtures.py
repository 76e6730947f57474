#!/usr/bin/python3
"""Regenerate the skyfield reference fixtures in this folder (see README.md).

Run:  /usr/bin/python3 make_fixtures.py [ORACLE_DIR]
ORACLE_DIR defaults to /work/shared/tools/oracle (oracle.py from the project's
shared tools).  Needs Debian python3-skyfield, python3-sgp4, python3-scipy,
python3-erfa, and for the Moon libswe2.0 + swe-basic-data (Swiss Ephemeris).
"""
import csv
import ctypes
import datetime as dt
import io
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE_DIR = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/tools/oracle'
sys.path.insert(0, ORACLE_DIR)
import oracle  # noqa: E402

TLE_DIR = os.path.join(HERE, '..', 'tle')
TEST_SET = os.path.join(TLE_DIR, 'test_set_2026-03-19.tle')
ISS_HIST = os.path.join(TLE_DIR, 'iss_25544_history.tle')

# Exact station coordinates (Yin et al. 2020); oracle.py's built-ins are rounded.
STATIONS = {
    'delingha': (37 + 22 / 60 + 44.43 / 3600, 97 + 43 / 60 + 37.01 / 3600, 3153.0),
    'nanshan': (43 + 28 / 60 + 31.66 / 3600, 87 + 10 / 60 + 36.07 / 3600, 2028.0),
}
TEMP_C, PRESSURE_MBAR = 10.0, 1010.0
TMP = '/tmp/skyfield_fixtures'


def st_args(name):
    lat, lon, h = STATIONS[name]
    return ['--lat', repr(lat), '--lon', repr(lon), '--height-m', repr(h)]


def run_oracle(args):
    """Run oracle.py in-process; return (comment lines, csv rows as dicts)."""
    out = os.path.join(TMP, 'o.csv')
    oracle.main(args + ['-o', out])
    with open(out) as f:
        text = f.read()
    comments = [ln for ln in text.splitlines() if ln.startswith('#')]
    body = '\n'.join(ln for ln in text.splitlines() if not ln.startswith('#'))
    return comments, list(csv.DictReader(io.StringIO(body)))


def tle_sets():
    """(selector, window start, label) for every element set used."""
    sets = []
    for name, l1, l2 in oracle.read_tles(TEST_SET):
        sets.append((TEST_SET, l1[2:7].strip(), '2026-03-19T00:00:00Z'))
    for name, l1, l2 in oracle.read_tles(ISS_HIST):
        ep = oracle.epoch_date(l1)
        sets.append((ISS_HIST, name.split()[-1], ep.strftime('%Y-%m-%dT00:00:00Z')))
    return sets


def pick(rows, n_hi=30, n_lo=6):
    """Up to n_hi instants with el > 5 evenly spread, plus n_lo at or below 5 deg
    (half of them near the horizon, -2..5 deg, for refraction)."""
    ok = [r for r in rows if r['el_deg'] not in ('', 'nan')]
    hi = [r for r in ok if float(r['el_deg']) > 5.0]
    near = [r for r in ok if -2.0 <= float(r['el_deg']) <= 5.0]
    low = [r for r in ok if float(r['el_deg']) < -2.0]

    def spread(lst, n):
        if len(lst) <= n:
            return lst
        idx = np.linspace(0, len(lst) - 1, n).round().astype(int)
        return [lst[i] for i in sorted(set(idx))]
    return spread(hi, n_hi) + spread(near, n_lo // 2) + spread(low, n_lo - min(len(near), n_lo // 2))


def make_look(sunlit_fn):
    keep = ['utc', 'satnum', 'name', 'az_deg', 'el_deg', 'range_km', 'range_rate_kms',
            'el_rate_deg_s', 'az_rate_deg_s', 'el_refracted_deg',
            'teme_x_km', 'teme_y_km', 'teme_z_km', 'teme_vx_kms', 'teme_vy_kms', 'teme_vz_kms',
            'ecef_x_km', 'ecef_y_km', 'ecef_z_km', 'ecef_vx_kms', 'ecef_vy_kms', 'ecef_vz_kms']
    for station in STATIONS:
        rows_out, header = [], None
        for path, sel, start in tle_sets():
            _, grid = run_oracle(['look', '--tle', path, '--sat', sel] + st_args(station) +
                                 ['--start', start, '--duration-h', '24', '--step-s', '60',
                                  '--no-comments'])
            times = [r['utc'] for r in pick(grid)]
            if not times:
                continue
            tf = os.path.join(TMP, 'times.txt')
            with open(tf, 'w') as f:
                f.write('\n'.join(times) + '\n')
            comments, rows = run_oracle(
                ['look', '--tle', path, '--sat', sel] + st_args(station) +
                ['--times-file', tf, '--with-frames', '--refraction', '--temp-c', str(TEMP_C),
                 '--pressure-mbar', str(PRESSURE_MBAR)])
            header = header or [c for c in comments if not c.endswith(' instants')] + [
                '# rows: per element set, from a 24 h / 60 s grid (test set from 2026-03-19T00:00Z, ISS history sets '
                'from their epoch day 00:00Z) up to 30 instants with el > 5 deg evenly spread + up to 6 at or below 5 deg',
                '# teme_*: python-sgp4 TEME state (km, km/s) that skyfield used; ecef_*: skyfield ITRS (no polar motion); '
                'sunlit: skyfield is_sunlit() with the ERFA epv00 Sun and Earth (1 = sunlit)']
            for r in rows:
                if r['sgp4_error'] != '0':
                    continue
                o = {k: r[k] for k in keep}
                for k in keep[16:]:
                    o[k] = '%.9f' % float(r[k])
                o['sunlit'] = sunlit_fn(path, sel, r['utc'])
                rows_out.append(o)
        write_csv('look_%s.csv' % station, header, keep + ['sunlit'], rows_out)


def write_csv(name, comments, cols, rows):
    with open(os.path.join(HERE, name), 'w', newline='') as f:
        for c in comments:
            f.write(c.rstrip() + '\n')
        w = csv.DictWriter(f, fieldnames=cols, lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow(r)
    print('wrote', name, len(rows), 'rows', file=sys.stderr)


def make_passes():
    for min_el in (10, 0):
        comments, rows = run_oracle(['passes', '--tle', TEST_SET] + st_args('delingha') +
                                    ['--start', '2026-03-19T00:00:00Z', '--duration-h', '48',
                                     '--min-el', str(min_el)])
        for path, sel, start in tle_sets()[45:]:
            c2, r2 = run_oracle(['passes', '--tle', path, '--sat', sel] + st_args('delingha') +
                                ['--start', 'epoch', '--duration-h', '48', '--min-el', str(min_el)])
            comments += [c for c in c2 if 'window' in c or 'SGP4' in c]
            rows += r2
        write_csv('passes_delingha_min%02d.csv' % min_el, comments, list(rows[0].keys()), rows)


# ---------------------------------------------------------------------------
# skyfield objects shared by sun/moon/sunlit/common-view

def timescale():
    ts, desc = oracle.make_timescale('0', dt.datetime(2026, 1, 1))
    return ts, desc


def make_moon(earth):
    """Moon = Earth (ERFA epv00, barycentric) + geocentric geometric Moon from the
    Swiss Ephemeris (DE431-based semo_18.se1, ICRS/J2000 axes)."""
    from skyfield.vectorlib import VectorFunction
    swe = ctypes.CDLL('libswe.so.2')
    swe.swe_set_ephe_path(b'/usr/share/libswe/ephe')
    swe.swe_calc.argtypes = [ctypes.c_double, ctypes.c_int, ctypes.c_int32,
                             ctypes.POINTER(ctypes.c_double), ctypes.c_char_p]
    flags = 2 | 32 | 2048 | 4096 | 16 | 1024 | 512 | (128 * 1024) | 256   # SWIEPH J2000 EQU XYZ TRUEPOS NOABERR NOGDEFL ICRS SPEED

    def geo_moon(tt):
        xx = (ctypes.c_double * 6)()
        err = ctypes.create_string_buffer(256)
        ret = swe.swe_calc(float(tt), 1, flags, xx, err)
        if ret < 0 or not (ret & 2):
            raise RuntimeError('swe_calc failed / not using the SE1 file: %r' % err.value)
        return list(xx)

    class _Moon(VectorFunction):
        center = 0
        target = 301
        target_name = 'MOON (ERFA epv00 Earth + Swiss Ephemeris geocentric Moon)'

        def _at(self, t):
            p, v, _, _ = earth._at(t)
            tt = np.atleast_1d(t.tt)
            m = np.array([geo_moon(x) for x in tt]).T          # 6 x n
            mp, mv = m[:3], m[3:]
            if np.ndim(t.tt) == 0:
                mp, mv = mp[:, 0], mv[:, 0]
            return p + mp, v + mv, None, None
    return _Moon()


def apparent_altaz(ts, station_topos, body, earth, t):
    """Apparent az/el as oracle.sun_altaz does it: light-time, aberration, no deflection."""
    from skyfield.positionlib import Apparent
    from skyfield.relativity import add_aberration
    observer = earth + station_topos
    astrometric = observer.at(t).observe(body)
    target_au = astrometric.position.au.copy()
    cb = astrometric.center_barycentric
    add_aberration(target_au, cb.velocity.au_per_d, astrometric.light_time)
    app = Apparent(target_au, None, t, astrometric.center, astrometric.target)
    app.center_barycentric = cb
    app._observer_gcrs_au = cb._observer_gcrs_au
    alt, az, dist = app.altaz()
    return alt.degrees, az.degrees, dist.km


def make_sun_moon():
    from skyfield.api import wgs84
    ts, desc = timescale()
    sun, earth = oracle.make_sun_and_earth()
    moon = make_moon(earth)
    n = 300
    t0 = dt.datetime(2026, 1, 1)
    rows = []
    for k in range(n):
        # spread over the year and over the hours of the day
        s = k * (365.0 * 86400.0 / n) + (k * 7919) % 86400
        d = t0 + dt.timedelta(seconds=round(s))
        for name, (lat, lon, h) in STATIONS.items():
            topos = wgs84.latlon(lat, lon, elevation_m=h)
            t = ts.utc(d.year, d.month, d.day, d.hour, d.minute, d.second)
            sa, sz, sd = apparent_altaz(ts, topos, sun, earth, t)
            ma, mz, md = apparent_altaz(ts, topos, moon, earth, t)
            rows.append({'utc': d.strftime('%Y-%m-%dT%H:%M:%SZ'), 'station': name,
                         'sun_az_deg': '%.6f' % sz, 'sun_el_deg': '%.6f' % sa,
                         'sun_dist_km': '%.1f' % sd,
                         'moon_az_deg': '%.6f' % mz, 'moon_el_deg': '%.6f' % ma,
                         'moon_dist_km': '%.3f' % md})
    comments = ['# make_fixtures.py sun/moon (%s)' % oracle.versions(),
                '# time: %s; no polar motion' % desc,
                '# apparent topocentric (light-time + annual/diurnal aberration, no deflection, no refraction),'
                ' elevation from the WGS-84 ellipsoid normal, azimuth from north through east',
                '# Sun and Earth: ERFA epv00 via skyfield; Moon: Swiss Ephemeris %s semo_18.se1 geocentric, ICRS'
                % 'libswe2.0']
    write_csv('sun_moon.csv', comments, list(rows[0].keys()), rows)


def make_sunlit_fn():
    from skyfield.api import EarthSatellite
    ts, _ = timescale()
    sun, earth = oracle.make_sun_and_earth()
    eph = {'sun': sun, 'earth': earth}
    cache = {}

    def fn(path, sel, utc):
        key = (path, sel)
        if key not in cache:
            name, l1, l2 = oracle.select_tles(oracle.read_tles(path), [sel])[0]
            cache[key] = EarthSatellite(l1, l2, name, ts)
        t = oracle.utc_time(ts, utc)
        return '1' if bool(cache[key].at(t).is_sunlit(eph)) else '0'
    return fn


def make_refraction():
    from skyfield.earthlib import refraction, refract
    rows = []
    alts = [round(x, 2) for x in np.arange(-3.0, -1.2, 0.25)] + \
        [round(x, 2) for x in np.arange(-1.2, 10.0, 0.1)] + list(range(10, 91))
    for temp_c, p in ((10.0, 1010.0), (-15.0, 690.0), (25.0, 800.0)):
        for a in alts:
            app = float(refract(a, temp_c, p))               # geometric -> apparent (skyfield iteration)
            r_app = float(refraction(a, temp_c, p))          # R if `a` were an apparent altitude
            rows.append({'alt_deg': '%.2f' % a, 'temp_c': temp_c, 'pressure_mbar': p,
                         'apparent_from_geometric_deg': '%.10f' % app,
                         'refraction_at_apparent_deg': '%.10f' % r_app})
    comments = ['# make_fixtures.py refraction (%s)' % oracle.versions(),
                '# apparent_from_geometric_deg = skyfield.earthlib.refract(alt_deg, T, P) (scalar call; '
                'skyfield iterates until the step is <= 3e-5 deg)',
                '# refraction_at_apparent_deg = skyfield.earthlib.refraction(alt_deg, T, P), alt_deg read as '
                'an apparent altitude (0 outside -1..89.9 deg)']
    write_csv('refraction.csv', comments, list(rows[0].keys()), rows)


def make_common_view():
    from scipy.optimize import brentq
    from skyfield.api import EarthSatellite, wgs84
    ts, desc = timescale()
    min_el = 10.0
    tops = {n: wgs84.latlon(*v[:2], elevation_m=v[2]) for n, v in STATIONS.items()}
    t0 = ts.utc(2026, 3, 19)
    hours = 72
    rows = []
    for name, l1, l2 in oracle.select_tles(oracle.read_tles(TEST_SET), ['25544', '48274']):
        sat = EarthSatellite(l1, l2, name, ts)

        def els(sec):
            t = oracle.shift(ts, t0, sec)
            return [(sat - tops[n]).at(t).altaz()[0].degrees for n in ('delingha', 'nanshan')]

        def g(sec):
            a, b = els(sec)
            return min(a, b) - min_el
        secs = np.arange(0.0, hours * 3600.0 + 1, 10.0)
        e = np.array(els(secs))
        both = np.minimum(e[0], e[1]) - min_el
        above = both >= 0
        edges = np.nonzero(above[1:] != above[:-1])[0]
        starts = [brentq(g, secs[i], secs[i + 1], xtol=1e-4) for i in edges if not above[i]]
        ends = [brentq(g, secs[i], secs[i + 1], xtol=1e-4) for i in edges if above[i]]
        if above[0] or above[-1]:
            raise RuntimeError('window edge inside a common-view interval; move the window')
        for s, en in zip(starts, ends):
            inner = np.linspace(s, en, 400)
            ei = np.array(els(inner))
            mm = np.minimum(ei[0], ei[1])
            k = int(np.argmax(mm))
            es, ee = els(s), els(en)
            lim = lambda ev: 'delingha' if ev[0] < ev[1] else 'nanshan'
            rows.append({
                'satnum': l1[2:7].strip(), 'name': '"%s"' % name,
                'start_utc': oracle.iso(oracle.shift(ts, t0, s)), 'end_utc': oracle.iso(oracle.shift(ts, t0, en)),
                'duration_s': '%.3f' % (en - s), 'start_limited_by': lim(es), 'end_limited_by': lim(ee),
                'best_min_el_deg': '%.3f' % mm[k],
                'best_utc': oracle.iso(oracle.shift(ts, t0, inner[k])),
                'best_el_delingha_deg': '%.3f' % ei[0][k], 'best_el_nanshan_deg': '%.3f' % ei[1][k]})
    comments = ['# make_fixtures.py common-view (%s)' % oracle.versions(),
                '# time: %s; no polar motion; geometric elevation (no refraction)' % desc,
                '# intervals where the satellite is >= %.0f deg above BOTH delingha and nanshan, '
                '2026-03-19T00:00Z + %d h, 10 s scan, edges refined with Brent to ~0.1 ms; '
                'best_* = instant of the highest min(el_delingha, el_nanshan) on a 400-point grid' % (min_el, hours)]
    with open(os.path.join(HERE, 'common_view.csv'), 'w', newline='') as f:
        for c in comments:
            f.write(c + '\n')
        cols = list(rows[0].keys())
        f.write(','.join(cols) + '\n')
        for r in rows:
            f.write(','.join(r[c] for c in cols) + '\n')
    print('wrote common_view.csv', len(rows), 'rows', file=sys.stderr)


def make_eop_look():
    """Look angles with UT1 - UTC = +0.25 s and polar motion x = 0.2", y = 0.35" (constant), ISS, BeiDou-3 M1 (MEO) and BeiDou-3 IGSO-1
    satellite from delingha, to check the UT1 and polar-motion paths against skyfield."""
    from skyfield.api import EarthSatellite, wgs84
    from skyfield.framelib import itrs
    dut1, xp, yp = 0.25, 0.2, 0.35
    ts, desc = oracle.make_timescale(repr(dut1), dt.datetime(2026, 3, 19))
    t_lo, t_hi = ts.utc(2026, 3, 1), ts.utc(2026, 4, 1)
    ts.polar_motion_table = (np.array([t_lo.tt, t_hi.tt]), np.array([xp, xp]), np.array([yp, yp]))
    lat, lon, h = STATIONS['delingha']
    topos = wgs84.latlon(lat, lon, elevation_m=h)
    rows = []
    for name, l1, l2 in oracle.select_tles(oracle.read_tles(TEST_SET), ['25544', '43001', '44204']):
        sat = EarthSatellite(l1, l2, name, ts)
        t0 = ts.utc(2026, 3, 19)
        secs = np.arange(0.0, 86400.0, 60.0)
        alt = (sat - topos).at(oracle.shift(ts, t0, secs)).altaz()[0].degrees
        idx = np.nonzero(alt > 5.0)[0]
        idx = idx[np.linspace(0, len(idx) - 1, min(len(idx), 25)).round().astype(int)]
        t = oracle.shift(ts, t0, secs[idx])
        jd, fr = oracle._skyfield_sgp4_time(t)
        e, r, v = sat.model.sgp4_array(jd, fr)
        pos = (sat - topos).at(t)
        el, az, dist, _, _, rr = pos.frame_latlon_and_rates(topos)
        pe, ve = sat.at(t).frame_xyz_and_velocity(itrs)
        pe, ve = pe.km.reshape(3, -1).T, ve.km_per_s.reshape(3, -1).T
        utcs = t.utc_iso(places=3)
        for i in range(len(utcs)):
            row = {'utc': utcs[i], 'satnum': l1[2:7].strip(), 'az_deg': '%.7f' % az.degrees[i],
                   'el_deg': '%.7f' % el.degrees[i], 'range_km': '%.6f' % dist.km[i],
                   'range_rate_kms': '%.7f' % rr.km_per_s[i]}
            for k, c in enumerate('xyz'):
                row['teme_%s_km' % c] = repr(float(r[i][k]))
            for k, c in enumerate('xyz'):
                row['teme_v%s_kms' % c] = repr(float(v[i][k]))
            for k, c in enumerate('xyz'):
                row['ecef_%s_km' % c] = '%.9f' % pe[i][k]
            rows.append(row)
    comments = ['# make_fixtures.py eop-look (%s)' % oracle.versions(),
                '# station delingha %.9f %.9f %.1f m (WGS-84); time: %s' % (lat, lon, h, desc),
                '# polar motion x = %.2f arcsec, y = %.2f arcsec (skyfield ts.polar_motion_table, constant; '
                "skyfield also applies s' = -47 uas/century, ~12 uas here)" % (xp, yp)]
    write_csv('look_delingha_eop.csv', comments, list(rows[0].keys()), rows)


if __name__ == '__main__':
    os.makedirs(TMP, exist_ok=True)
    what = os.environ.get('ONLY', 'refraction,sunmoon,commonview,look,passes,eop').split(',')
    if 'refraction' in what:
        make_refraction()
    if 'sunmoon' in what:
        make_sun_moon()
    if 'commonview' in what:
        make_common_view()
    if 'look' in what:
        make_look(make_sunlit_fn())
    if 'passes' in what:
        make_passes()
    if 'eop' in what:
        make_eop_look()
