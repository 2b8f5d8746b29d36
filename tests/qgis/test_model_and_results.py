"""The shipped Modeler model and results as the dialog loads them: valid, labelled, styled, one group per run."""
from pathlib import Path

import pytest
from conftest import layer_uri
from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProject

REPO = Path(__file__).resolve().parents[2]
MODEL_FILE = REPO / "resources" / "models" / "uis_assessment_chain.model3"


@pytest.fixture()
def project():
    yield QgsProject.instance()
    QgsProject.instance().clear()


def _layers_by_name(project):
    return {layer.name(): layer for layer in project.mapLayers().values()}


def test_shipped_model_opens_valid_with_labelled_outputs_in_the_provider_group(provider):
    """Issue 13 #4: as the Modeler opens the file: no 'Model is Invalid', every output labelled."""
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(MODEL_FILE))
    ok, issues = model.validate()
    assert ok, issues
    assert {"SCENARIO", "MODE", "DISPERSION", "HEALTH"} <= {d.name() for d in model.parameterDefinitions()}
    outputs = model.destinationParameterDefinitions()
    assert len(outputs) == 8 and all(d.description() for d in outputs)
    registered = QgsApplication.processingRegistry().algorithmById("uisqgis:assessmentchain")
    full = QgsApplication.processingRegistry().algorithmById("uisqgis:fullassessment")
    assert (registered.groupId(), registered.group()) == (full.groupId(), full.group())


def test_shipped_model_loads_styled_results_in_one_group(provider, synthetic_gpkg, project):
    """The model run as the dialog does (runAndLoadResults): styled outputs, in one group named by scenario."""
    import processing

    model = QgsApplication.processingRegistry().algorithmById("uisqgis:assessmentchain")
    params = {"PLANTS": layer_uri(synthetic_gpkg, "plants"), "CITIES": layer_uri(synthetic_gpkg, "cities"),
              "SCENARIO": 1, "MODE": 0, "DISPERSION": True, "HEALTH": True}
    params.update({d.name(): "TEMPORARY_OUTPUT" for d in model.destinationParameterDefinitions()})
    processing.runAndLoadResults(model, params)
    layers = _layers_by_name(project)
    cities = next(layer for name, layer in layers.items() if name.startswith("Cities"))
    assert cities.renderer().type() == "graduatedSymbol"
    pm25 = next(layer for name, layer in layers.items() if name.startswith("PM2.5 base"))
    assert pm25.renderer().type() == "singlebandpseudocolor"
    groups = [g for g in project.layerTreeRoot().children() if hasattr(g, "findLayers")
              and g.findLayers() and "High" in g.name()]
    assert len(groups) == 1 and len(groups[0].findLayers()) >= 7, [g.name() for g in project.layerTreeRoot().children()]


def test_each_run_lands_in_its_own_group_named_by_scenario_and_mode(provider, synthetic_gpkg, project):
    """Issue 13 #5: FYP and High runs side by side, each in one group; a repeated run gets a second group."""
    import processing

    alg = provider.algorithm("fullassessment")
    runs = [(0, 0), (1, 1), (0, 0)]
    for scenario, mode in runs:
        params = {"PLANTS": layer_uri(synthetic_gpkg, "plants"), "CITIES": layer_uri(synthetic_gpkg, "cities"),
                  "SCENARIO": scenario, "MODE": mode, "DISPERSION": False}
        params.update({d.name(): "TEMPORARY_OUTPUT" for d in alg.destinationParameterDefinitions()
                       if not d.flags() & d.FlagOptional})
        processing.runAndLoadResults(alg.id(), params)
    root = project.layerTreeRoot()
    assert [g.name() for g in root.children()] == ["UIS-QGIS FYP (cascade) (2)", "UIS-QGIS High-Efficiency (optimal)",
                                                   "UIS-QGIS FYP (cascade)"]
    for group in root.children():
        assert sorted(node.name() for node in group.children()) == ["Cities (results)", "Heat links",
                                                                    "Plants (results)", "Summary"]


def test_every_run_writes_its_report_as_an_html_output(provider, synthetic_gpkg):
    """Issue 13 #6: no report path chosen → a temporary report; an HTML output is what the Results Viewer opens."""
    import processing
    from qgis.core import QgsProcessingOutputHtml

    alg = provider.algorithm("fullassessment")
    assert isinstance(alg.outputDefinition("OUTPUT_REPORT"), QgsProcessingOutputHtml)
    params = {"PLANTS": layer_uri(synthetic_gpkg, "plants"), "CITIES": layer_uri(synthetic_gpkg, "cities"),
              "DISPERSION": False}
    params.update({d.name(): "TEMPORARY_OUTPUT" for d in alg.destinationParameterDefinitions()
                   if not d.flags() & d.FlagOptional})
    out = processing.run(alg.id(), params)
    report = Path(out["OUTPUT_REPORT"])
    assert report.suffix == ".html" and "唐山" in report.read_text(encoding="utf-8")


def test_progress_never_goes_back_and_the_log_is_not_flooded(provider, tmp_path):
    """Issue 13 #10 on the sample region (≈150 stacks): progress rises monotonically, each step text once."""
    import processing
    from qgis.core import QgsProcessingFeedback

    sample = REPO / "resources" / "sample" / "sample.gpkg"
    feedback = QgsProcessingFeedback()
    values = []
    feedback.progressChanged.connect(values.append)
    alg = provider.algorithm("fullassessment")
    params = {"PLANTS": layer_uri(sample, "plants"), "CITIES": layer_uri(sample, "cities"), "HEALTH": False,
              "OUTPUT_FOLDER": str(tmp_path / "all")}
    params.update({d.name(): "TEMPORARY_OUTPUT" for d in alg.destinationParameterDefinitions()
                   if not d.flags() & d.FlagOptional})
    processing.run(alg.id(), params, feedback=feedback)
    assert values and all(b >= a for a, b in zip(values, values[1:])), "progress went backwards"
    assert max(values) == pytest.approx(100.0)
    lines = feedback.textLog().splitlines()
    assert max(lines.count(line) for line in set(lines) if line.strip()) == 1, "a progress text was repeated"
    assert len(lines) < 60


def test_report_is_chinese_when_qgis_runs_in_chinese(provider, synthetic_gpkg):
    """Issue 13 #7: QGIS in Simplified Chinese (locale zh-Hans) → the run's report has Chinese headings."""
    import processing
    from qgis.core import QgsSettings

    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "zh-Hans")
    try:
        alg = provider.algorithm("fullassessment")
        params = {"PLANTS": layer_uri(synthetic_gpkg, "plants"), "CITIES": layer_uri(synthetic_gpkg, "cities"),
                  "DISPERSION": False}
        params.update({d.name(): "TEMPORARY_OUTPUT" for d in alg.destinationParameterDefinitions()
                       if not d.flags() & d.FlagOptional})
        text = Path(processing.run(alg.id(), params)["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    finally:
        for key, value in saved.items():
            settings.remove(key) if value is None else settings.setValue(key, value)
    assert '<html lang="zh-CN">' in text and "<h2>汇总</h2>" in text and "<th>CO2 减排 (%)</th>" in text
