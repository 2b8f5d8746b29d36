"""Material exchange at province scale (SPEC §4): reuse rates, separate 35 % / 25 % caps, one joint cap net of
today's clinker ratio, one cement base, slag heat, and the two named accountings."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uis_qgis import emissions, materials
from uis_qgis.params import ParameterError, load_params

PARAMS = load_params()
LIFECYCLE = PARAMS.with_overrides({"materials": {"accounting": "lifecycle"}})


def plants():
    return pd.DataFrame({
        "province": ["A", "A", "A", "B", "B"],
        "sector": ["power", "steel", "cement", "power", "cement"],
        "fuel_tce": [714_300.0, 572_000.0, 163_000.0, 714_300.0, 16_300.0],
        "fuel_eff_tce": [714_300.0, 572_000.0, 163_000.0, 714_300.0, 16_300.0],
        "production_t": [np.nan, np.nan, np.nan, np.nan, 100_000.0],
    })


def test_separate_caps_and_lifecycle_credit_by_hand():
    params = LIFECYCLE.with_overrides({"materials": {"clinker_floor": 0.0}})  # joint cap 0.584 × cement: slack
    provinces = pd.DataFrame({"province": ["A", "B"], "fly_ash_reuse_rate": [0.5, np.nan]})
    t = materials.material_exchange(plants(), provinces, params).set_index("province")
    # A: 714,300 tce = 1.0 Mt coal → 270,000 t fly ash; 50 % reused → 135,000 available.
    #    cement = 163,000 tce / 0.163 = 1.0 Mt; fly-ash cap 35 % = 350,000 → 135,000 used.
    #    steel = 572,000 / 0.572 = 1.0 Mt → 300,000 t slag, cap 25 % = 250,000 used.
    assert t.loc["A", "fly_ash_avail_t"] == pytest.approx(135_000.0)
    assert t.loc["A", "fly_ash_used_t"] == pytest.approx(135_000.0)
    assert t.loc["A", "slag_used_t"] == pytest.approx(250_000.0)
    # B: 270,000 t ash, default reuse 68 % → 86,400; cement 100,000 t → cap 35,000.
    assert t.loc["B", "fly_ash_avail_t"] == pytest.approx(270_000 * 0.32)
    assert t.loc["B", "fly_ash_used_t"] == pytest.approx(35_000.0)
    used_a = 135_000 + 250_000
    assert t.loc["A", "process_co2_avoided_t"] == pytest.approx(used_a * 0.525)
    assert t.loc["A", "fuel_saved_tce"] == pytest.approx(used_a * 0.115)
    assert t.loc["A", "slag_heat_mwh"] == pytest.approx(250_000 * 115 / 1000)
    assert t.loc["A", "electricity_saved_mwh"] == pytest.approx(used_a * 68 / 1000)  # clinker stage only
    # lifecycle total: 0.115 tce/t ÷ 0.7143 × 2.2 + 0.525 + 68 kWh × 0.99 kg/kWh per tonne, + slag heat
    per_t = 0.115 / 0.7143 * 2.2 + 0.525 + 0.068 * 0.99
    assert t.loc["A", "co2_lifecycle_t"] == pytest.approx(used_a * per_t + 250_000 * 0.115 * 0.99, rel=1e-6)


def test_joint_cap_binds_by_hand():
    t = materials.material_exchange(plants(), None, PARAMS).set_index("province")
    # A: cement 1.0 Mt, clinker 0.584 today, floor 0.50 → at most 84,000 t of substitutes.
    #    Separately capped: ash 270,000 × 0.32 = 86,400, slag 250,000 → both × 84,000 / 336,400.
    scale = 84_000 / (86_400 + 250_000)
    assert t.loc["A", "substitute_cap_t"] == pytest.approx(84_000.0)
    assert t.loc["A", "fly_ash_used_t"] == pytest.approx(86_400 * scale)
    assert t.loc["A", "slag_used_t"] == pytest.approx(250_000 * scale)
    assert t.loc["A", "clinker_ratio_after"] == pytest.approx(0.50)
    # B: cement 100,000 t → joint cap 8,400 t binds before the 35 % fly-ash cap (35,000).
    assert t.loc["B", "fly_ash_used_t"] == pytest.approx(8_400.0)


def test_cement_base_is_the_plants_where_there_are_plants():
    provinces = pd.DataFrame({"province": ["A", "C"], "cement_production_t": [10_000.0, 5e6]})
    t = materials.material_exchange(plants(), provinces, PARAMS).set_index("province")
    assert t.loc["A", "cement_t"] == pytest.approx(1e6)  # the plants' production, not the 10,000 t field
    assert t.loc["A", "cement_base"] == "plants"
    assert t.loc["C", "cement_t"] == pytest.approx(5e6)  # no cement plant: the province's figure
    assert t.loc["C", "cement_base"] == "province"
    assert t.loc["C", "clinker_displaced_t"] == 0.0  # no ash or slag in C


def test_both_accountings_reported_and_the_chosen_one_credited():
    paper = materials.material_exchange(plants(), None, PARAMS).set_index("province")
    life = materials.material_exchange(plants(), None, LIFECYCLE).set_index("province")
    pd.testing.assert_series_equal(paper["co2_paper_t"], life["co2_paper_t"])
    pd.testing.assert_series_equal(paper["co2_lifecycle_t"], life["co2_lifecycle_t"])
    for table, name in ((paper, "paper"), (life, "lifecycle")):
        direct = emissions.co2_t_from_tce(table["fuel_saved_tce"], PARAMS) + table["process_co2_avoided_t"]
        grid = emissions.co2_t_from_electricity(table["electricity_saved_mwh"] + table["slag_heat_mwh"], PARAMS)
        np.testing.assert_allclose(direct + grid, table[f"co2_{name}_t"], rtol=1e-12)
    a = paper.loc["A"]
    assert a["electricity_saved_mwh"] == 0.0 and a["process_co2_avoided_t"] == 0.0
    assert a["co2_paper_t"] == pytest.approx(a["fly_ash_used_t"] * 0.1704 + a["slag_used_t"] * 0.1177
                                             + a["slag_heat_mwh"] * 0.99)


def test_unknown_accounting_is_a_parameter_error():
    with pytest.raises(ParameterError, match="materials.accounting"):
        materials.material_exchange(plants(), None, PARAMS.with_overrides({"materials": {"accounting": "x"}}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 5e7), st.floats(0, 5e7), st.one_of(st.just(0.0), st.floats(1.0, 5e7)),
                          st.floats(0, 1)),
                min_size=1, max_size=8),
       st.floats(0.3, 0.8), st.floats(0.2, 0.9))
def test_caps_hold_for_random_provinces(rows, clinker_ratio, floor):
    params = PARAMS.with_overrides({"materials": {"clinker_ratio": clinker_ratio, "clinker_floor": floor}})
    names = [f"P{i}" for i in range(len(rows))]
    plants_ = pd.DataFrame({
        "province": np.repeat(names, 3), "sector": ["power", "steel", "cement"] * len(rows),
        "fuel_tce": 1.0, "fuel_eff_tce": 1.0,
        "fly_ash_t": np.ravel([[ash, np.nan, np.nan] for ash, _, _, _ in rows]),
        "slag_t": np.ravel([[np.nan, slag, np.nan] for _, slag, _, _ in rows]),
        "production_t": np.ravel([[np.nan, np.nan, cem] for _, _, cem, _ in rows]),
    })
    provinces = pd.DataFrame({"province": names, "fly_ash_reuse_rate": [r for *_, r in rows]})
    t = materials.material_exchange(plants_.sample(frac=1.0, random_state=1), provinces, params)
    t = t.set_index("province").loc[names]
    cement = t["cement_t"].to_numpy()
    used = (t["fly_ash_used_t"] + t["slag_used_t"]).to_numpy()
    tol = 1e-9 * np.maximum(cement, 1.0)
    assert (used <= max(clinker_ratio - floor, 0.0) * cement + tol).all()
    assert (t["fly_ash_used_t"].to_numpy() <= 0.35 * cement + tol).all()
    assert (t["slag_used_t"].to_numpy() <= 0.25 * cement + tol).all()
    assert (t["fly_ash_used_t"] <= t["fly_ash_avail_t"] + 1e-6).all()
    assert (t["slag_used_t"] <= t["slag_avail_t"] + 1e-6).all()
    has_cement = cement > 0
    residual = (clinker_ratio * cement[has_cement] - used[has_cement]) / cement[has_cement]
    assert (residual >= min(floor, clinker_ratio) - 1e-9).all()
    np.testing.assert_allclose(t["clinker_ratio_after"].to_numpy()[has_cement], residual, atol=1e-9)
