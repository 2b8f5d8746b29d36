"""Algorithms run by instance through QGIS's ``processing.run``, as Processing, the Modeler and batch do."""
import geopandas as gpd
import pytest
from conftest import layer_uri
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsRasterLayer, QgsVectorLayer
from shapely.geometry import Point

FENCE_LINE_M = 30000.0  # SPEC §3 default (uis_qgis/data/params), restated here as the value under test


def _alg(provider, name):
    return provider.algorithm(name).create()


def _plants_with_fuel(tmp_path, fuel_values, drop_fuel=False):
    path = tmp_path / "bad.gpkg"
    plants = gpd.GeoDataFrame(
        {"plant_id": ["P1", "P2"], "sector": ["steel", "food"], "fuel_tce": fuel_values},
        geometry=[Point(118.10, 39.60), Point(118.20, 39.60)], crs="EPSG:4326")
    if drop_fuel:
        plants = plants.drop(columns="fuel_tce")
    plants.to_file(path, layer="plants", driver="GPKG")
    return path


def _inputs(plants_gpkg, cities_gpkg):
    return {"PLANTS": layer_uri(plants_gpkg, "plants"), "CITIES": layer_uri(cities_gpkg, "cities")}


def _outputs(tmp_path):
    return {"OUTPUT_HEAT_LINKS": str(tmp_path / "out" / "links.gpkg"),
            "OUTPUT_PLANTS": str(tmp_path / "out" / "plants.gpkg"),
            "OUTPUT_CITIES": str(tmp_path / "out" / "cities.gpkg"),
            "OUTPUT_SUMMARY": str(tmp_path / "out" / "summary.csv"),
            "OUTPUT_FOLDER": str(tmp_path / "out" / "all"),
            "OUTPUT_PM25_BASE": str(tmp_path / "out" / "pm25_base.tif"),
            "OUTPUT_PM25_SCENARIO": str(tmp_path / "out" / "pm25_scenario.tif"),
            "OUTPUT_PM25_DIFFERENCE": str(tmp_path / "out" / "pm25_difference.tif"),
            "OUTPUT_REPORT": str(tmp_path / "out" / "report.html")}


def _files_under(path):
    return sorted(p.name for p in path.rglob("*")) if path.exists() else []


def test_check_inputs_reports_text_in_fuel_field(provider, synthetic_gpkg, tmp_path):
    import processing

    bad = _plants_with_fuel(tmp_path, ["1000", "a lot"])
    out = processing.run(_alg(provider, "checkinputs"),
                         dict(_inputs(bad, synthetic_gpkg), OUTPUT=str(tmp_path / "problems.csv")))
    assert out["N_ERRORS"] == 1
    rows = list(QgsVectorLayer(out["OUTPUT"], "problems", "ogr").getFeatures())
    assert [(r["severity"], r["layer"], r["field"], r["ids"]) for r in rows] == [
        ("error", "plants", "fuel_tce", "P2")]


def test_check_inputs_on_clean_layers_reports_nothing(provider, synthetic_gpkg, tmp_path):
    import processing

    out = processing.run(_alg(provider, "checkinputs"),
                         dict(_inputs(synthetic_gpkg, synthetic_gpkg), OUTPUT="TEMPORARY_OUTPUT"))
    assert out["N_ERRORS"] == 0
    assert out["OUTPUT"].featureCount() == out["N_WARNINGS"]


@pytest.mark.parametrize("fuel, drop, ids", [([1.0, 2.0], True, ""), (["12", "n/a"], False, "P2")])
def test_bad_fuel_field_stops_full_assessment_and_writes_nothing(provider, synthetic_gpkg, tmp_path,
                                                                  fuel, drop, ids):
    import processing

    bad = _plants_with_fuel(tmp_path, fuel, drop_fuel=drop)
    with pytest.raises(QgsProcessingException, match=r"layer 'plants', field 'fuel_tce'.*" + ids):
        processing.run(_alg(provider, "fullassessment"), dict(_inputs(bad, synthetic_gpkg), **_outputs(tmp_path)))
    assert _files_under(tmp_path / "out") == []


