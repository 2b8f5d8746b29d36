"""Material exchange at province scale (SPEC §4): reuse rates, 35 % / 25 % caps, slag heat."""
import numpy as np
import pandas as pd
import pytest

from uis_qgis import materials
from uis_qgis.params import load_params

PARAMS = load_params()


def plants():
    return pd.DataFrame({
        "province": ["A", "A", "A", "B", "B"],
        "sector": ["power", "steel", "cement", "power", "cement"],
        "fuel_tce": [714_300.0, 572_000.0, 163_000.0, 714_300.0, 16_300.0],
        "fuel_eff_tce": [714_300.0, 572_000.0, 163_000.0, 714_300.0, 16_300.0],
        "production_t": [np.nan, np.nan, np.nan, np.nan, 100_000.0],
    })


def test_by_hand():
    provinces = pd.DataFrame({"province": ["A", "B"], "fly_ash_reuse_rate": [0.5, np.nan]})
    t = materials.material_exchange(plants(), provinces, PARAMS).set_index("province")
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
    assert t.loc["A", "electricity_saved_mwh"] == pytest.approx(used_a * 90 / 1000)


def test_province_cement_field_wins_and_caps_hold():
    provinces = pd.DataFrame({"province": ["A", "C"], "cement_production_t": [10_000.0, 5e6]})
    t = materials.material_exchange(plants(), provinces, PARAMS).set_index("province")
    assert t.loc["A", "fly_ash_used_t"] == pytest.approx(3_500.0)
    assert t.loc["A", "slag_used_t"] == pytest.approx(2_500.0)
    assert t.loc["C", "clinker_displaced_t"] == 0.0  # no ash or slag in C
    assert (t["fly_ash_used_t"] <= 0.35 * t["cement_t"] + 1e-9).all()
    assert (t["slag_used_t"] <= 0.25 * t["cement_t"] + 1e-9).all()
