"""Property tests of the whole pipeline (issue 7, SPEC §3 invariants) on random valid small layers.

Hypothesis draws a few plants of random sectors and sizes, one to three cities and up to two district-heating
networks, scattered over ~85 × 80 km around Tangshan (so some pairs are inside the 30 km fence line and some
are not), in EPSG:4326. Every draw must run without error and keep, on the final results of
:func:`uis_qgis.model.run_assessment`:

* per source and grade: delivered + ORC + unutilised = available (SPEC §3 "Invariants");
* per sink: received ≤ demand, all flows ≥ 0;
* no heat link longer than the fence line, measured on the WGS 84 ellipsoid between the link's ends
  (an independent measurement: pyproj.Geod on the link geometry brought back to longitude/latitude);
* shuffled rows give identical results; the same layers in UTM 50N give the same links and numbers.

Few examples per property keep the file fast (each run ~0.2–0.5 s without dispersion).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer
from shapely.geometry import Point, box

from uis_qgis import vocabulary
from uis_qgis.model import AssessmentOptions, run_assessment
from uis_qgis.params import load_params

PARAMS = load_params()
FENCE_M = float(PARAMS.get("cascade.fence_line_m"))
GRADES = ("high", "medium", "low")
SECTORS = vocabulary.SECTORS
LON, LAT = (117.6, 118.6), (39.3, 40.0)  # ~85 km × 78 km near Tangshan
WGS84, UTM50N = "EPSG:4326", "EPSG:32650"
REL_TOL, ABS_TOL_GJ = 1e-9, 1e-6
FAST = dict(dispersion=False, health=False, report=False)
SETTINGS = settings(max_examples=8, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

lon = st.floats(*LON, allow_nan=False)
lat = st.floats(*LAT, allow_nan=False)


@st.composite
def layers(draw) -> dict:
    n = draw(st.integers(1, 8))
    plants = gpd.GeoDataFrame({
        "plant_id": [f"P{i}" for i in range(n)],
        "sector": draw(st.lists(st.sampled_from(SECTORS), min_size=n, max_size=n)),
        "fuel_tce": draw(st.lists(st.floats(1e3, 3e6), min_size=n, max_size=n)),
    }, geometry=[Point(draw(lon), draw(lat)) for _ in range(n)], crs=WGS84)
    m = draw(st.integers(1, 3))
    halves = draw(st.lists(st.floats(0.02, 0.15), min_size=m, max_size=m))
    centres = [(draw(lon), draw(lat)) for _ in range(m)]
    cities = gpd.GeoDataFrame({
        "city_id": [f"C{i}" for i in range(m)],
        "population": draw(st.lists(st.floats(1e4, 5e6), min_size=m, max_size=m)),
    }, geometry=[box(x - h, y - h, x + h, y + h) for (x, y), h in zip(centres, halves)], crs=WGS84)
    k = draw(st.integers(0, 2))
    des = None
    if k:
        des = gpd.GeoDataFrame({
            "des_id": [f"D{i}" for i in range(k)],
            "heat_supplied_gj": draw(st.lists(st.floats(1e4, 5e6), min_size=k, max_size=k)),
        }, geometry=[box(x - 0.02, y - 0.02, x + 0.02, y + 0.02) for x, y in
                     [(draw(lon), draw(lat)) for _ in range(k)]], crs=WGS84)
    return {"plants": plants, "cities": cities, "district_heating": des}


def run(data: dict):
    return run_assessment(data, PARAMS, AssessmentOptions(**FAST))


def geodesic_link_lengths_m(links: gpd.GeoDataFrame) -> np.ndarray:
    """Ellipsoidal distance between the two ends of each heat link (independent of the model's dist_m)."""
    if links.empty:
        return np.empty(0)
    ll = links.geometry.to_crs(WGS84)
    start = np.array([g.coords[0] for g in ll])
    end = np.array([g.coords[-1] for g in ll])
    return np.asarray(Geod(ellps="WGS84").inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])[2])


