"""The committed sample region (resources/sample/sample.gpkg) against independent hand figures.

Expected numbers are recomputed here plainly from the raw CSVs with the ``csv`` module (a second
implementation, not the build's pandas code). Tests that need ``../shared/data`` skip when it is absent.
"""
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
import shapely.geometry

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "sample" / "sample.gpkg"
DATA = REPO.parent / "shared" / "data"
BBOX = (116.0, 38.5, 119.5, 40.6)
LAYERS = ("plants", "cities", "urban_cores", "district_heating", "provinces")
REQUIRED = {
    "plants": ["plant_id", "sector", "fuel_tce", "name", "province", "city_id", "grid_region", "chp", "fuel_type"],
    "cities": ["city_id", "population", "name", "province", "grid_region", "core_floor_area_m2"],
    "urban_cores": ["core_id", "city_id", "area_km2"],
    "district_heating": ["des_id", "heat_supplied_gj", "floor_area_m2", "city_id", "coverage_share"],
    "provinces": ["province", "province_zh", "grid_region", "cement_production_t"],
}
OPTIONAL = {"plants": ["name_zh", "production_t", "capacity_mw", "generation_mwh", "electricity_mwh"],
            "cities": ["name_zh", "hdd", "observed_pm25", "gdp_primary", "gdp_secondary", "gdp_tertiary"],
            "provinces": ["fly_ash_reuse_rate"]}
IDS = {"plants": "plant_id", "cities": "city_id", "urban_cores": "core_id", "district_heating": "des_id",
       "provinces": "province"}
SECTORS = {"power", "steel", "cement", "chemical", "paper", "food", "textile", "other"}
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data not available")


@pytest.fixture(scope="module")
def layers():
    return {name: gpd.read_file(SAMPLE, layer=name) for name in LAYERS}


def raw(key):
    files = {"coal": "gem_coal_plant_tracker_2023-07_china_units.csv",
             "caps": "gem_iron_steel_tracker_2025-09_china_capacities.csv",
             "ceads": "ceads_2012_province_sector_co2_mt.csv",
             "uci": "uci_beijing_dongsi_hourly_2013-2017.csv"}
    with open(DATA / files[key], encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def in_box(lon, lat):
    return BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]


def test_layers_crs_and_fields(layers):
    assert sorted(pyogrio.list_layers(SAMPLE)[:, 0]) == sorted(LAYERS)
    for name, gdf in layers.items():
        assert len(gdf) > 0, name
        assert gdf.crs.to_epsg() == 4326, name
        missing = set(REQUIRED[name] + OPTIONAL.get(name, [])) - set(gdf.columns)
        assert not missing, (name, missing)
        assert gdf.geometry.is_valid.all(), name


def test_ids_unique_and_required_fields_complete(layers):
    for name, gdf in layers.items():
        assert gdf[IDS[name]].is_unique, name
        for field in REQUIRED[name]:
            assert not gdf[field].isna().any(), (name, field, gdf.loc[gdf[field].isna(), IDS[name]].tolist())


def test_plant_values_are_sane(layers):
    plants = layers["plants"]
    assert set(plants["sector"]) <= SECTORS
    assert (plants["fuel_tce"] > 0).all()
    assert set(plants["chp"].unique()) <= {0, 1}
    assert set(plants["city_id"]) <= set(layers["cities"]["city_id"])
    inside = [in_box(pt.x, pt.y) for pt in plants.geometry]
    assert all(inside)
    assert set(plants["grid_region"]) == {"North"}  # Beijing, Tianjin, Hebei, Liaoning-sliver plants: North grid


@needs_data
def test_coal_capacity_equals_gem_units_in_box(layers):
    """Σ MW of operating GEM units inside the box, summed plainly from the CSV."""
    total_mw = sum(float(r["Capacity (MW)"]) for r in raw("coal")
                   if r["Status"] == "operating" and in_box(float(r["Longitude"]), float(r["Latitude"])))
    power = layers["plants"][layers["plants"]["sector"] == "power"]
    assert power["capacity_mw"].sum() == pytest.approx(total_mw, rel=1e-12)
    assert total_mw == pytest.approx(24990.0)  # printed by the hand count of issue 2's box


