"""Issue 11 item 5: Table 1's electricity lines apply when plants carry no ``electricity_mwh``: it is estimated
from production and the cited sector intensities, and the savings reach the grid region."""
import numpy as np
import pandas as pd
import pytest

from uis_qgis import efficiency, symbiosis
from uis_qgis.params import load_params

from symbiosis_fixtures import region

PARAMS = load_params()


def test_estimate_by_hand_and_given_values_win():
    plants = pd.DataFrame({"sector": ["steel", "cement", "cement", "steel", "food"],
                           "fuel_tce": [0.0, 16_300.0, 0.0, 0.0, 1e5],
                           "production_t": [1e6, np.nan, 2e5, 1e6, np.nan],
                           "electricity_mwh": [np.nan, np.nan, np.nan, 0.0, np.nan]})
    mwh = efficiency.electricity_mwh(plants, PARAMS)
    # steel 1 Mt × 749 kWh/t; cement 16,300 tce ÷ 0.163 tce/t = 100,000 t × 90 kWh/t; 200,000 t × 90;
    # a given 0 stays 0; food has no intensity → 0
    np.testing.assert_allclose(mwh, [749_000.0, 9_000.0, 18_000.0, 0.0, 0.0])
    out = efficiency.apply_scenario(plants, "fyp", PARAMS)
    np.testing.assert_allclose(out["eff_electricity_saved_mwh"], [0.15 * 749_000, 0.05 * 9_000, 0.05 * 18_000, 0, 0])


def test_efficiency_electricity_reaches_the_grid_region():
    layers = region(seed=3, n_plants=16)
    layers["plants"] = layers["plants"].drop(columns="electricity_mwh")
    result = symbiosis.assess(layers, PARAMS, "fyp")
    plants = result.plants
    steel = plants["sector"] == "steel"
    cement = plants["sector"] == "cement"
    expected = (0.15 * 749.0 * plants.loc[steel, "fuel_tce"].sum() / 0.572
                + 0.05 * 90.0 * plants.loc[cement, "fuel_tce"].sum() / 0.163) / 1e3
    assert expected > 0
    summary = result.summary.set_index("quantity")["value"]
    assert summary["electricity_efficiency"] == pytest.approx(expected, rel=1e-9)
    grid = result.grid_regions.set_index("grid_region")
    assert grid["efficiency_mwh"].sum() == pytest.approx(expected, rel=1e-9)
    power = plants["sector"] == "power"
    assert (plants.loc[power, "co2_red_efficiency_t"] > 0).all()
