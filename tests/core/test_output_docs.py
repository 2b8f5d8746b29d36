"""docs/outputs.md lists every output field of a full run with its unit, and is current."""
import pytest
from load_script import ROOT, load_script

docs = load_script("build_output_docs")


def test_outputs_doc_is_current():
    text = docs.render(docs.sample_results())
    assert (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8") == text, \
        "docs/outputs.md is stale: run scripts/build_output_docs.py"


def test_units_come_from_the_name_or_the_named_table():
    assert docs.unit_of("co2_base_t") == "t/yr"
    assert docs.unit_of("pm25_total_base_popw_ug_m3") == "µg/m³"
    assert docs.unit_of("deaths_avoided_pct_central") == "%"
    assert docs.unit_of("deaths_avoided_central") == "deaths/yr"
    assert docs.unit_of("value_deaths_avoided_million_cny_low") == "million CNY/yr"
    assert docs.unit_of("population") == "persons"
    with pytest.raises(KeyError, match="no unit"):
        docs.unit_of("mystery")