@needs_data
def test_coal_fuel_by_hand_for_tangshan_power_station(layers):
    """fuel = Σ MW × CF × 8760 h × 1000 kWh/MWh × HR Btu/kWh × 1.055056 kJ/Btu / 29,307.6 kJ/kgce / 1000."""
    units = [r for r in raw("coal") if r["GEM location ID"] == "L100547" and r["Status"] == "operating"]
    fuel_tce = 0.0
    gen_mwh = 0.0
    for r in units:
        mwh = float(r["Capacity (MW)"]) * float(r["Capacity factor"]) * 8760.0
        gen_mwh += mwh
        kj = mwh * 1000.0 * float(r["Heat rate (Btu per kWh)"]) * 1.055056
        fuel_tce += kj / 29307.6 / 1000.0
    plant = layers["plants"].set_index("plant_id").loc["coal_L100547"]
    assert plant["fuel_tce"] == pytest.approx(fuel_tce, rel=1e-9)
    assert plant["generation_mwh"] == pytest.approx(gen_mwh, rel=1e-12)
    # implied coal rate (g coal-equivalent per kWh) is a plausible Chinese figure (280-420 gce/kWh)
    assert 280 < fuel_tce * 1e6 / (gen_mwh * 1e3) < 420


@needs_data
def test_steel_production_is_capacity_times_national_utilisation(layers):
    """utilisation = 1,019.1 Mt / Σ operating GEM crude-steel capacity; each plant = capacity × utilisation."""
    capacity = defaultdict(float)
    for r in raw("caps"):
        if r["Status"] in ("operating", "operating pre-retirement") and r["Nominal crude steel capacity (ttpa)"]:
            capacity[r["Plant ID"]] += float(r["Nominal crude steel capacity (ttpa)"]) * 1000.0
    utilisation = 1019.1e6 / sum(capacity.values())
    steel = layers["plants"][layers["plants"]["sector"] == "steel"].set_index("plant_id")
    for pid, row in steel.iterrows():
        assert row["production_t"] == pytest.approx(capacity[pid.removeprefix("steel_")] * utilisation, rel=1e-9)
        assert row["fuel_tce"] == pytest.approx(row["production_t"] * 0.572 * 0.839, rel=1e-9)
    assert 0.8 < utilisation < 1.0


@needs_data
def test_tianjin_clusters_add_up_to_ceads(layers):
    """Tianjin lies wholly in the box: its clusters' CO2 (fuel × 2.2 / 0.7143) equals CEADs Tianjin."""
    food = {"Food Processing", "Food Production", "Beverage Production"}
    ceads_t = sum(float(r["co2_mt"]) for r in raw("ceads") if r["province"] == "Tianjin" and r["sector"] in food) * 1e6
    plants = layers["plants"]
    clusters = plants[(plants["province"] == "Tianjin") & (plants["sector"] == "food")]
    assert clusters["fuel_tce"].sum() * 2.2 / 0.7143 == pytest.approx(ceads_t, rel=1e-9)
    tianjin_cities = layers["cities"][layers["cities"]["province"] == "Tianjin"]
    assert tianjin_cities["pop_share"].sum() == pytest.approx(1.0, rel=1e-12)


@needs_data
def test_beijing_observed_pm25_is_dongsi_mean(layers):
    values = [float(r["PM2.5"]) for r in raw("uci") if r["PM2.5"] not in ("", "NA")]
    expected = sum(values) / len(values)
    cities = layers["cities"].set_index("name")
    assert cities.loc["Beijing", "observed_pm25"] == pytest.approx(expected, rel=1e-12)
    assert cities["observed_pm25"].notna().sum() == 1


# Area of centralized heating 2008 (10^4 m²), China Statistical Yearbook 2009 Table 10-9, northern zone.
CSY_2008_HEATED_1E4_M2 = {"Beijing": 42501.0, "Tianjin": 19245.4, "Hebei": 26735.9, "Shanxi": 22186.4,
                          "Inner Mongolia": 18447.9, "Liaoning": 60989.8, "Jilin": 23568.5,
                          "Heilongjiang": 31481.9, "Shandong": 41472.3, "Henan": 8625.1, "Shaanxi": 6546.9,
                          "Gansu": 8882.8, "Qinghai": 135.1, "Ningxia": 5241.7, "Xinjiang": 15843.2}


