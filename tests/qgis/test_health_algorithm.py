"""Health co-benefits algorithm: deaths per city from PM2.5 rasters, as in the full assessment."""
from pathlib import Path

import pytest
from conftest import layer_uri

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.gpkg"


def test_health_from_rasters_matches_the_core_full_run(provider, tmp_path):
    import processing
    from uisqgis.uis_qgis.io import read_inputs, write_results
    from uisqgis.uis_qgis.model import AssessmentOptions, run_assessment
    from uisqgis.uis_qgis.params import load_params

    res = run_assessment(read_inputs(SAMPLE), load_params(), AssessmentOptions(report=False))
    write_results(res, tmp_path / "run")
    out = processing.run(provider.algorithm("health").create(), {
        "CITIES": layer_uri(SAMPLE, "cities"), "PM25_BASE": str(tmp_path / "run" / "pm25_base.tif"),
        "PM25_SCENARIO": str(tmp_path / "run" / "pm25_scenario.tif"), "OUTPUT": "TEMPORARY_OUTPUT"})
    got = {f["city_id"]: f for f in out["OUTPUT"].getFeatures()}
    want = res.layers["city_results"].set_index("city_id")
    assert set(got) == set(want.index)
    for city_id, row in want.iterrows():
        assert got[city_id]["deaths_avoided_central"] == pytest.approx(row["deaths_avoided_central"], rel=1e-4)
        assert got[city_id]["deaths_avoided_low"] <= got[city_id]["deaths_avoided_central"] <= \
            got[city_id]["deaths_avoided_high"]
