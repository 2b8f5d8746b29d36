"""Fence-line pairs in metres: KD-tree / STRtree against all-pairs, edge distance, ellipsoidal correction."""
import numpy as np
import pyproj
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, box

from uis_qgis import fenceline, geo


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60), st.integers(0, 60), st.floats(100.0, 40_000.0))
def test_kdtree_equals_all_pairs(seed, n_src, n_snk, radius):
    rng = np.random.default_rng(seed)
    src, snk = rng.uniform(0, 100_000, (n_src, 2)), rng.uniform(0, 100_000, (n_snk, 2))
    got = fenceline.fence_line_pairs([Point(p) for p in src], [Point(p) for p in snk], radius)
    i, j, d = fenceline.naive_pairs(src, snk, radius)
    order = np.lexsort((j, i))
    np.testing.assert_array_equal(got["source"], i[order])
    np.testing.assert_array_equal(got["sink"], j[order])
    np.testing.assert_allclose(got["dist_m"], d[order])


def test_point_to_polygon_edge_and_inside():
    sinks = [box(0, 0, 10_000, 10_000), LineString([(50_000, 0), (50_000, 10_000)])]
    sources = [Point(5_000, 5_000), Point(40_000, 5_000), Point(25_000, 5_000), Point(81_000, 5_000)]
    p = fenceline.fence_line_pairs(sources, sinks, 30_000)
    got = {(s, k): d for s, k, d in p.itertuples(index=False)}
    # inside → 0; 40 km point: 30 km to the square's edge, 10 km to the line; 25 km: 15 / 25; 81 km: 31 km to line
    assert got == {(0, 0): 0.0, (1, 0): 30_000.0, (1, 1): 10_000.0, (2, 0): 15_000.0, (2, 1): 25_000.0}


def test_ellipsoidal_distance_in_a_conic_projection():
    crs = pyproj.CRS.from_proj4("+proj=aea +lat_1=25 +lat_2=47 +lat_0=36 +lon_0=105 +datum=WGS84 +units=m")
    to_m = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    # two points 0.25° apart in latitude at 80°E (far from the central meridian: conic scale error matters)
    a, b = to_m.transform(80.0, 40.0), to_m.transform(80.0, 40.25)
    geod = pyproj.Geod(ellps="WGS84").inv(80.0, 40.0, 80.0, 40.25)[2]
    p = fenceline.fence_line_pairs([Point(a)], [Point(b)], 30_000, crs)
    assert p["dist_m"].iloc[0] == pytest.approx(geod, rel=1e-9)
    assert abs(np.hypot(b[0] - a[0], b[1] - a[1]) - geod) > 10.0  # the projected distance alone would be off


def test_fence_line_is_exact_on_the_ellipsoid():
    # UTM 50N on its central meridian: projected distances are 0.9996 × true ones. Sinks at true distances
    # 29,990 m and 30,010 m north of the source (both projected distances < 30 km): only the first may pair.
    crs = pyproj.CRS.from_epsg(32650)
    to_ll = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    to_m = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    lon, lat = to_ll.transform(500_000.0, 4_400_000.0)
    geod = pyproj.Geod(ellps="WGS84")
    sinks = []
    for d in (29_990.0, 30_010.0):
        lon2, lat2, _ = geod.fwd(lon, lat, 0.0, d)
        sinks.append(Point(to_m.transform(lon2, lat2)))
    assert sinks[1].distance(Point(500_000.0, 4_400_000.0)) < 30_000.0
    p = fenceline.fence_line_pairs([Point(500_000.0, 4_400_000.0)], sinks, 30_000.0, crs)
    assert list(p["sink"]) == [0]
    assert p["dist_m"].iloc[0] == pytest.approx(29_990.0, abs=0.01)


@pytest.mark.parametrize("crs", [
    pyproj.CRS.from_proj4("+proj=aea +lat_1=25 +lat_2=47 +lat_0=36 +lon_0=105 +datum=WGS84 +units=m"),
    pyproj.CRS.from_epsg(32650),
])
def test_point_pairs_on_the_ellipsoid_equal_a_plain_geodesic_implementation(crs):
    # a second, plain implementation: all pairs, Karney geodesics (pyproj.Geod) on every pair, then the fence
    rng = np.random.default_rng(7)
    to_m = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    lon, lat = rng.uniform(112.0, 118.0, 300), rng.uniform(36.0, 42.0, 300)
    src = np.column_stack(to_m.transform(lon[:150], lat[:150]))
    snk = np.column_stack(to_m.transform(lon[150:], lat[150:]))
    got = fenceline.fence_line_pairs([Point(p) for p in src], [Point(p) for p in snk], 30_000.0, crs)
    i, j = np.meshgrid(np.arange(150), np.arange(150), indexing="ij")
    i, j = i.ravel(), j.ravel()
    true = geo.true_distance_m(crs, src[i, 0], src[i, 1], snk[j, 0], snk[j, 1])
    keep = true <= 30_000.0
    assert keep.sum() > 20  # the region is dense enough to test something
    np.testing.assert_array_equal(got["source"], i[keep])
    np.testing.assert_array_equal(got["sink"], j[keep])
    np.testing.assert_allclose(got["dist_m"], true[keep], rtol=0, atol=1e-5)  # micrometres of 30 km


def test_point_geodesic_at_all_latitudes_and_azimuths():
    # chord + normal-section bending against Karney's geodesics, 0-33 km, latitudes up to 80 degrees
    rng = np.random.default_rng(3)
    lon1, lat1 = rng.uniform(70.0, 140.0, 5000), rng.uniform(-80.0, 80.0, 5000)
    geod = pyproj.Geod(ellps="WGS84")
    lon2, lat2, _ = geod.fwd(lon1, lat1, rng.uniform(0.0, 360.0, 5000), rng.uniform(0.0, 33_000.0, 5000))
    idx = np.arange(5000)
    got = fenceline._point_geodesic_m(np.column_stack([lon1, lat1]), np.column_stack([lon2, lat2]), idx, idx,
                                      pyproj.CRS.from_epsg(4326))
    np.testing.assert_allclose(got, geod.inv(lon1, lat1, lon2, lat2)[2], rtol=0, atol=1e-5)
