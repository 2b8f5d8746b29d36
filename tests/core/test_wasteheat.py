"""Waste heat by grade (SPEC §3; Ramaswami et al. 2017 Methods (c))."""
import numpy as np
import pandas as pd
import pytest

from uis_qgis import wasteheat
from uis_qgis.params import load_params

# fixed fractions so that the hand calculation does not move when the defaults are recalibrated
PARAMS = load_params({"wasteheat": {"fraction": {"steel": {"high": 0.05, "medium": 0.10, "low": 0.16}}}})


def test_by_hand():
    plants = pd.DataFrame({"sector": ["steel", "power", "food"], "fuel_tce": [1000.0, 1000.0, 1000.0]})
    h = wasteheat.waste_heat(plants, PARAMS)
    gj = 1000 * 29.3076
    # steel: 5 % high (100 % available), 10 % medium (25 %), 16 % low (80 %)
    assert h.loc[0, "heat_high_avail_gj"] == pytest.approx(gj * 0.05)
    assert h.loc[0, "heat_medium_avail_gj"] == pytest.approx(gj * 0.10 * 0.25)
    assert h.loc[0, "heat_low_avail_gj"] == pytest.approx(gj * 0.16 * 0.80)
    # power is not a source by default; food is not in the table
    assert h.loc[1:].to_numpy().sum() == 0.0
    as_source = PARAMS.with_overrides({"sectors": {"power_is_source": True}})
    assert wasteheat.waste_heat(plants, as_source).loc[1, "heat_low_gen_gj"] == pytest.approx(gj * 0.30)


def test_defaults_carry_units_and_sources():
    defaults = load_params()
    for sector, grades in defaults.group("wasteheat.fraction").items():
        for grade, value in grades.items():
            assert 0.0 <= value < 1.0
            assert defaults.unit(f"wasteheat.fraction.{sector}.{grade}") == "GJ heat/GJ fuel"


def test_seasonal_share():
    plants = pd.DataFrame({"chp": [True, False, None]})
    np.testing.assert_allclose(wasteheat.space_heating_share(plants, PARAMS), 1.0)
    on = PARAMS.with_overrides({"wasteheat": {"seasonal": True}})
    np.testing.assert_allclose(wasteheat.space_heating_share(plants, on), [1.0, 0.4, 0.4])