def capped_population_by_admin1():
    """GeoNames people per GeoNames admin1 code, each place capped at its Natural Earth POP_MAX (same id);
    places Natural Earth does not list that lie in a Natural Earth urban area holding a listed place of the
    same admin1 code are part of that agglomeration (``data_build.agglomeration_rule``) and not counted."""
    pop_max = {}
    with open(DATA / "natural_earth_10m_populated_places_china.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            gid = int(float(r["GEONAMEID"]))
            if gid > 0 and gid not in pop_max:  # first row wins (Jingmen/Jianmen share an id)
                pop_max[gid] = float(r["POP_MAX"])
    with open(DATA / "natural_earth_50m_urban_areas_china_bbox.geojson", encoding="utf-8") as fh:
        areas = [shapely.make_valid(shapely.geometry.shape(f["geometry"])) for f in json.load(fh)["features"]]
    with open(DATA / "geonames_cities15000_china.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        point = shapely.Point(float(r["longitude"]), float(r["latitude"]))
        r["area"] = next((i for i, a in enumerate(areas) if a.contains(point)), None)
    listed = {(r["area"], r["admin1code"]) for r in rows if int(r["geonameid"]) in pop_max and r["area"] is not None}
    people = defaultdict(float)
    for r in rows:
        gid = int(r["geonameid"])
        if gid not in pop_max and (r["area"], r["admin1code"]) in listed:
            continue
        people[r["admin1code"]] += min(float(r["population"]), pop_max.get(gid, math.inf))
    return people


def test_city_floor_area_and_district_heating_rules(layers):
    cities = layers["cities"].set_index("city_id")
    assert cities["core_floor_area_m2"].tolist() == pytest.approx((cities["population"] * 43.57).tolist(), rel=1e-12)
    des = layers["district_heating"]
    assert des["heat_supplied_gj"].tolist() == pytest.approx((des["floor_area_m2"] * 0.381).tolist(), rel=1e-12)
    covered = cities.loc[des["city_id"], "core_floor_area_m2"].values * des["coverage_share"].values
    assert des["floor_area_m2"].tolist() == pytest.approx(covered.tolist(), rel=1e-12)
    assert ((des["coverage_share"] > 0) & (des["coverage_share"] <= 1)).all()
    # every city with an urban core gets a DES (the whole box lies in the northern heating zone)
    assert set(des["city_id"]) == set(layers["urban_cores"]["city_id"])
    plants = layers["plants"].set_index("plant_id").to_crs(32650)
    des_m = des.to_crs(32650)
    for row in des_m.itertuples():
        if not isinstance(row.chp_plants, str):  # null: no CHP plant within 20 km of the city's cores
            continue
        chp = plants.loc[row.chp_plants.split(";")]
        assert (chp["chp"] == 1).all() and (chp["sector"] == "power").all()
        assert chp.distance(row.geometry).min() <= 20000.0 + 1e-6
    assert des_m.set_index("city_id").loc["CN1793346", "chp_plants"]  # Tangshan has CHP plants near its core


@needs_data
def test_population_capped_at_agglomeration_and_provincial_des_coverage(layers):
    """Beijing = Natural Earth POP_MAX 11,106,000 (not GeoNames' 18.96 M municipality; its districts inside
    Natural Earth's Beijing urban area are part of it) + Changping 93,174 (GeoNames place in Beijing's territory
    outside that urban area); Tianjin's DES coverage by hand:
    4.4e9 m² × Tianjin's share of the northern CSY 2008 heated area ÷ (Tianjin's capped people × 43.57)."""
    cities = layers["cities"].set_index("name")
    assert cities.loc["Beijing", "population"] == 11106000.0 + 93174.0
    people = capped_population_by_admin1()  # GeoNames admin1 code 28 = Tianjin, 22 = Beijing
    tianjin_des_m2 = 4.4e9 * 19245.4 / sum(CSY_2008_HEATED_1E4_M2.values())
    share = tianjin_des_m2 / (people["28"] * 43.57)
    des = layers["district_heating"].set_index("city_id")
    tianjin_ids = layers["cities"].loc[layers["cities"]["province"] == "Tianjin", "city_id"]
    assert des.loc[des.index.isin(tianjin_ids), "coverage_share"].tolist() == pytest.approx([share] * 2, rel=1e-9)  # Tianjin, Hangu
    assert 0.5 < share < 0.9
    beijing_des_m2 = 4.4e9 * 42501.0 / sum(CSY_2008_HEATED_1E4_M2.values())
    assert beijing_des_m2 > people["22"] * 43.57  # more DES area than modelled floor area: coverage capped at 1
    assert des.loc[cities.loc["Beijing", "city_id"], "coverage_share"] == 1.0


def test_urban_cores_lie_in_their_city(layers):
    cities = layers["cities"].set_index("city_id").to_crs(32650)
    cores = layers["urban_cores"].to_crs(32650)
    for row in cores.itertuples():
        outside = row.geometry.difference(cities.loc[row.city_id, "geometry"]).area
        assert outside <= 1e-6 * row.geometry.area + 1.0


def test_chinese_names_survive_round_trip(layers, tmp_path):
    cities = layers["cities"].set_index("name")
    assert cities.loc["Beijing", "name_zh"] == "北京"
    assert cities.loc["Tangshan", "name_zh"] == "唐山"
    assert "河北省" in set(layers["provinces"]["province_zh"])
    plants = layers["plants"]
    assert plants.loc[plants["plant_id"] == "coal_L100547", "name_zh"].item() == "唐山发电厂"
    out = tmp_path / "roundtrip.gpkg"
    plants.to_file(out, layer="plants", driver="GPKG")
    back = gpd.read_file(out, layer="plants")
    assert back["name_zh"].fillna("").tolist() == plants["name_zh"].fillna("").tolist()


@needs_data
def test_build_is_deterministic(layers, tmp_path):
    """Rebuilding the sample into a temporary file gives identical tables and geometries."""
    sys.path.insert(0, str(REPO / "scripts"))
    import build_inputs

    out = tmp_path / "rebuild.gpkg"
    assert build_inputs.main(["--bbox", *map(str, BBOX), "--out", str(out), "--data-dir", str(DATA)]) == 0
    for name in LAYERS:
        again = gpd.read_file(out, layer=name)
        committed = layers[name]
        pd.testing.assert_frame_equal(pd.DataFrame(again.drop(columns="geometry")),
                                      pd.DataFrame(committed.drop(columns="geometry")), check_exact=False,
                                      rtol=1e-12)
        assert again.geometry.geom_equals_exact(committed.geometry, tolerance=1e-9).all(), name
    assert math.isfinite(layers["plants"]["fuel_tce"].sum())


@pytest.fixture(scope="module")
def national():
    if not DATA.exists():
        pytest.skip("../shared/data not available")
    sys.path.insert(0, str(REPO / "scripts"))
    import build_inputs

    layers, _ = build_inputs.build(DATA, None)
    return layers


def test_national_set_conserves_its_sources(national):
    """National build: every operating GEM MW, every GeoNames person (capped at its agglomeration) and
    every CEADs tonne is kept; existing DES serve at most the national 4.4 billion m²."""
    mw = sum(float(r["Capacity (MW)"]) for r in raw("coal") if r["Status"] == "operating")
    plants = national["plants"]
    assert plants.loc[plants["sector"] == "power", "capacity_mw"].sum() == pytest.approx(mw, rel=1e-12)
    people = sum(capped_population_by_admin1().values())
    assert national["cities"]["population"].sum() == pytest.approx(people, rel=1e-12)
    assert national["district_heating"]["floor_area_m2"].sum() <= 4.4e9
    shares = national["cities"].groupby("province")["pop_share"].sum()
    assert shares.tolist() == pytest.approx([1.0] * len(shares), rel=1e-9)
    paper_t = defaultdict(float)
    for r in raw("ceads"):
        if r["sector"] == "Papermaking and Paper Products":
            paper_t[r["province"].replace("InnerMongolia", "Inner Mongolia")] += float(r["co2_mt"]) * 1e6
    clusters = plants[plants["sector"] == "paper"].groupby("province")["fuel_tce"].sum() * 2.2 / 0.7143
    for province, co2_t in paper_t.items():
        assert clusters.get(province, 0.0) == pytest.approx(co2_t, rel=1e-9, abs=1e-6), province
    assert len(national["provinces"]) == 31
    assert not national["plants"]["city_id"].isna().any()
    for name, gdf in national.items():
        assert gdf.geometry.is_valid.all(), name