def test_full_assessment_writes_layers_within_fence_line(provider, synthetic_gpkg, tmp_path):
    import processing

    out = processing.run(_alg(provider, "fullassessment"),
                         dict(_inputs(synthetic_gpkg, synthetic_gpkg), **_outputs(tmp_path)))
    links = QgsVectorLayer(out["OUTPUT_HEAT_LINKS"], "links", "ogr")
    plants = QgsVectorLayer(out["OUTPUT_PLANTS"], "plants", "ogr")
    cities = QgsVectorLayer(out["OUTPUT_CITIES"], "cities", "ogr")
    assert links.isValid() and plants.isValid() and cities.isValid()
    assert plants.featureCount() == 3 and cities.featureCount() == 1
    assert {f["plant_id"] for f in plants.getFeatures()} == {"P1", "P2", "P3"}
    assert links.featureCount() >= 1  # the steel plant's heat reaches the food plant 8.5 km away
    for link in links.getFeatures():
        assert 0 <= link["dist_m"] <= FENCE_LINE_M
        assert link["heat_gj"] > 0
    assert (tmp_path / "out" / "all" / "results.gpkg").exists()
    rasters = {k: QgsRasterLayer(out[k], k) for k in ("OUTPUT_PM25_BASE", "OUTPUT_PM25_SCENARIO",
                                                      "OUTPUT_PM25_DIFFERENCE")}
    assert all(r.isValid() and r.crs() == plants.crs() for r in rasters.values())
    base = rasters["OUTPUT_PM25_BASE"].dataProvider().bandStatistics(1)
    assert base.maximumValue > 0  # the plants emit PM2.5, so the base grid is not empty
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<html" in report.lower() and "C1" in report  # the one city of the inputs


def test_same_results_from_geographic_and_utm_inputs(provider, synthetic_gpkg, tmp_path):
    import processing

    utm = tmp_path / "utm.gpkg"
    for layer in ("plants", "cities"):
        gpd.read_file(synthetic_gpkg, layer=layer).to_crs("EPSG:32650").to_file(utm, layer=layer, driver="GPKG")

    def heat_by_link(gpkg):
        out = processing.run(_alg(provider, "fullassessment"),
                             dict(_inputs(gpkg, gpkg), OUTPUT_HEAT_LINKS="TEMPORARY_OUTPUT",
                                  OUTPUT_PLANTS="TEMPORARY_OUTPUT", OUTPUT_CITIES="TEMPORARY_OUTPUT",
                                  OUTPUT_SUMMARY="TEMPORARY_OUTPUT"))
        return sorted((f["source_id"], f["sink_id"], f["grade"], round(f["heat_gj"], 3), round(f["dist_m"], 3))
                      for f in out["OUTPUT_HEAT_LINKS"].getFeatures())

    assert heat_by_link(synthetic_gpkg) == heat_by_link(utm)


def test_cancel_mid_run_stops_and_writes_nothing(provider, synthetic_gpkg, tmp_path):
    import processing

    feedback = QgsProcessingFeedback()
    seen = []

    def cancel_after_start(percent):
        seen.append(percent)
        if percent > 0:
            feedback.cancel()

    feedback.progressChanged.connect(cancel_after_start)
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing.run(_alg(provider, "fullassessment"),
                       dict(_inputs(synthetic_gpkg, synthetic_gpkg), **_outputs(tmp_path)), feedback=feedback)
    assert seen and max(seen) < 100
    assert _files_under(tmp_path / "out") == []


def test_shipped_model_runs_end_to_end(provider, synthetic_gpkg, tmp_path):
    import processing

    model = provider.algorithm("assessmentchain")
    outputs = {d.name(): "TEMPORARY_OUTPUT" for d in model.destinationParameterDefinitions()}
    out = processing.run("uisqgis:assessmentchain", dict(_inputs(synthetic_gpkg, synthetic_gpkg), **outputs))
    assert len(outputs) == 8  # the problems table, 4 layers and 3 PM2.5 grids
    assert out["assess:Plants (results)"].featureCount() == 3
    assert out["check:Input problems"].featureCount() == 0
