"""City indicators (SPEC §8): typology thresholds of Ramaswami et al. 2017, source/sink ratio, quadrants."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uis_qgis import indicators as ind
from uis_qgis.params import load_params


@pytest.fixture(scope="module")
def params():
    return load_params()


def test_typology_thresholds(params):
    # shares: tertiary 50 % → commercial; 49 % tertiary / 45 % secondary → mixed; secondary 65 % → industrial;
    # secondary exactly 64.4 % and tertiary exactly 49.1 % are not "above" → mixed
    primary = [10.0, 6.0, 5.0, 0.0, 0.0]
    secondary = [40.0, 45.0, 65.0, 64.4, 50.9]
    tertiary = [50.0, 49.0, 30.0, 35.6, 49.1]
    assert list(ind.typology(primary, secondary, tertiary, params)) == [
        "highly commercial", "mixed", "highly industrial", "mixed", "mixed"]


def test_typology_unknown_when_gdp_missing(params):
    got = ind.typology([1.0, None, 1.0, 0.0], [2.0, 5.0, np.nan, 0.0], ["3", 5.0, 1.0, 0.0], params)
    # text "3" is read as a number; a missing part or a zero total → unknown
    assert list(got) == ["highly commercial", "unknown", "unknown", "unknown"]


def test_typology_rejects_negative_gdp(params):
    with pytest.raises(ValueError, match="GDP"):
        ind.typology([1.0], [-2.0], [3.0], params)


def test_typology_follows_overridden_thresholds(params):
    stricter = params.with_overrides({"indicators": {"tertiary_share_commercial": 0.6}})
    assert ind.typology([10.0], [40.0], [50.0], stricter)[0] == "mixed"


def test_source_sink_ratio():
    ratio = ind.source_sink_ratio([10.0, 0.0, 5.0, 0.0], [5.0, 4.0, 0.0, 0.0])
    assert ratio[0] == 2.0 and ratio[1] == 0.0 and math.isinf(ratio[2]) and math.isnan(ratio[3])
    with pytest.raises(ValueError, match="heat"):
        ind.source_sink_ratio([-1.0], [1.0])


def test_cobenefit_quadrant_on_a_hand_table():
    # co2 %:    [2, 10, 8, 1, 6]  mean 5.4 → high: 10, 8, 6
    # deaths %: [9, 12, 1, 2, 3]  mean 5.4 → high: 9, 12
    co2 = [2.0, 10.0, 8.0, 1.0, 6.0]
    deaths = [9.0, 12.0, 1.0, 2.0, 3.0]
    assert list(ind.cobenefit_quadrant(co2, deaths)) == [
        "Low CO2-High health", "High-High", "High CO2-Low health", "Low-Low", "High CO2-Low health"]


def test_cobenefit_quadrant_missing_values_do_not_enter_the_mean():
    # without the NaN city the means are 2 and 2 → city 0 low/low, city 1 high/high
    got = ind.cobenefit_quadrant([1.0, 3.0, np.nan], [1.0, 3.0, 100.0])
    assert list(got) == ["Low-Low", "High-High", "unknown"]
    assert list(ind.cobenefit_quadrant([np.nan], [1.0])) == ["unknown"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-50, 100), st.floats(-50, 100)), min_size=1, max_size=30))
def test_quadrants_partition_against_the_means(pairs):
    co2, deaths = np.array(pairs).T
    labels = ind.cobenefit_quadrant(co2, deaths)
    high_co2 = np.isin(labels, ["High-High", "High CO2-Low health"])
    high_health = np.isin(labels, ["High-High", "Low CO2-High health"])
    np.testing.assert_array_equal(high_co2, co2 > co2.mean())
    np.testing.assert_array_equal(high_health, deaths > deaths.mean())


def test_city_indicators_assembles_fields(params):
    cities = pd.DataFrame({"city_id": ["a", "b", "c"], "name": ["唐山", "天津", "北京"],
                           "gdp_primary": [9.0, 1.0, 1.0], "gdp_secondary": [58.0, 50.0, 20.0],
                           "gdp_tertiary": [33.0, 49.0, 79.0]}, index=[10, 11, 12])
    co2 = pd.DataFrame({"co2_base_t": [1000.0, 400.0, 200.0], "co2_scen_t": [800.0, 380.0, 190.0],
                        "co2_red_efficiency_t": [120.0, 10.0, 5.0],
                        "co2_red_heat_exchange_t": [60.0, 8.0, 5.0],
                        "co2_red_material_t": [20.0, 2.0, 0.0]}, index=cities.index)
    deaths = pd.DataFrame({"deaths_attributable_base": [500.0, 100.0, 300.0],
                           "deaths_avoided_low": [5.0, 4.0, 1.0], "deaths_avoided_central": [10.0, 6.0, 3.0],
                           "deaths_avoided_high": [12.0, 7.0, 4.0]}, index=cities.index)
    heat = pd.DataFrame({"heat_source_gj": [1e6, 1e4, 0.0], "heat_sink_gj": [1e5, 1e4, 1e5]}, index=cities.index)
    pm25 = pd.DataFrame({"pm25_base_t": [50.0, 20.0, 10.0], "pm25_scen_t": [40.0, 19.0, 10.0]},
                        index=cities.index)
    out = ind.city_indicators(cities, co2=co2, pm25=pm25, deaths=deaths, heat=heat, params=params)
    assert list(out.index) == [10, 11, 12] and list(out["name"]) == ["唐山", "天津", "北京"]
    # secondary 58 %, tertiary 33 % → mixed; 50/49 → mixed; tertiary 79 % → commercial
    assert list(out["typology"]) == ["mixed", "mixed", "highly commercial"]
    # CO2: (1000−800)/1000 = 20 %, 20/400 = 5 %, 10/200 = 5 %; by strategy 12 / 6 / 2 % for city a
    np.testing.assert_allclose(out["co2_reduction_pct"], [20.0, 5.0, 5.0])
    assert (out.loc[10, "co2_red_efficiency_pct"], out.loc[10, "co2_red_heat_exchange_pct"],
            out.loc[10, "co2_red_material_pct"]) == (12.0, 6.0, 2.0)
    # deaths: 10/500 = 2 %, 6/100 = 6 %, 3/300 = 1 %
    np.testing.assert_allclose(out["deaths_avoided_pct_central"], [2.0, 6.0, 1.0])
    np.testing.assert_allclose(out["deaths_avoided_pct_low"], [1.0, 4.0, 1.0 / 3.0])
    np.testing.assert_allclose(out["pm25_reduction_pct"], [20.0, 5.0, 0.0])
    # ratio 10, 1, 0 → log10 1, 0, NaN
    np.testing.assert_allclose(out["log10_source_sink_ratio"], [1.0, 0.0, np.nan])
    # means: co2 10 %, deaths 3 % → a High CO2–Low health, b Low CO2–High health, c Low–Low
    assert list(out["cobenefit_quadrant"]) == ["High CO2-Low health", "Low CO2-High health", "Low-Low"]


def test_city_indicators_without_results_gives_typology_only(params):
    out = ind.city_indicators(pd.DataFrame({"city_id": [1, 2]}), params=params)
    assert list(out["typology"]) == ["unknown", "unknown"] and "cobenefit_quadrant" not in out


def test_city_indicators_rejects_misaligned_inputs(params):
    cities = pd.DataFrame({"city_id": [1, 2]})
    with pytest.raises(ValueError, match="co2"):
        ind.city_indicators(cities, co2=pd.DataFrame({"co2_base_t": [1.0], "co2_scen_t": [1.0]}), params=params)
