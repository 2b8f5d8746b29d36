"""Full assessment: every step of the method on the given layers, styled layers and a report out."""
from __future__ import annotations

import os
import tempfile

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsWkbTypes,
)

from ..base import UisAlgorithm, tr

SCENARIOS = (("fyp", "FYP-Efficiency plus symbiosis"), ("high", "High-Efficiency plus symbiosis"),
             ("base", "Base case plus symbiosis"))


def write_text_atomic(path: str, text: str) -> str:
    """Write ``text`` to ``path`` through a temporary file in the same folder (all or nothing)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".uisqgis-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


class FullAssessment(UisAlgorithm):
    NAME = "fullassessment"
    DISPLAY = "Full assessment"
    GROUP = "0 · Full assessment"
    GROUP_ID = "assessment"
    HELP = ("Runs the whole method on your layers — only plants and cities are needed, everything else has "
            "defaults: single-sector efficiency (scenario), waste heat by grade, the energy cascade A–E within "
            "the fence line (30 km), material exchange, CO2 and PM2.5 by city. Outputs heat links (source → "
            "sink), plant and city results, a summary table, optionally all results in a folder and an HTML "
            "report. Inputs may be in any CRS; distances are computed in metres in a projected CRS chosen for "
            "the study area. Bad input stops the run with a message naming layer, field and ids, before "
            "anything is written.")
    SCENARIO = "SCENARIO"
    OUTPUT_HEAT_LINKS = "OUTPUT_HEAT_LINKS"
    OUTPUT_PLANTS = "OUTPUT_PLANTS"
    OUTPUT_CITIES = "OUTPUT_CITIES"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT_REPORT = "OUTPUT_REPORT"

    # output parameter → (results layer or table, geometry when empty, style, layer name in QGIS)
    SINKS = {
        OUTPUT_HEAT_LINKS: ("heat_links", QgsWkbTypes.LineString, "heat_links.qml", "Heat links"),
        OUTPUT_PLANTS: ("plant_results", QgsWkbTypes.Point, "plants_results.qml", "Plants (results)"),
        OUTPUT_CITIES: ("city_results", QgsWkbTypes.MultiPolygon, "cities_co2_reduction.qml", "Cities (results)"),
        OUTPUT_SUMMARY: ("summary", QgsWkbTypes.NoGeometry, None, "Summary"),
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input_layers()
        self.add_parameter(QgsProcessingParameterEnum(
            self.SCENARIO, tr("Scenario"), options=[tr(label) for _code, label in SCENARIOS], defaultValue=0),
            "Single-sector efficiency applied before symbiosis (SPEC §2): FYP = China's 2010–2015 Five-Year "
            "Plan targets, High = international best practice, Base = inputs as given. Results are reported "
            "against the Base case.")
        self.add_params_file()
        sinks = (
            (self.OUTPUT_HEAT_LINKS, "Heat links", QgsProcessing.TypeVectorLine,
             "Lines from each heat source to the sink it serves: source_id, sink_id, sink_type, grade, step "
             "(A–E), heat_gj, dist_m (never beyond the fence line), fuel_saved_tce."),
            (self.OUTPUT_PLANTS, "Plants (results)", QgsProcessing.TypeVectorPoint,
             "Per plant: fuel base/scenario, waste heat available and used by grade, ORC power, CO2 and "
             "PM2.5 base/scenario."),
            (self.OUTPUT_CITIES, "Cities (results)", QgsProcessing.TypeVectorPolygon,
             "Per city: CO2 base/scenario, % reduction and its split by strategy, PM2.5 emissions."),
            (self.OUTPUT_SUMMARY, "Summary", QgsProcessing.TypeVector,
             "One row per summary quantity of the run, with its unit."),
        )
        for name, description, kind, help_text in sinks:
            self.add_parameter(QgsProcessingParameterFeatureSink(name, tr(description), type=kind), help_text)
        self.add_parameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, tr("All results (folder)"), optional=True, createByDefault=False),
            "Optional folder receiving every result: results.gpkg (all layers), CSV tables, rasters, the "
            "report and parameters_used.csv. Written atomically: all files or none.")
        self.add_parameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Report (HTML)"), fileFilter="HTML files (*.html)", optional=True,
            createByDefault=False),
            "Optional HTML report with the summary tables, the paper's figures for your region, the "
            "parameters used and the data attributions.")

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import io, model

        params = self.load_params(parameters, context)
        layers = self.read_input_layers(parameters, context, feedback)
        scenario = SCENARIOS[self.parameterAsEnum(parameters, self.SCENARIO, context)][0]
        results = model.run_assessment(layers, params, scenario=scenario, feedback=core_fb)
        core_fb.check()
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if report and not results.report_html:
            raise QgsProcessingException(tr("This version of the model produces no HTML report yet; leave "
                                            "'Report (HTML)' empty."))
        outputs = {}
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        if folder:
            io.write_results(results, folder, feedback=core_fb)
            outputs[self.OUTPUT_FOLDER] = folder
        if report:
            outputs[self.OUTPUT_REPORT] = write_text_atomic(report, results.report_html)
        for name, (key, default_wkb, qml, display) in self.SINKS.items():
            frame = results.layers.get(key, results.tables.get(key))
            if frame is None:
                raise QgsProcessingException(tr("The model produced no '{}' result.").format(key))
            outputs[name] = self.write_sink(parameters, context, name, frame, default_wkb, feedback)
            if qml:
                self.style_output(outputs[name], context, qml, tr(display))
        return outputs
