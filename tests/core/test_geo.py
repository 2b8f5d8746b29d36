"""The CRS helper: metres in a projected CRS, never degrees."""
import geopandas as gpd
import numpy as np
from shapely.geometry import Point

from uis_qgis import geo


def test_sample_box_gets_utm_50n():
    # Tangshan–Tianjin box, centre lon 117.75 -> zone floor((117.75+180)/6)+1 = 50, north -> EPSG:32650
    assert geo.study_crs((116.0, 38.5, 119.5, 40.6)).to_epsg() == 32650


def test_national_extent_gets_equal_area_conic():
    crs = geo.study_crs((73.5, 18.0, 135.0, 53.5))
    assert crs.is_projected and "aea" in crs.to_proj4() and "Albers" in crs.name


def test_projected_distance_matches_geodesic_at_fence_line_scale():
    # Two points ~30 km apart near Tangshan: UTM distance within 0.1 % of the WGS 84 geodesic.
    pts = gpd.GeoDataFrame(geometry=[Point(118.18, 39.63), Point(118.53, 39.63)], crs=4326)
    metric = geo.to_metric({"p": pts})[0]["p"]
    d_proj = metric.geometry.iloc[0].distance(metric.geometry.iloc[1])
    d_geod = geo.geodesic_distance_m(118.18, 39.63, 118.53, 39.63)
    assert abs(d_proj / float(d_geod) - 1) < 1e-3
    assert 29_000 < d_proj < 31_000


def test_to_metric_does_not_modify_input():
    pts = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(118.0, 39.0)], crs=4326)
    before = pts.copy()
    geo.to_metric({"p": pts, "none": None})
    assert pts.crs.to_epsg() == 4326 and pts.geometry.equals(before.geometry)


def test_national_conic_error_bounded_and_removed_by_true_distance():
    # Albers fitted to mainland China: ~17-20 km east-west segments; the conic alone is within 2.5 % of the
    # geodesic, true_distance_m (back to the ellipsoid) is exact to 1e-6.
    crs = geo.study_crs((73.5, 18.0, 135.0, 53.5))
    for lon, lat in [(80, 40), (100, 25), (125, 45), (115, 22)]:
        pts = gpd.GeoDataFrame(geometry=[Point(lon, lat), Point(lon + 0.2, lat)], crs=4326).to_crs(crs)
        a, b = pts.geometry.iloc[0], pts.geometry.iloc[1]
        g = float(geo.geodesic_distance_m(lon, lat, lon + 0.2, lat))
        assert abs(a.distance(b) / g - 1) < 0.025, (lon, lat)
        t = geo.true_distance_m(crs, np.array([a.x]), np.array([a.y]), np.array([b.x]), np.array([b.y]))
        assert abs(float(t[0]) / g - 1) < 1e-6
