"""Dense agglomerations in the input build (``data_build.agglomeration_rule``): a region holding Shanghai.

GeoNames lists Shanghai's districts (Puxi 6.68 M, Pudong 5.68 M, Baoshan 2.27 M, …) beside Shanghai itself,
whose Natural Earth POP_MAX (14.987 M) already counts the whole agglomeration. As Voronoi seeds of their own
they left Shanghai's 15 M people on 13.5 km². Expected figures are read here plainly from the raw CSVs with
the ``csv`` module; the density limit is the densest Chinese urban district in the 2010 census.
"""
import csv
import math
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
BBOX = (120.8, 30.6, 122.2, 31.9)
SHANGHAI_ID = 1796236
# Densest Chinese urban district: Shanghai Hongkou, 852,476 people on 23.5 km2 (2010 census), ~36,000 /km2.
MAX_PERSONS_PER_KM2 = 852476 / 23.48

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="../shared/data not available")


def capped_places_in_box():
    """{geonameid: GeoNames population capped at its Natural Earth POP_MAX} of the places in the box."""
    pop_max = {}
    with open(DATA / "natural_earth_10m_populated_places_china.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            gid = int(float(r["GEONAMEID"]))
            if gid > 0 and gid not in pop_max:
                pop_max[gid] = float(r["POP_MAX"])
    people = {}
    with open(DATA / "geonames_cities15000_china.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            lon, lat = float(r["longitude"]), float(r["latitude"])
            if BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]:
                gid = int(r["geonameid"])
                people[gid] = min(float(r["population"]), pop_max.get(gid, math.inf))
    return people, pop_max


@pytest.fixture(scope="module")
def cities():
    sys.path.insert(0, str(REPO / "scripts"))
    import build_inputs

    layers, _ = build_inputs.build(DATA, BBOX)
    return layers["cities"].set_index("city_id")


def test_no_city_denser_than_the_densest_chinese_district(cities):
    area_km2 = cities.to_crs(32651).geometry.area / 1e6
    density = cities["population"] / area_km2
    assert (density <= MAX_PERSONS_PER_KM2).all(), density.sort_values().tail(3)


def test_shanghai_is_its_agglomeration_and_nobody_is_counted_twice(cities):
    people, pop_max = capped_places_in_box()
    assert cities.loc[f"CN{SHANGHAI_ID}", "population"] == pop_max[SHANGHAI_ID] == 14987000.0
    assert cities["population"].sum() <= sum(people.values())  # the old sum, districts counted on top
    for district in (11072148, 1798524, 1816917):  # Puxi, Pudong, Baoshan: part of Shanghai, no city of their own
        assert f"CN{district}" not in cities.index
