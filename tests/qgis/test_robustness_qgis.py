"""Messy real data through QGIS (issue 7): the broken-input battery of ``tests/core/test_robustness.py`` run by
``processing.run`` on the plugin's *Full assessment* and *Check inputs* algorithms.

Full assessment must raise ``QgsProcessingException`` naming layer, field and ids, write nothing into the output
folder and leave the input GeoPackage byte-identical; Check inputs must not fail but list the problem in its
report table. A GeoPackage layer name typo is caught by Processing itself (the source cannot be loaded).
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import layer_uri
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_robustness import BROKEN, assert_names, broken_gpkg, good_layers, sha256, write_gpkg  # noqa: E402

LAYERS = {"plants": "PLANTS", "cities": "CITIES", "district_heating": "DISTRICT_HEATING",
          "urban_cores": "URBAN_CORES", "provinces": "PROVINCES"}
CANCEL_WITHIN_S = 2.0
BY_CHECK = [c if c.qgis_says is None else replace(c, says=c.qgis_says)
            for c in BROKEN if c.rename is None and c.qgis_stops is None]  # a misspelt layer cannot be loaded
BY_QGIS = [c for c in BROKEN if c.qgis_stops]  # Processing refuses the source itself (invalid geometry)


def _inputs(gpkg: Path) -> dict:
    return {param: layer_uri(gpkg, layer) for layer, param in LAYERS.items()}


def _outputs(folder: Path) -> dict:
    return {"OUTPUT_HEAT_LINKS": str(folder / "links.gpkg"), "OUTPUT_PLANTS": str(folder / "plants.gpkg"),
            "OUTPUT_CITIES": str(folder / "cities.gpkg"), "OUTPUT_SUMMARY": str(folder / "summary.csv"),
            "OUTPUT_FOLDER": str(folder / "all"), "DISPERSION": False, "HEALTH": False}


def _alg(provider, name):
    return provider.algorithm(name).create()


def _written(folder: Path) -> list:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("case", BY_CHECK, ids=[c.name for c in BY_CHECK])
def test_full_assessment_stops_on_broken_input_and_writes_nothing(provider, tmp_path, case):
    import processing

    gpkg = broken_gpkg(tmp_path, case)
    before = sha256(gpkg)
    with pytest.raises(QgsProcessingException) as err:
        processing.run(_alg(provider, "fullassessment"), dict(_inputs(gpkg), **_outputs(tmp_path / "out")))
    assert_names(str(err.value), case)
    assert _written(tmp_path / "out") == []
    assert sha256(gpkg) == before


@pytest.mark.parametrize("case", BY_CHECK, ids=[c.name for c in BY_CHECK])
def test_check_inputs_lists_the_problem_in_its_table(provider, tmp_path, case):
    import processing

    gpkg = broken_gpkg(tmp_path, case)
    out = processing.run(_alg(provider, "checkinputs"), dict(_inputs(gpkg), OUTPUT=str(tmp_path / "problems.csv")))
    assert out["N_ERRORS"] >= 1
    rows = [r for r in QgsVectorLayer(out["OUTPUT"], "problems", "ogr").getFeatures() if r["severity"] == "error"]
    match = [r for r in rows if r["layer"] == case.layer and r["field"] == case.field and case.says in r["message"]]
    assert match, [(r["layer"], r["field"], r["message"]) for r in rows]
    assert all(str(i) in match[0]["ids"] for i in case.ids)


@pytest.mark.parametrize("case", BY_QGIS, ids=[c.name for c in BY_QGIS])
def test_source_refused_by_processing_is_a_clear_error_and_writes_nothing(provider, tmp_path, case):
    import processing

    gpkg = broken_gpkg(tmp_path, case)
    before = sha256(gpkg)
    with pytest.raises(QgsProcessingException, match=case.qgis_stops):
        processing.run(_alg(provider, "fullassessment"), dict(_inputs(gpkg), **_outputs(tmp_path / "out")))
    assert _written(tmp_path / "out") == []
    assert sha256(gpkg) == before


def test_layer_name_typo_is_a_clear_processing_error(provider, tmp_path):
    import processing

    (case,) = [c for c in BROKEN if c.rename]
    gpkg = broken_gpkg(tmp_path, case)
    with pytest.raises(QgsProcessingException, match="PLANTS|Plants"):
        processing.run(_alg(provider, "fullassessment"), dict(_inputs(gpkg), **_outputs(tmp_path / "out")))
    assert _written(tmp_path / "out") == []


def test_mixed_crs_layers_give_the_same_links_as_one_crs(provider, tmp_path):
    import processing

    layers = good_layers()
    mixed = dict(layers, cities=layers["cities"].to_crs("EPSG:3857"), plants=layers["plants"].to_crs("EPSG:32650"),
                 district_heating=layers["district_heating"].to_crs("EPSG:4490"))

    def links(name, data):
        gpkg = write_gpkg(tmp_path / f"{name}.gpkg", data)
        out = processing.run(_alg(provider, "fullassessment"), dict(_inputs(gpkg), **_outputs(tmp_path / name)))
        return sorted((f["source_id"], f["sink_id"], f["step"], round(f["heat_gj"], 2), round(f["dist_m"], 2))
                      for f in QgsVectorLayer(out["OUTPUT_HEAT_LINKS"], "links", "ogr").getFeatures())

    one = links("one", layers)
    assert one and one == links("mixed", mixed)


@pytest.mark.parametrize("percent", [5, 30, 60])
def test_cancel_through_qgs_feedback_stops_quickly(provider, tmp_path, percent):
    import processing

    gpkg = write_gpkg(tmp_path / "inputs.gpkg", good_layers())
    feedback = QgsProcessingFeedback()
    asked = []

    def cancel_at(value):
        if value >= percent and not asked:
            asked.append(time.perf_counter())
            feedback.cancel()

    feedback.progressChanged.connect(cancel_at)
    params = {**_inputs(gpkg), **_outputs(tmp_path / "out"), "DISPERSION": True, "HEALTH": True}
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing.run(_alg(provider, "fullassessment"), params, feedback=feedback)
    stop_s = time.perf_counter() - asked[0]
    print(f"QGIS cancel at {percent} %: stopped {stop_s:.3f} s later")
    assert stop_s < CANCEL_WITHIN_S
    assert _written(tmp_path / "out") == []


# ============================================================================ issue 14: any region, any file
def test_empty_optional_layer_runs_as_none(provider, tmp_path):
    import processing

    layers = good_layers()
    gpkg = write_gpkg(tmp_path / "inputs.gpkg", dict(layers, district_heating=layers["district_heating"].iloc[0:0]))
    out = processing.run(_alg(provider, "fullassessment"), dict(_inputs(gpkg), **_outputs(tmp_path / "out")))
    sinks = {f["sink_type"] for f in QgsVectorLayer(out["OUTPUT_HEAT_LINKS"], "links", "ogr").getFeatures()}
    assert sinks and "des" not in sinks


@pytest.mark.parametrize("what", ["folder_is_a_file", "report_is_a_folder"])
def test_unusable_output_location_stops_before_reading(provider, tmp_path, what):
    """The plants are broken too: the output message comes first, so nothing was read or computed."""
    import processing

    (case,) = [c for c in BROKEN if c.name == "nan"]
    gpkg = broken_gpkg(tmp_path, case)
    params = dict(_inputs(gpkg), **_outputs(tmp_path / "out"))
    if what == "folder_is_a_file":
        (tmp_path / "afile").write_text("x")
        params["OUTPUT_FOLDER"], says = str(tmp_path / "afile"), "All results (folder): "
    else:
        (tmp_path / "adir").mkdir()
        params["OUTPUT_REPORT"], says = str(tmp_path / "adir"), "Report (HTML): "
    with pytest.raises(QgsProcessingException) as err:
        processing.run(_alg(provider, "fullassessment"), params)
    assert says in str(err.value) and "fuel_tce" not in str(err.value), str(err.value)
    assert _written(tmp_path / "out") == []


@pytest.mark.parametrize("damage", ["zero_bytes", "truncated_to_half", "text_file"])
def test_unreadable_file_is_refused_by_processing_and_nothing_written(provider, tmp_path, damage):
    """QGIS opens the files itself: Processing refuses the source with its own message naming the parameter."""
    import processing
    from test_robustness import UNREADABLE

    make, _says = UNREADABLE[damage]
    bad = tmp_path / "inputs.gpkg"
    bad.write_bytes(make(write_gpkg(tmp_path / "good.gpkg", good_layers()).read_bytes()))
    before = sha256(bad)
    with pytest.raises(QgsProcessingException, match=f"Could not load source layer for PLANTS: {bad}"):
        processing.run(_alg(provider, "fullassessment"), dict(_inputs(bad), **_outputs(tmp_path / "out")))
    assert _written(tmp_path / "out") == []
    assert sha256(bad) == before
