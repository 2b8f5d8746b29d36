"""Full assessment: every step of the method on the given layers, styled layers and a report out."""
from __future__ import annotations

from qgis.core import (
    QgsApplication,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from ..base import ResultsGroup, UisAlgorithm, tr

CITY_STYLES = (("cities_co2_reduction.qml", "% CO2 reduction"), ("cities_cobenefit.qml", "Co-benefit quadrant"))


def report_language() -> str:
    """"zh" when QGIS runs in Simplified Chinese (the report is then in Chinese), else "en"."""
    locale = QgsApplication.locale().replace("-", "_").lower()
    return "zh" if locale in ("zh", "zh_hans", "zh_cn", "zh_sg") else "en"


class FullAssessment(UisAlgorithm):
    NAME = "fullassessment"
    DISPLAY = "Full assessment"
    GROUP = "0 · Full assessment"
    GROUP_ID = "assessment"
    STEPS = 3  # the model run, the results folder, the layers
    HELP = ("Runs the whole method on your layers — only plants and cities are needed, everything else has "
            "defaults: single-sector efficiency (scenario), waste heat by grade, the energy cascade A–E within "
            "the fence line (30 km), material exchange, CO2 and PM2.5 by city. Outputs heat links (source → "
            "sink), plant and city results, a summary table, optionally all results in a folder and an HTML "
            "report. Inputs may be in any CRS; distances are computed in metres in a projected CRS chosen for "
            "the study area. Bad input stops the run with a message naming layer, field and ids, before "
            "anything is written.")
    DISPERSION = "DISPERSION"
    HEALTH = "HEALTH"
    CITY_STYLE = "CITY_STYLE"
    OUTPUT_HEAT_LINKS = "OUTPUT_HEAT_LINKS"
    OUTPUT_PLANTS = "OUTPUT_PLANTS"
    OUTPUT_CITIES = "OUTPUT_CITIES"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_PM25_BASE = "OUTPUT_PM25_BASE"
    OUTPUT_PM25_SCENARIO = "OUTPUT_PM25_SCENARIO"
    OUTPUT_PM25_DIFFERENCE = "OUTPUT_PM25_DIFFERENCE"

    # output parameter → (results layer or table, geometry when empty, style, layer name in QGIS)
    SINKS = {
        OUTPUT_HEAT_LINKS: ("heat_links", QgsWkbTypes.LineString, "heat_links.qml", "Heat links"),
        OUTPUT_PLANTS: ("plant_results", QgsWkbTypes.Point, "plants_results.qml", "Plants (results)"),
        OUTPUT_CITIES: ("city_results", QgsWkbTypes.MultiPolygon, None, "Cities (results)"),
        OUTPUT_SUMMARY: ("summary", QgsWkbTypes.NoGeometry, None, "Summary"),
    }
    # output parameter → (results raster, style, layer name in QGIS)
    RASTERS = {
        OUTPUT_PM25_BASE: ("pm25_base", "pm25.qml", "PM2.5 base (µg/m³)"),
        OUTPUT_PM25_SCENARIO: ("pm25_scenario", "pm25.qml", "PM2.5 scenario (µg/m³)"),
        OUTPUT_PM25_DIFFERENCE: ("pm25_difference", "pm25_difference.qml", "PM2.5 scenario − base (µg/m³)"),
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input_layers()
        self.add_scenario_and_mode(
            "Single-sector efficiency applied before symbiosis (docs/method.md): FYP = China's 2010–2015 Five-Year "
            "Plan targets, High = international best practice, Base = inputs as given. Results are reported "
            "against the Base case.",
            "Cascade: steps A–E in the paper's order, each as a min-cost max-flow over fence-line pairs. "
            "Optimal: one linear programme maximising CO2 avoided over all steps (the gap is in the summary).")
        self.add_parameter(QgsProcessingParameterBoolean(self.DISPERSION, tr("Model PM2.5 dispersion"),
                                                         defaultValue=True),
                           "Annual-mean primary PM2.5 grids for Base and Scenario (sector-averaged Gaussian plume, "
                           "1 km cells by default; docs/method.md). Needed for health.")
        self.add_parameter(QgsProcessingParameterBoolean(self.HEALTH, tr("Estimate avoided deaths"),
                                                         defaultValue=True),
                           "Deaths attributable to PM2.5 and avoided by the scenario per city (GEMM by default, "
                           "low/central/high; docs/method.md). Runs only with dispersion.")
        self.add_parameter(QgsProcessingParameterEnum(
            self.CITY_STYLE, tr("Style cities by"), options=[tr(label) for _qml, label in CITY_STYLES],
            defaultValue=0),
            "How the city results are drawn when loaded: % CO2 reduction (green classes) or the co-benefit "
            "quadrant of % CO2 reduction vs % deaths avoided (Fig. 4a of the paper).", advanced=True)
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
        for name, (_key, _qml, display) in self.RASTERS.items():
            self.add_parameter(QgsProcessingParameterRasterDestination(name, tr(display), optional=True),
                               "GeoTIFF of annual-mean primary PM2.5 (µg/m³) modelled from the inventory on the "
                               "study grid; written only when dispersion runs.")
        self.add_parameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, tr("All results (folder)"), optional=True, createByDefault=False),
            "Optional folder receiving every result: results.gpkg (all layers), CSV tables, rasters, the "
            "report and parameters_used.csv. Written atomically: all files or none.")
        self.add_parameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Report (HTML)"), fileFilter="HTML files (*.html)", optional=True,
            createByDefault=False),
            "HTML report with the summary tables, the paper's figures for your region, the parameters used "
            "and the data attributions; opened in the Processing Results Viewer. Written to a temporary file "
            "when no path is chosen.")

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import io, model
        from ...uis_qgis.feedback import StepFeedback
        from ...uis_qgis.report import build_report
        from ..adapter import write_gpkg_layer

        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        if folder:  # an unusable output location is reported before anything is read or computed
            io.check_output_location(folder, tr("All results (folder)"))
        if report:
            io.check_output_file(report, tr("Report (HTML)"))
        params = self.load_params(parameters, context)
        layers = self.read_input_layers(parameters, context, feedback)
        (scenario, _label, scenario_name), (mode, _label, mode_name) = self.scenario_and_mode(parameters, context)
        group = ResultsGroup(tr("UIS-QGIS {} ({})").format(tr(scenario_name), tr(mode_name)))
        dispersion = self.parameterAsBool(parameters, self.DISPERSION, context)
        health = dispersion and self.parameterAsBool(parameters, self.HEALTH, context)
        options = model.AssessmentOptions(scenario=scenario, mode=mode, dispersion=dispersion, health=health,
                                          report=False)
        results = model.run_assessment(layers, params, options, feedback=StepFeedback(core_fb, 0.0, 0.9))
        core_fb.progress(0.9, tr("report"))
        results.report_html = build_report(results, feedback=core_fb, language=report_language())
        core_fb.check()
        outputs = {}
        if folder:
            core_fb.step(1, tr("writing the results folder"))
            io.write_results(results, folder, feedback=core_fb, write_layer=write_gpkg_layer)
            outputs[self.OUTPUT_FOLDER] = folder
        # every run has its report (a temporary file unless a path was chosen); an HTML file output is what
        # Processing opens in its Results Viewer
        report = report or QgsProcessingUtils.generateTempFilename("uis_qgis_report.html")
        outputs[self.OUTPUT_REPORT] = str(io.write_text(report, results.report_html))
        core_fb.step(2, tr("writing layers"))
        for i, (name, (key, default_wkb, qml, display)) in enumerate(self.SINKS.items()):
            frame = results.layers.get(key, results.tables.get(key))
            if frame is None:
                raise QgsProcessingException(tr("The model produced no '{}' result.").format(key))
            outputs[name] = self.write_sink(parameters, context, name, frame, default_wkb, feedback)
            if name == self.OUTPUT_CITIES:
                qml = CITY_STYLES[self.parameterAsEnum(parameters, self.CITY_STYLE, context)][0]
            self.style_output(outputs[name], context, qml, tr(display), group)
            core_fb.progress((i + 1) / (len(self.SINKS) + 1))
        outputs.update(self.write_rasters(parameters, context, results, group))
        core_fb.progress(1.0)
        return outputs

    def write_rasters(self, parameters, context, results, group) -> dict:
        """Write the PM2.5 grids the run produced to their raster destinations (styled on load)."""
        from ...uis_qgis.io import write_geotiff

        written = {}
        for name, (key, qml, display) in self.RASTERS.items():
            raster = results.rasters.get(key)
            path = self.parameterAsOutputLayer(parameters, name, context)
            if raster is None or not path:
                continue
            write_geotiff(path, raster.array, raster.grid, raster.nodata)
            written[name] = path
            self.style_output(path, context, qml, tr(display), group)
        return written
