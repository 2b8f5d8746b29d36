"""symbiosis.assess end to end on synthetic regions: a hand-calculated case, invariants, order and
translation independence, grid propagation, scenarios and modes."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely import affinity
from shapely.geometry import LineString, Point

from symbiosis_fixtures import CRS, X0, Y0, region, square
from uis_qgis import geo, symbiosis
from uis_qgis.params import ParameterError, load_params
from uis_qgis.wasteheat import GRADES

PARAMS = load_params()


def summary(result):
    return result.summary.set_index("quantity")["value"]


def one_steel_plant_region():
    plants = gpd.GeoDataFrame({"plant_id": ["s1"], "sector": ["steel"], "fuel_tce": [100_000.0],
                               "electricity_mwh": [0.0]}, geometry=[Point(X0 + 15_000, Y0)], crs=CRS)
    cities = gpd.GeoDataFrame({"city_id": ["c1"], "population": [100_000], "hdd": [2800.0],
                               "province": ["Hebei"]}, geometry=[square(0, 0, 10_000)], crs=CRS)
    return {"plants": plants, "cities": cities, "urban_cores": None, "district_heating": None, "provinces": None}


def test_hand_calculation_one_steel_plant_one_city():
    # fixed steel fractions and 4GDH reach (the defaults are calibrated and may move)
    params = PARAMS.with_overrides({"wasteheat": {"fraction": {"steel": {"high": 0.05, "medium": 0.10, "low": 0.16}}},
                                    "cascade": {"new_dh_reachable_share": 1.0}})
    r = symbiosis.assess(one_steel_plant_region(), params, "fyp")
    s = summary(r)
    # FYP steel thermal −6.5 %: 100,000 × 0.935 = 93,500 tce = 93,500 × 29.3076 GJ
    fuel_gj = 93_500 * 29.3076
    high, medium, low = fuel_gj * 0.05 * 1.0, fuel_gj * 0.10 * 0.25, fuel_gj * 0.16 * 0.80
    assert s["heat_high_avail"] == pytest.approx(high)
    assert s["heat_medium_avail"] == pytest.approx(medium)
    assert s["heat_low_avail"] == pytest.approx(low)
    # A and C: high and (no sink industry, no DES) all medium → ORC at 15 %; GJ → MWh ÷ 3.6
    assert s["orc_high_electricity"] == pytest.approx(high * 0.15 / 3.6)
    assert s["orc_medium_electricity"] == pytest.approx(medium * 0.15 / 3.6)
    # D: new DH demand = 100,000 people × 43 m² × 0.30 GJ/m² × (2800/2800) × (1 − 10 % FYP buildings)
    demand = 100_000 * 43 * 0.30 * 0.9
    assert s["new_dh_demand"] == pytest.approx(demand)
    assert low < demand
    assert s["new_dh_received"] == pytest.approx(low)
    assert s["heat_low_unutilised"] == pytest.approx(0.0, abs=1e-3)
    # fuel displaced = heat ÷ stove efficiency 0.5 ÷ 29.3076; CO2 = tce ÷ 0.7143 × 2.2
    stove_tce = low / 0.5 / 29.3076
    assert s["new_dh_fuel_saved"] == pytest.approx(stove_tce)
    assert s["co2_reduction_heat_D_new_dh"] == pytest.approx(stove_tce / 0.7143 * 2.2)
    # no power plant in the study area: ORC power is credited at the grid factor 450 g/kWh × 2.2 t/t
    assert s["co2_reduction_heat_A_orc"] == pytest.approx(high * 0.15 / 3.6 * 0.450 * 2.2)
    # Base CO2: plant 100,000 tce + household heating (demand before efficiency ÷ 0.5)
    base_heat_gj = 100_000 * 43 * 0.30
    expected_base = (100_000 + base_heat_gj / 0.5 / 29.3076) / 0.7143 * 2.2
    assert s["co2_base"] == pytest.approx(expected_base)
    city = r.cities.iloc[0]
    assert city["co2_red_heat_D_new_dh_t"] == pytest.approx(stove_tce / 0.7143 * 2.2)
    link = r.heat_links.iloc[0]
    assert (link["source_id"], link["sink_id"], link["step"]) == ("s1", "c1", "D")
    # point 15 km east of the centre of a 20 km square: 5 km in UTM, re-measured on the ellipsoid (fenceline)
    true_m = geo.true_distance_m(CRS, X0 + 15_000, Y0, X0 + 10_000, Y0)[()]
    assert link["dist_m"] == pytest.approx(true_m, rel=1e-9)
    assert link["dist_m"] == pytest.approx(5_000.0, rel=1e-3)


def test_plant_balances_and_fence_line_on_region():
    r = symbiosis.assess(region(3, 30), PARAMS, "fyp")
    p = r.plants
    for g in GRADES:
        np.testing.assert_allclose(p[f"heat_{g}_delivered_gj"] + p[f"heat_{g}_orc_gj"] + p[f"heat_{g}_unutilised_gj"],
                                   p[f"heat_{g}_avail_gj"], rtol=1e-9, atol=1e-6)
    assert (r.heat_links["dist_m"] <= PARAMS.get("cascade.fence_line_m")).all()
    assert (r.heat_links.geometry.length <= PARAMS.get("cascade.fence_line_m") + 1e-6).all()
    assert (r.sinks["received_gj"] <= r.sinks["demand_gj"] * (1 + 1e-9) + 1e-6).all()
    # totals agree across scales: cities + ROP = provinces; nation = Σ grid regions
    prov = r.provinces[r.provinces["scale"] == "province"]
    assert prov["co2_red_total_t"].sum() == pytest.approx(r.nation["co2_red_total_t"].iloc[0], rel=1e-9)
    assert r.grid_regions["co2_base_t"].sum() == pytest.approx(r.nation["co2_base_t"].iloc[0], rel=1e-9)


def _sorted(df, key):
    cols = [c for c in df.columns if c != "geometry"]
    return pd.DataFrame(df[cols]).sort_values(key, kind="stable").reset_index(drop=True)


def test_row_order_changes_nothing():
    layers = region(5, 25)
    shuffled = {k: (v.sample(frac=1.0, random_state=1) if v is not None else None) for k, v in layers.items()}
    a, b = symbiosis.assess(layers, PARAMS, "fyp"), symbiosis.assess(shuffled, PARAMS, "fyp")
    pd.testing.assert_frame_equal(_sorted(a.plants, "plant_id"), _sorted(b.plants, "plant_id"))
    pd.testing.assert_frame_equal(_sorted(a.heat_links, ["source_id", "sink_id", "grade"]),
                                  _sorted(b.heat_links, ["source_id", "sink_id", "grade"]))
    pd.testing.assert_frame_equal(a.summary, b.summary)


def test_translation_by_1km_changes_only_geometry():
    # distances are ellipsoidal, so a 1 km shift changes them by ~1 ppm: compare at 1e-5
    layers = region(7, 25)
    moved = {k: (v.set_geometry(v.geometry.translate(1000.0, 1000.0)) if v is not None else None)
             for k, v in layers.items()}
    a, b = symbiosis.assess(layers, PARAMS, "fyp"), symbiosis.assess(moved, PARAMS, "fyp")
    pd.testing.assert_frame_equal(_sorted(a.heat_links, ["source_id", "sink_id", "grade"]),
                                  _sorted(b.heat_links, ["source_id", "sink_id", "grade"]), rtol=1e-5)
    pd.testing.assert_frame_equal(a.summary, b.summary, rtol=1e-5)
    assert a.heat_links.geometry.iloc[0].distance(
        affinity.translate(b.heat_links.geometry.iloc[0], -1000.0, -1000.0)) < 1e-6


def test_grid_percentage_applies_equally_to_every_power_plant():
    layers = region(11, 24)
    r = symbiosis.assess(layers, PARAMS, "fyp")
    power = r.plants[r.plants["sector"] == "power"]
    assert len(power) >= 2
    ratio = power["fuel_red_heat_A_orc_tce"] / power["fuel_eff_tce"]
    np.testing.assert_allclose(ratio, ratio.iloc[0], rtol=1e-12)
    region_row = r.grid_regions.set_index("grid_region").loc["North"]
    assert ratio.iloc[0] == pytest.approx(region_row["heat_A_orc_mwh"] / region_row["generation_mwh"])


def test_more_efficiency_leaves_less_waste_heat():
    layers = region(2, 20)
    heat = {sc: summary(symbiosis.assess(layers, PARAMS, sc))["heat_low_avail"] for sc in ("base", "fyp", "high")}
    assert heat["base"] > heat["fyp"] > heat["high"] > 0


def test_optimal_mode_reports_gap_and_is_not_worse():
    layers = region(4, 20)
    casc, opt = symbiosis.assess(layers, PARAMS, "fyp"), symbiosis.assess(layers, PARAMS, "fyp", mode="optimal")
    s = summary(casc)
    assert s["optimal_gap_co2"] >= -1e-6
    assert s["heat_exchange_co2_optimal"] == pytest.approx(summary(opt)["heat_exchange_co2_optimal"])
    assert opt.summary["mode"].iloc[0] == "optimal"


def test_seasonal_case_cuts_space_heating_from_non_chp_sources():
    layers = region(6, 20)
    layers["plants"]["chp"] = False
    seasonal = PARAMS.with_overrides({"wasteheat": {"seasonal": True}})
    a, b = summary(symbiosis.assess(layers, PARAMS, "fyp")), summary(symbiosis.assess(layers, seasonal, "fyp"))
    heating = lambda s: s["des_received"] + s["new_dh_received"]  # noqa: E731
    assert heating(b) <= 0.4 * (b["heat_medium_avail"] + b["heat_low_avail"]) + 1e-6
    assert heating(b) < heating(a)


def test_pm25_inventories_for_dispersion():
    r = symbiosis.assess(region(8, 24), PARAMS, "fyp")
    point = r.point_sources
    assert set(point["sector"]) <= {"power", "steel", "cement"}
    assert point[["stack_height_m", "stack_diameter_m", "exit_velocity_m_s", "exit_temp_k"]].notna().all().all()
    area = r.area_sources
    assert set(area["area_type"]) <= {"city", "ROP"} and area.geometry.notna().all()
    plants_pm = r.plants["pm25_base_t"].sum()
    heating_pm = r.nation["pm25_base_t"].iloc[0] - plants_pm
    assert point["pm25_base_t"].sum() + area["pm25_base_t"].sum() == pytest.approx(plants_pm + heating_pm, rel=1e-9)


def test_material_credit_without_a_cement_plant_stays_off_the_dispersion_inventory():
    # Hebei has cement production in the provinces layer but no cement plant in the plants layer, and every
    # plant lies in city c1: the material-exchange credit has no emitter in the inventory. It counts in the
    # province's totals but must not become a negative rest-of-province area source (it was −69 t/yr here,
    # which the dispersion input check then rejected).
    layers = region(3)
    plants = layers["plants"][layers["plants"]["sector"] != "cement"].copy()
    plants["geometry"] = [Point(X0 + (i % 5) * 1000.0, Y0) for i in range(len(plants))]
    layers["plants"] = plants
    r = symbiosis.assess(layers, PARAMS, "fyp")
    hebei = r.provinces[(r.provinces["province"] == "Hebei") & (r.provinces["scale"] == "ROP")]
    assert hebei["pm25_red_material_t"].iloc[0] > 0 and hebei["pm25_base_t"].iloc[0] == 0
    area = r.area_sources
    assert (area["pm25_scen_t"] >= 0).all() and (area["pm25_base_t"] >= 0).all()
    assert area["pm25_base_t"].sum() + r.point_sources["pm25_base_t"].sum() == pytest.approx(
        r.nation["pm25_base_t"].iloc[0], rel=1e-9)


def test_utf8_names_and_layers_and_bad_arguments():
    r = symbiosis.assess(region(1, 12), PARAMS, "fyp")
    assert "唐山" in set(r.cities["name"])
    assert {"heat_links", "plant_results", "city_results", "area_sources", "point_sources"} <= set(r.layers())
    assert {"province_results", "grid_region_results", "nation_results", "summary"} <= set(r.tables())
    assert all(isinstance(g, LineString) for g in r.heat_links.geometry)
    with pytest.raises(ParameterError, match="scenario"):
        symbiosis.assess(region(1, 12), PARAMS, "nope")
    with pytest.raises(ParameterError, match="mode"):
        symbiosis.assess(region(1, 12), PARAMS, "fyp", mode="greedy")


def test_cancel_during_allocation_raises():
    from feedbacks import CancelAfter

    from uis_qgis.feedback import Cancelled

    with pytest.raises(Cancelled):
        symbiosis.assess(region(3, 30), PARAMS, "fyp", feedback=CancelAfter(3))
