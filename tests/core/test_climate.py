"""Issue 11 item 4: heating degree-days per city from the GB 50176-2016 climate zones, and a southern region
(Guangzhou–Foshan) with a small space-heating demand and 4GDH savings consistent with it."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from uis_qgis import climate, contract, symbiosis
from uis_qgis.params import load_params

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
DONGSI = DATA / "uci_beijing_dongsi_hourly_2013-2017.csv"
PARAMS = load_params()
# GB 50176-2016 Table 4.1.2 HDD18 bands (K·d), typed from the standard independently of climate.toml
BANDS = {"1A": (6000, np.inf), "1B": (5000, 6000), "1C": (3800, 5000), "2A": (2000, 3800), "2B": (2000, 3800),
         "3A": (1200, 2000), "3B": (700, 1200), "4A": (500, 700), "4B": (0, 500), "5A": (700, 2000),
         "5B": (0, 700)}


def test_zone_values_lie_in_their_bands_and_every_province_has_a_zone():
    zone_hdd = PARAMS.group("climate.zone_hdd18")
    assert set(zone_hdd) == set(BANDS)
    for zone, (low, high) in BANDS.items():
        assert low <= zone_hdd[zone] < high, zone
    grid_provinces = set(PARAMS.get("grid.province_region"))
    assert set(PARAMS.get("climate.province_zone")) == grid_provinces  # all 31 mainland provinces


def test_given_hdd_wins_province_zone_else_default():
    province = pd.Series(["Heilongjiang Province", "Guangdong", "Beijing", None])
    hdd = climate.hdd18_k_d([np.nan, np.nan, 2590.0, np.nan], province, PARAMS)
    np.testing.assert_allclose(hdd, [5500.0, 250.0, 2590.0, 1600.0])  # 1B, 4B, given, default 3A
    assert climate.heat_gj_per_m2(2800.0, PARAMS) == pytest.approx(0.30)


@pytest.mark.skipif(not DONGSI.exists(), reason="../shared/data not available")
def test_beijing_measured_hdd_is_in_its_zone_band():
    # an independent check of the zone value: daily means of the Dongsi hourly temperatures, 2014–2016
    hourly = pd.read_csv(DONGSI, usecols=["year", "month", "day", "TEMP"])
    daily = hourly.groupby(["year", "month", "day"])["TEMP"].mean()
    per_year = (18.0 - daily).clip(lower=0.0).groupby(level="year").sum().loc[[2014, 2015, 2016]]
    measured = float(per_year.mean())  # ≈ 2,590 K·d
    low, high = BANDS["2B"]
    assert low <= measured < high
    typical = climate.hdd18_k_d([np.nan], pd.Series(["Beijing"]), PARAMS)[0]
    assert typical == pytest.approx(measured, rel=0.15)


@pytest.mark.skipif(not (DATA / "ocha_china_provinces_2020_simplified.geojson").exists(),
                    reason="../shared/data not available")
def test_guangzhou_foshan_has_small_heating_demand_and_consistent_4gdh_savings():
    sys.path.insert(0, str(REPO / "scripts"))
    import build_inputs

    layers, _ = build_inputs.build(DATA, bbox=(112.8, 22.6, 113.8, 23.5), params=PARAMS)
    cities = layers["cities"]
    assert (cities["province"].map(lambda p: "Guangdong" in p)).all()
    assert (cities["hdd"] == 250.0).all()  # zone 4B
    checked = contract.check_inputs({k: v for k, v in layers.items() if len(v)}, PARAMS)  # no DES in the south
    result = symbiosis.assess(checked.layers, PARAMS, "fyp")
    sinks = result.sinks[result.sinks["sink_type"] == "new_dh"]
    floor = cities["core_floor_area_m2"].sum() - layers["district_heating"]["floor_area_m2"].sum()
    # hand: 0.30 GJ/m² × 250 / 2,800 K·d = 0.0268 GJ/m², × 0.9 after FYP building efficiency, on the
    # reachable share of the floor
    per_m2 = 0.30 * 250.0 / 2800.0 * 0.9
    reach = PARAMS.get("cascade.new_dh_reachable_share")
    assert sinks["demand_gj"].sum() == pytest.approx(reach * floor * per_m2, rel=1e-6)
    # small: under a tenth of what the same floor would need in Beijing's zone (2,900 K·d)
    assert sinks["demand_gj"].sum() < 0.1 * floor * 0.30 * 2900.0 / 2800.0
    # 4GDH savings cannot exceed what the stoves would have burned to meet that demand
    gj_per_tce = PARAMS.get("general.gj_per_tce")
    cap_tce = sinks["demand_gj"].sum() / PARAMS.get("cascade.stove_efficiency") / gj_per_tce
    summary = result.summary.set_index("quantity")["value"]
    assert 0.0 <= summary["new_dh_fuel_saved"] <= cap_tce * (1 + 1e-9)
    assert summary["new_dh_received"] <= summary["new_dh_demand"] * (1 + 1e-9)


def test_the_core_gives_a_city_without_hdd_its_zone_value():
    from symbiosis_fixtures import region

    layers = region(seed=3, n_plants=16)
    layers["cities"] = layers["cities"].assign(hdd=[float("nan"), 2600.0], province=["Guangdong", "Tianjin"])
    cities = symbiosis.prepare_cities(layers, PARAMS, "fyp")
    assert cities["hdd"].tolist() == [250.0, 2600.0]
    assert cities["heat_gj_per_m2"].tolist() == pytest.approx([0.30 * 250 / 2800, 0.30 * 2600 / 2800])
