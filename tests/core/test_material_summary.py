"""Issue 11 item 1: every run's summary reports the material-exchange CO2 under both accountings, and the
emissions ledger credits exactly the chosen one (spread over cement plants and grid regions)."""
import pytest

from uis_qgis import symbiosis
from uis_qgis.params import load_params

from symbiosis_fixtures import region


@pytest.mark.parametrize("accounting", ["paper", "lifecycle"])
def test_summary_has_both_methods_and_the_ledger_credits_the_chosen_one(accounting):
    params = load_params().with_overrides({"materials": {"accounting": accounting}})
    result = symbiosis.assess(region(seed=3, n_plants=16), params, "fyp")
    s = result.summary.set_index("quantity")["value"]
    assert s["material_co2_paper"] > 0 and s["material_co2_lifecycle"] > s["material_co2_paper"]
    assert s[f"material_co2_{accounting}"] == pytest.approx(s["co2_reduction_material"], rel=1e-9)
    assert s["material_co2_paper"] == pytest.approx(result.materials["co2_paper_t"].sum(), rel=1e-12)