def assert_balances(results) -> None:
    plants = results.layers["plant_results"]
    for g in GRADES:
        parts = [plants[f"heat_{g}_{p}_gj"].to_numpy(float) for p in ("delivered", "orc", "unutilised")]
        assert all((p >= -ABS_TOL_GJ).all() for p in parts)
        np.testing.assert_allclose(sum(parts), plants[f"heat_{g}_avail_gj"], rtol=REL_TOL, atol=ABS_TOL_GJ)
    sinks = results.layers["heat_sinks"]
    assert (sinks["received_gj"] >= -ABS_TOL_GJ).all()
    assert (sinks["received_gj"] <= sinks["demand_gj"] * (1 + REL_TOL) + ABS_TOL_GJ).all()
    links = results.layers["heat_links"]
    assert (links["heat_gj"] > 0).all()
    received = links.groupby("sink_id")["heat_gj"].sum()
    np.testing.assert_allclose(received.to_numpy(), sinks.set_index("sink_id").loc[received.index, "received_gj"],
                               rtol=1e-7, atol=ABS_TOL_GJ)


@SETTINGS
@given(layers())
def test_random_valid_layers_run_and_keep_the_balances(data):
    results = run(data)
    assert_balances(results)
    assert len(results.layers["plant_results"]) == len(data["plants"])


@SETTINGS
@given(layers())
def test_no_heat_link_beyond_the_fence_line_measured_geodesically(data):
    links = run(data).layers["heat_links"]
    # tolerance: 1 mm for the nearest point of a polygon edge vs the geodesic between the same two points
    assert (geodesic_link_lengths_m(links) <= FENCE_M + 1e-3).all()
    assert (links["dist_m"] <= FENCE_M).all()


def _table(results, name, keys) -> pd.DataFrame:
    frame = results.layers.get(name, results.tables.get(name))
    frame = pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame]))
    return frame.sort_values(keys, kind="mergesort").reset_index(drop=True)


TABLES = {"heat_links": ["source_id", "sink_id", "grade", "step"], "plant_results": ["plant_id"],
          "heat_sinks": ["sink_id"], "city_results": ["city_id"], "summary": ["quantity"]}


def assert_same(a, b, rtol: float) -> None:
    for name, keys in TABLES.items():
        pd.testing.assert_frame_equal(_table(a, name, keys), _table(b, name, keys), check_exact=False,
                                      rtol=rtol, atol=1e-6, obj=name)


@SETTINGS
@given(layers(), st.randoms(use_true_random=False))
def test_row_shuffles_give_identical_results(data, rnd):
    def shuffle(gdf):
        order = list(range(len(gdf)))
        rnd.shuffle(order)
        return gdf.iloc[order]

    shuffled = {k: (None if v is None else shuffle(v)) for k, v in data.items()}
    assert_same(run(data), run(shuffled), rtol=1e-12)


@SETTINGS
@given(layers())
def test_geographic_and_utm_inputs_give_the_same_links_and_numbers(data):
    utm = {k: (None if v is None else v.to_crs(UTM50N)) for k, v in data.items()}
    a, b = run(data), run(utm)
    assert a.crs == b.crs
    assert_same(a, b, rtol=1e-6)


def test_pair_just_inside_in_utm_but_beyond_the_fence_line_on_the_ellipsoid():
    to_ll = Transformer.from_crs(UTM50N, WGS84, always_xy=True)
    x0, y0, projected_m = 500_000.0, 4_400_000.0, FENCE_M - 5.0  # on zone 50's central meridian, 117°E
    ends = [to_ll.transform(x0, y0), to_ll.transform(x0 + projected_m, y0)]
    true_m = Geod(ellps="WGS84").inv(*ends[0], *ends[1])[2]
    assert true_m > FENCE_M  # k0 = 0.9996: 29,995 / 0.9996 ≈ 30,007 m
    plants = gpd.GeoDataFrame({"plant_id": ["steel", "food"], "sector": ["steel", "food"],
                               "fuel_tce": [2.0e6, 2.0e5]}, geometry=[Point(*e) for e in ends], crs=WGS84)
    lon0, lat0 = ends[0]
    cities = gpd.GeoDataFrame({"city_id": ["C"], "population": [1e6]},
                              geometry=[box(lon0 - 0.1, lat0 - 0.1, lon0 + 0.5, lat0 + 0.1)], crs=WGS84)
    links = run({"plants": plants, "cities": cities}).layers["heat_links"]
    assert not ((links["source_id"] == "steel") & (links["sink_id"] == "food")).any()
