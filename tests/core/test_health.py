"""Health co-benefits (SPEC §7): expected values derived here from the published formulas and parameters.

GEMM (Burnett et al. 2018): RR = exp(θ·log(z/α+1)/(1+exp(−(z−μ)/ν))), z = max(0, C − 2.4).
IER (Burnett et al. 2014): RR = 1 + α(1 − exp(−γ (C − z_cf)^δ)) for C > z_cf.
The parameter values typed below are the published ones (GEMM calculator / TM5-FASST tables).
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uis_qgis import health
from uis_qgis.params import load_params

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
N_CHINA_2015 = 1_383_471_404  # GBD 2015 population of China (the base of its death rates)
ADULT_AGES = ["25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74",
              "75-79", "80+"]


@pytest.fixture(scope="module")
def params():
    return load_params()


@pytest.fixture(scope="module")
def gemm(params):
    return health.load_gemm_table(params)


@pytest.fixture(scope="module")
def ier(params):
    return health.load_ier_table(params)


def gemm_hand(c, theta, alpha, mu, nu):
    z = max(0.0, c - 2.4)
    return math.exp(theta * math.log(z / alpha + 1.0) / (1.0 + math.exp(-(z - mu) / nu)))


def ier_hand(c, alpha, gamma, delta, z_cf):
    return 1.0 + alpha * (1.0 - math.exp(-gamma * (c - z_cf) ** delta)) if c > z_cf else 1.0


def read_csv(name):
    with open(REPO / "uis_qgis" / "data" / "health" / name, newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------------------------------------
# shipped tables


@pytest.mark.parametrize("name", ["gemm_parameters_burnett2018.csv", "ier_parameters_burnett2014_central.csv",
                                  "gbd2015_china_baseline_deaths_by_cause_age.csv"])
def test_shipped_tables_are_exact_copies_of_the_shared_data(name):
    if not (SHARED / name).exists():
        pytest.skip("shared data not present")
    assert (REPO / "uis_qgis" / "data" / "health" / name).read_bytes() == (SHARED / name).read_bytes()


def test_gemm_table_has_age_specific_theta_for_both_cohorts(params):
    for cohort in (True, False):
        table = health.load_gemm_table(params, china_cohort=cohort)
        assert len(table) == 6 * 13  # six causes × (25+ and twelve 5-year groups)
    included = health.load_gemm_table(params, china_cohort=True)
    assert included.loc[("IHD", "25-29"), "theta"] == 0.507
    assert included.loc[("IHD", "80+"), "theta"] == 0.1536
    assert health.load_gemm_table(params, china_cohort=False).loc[("NCD+LRI", "25+"), "theta"] == 0.1231


# ---------------------------------------------------------------------------------------------------------
# relative risks, hand-derived


GEMM_CASES = [  # cause, age, θ, α, μ, ν (China cohort included)
    ("NCD+LRI", "25+", 0.143, 1.6, 15.5, 36.8),
    ("NCD+LRI", "60-64", 0.1421, 1.6, 15.5, 36.8),
    ("IHD", "25-29", 0.507, 1.9, 12.0, 40.2),
    ("Stroke", "80+", 0.1368, 6.2, 16.7, 23.7),
    ("COPD", "25+", 0.251, 6.5, 2.5, 32.0),
    ("LC", "50-54", 0.2942, 6.2, 9.3, 29.8),
    ("LRI", "25+", 0.4468, 6.4, 5.7, 8.4),
]


@pytest.mark.parametrize("cause, age, theta, alpha, mu, nu", GEMM_CASES)
@pytest.mark.parametrize("c", [0.0, 2.4, 5.0, 12.4, 35.0, 75.0, 150.0])
def test_gemm_rr_matches_hand_formula(gemm, cause, age, theta, alpha, mu, nu, c):
    assert health.gemm_rr(c, cause, age, gemm) == pytest.approx(gemm_hand(c, theta, alpha, mu, nu), rel=1e-12)


def test_gemm_rr_written_out_at_one_point(gemm):
    # NCD+LRI 25+, C = 42.4: z = 40; ω = 1/(1+exp(−(40−15.5)/36.8)); RR = exp(0.143·ln(40/1.6+1)·ω)
    omega = 1.0 / (1.0 + math.exp(-24.5 / 36.8))
    expected = math.exp(0.143 * math.log(26.0) * omega)
    assert health.gemm_rr(42.4, "NCD+LRI", "25+", gemm) == pytest.approx(expected, rel=1e-12)
    assert 1.3 < expected < 1.4


def test_gemm_theta_shift_uses_standard_errors(gemm):
    # θ ± 2 SE for NCD+LRI 25+: 0.143 ± 2·0.01807
    for shift, theta in [(-2, 0.143 - 2 * 0.01807), (2, 0.143 + 2 * 0.01807)]:
        assert health.gemm_rr(60.0, "NCD+LRI", "25+", gemm, theta_shift=shift) == pytest.approx(
            gemm_hand(60.0, theta, 1.6, 15.5, 36.8), rel=1e-12)


def test_gemm_without_china_cohort(params):
    table = health.load_gemm_table(params, china_cohort=False)
    # excluded: IHD 25+ θ=0.2543, α=4.9, μ=−21.1, ν=17.7
    assert health.gemm_rr(30.0, "IHD", "25+", table) == pytest.approx(
        gemm_hand(30.0, 0.2543, 4.9, -21.1, 17.7), rel=1e-12)


IER_CASES = [  # cause, α, γ, δ, z_cf
    ("LRI", 1.97378648, 0.002847675, 1.209294599, 5.553867502),
    ("COPD", 14.10220781, 0.001206578, 0.680348423, 5.787549667),
    ("IHD", 1.190330928, 0.0750978, 0.374809182, 5.89785796),
    ("LC", 15.67636977, 0.001073919, 0.765861621, 5.312838615),
    ("Stroke", 1.16632796, 0.011865371, 1.202946339, 7.261807718),
]


@pytest.mark.parametrize("cause, alpha, gamma, delta, z_cf", IER_CASES)
@pytest.mark.parametrize("c", [0.0, 5.0, 7.0, 20.0, 52.0, 120.0])
def test_ier_rr_matches_hand_formula(ier, cause, alpha, gamma, delta, z_cf, c):
    assert health.ier_rr(c, cause, ier) == pytest.approx(ier_hand(c, alpha, gamma, delta, z_cf), rel=1e-12)


def test_rr_is_vectorised(gemm, ier):
    c = np.array([[1.0, 20.0], [60.0, 200.0]])
    assert health.gemm_rr(c, "NCD+LRI", "25+", gemm).shape == (2, 2)
    assert health.ier_rr(c, "IHD", ier).shape == (2, 2)


def test_rr_is_one_at_and_below_the_counterfactual(gemm, ier):
    below = np.array([0.0, 1.0, 2.4])
    assert np.all(health.gemm_rr(below, "NCD+LRI", "25+", gemm) == 1.0)
    assert np.all(health.ier_rr(np.array([0.0, 5.0]), "LC", ier) == 1.0)  # LC z_cf = 5.31


def test_unknown_cause_is_a_clear_error(gemm, ier):
    with pytest.raises(ValueError, match="Asthma"):
        health.gemm_rr(10.0, "Asthma", "25+", gemm)
    with pytest.raises(ValueError, match="NCD\\+LRI"):
        health.ier_rr(10.0, "NCD+LRI", ier)


# ---------------------------------------------------------------------------------------------------------
# attributable deaths: national case, second implementation from the CSV files


def national_hand(c, causes, model, theta_se=0.0, population=N_CHINA_2015):
    """Σ_age deaths_age × (1 − 1/RR_age(C)) × population / N, read straight from the shipped CSVs."""
    deaths = {(r["cause"], r["age"]): float(r["deaths"]) for r in read_csv(
        "gbd2015_china_baseline_deaths_by_cause_age.csv")}
    gemm_rows = {(r["cause"], r["age"]): r for r in read_csv("gemm_parameters_burnett2018.csv")
                 if r["china_cohort"] == "included"}
    ier_rows = {r["disease"]: r for r in read_csv("ier_parameters_burnett2014_central.csv")}
    ier_name = {"LRI": "alri", "COPD": "copd", "IHD": "ihd", "LC": "lc", "Stroke": "stroke"}
    total = 0.0
    for cause in causes:
        ages = ADULT_AGES + (["under 25"] if model == "ier" and cause == "LRI" else [])
        for age in ages:
            if model == "gemm":
                r = gemm_rows[(cause, age)]
                theta = float(r["theta"]) + theta_se * float(r["se_theta"])
                rr = gemm_hand(c, theta, float(r["alpha"]), float(r["mu"]), float(r["nu"]))
            else:
                r = ier_rows[ier_name[cause]]
                rr = ier_hand(c, float(r["alpha"]), float(r["gamma"]), float(r["delta"]), float(r["z_cf"]))
            total += deaths[(cause, age)] * (1.0 - 1.0 / rr)
    return total * population / N_CHINA_2015


FIVE = ["IHD", "Stroke", "COPD", "LC", "LRI"]


@pytest.mark.parametrize("c", [10.0, 52.0, 80.0])
def test_china_wide_gemm_ncd_lri(params, c):
    got = health.attributable_deaths(N_CHINA_2015, c, params, model="gemm", cause="NCD+LRI")
    assert got == pytest.approx(national_hand(c, ["NCD+LRI"], "gemm"), rel=1e-10)


def test_china_wide_gemm_exceeds_ier_at_the_same_concentration(params):
    # Burnett et al. 2018's central finding: GEMM NCD+LRI burdens are well above the IER (GBD) five-cause ones
    gemm = float(health.attributable_deaths(N_CHINA_2015, 52.0, params, model="gemm"))
    ier = float(health.attributable_deaths(N_CHINA_2015, 52.0, params, model="ier"))
    assert gemm > 1.2 * ier


def test_china_wide_five_causes_gemm_and_ier(params):
    gemm_five = health.attributable_deaths(N_CHINA_2015, 52.0, params, model="gemm", cause="five")
    assert gemm_five == pytest.approx(national_hand(52.0, FIVE, "gemm"), rel=1e-10)
    ier_five = health.attributable_deaths(N_CHINA_2015, 52.0, params, model="ier")
    assert ier_five == pytest.approx(national_hand(52.0, FIVE, "ier"), rel=1e-10)
    # Rohde & Muller 2015: 1.6 million deaths/yr at 52 µg/m³ with the IER
    assert 1.3e6 < ier_five < 1.9e6


def test_city_share_scales_with_population(params):
    city = health.attributable_deaths([1e6, 4e6], [60.0, 60.0], params)
    assert city[0] == pytest.approx(national_hand(60.0, ["NCD+LRI"], "gemm", population=1e6), rel=1e-10)
    assert city[1] == pytest.approx(4 * city[0], rel=1e-12)


def test_bounds_are_theta_minus_plus_two_se(params):
    for bound, k in [("low", -2.0), ("high", 2.0)]:
        got = health.attributable_deaths(N_CHINA_2015, 45.0, params, bound=bound)
        assert got == pytest.approx(national_hand(45.0, ["NCD+LRI"], "gemm", theta_se=k), rel=1e-10)


def test_china_cohort_option_and_override_agree(params):
    without = params.with_overrides({"health": {"gemm_china_cohort": False}})
    a = health.attributable_deaths(1e6, 50.0, without)
    b = health.attributable_deaths(1e6, 50.0, params, china_cohort=False)
    assert a == b != health.attributable_deaths(1e6, 50.0, params)


def test_zero_below_the_counterfactual(params):
    assert np.all(health.attributable_deaths([1e6, 1e6], [0.0, 2.4], params) == 0.0)
    assert np.all(health.attributable_deaths([1e6, 1e6], [0.0, 5.3], params, model="ier") == 0.0)
    avoided = health.avoided_deaths([1e6], [2.0], [1.0], params)
    assert all(np.all(v == 0.0) for v in avoided.values())


def test_grid_cells_equal_the_sum_of_cities(params):
    pop = np.array([[1e4, np.nan], [3e4, 0.0]])
    c = np.array([[40.0, np.nan], [70.0, 90.0]])
    grid = health.attributable_deaths(pop, c, params)
    assert grid.shape == (2, 2) and grid[0, 1] == 0.0 and grid[1, 1] == 0.0
    cities = health.attributable_deaths([1e4, 3e4], [40.0, 70.0], params)
    assert grid.sum() == pytest.approx(cities.sum(), rel=1e-12)


def test_rates_override_per_city(params):
    national = health.baseline_rates(params)
    doubled = national * 2.0
    got = health.attributable_deaths([1e6, 1e6], [50.0, 50.0], params, rates=[national, doubled])
    assert got[1] == pytest.approx(2.0 * got[0], rel=1e-12)
    one_table = health.attributable_deaths([1e6], [50.0], params, rates=doubled)
    assert one_table[0] == pytest.approx(got[1], rel=1e-12)
    with pytest.raises(ValueError, match="one table per city"):
        health.attributable_deaths([1e6, 1e6, 1e6], [50.0] * 3, params, rates=[national, doubled])
    with pytest.raises(ValueError, match="lacks cause 'NCD\\+LRI'"):
        health.attributable_deaths([1e6], [50.0], params, rates=national.drop(columns="NCD+LRI"))


def test_baseline_rates_are_deaths_over_national_population(params):
    rates = health.baseline_rates(params)
    assert rates.at["80+", "NCD+LRI"] == pytest.approx(2602888.343704265 / N_CHINA_2015, rel=1e-12)
    assert health.baseline_rates(params, population_total=1e9).at["80+", "IHD"] == pytest.approx(
        579036.49650502 / 1e9, rel=1e-12)


def test_rates_from_age_structure():
    # a city of 1,000 people: 600 aged 25-29, 400 aged 80+; mortality 0.001 and 0.1 /person/yr
    mortality = pd.DataFrame({"NCD+LRI": [0.001, 0.1]}, index=["25-29", "80+"])
    rates = health.rates_from_age_structure(pd.Series({"25-29": 600.0, "80+": 400.0}), mortality)
    # per person of the whole city: 0.001·0.6 = 0.0006 and 0.1·0.4 = 0.04
    assert rates.at["25-29", "NCD+LRI"] == pytest.approx(0.0006)
    assert rates.at["80+", "NCD+LRI"] == pytest.approx(0.04)
    with pytest.raises(ValueError, match="80\\+"):
        health.rates_from_age_structure(pd.Series({"25-29": 600.0}), mortality)


def test_sample_cities_independent_computation(params):
    gpkg = REPO / "resources" / "sample" / "sample.gpkg"
    if not gpkg.exists():
        pytest.skip("sample region not built")
    import pyogrio

    cities = pyogrio.read_dataframe(gpkg, layer="cities", read_geometry=False)
    c_total = cities["observed_pm25"].fillna(52.0).to_numpy(float)  # observed, else the default background
    got = health.attributable_deaths(cities["population"].to_numpy(float), c_total, params)
    expected = [national_hand(c, ["NCD+LRI"], "gemm", population=p)
                for c, p in zip(c_total, cities["population"].to_numpy(float))]
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    assert np.all(got > 0)


# ---------------------------------------------------------------------------------------------------------
# avoided deaths


def test_avoided_equals_difference_of_attributable_with_total_concentrations(params):
    pop, base, scen = [2e6, 5e5], [80.0, 30.0], [70.0, 29.0]
    avoided = health.avoided_deaths(pop, base, scen, params)
    expected = health.attributable_deaths(pop, base, params) - health.attributable_deaths(pop, scen, params)
    np.testing.assert_allclose(avoided["central"], expected, rtol=1e-12)
    # non-linear: the same 1 µg/m³ cut is worth a different number of deaths per person at 30 and 80 µg/m³
    increment_only = health.avoided_deaths(pop, [10.0, 1.0], [0.0, 0.0], params)["central"]
    assert not np.allclose(increment_only, avoided["central"])


def test_avoided_base_vs_base_is_zero(params):
    c = np.array([5.0, 40.0, 120.0])
    for model in ("gemm", "ier"):
        avoided = health.avoided_deaths([1e6] * 3, c, c, params, model=model)
        assert all(np.all(v == 0.0) for v in avoided.values())


def test_low_central_high_bracket(params):
    avoided = health.avoided_deaths([1e6, 3e6, 5e5], [90.0, 55.0, 20.0], [80.0, 50.0, 18.0], params)
    assert np.all(avoided["low"] <= avoided["central"]) and np.all(avoided["central"] <= avoided["high"])
    assert np.all(avoided["low"] < avoided["high"])
    # in this range θ·T(C) < 1 for NCD+LRI, so the bracket is exactly the θ − 2 SE / θ + 2 SE differences
    for bound in ("low", "high"):
        a = health.attributable_deaths([1e6, 3e6, 5e5], [90.0, 55.0, 20.0], params, bound=bound)
        b = health.attributable_deaths([1e6, 3e6, 5e5], [80.0, 50.0, 18.0], params, bound=bound)
        np.testing.assert_allclose(avoided[bound], a - b, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(pop=st.floats(0.0, 1e7), c_scen=st.floats(0.0, 300.0), cut=st.floats(0.0, 100.0),
       model=st.sampled_from(["gemm", "ier"]), cause=st.sampled_from([None, "five", "IHD", "LRI"]))
def test_less_pm_never_costs_lives(pop, c_scen, cut, model, cause):
    params = load_params()
    if model == "ier" and cause is None:
        cause = "five"
    avoided = health.avoided_deaths([pop], [c_scen + cut], [c_scen], params, model=model, cause=cause)
    assert avoided["low"][0] >= 0.0
    assert avoided["low"][0] <= avoided["central"][0] <= avoided["high"][0]


@settings(max_examples=40, deadline=None)
@given(c=st.lists(st.floats(0.0, 500.0), min_size=2, max_size=6))
def test_attributable_deaths_increase_with_concentration(c):
    c = np.sort(np.array(c))
    deaths = health.attributable_deaths(np.full(len(c), 1e6), c, load_params())
    assert np.all(np.diff(deaths) >= -1e-9)


# ---------------------------------------------------------------------------------------------------------
# errors and background


def test_bad_inputs_are_clear_errors(params):
    with pytest.raises(ValueError, match="population"):
        health.attributable_deaths([-1.0], [10.0], params)
    with pytest.raises(ValueError, match="missing or negative"):
        health.attributable_deaths([1e5, 1e5], [10.0, np.nan], params)
    with pytest.raises(ValueError, match="model"):
        health.attributable_deaths([1e5], [10.0], params, model="linear")
    with pytest.raises(ValueError, match="bound"):
        health.attributable_deaths([1e5], [10.0], params, bound="max")


def test_population_weighted_mean():
    # (1·10 + 3·30) / 4 = 25; NaN population counts as nobody
    assert health.population_weighted_mean([10.0, 30.0, 99.0], [1.0, 3.0, np.nan]) == 25.0
    assert math.isnan(health.population_weighted_mean([10.0], [0.0]))


def test_cancel_is_honoured(params):
    from uis_qgis.feedback import Cancelled, Feedback

    class Stop(Feedback):
        def is_cancelled(self):
            return True

    with pytest.raises(Cancelled):
        health.attributable_deaths([1e6], [50.0], params, feedback=Stop())


def test_presets_pick_the_curve(params):
    """'default' is GEMM NCD+LRI, 'paper' the IER five causes (Ramaswami et al. 2017); an unknown preset is a
    clear error."""
    paper = params.with_overrides({"health.preset": "paper"})
    assert health.preset_model(params) == "gemm" and health.preset_model(paper) == "ier"
    pop, base, scen = [1e6], [80.0], [70.0]
    assert health.avoided_deaths(pop, base, scen, paper)["central"] == pytest.approx(
        health.avoided_deaths(pop, base, scen, params, model="ier")["central"])
    assert health.avoided_deaths(pop, base, scen, params)["central"] == pytest.approx(
        health.avoided_deaths(pop, base, scen, params, model="gemm")["central"])
    with pytest.raises(ValueError, match="health.preset"):
        health.preset_model(params.with_overrides({"health.preset": "newest"}))
