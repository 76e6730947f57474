#!/usr/bin/python3
"""Apparent topocentric az/el of bundled bright stars from ERFA's atco13 (IAU SOFA), no refraction.

Run from this directory: /usr/bin/python3 make_star_fixture.py > erfa_star_places.csv
Needs Debian's python3-erfa (pulled in by python3-astropy). UT1 = UTC, no polar motion, WGS-84 station.
"""
import csv
import math
import erfa

CATALOGUE = "../../../../firmware/Station.Core/Astrometry/bright_stars.csv"
STATIONS = {"delingha": (37.0 + 22 / 60 + 44.43 / 3600, 97.0 + 43 / 60 + 37.01 / 3600, 3153.0),
            "nanshan": (43.0 + 28 / 60 + 31.66 / 3600, 87.0 + 10 / 60 + 36.07 / 3600, 2028.0)}
TIMES = [(2016, 12, 29, 17, 0, 0.0), (2026, 3, 19, 20, 30, 0.0), (2026, 9, 24, 14, 0, 0.0)]

stars = list(csv.DictReader(open(CATALOGUE)))
print("hr_or_hip,station,utc,azimuth_deg,elevation_deg")
for name, (lat, lon, h) in STATIONS.items():
    for (y, mo, d, hh, mm, ss) in TIMES:
        utc1, utc2 = erfa.dtf2d("UTC", y, mo, d, hh, mm, ss)
        rows = 0
        for i, s in enumerate(stars):
            if i % 7 != 0:
                continue
            dec = math.radians(float(s["dec_j2000_deg"]))
            pr = math.radians(float(s["pm_ra_mas_per_yr"]) / 3.6e6) / math.cos(dec)
            pd = math.radians(float(s["pm_dec_mas_per_yr"]) / 3.6e6)
            px = max(float(s["parallax_mas"] or 0.0), 0.0) / 1000.0
            aob, zob, *_ = erfa.atco13(math.radians(float(s["ra_j2000_deg"])), dec, pr, pd, px, 0.0, utc1, utc2, 0.0,
                                       math.radians(lon), math.radians(lat), h, 0.0, 0.0, 0.0, 10.0, 0.5, 0.55)
            el = 90.0 - math.degrees(zob)
            if el < 5.0:
                continue
            print(f"{s['hr_or_hip']},{name},{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:06.3f}Z,{math.degrees(aob) % 360:.9f},{el:.9f}")
            rows += 1
