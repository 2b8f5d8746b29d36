"""Issue 11 items 7 and 8: heat links are drawn as measured, and no area source concentrates its emissions on
a sliver of rest-of-province."""
import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, Polygon, box

from symbiosis_fixtures import CRS, X0, Y0, region, square
from uis_qgis import symbiosis
from uis_qgis.params import load_params

PARAMS = load_params()
# Ramaswami et al. 2017 Methods (e): city PM2.5 emissions per unit area ranged from < 1 to 30.6 g m⁻² yr⁻¹
MAX_G_PER_M2 = 30.6


def test_link_lines_are_as_long_as_their_measured_distance():
    r = symbiosis.assess(region(seed=3, n_plants=30), PARAMS, "fyp")
    links = r.heat_links
    assert len(links) > 0 and (links["dist_m"] > 0).any()
    length = links.geometry.length.to_numpy()
    dist = links["dist_m"].to_numpy()
    np.testing.assert_allclose(length, dist, rtol=0.01, atol=1e-6)


def test_a_source_inside_its_sink_is_drawn_with_no_length():
    plants = gpd.GeoDataFrame({"plant_id": ["s1"], "sector": ["steel"], "fuel_tce": [100_000.0]},
                              geometry=[Point(X0 + 1_000, Y0)], crs=CRS)
    cities = gpd.GeoDataFrame({"city_id": ["c1"], "population": [100_000], "hdd": [2800.0], "province": ["Hebei"]},
                              geometry=[square(0, 0, 10_000)], crs=CRS)
    r = symbiosis.assess({"plants": plants, "cities": cities}, PARAMS, "fyp")
    link = r.heat_links[r.heat_links["step"] == "D"].iloc[0]
    assert link["dist_m"] == 0.0
    assert link.geometry.length == 0.0  # was drawn 10 km to the polygon's interior point


def test_rest_of_province_slivers_do_not_concentrate_emissions():
    # two cities tile an 80 km province except a 10 m strip; a chemical plant (an area source) sits in the strip
    half, gap = 40_000.0, 10.0
    provinces = gpd.GeoDataFrame({"province": ["Hebei"]}, geometry=[box(X0 - half, Y0 - half, X0 + half, Y0 + half)],
                                 crs=CRS)
    cities = gpd.GeoDataFrame({"city_id": ["c1", "c2"], "population": [1e6, 1e6], "province": ["Hebei", "Hebei"]},
                              geometry=[box(X0 - half, Y0 - half, X0, Y0 + half - gap),
                                        box(X0, Y0 - half, X0 + half, Y0 + half - gap)], crs=CRS)
    plants = gpd.GeoDataFrame({"plant_id": ["k1", "k2"], "sector": ["chemical", "chemical"],
                               "fuel_tce": [100_000.0, 50_000.0]},
                              geometry=[Point(X0 + 100, Y0 + half - gap / 2), Point(X0 - 5_000, Y0)], crs=CRS)
    r = symbiosis.assess({"plants": plants, "cities": cities, "provinces": provinces}, PARAMS, "fyp")
    area = r.area_sources
    rop = area[area["area_type"] == "ROP"]
    assert len(rop) == 1 and rop["pm25_base_t"].iloc[0] > 0
    # the sliver is 0.0125 % of the province: the ROP source is the whole province instead
    assert rop.geometry.area.iloc[0] == pytest.approx(provinces.geometry.area.iloc[0])
    density_g_m2 = area["pm25_base_t"].to_numpy() * 1e6 / area.geometry.area.to_numpy()
    assert (density_g_m2 <= MAX_G_PER_M2).all()


def test_a_real_rest_of_province_keeps_its_own_polygon():
    r = symbiosis.assess(region(seed=3, n_plants=30), PARAMS, "fyp")
    rop = r.area_sources[r.area_sources["area_type"] == "ROP"]
    cities = r.cities.geometry.union_all()
    assert len(rop) and (rop.geometry.intersection(cities).area < 1e-3 * rop.geometry.area).all()


def test_a_rest_of_province_with_an_empty_province_polygon_falls_back_to_real_area():
    # Shandong's polygon is empty (clipped away by a study box) but one of its plants emits in the rest of it:
    # its area source takes the convex hull of plants and cities instead of an empty polygon (Shanghai sweep)
    half = 40_000.0
    provinces = gpd.GeoDataFrame({"province": ["Hebei", "Shandong"]},
                                 geometry=[box(X0 - half, Y0 - half, X0 + half, Y0 + half), Polygon()], crs=CRS)
    cities = gpd.GeoDataFrame({"city_id": ["c1"], "population": [1e6], "province": ["Hebei"]},
                              geometry=[box(X0 - half, Y0 - half, X0 + half, Y0 + half)], crs=CRS)
    plants = gpd.GeoDataFrame({"plant_id": ["k1"], "sector": ["chemical"], "fuel_tce": [100_000.0],
                               "province": ["Shandong"]}, geometry=[Point(X0 + half + 5_000, Y0)], crs=CRS)
    area = symbiosis.assess({"plants": plants, "cities": cities, "provinces": provinces}, PARAMS, "fyp").area_sources
    rop = area[area["area_type"] == "ROP"]
    assert len(rop) == 1 and rop["pm25_base_t"].iloc[0] > 0
    hull = Polygon([(X0 - half, Y0 - half), (X0 + half, Y0 - half), (X0 + half + 5_000, Y0),
                    (X0 + half, Y0 + half), (X0 - half, Y0 + half)])  # the city square and the plant
    assert rop.geometry.area.iloc[0] == pytest.approx(hull.area)
