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


def test_health_reads_rasters_that_are_not_plain_files(provider, tmp_path):
    """Issue 15 #9: PM2.5 grids read through the adapter, so a raster layer whose source is not a file path
    (here a GeoPackage raster table, GPKG:path:table) gives the same deaths as the GeoTIFFs it was copied from."""
    import numpy as np
    import processing
    from osgeo import gdal
    from qgis.core import QgsRasterLayer
    from uisqgis.uis_qgis.io import read_inputs, write_results
    from uisqgis.uis_qgis.model import AssessmentOptions, run_assessment
    from uisqgis.uis_qgis.params import load_params

    res = run_assessment(read_inputs(SAMPLE), load_params(), AssessmentOptions(report=False))
    write_results(res, tmp_path / "run")
    layers = {}
    for name in ("pm25_base", "pm25_scenario"):
        gpkg = tmp_path / f"{name}.gpkg"
        gdal.Translate(str(gpkg), str(tmp_path / "run" / f"{name}.tif"), format="GPKG",
                       creationOptions=["TILE_FORMAT=TIFF", f"RASTER_TABLE={name}"], outputType=gdal.GDT_Float32)
        layers[name] = QgsRasterLayer(f"GPKG:{gpkg}:{name}", name, "gdal")
        assert layers[name].isValid() and not Path(layers[name].source()).exists()
    params = {"CITIES": layer_uri(SAMPLE, "cities"), "OUTPUT": "TEMPORARY_OUTPUT"}
    from_tif = processing.run("uisqgis:health", {**params, "PM25_BASE": str(tmp_path / "run" / "pm25_base.tif"),
                                                "PM25_SCENARIO": str(tmp_path / "run" / "pm25_scenario.tif")})
    from_gpkg = processing.run("uisqgis:health", {**params, "PM25_BASE": layers["pm25_base"],
                                                 "PM25_SCENARIO": layers["pm25_scenario"]})
    tif = {f["city_id"]: f["deaths_avoided_central"] for f in from_tif["OUTPUT"].getFeatures()}
    gpk = {f["city_id"]: f["deaths_avoided_central"] for f in from_gpkg["OUTPUT"].getFeatures()}
    assert set(tif) == set(gpk) and np.allclose([gpk[c] for c in tif], list(tif.values()), rtol=1e-6)
