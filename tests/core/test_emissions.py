"""Emission factors, grid-region propagation and aggregation by scale (SPEC §5)."""
import numpy as np
import pandas as pd
import pytest

from uis_qgis import emissions
from uis_qgis.params import load_params

PARAMS = load_params()


def test_factors_by_hand():
    # 1,000 tce = 1,400 t coal (÷ 0.7143); × 2.2 = 3,080 t CO2; stove PM 6 g/kg → 8.4 t
    assert emissions.coal_t_from_tce(1000.0, PARAMS) == pytest.approx(1000 / 0.7143)
    assert emissions.co2_t_from_tce(1000.0, PARAMS) == pytest.approx(1000 / 0.7143 * 2.2)
    assert emissions.pm25_t_from_tce([1000.0], ["stove"], PARAMS)[0] == pytest.approx(1000 / 0.7143 * 6.0e-3)
    # power: 1,000 MWh × 450 kg/MWh = 450 t coal; PM 0.551 g/kg → 0.248 t
    assert emissions.pm25_t_from_electricity(1000.0, PARAMS) == pytest.approx(450 * 0.551e-3)
    # gas heat: 1,000 GJ ÷ 0.9 = 1.111 TJ × 56.1 = 62.33 t
    assert emissions.gas_co2_t_for_heat(1000.0, PARAMS) == pytest.approx(1000 / 0.9 / 1000 * 56.1)
    # unknown technology falls back to "other"
    assert emissions.pm25_factor_g_per_kg_coal(["glass"], PARAMS)[0] == PARAMS.get("emissions.pm25_g_per_kg_coal.other")


def test_coal_heat_costs_more_co2_than_gas_heat():
    coal = emissions.coal_co2_t_for_heat(1000.0, 0.75, PARAMS)
    gas = emissions.gas_co2_t_for_heat(1000.0, PARAMS)
    assert coal == pytest.approx(1000 / 0.75 / 29.3076 / 0.7143 * 2.2)
    assert coal > gas > 0


def test_grid_regions_explicit_province_or_default():
    prov = pd.Series(["Hebei", "Guangdong Province", "Atlantis", None], dtype=object)
    explicit = pd.Series(["", None, "East", "Northwest"], dtype=object)
    got = emissions.grid_region_of(prov, explicit, PARAMS)
    assert list(got) == ["North", "South", "East", "Northwest"]


def test_grid_shares_by_hand_and_capped():
    elec = pd.DataFrame({"a": [100.0, 600.0], "b": [300.0, 600.0]}, index=["North", "East"])
    gen = pd.Series({"North": 1000.0, "East": 1000.0})
    shares = emissions.grid_reduction_shares(elec, gen)
    # North: 100/1000 and 300/1000; East: 1200 > 1000 → scaled to total 1 (0.5 / 0.5)
    np.testing.assert_allclose(shares.loc["North"], [0.1, 0.3])
    np.testing.assert_allclose(shares.loc["East"], [0.5, 0.5])


def test_aggregate_sums_and_percentages():
    led = pd.DataFrame({"k": ["x", "x", "y"], "co2_base_t": [100.0, 100.0, 50.0], "pm25_base_t": [1.0, 1.0, 1.0],
                        "co2_red_s_t": [10.0, 30.0, 0.0], "pm25_red_s_t": [0.1, 0.1, 0.0]})
    t = emissions.aggregate(led, ["k"], ["s"]).set_index("k")
    assert t.loc["x", "co2_scen_t"] == pytest.approx(160.0)
    assert t.loc["x", "co2_reduction_pct"] == pytest.approx(20.0)
    assert t.loc["y", "co2_reduction_pct"] == 0.0
    nation = emissions.aggregate(led, [], ["s"])
    assert nation["co2_red_total_t"].iloc[0] == pytest.approx(40.0)
