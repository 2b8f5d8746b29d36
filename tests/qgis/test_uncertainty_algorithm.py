"""Uncertainty and sensitivity algorithm: the same draws and quantiles as the core API."""
from pathlib import Path

import pandas as pd
import pytest
from conftest import layer_uri

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.gpkg"


def test_uncertainty_algorithm_gives_the_core_quantiles(provider, tmp_path):
    import processing
    from uisqgis.uis_qgis import io, uncertainty
    from uisqgis.uis_qgis.params import load_params

    out = processing.run(provider.algorithm("uncertainty").create(), {
        "PLANTS": layer_uri(SAMPLE, "plants"), "CITIES": layer_uri(SAMPLE, "cities"), "DRAWS": 3, "SEED": 2,
        "DISPERSION": False, "WORKERS": 2, "OUTPUT": "TEMPORARY_OUTPUT",
        "OUTPUT_DRAWS": str(tmp_path / "draws.csv")})
    layers = {name: io.read_layer(SAMPLE, name) for name in ("plants", "cities")}
    core = uncertainty.run_uncertainty(layers, load_params(), 3, 2, dispersion=False, n_workers=1, processes=False)
    got = {f["city_id"]: f["co2_reduction_t_p50"] for f in out["OUTPUT"].getFeatures()}
    want = core.cities.set_index("city_id")["co2_reduction_t_p50"]
    assert set(got) == set(want.index)
    for city_id, value in want.items():
        assert got[city_id] == pytest.approx(value, rel=1e-9)
    draws = pd.read_csv(tmp_path / "draws.csv")
    assert len(draws) == 3
    assert draws["national_co2_reduction_t"].to_numpy() == pytest.approx(
        core.national["national_co2_reduction_t"].to_numpy(), rel=1e-9)
