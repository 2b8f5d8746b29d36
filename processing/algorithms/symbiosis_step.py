"""Energy cascade and material exchange: the symbiosis step alone, with its intermediate layers."""
from __future__ import annotations

from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSink, QgsWkbTypes

from ..base import UisAlgorithm, tr


class Symbiosis(UisAlgorithm):
    NAME = "symbiosis"
    DISPLAY = "Energy cascade and material exchange"
    GROUP = "2 · Energy cascade"
    GROUP_ID = "cascade"
    HELP = ("Single-sector efficiency (scenario), waste heat by grade, source–sink pairs within the fence line "
            "computed in metres, the cascade A–E (high → ORC; medium → sink industries, then district heating, "
            "then ORC; low → new 4th-generation district heating; the rest unutilised), fly ash and slag to "
            "cement by province, and CO2 / PM2.5 accounting. Besides heat links it outputs the heat sinks and "
            "the PM2.5 area and point sources, which the 'PM2.5 dispersion' algorithm takes as inputs.")
    # output parameter → (results layer or table, geometry when empty, description, help)
    OUTPUTS = {
        "OUTPUT_HEAT_LINKS": ("heat_links", QgsWkbTypes.LineString, "Heat links",
                             "Source → sink lines with grade, step, heat_gj, dist_m, fuel_saved_tce."),
        "OUTPUT_HEAT_SINKS": ("heat_sinks", QgsWkbTypes.Point, "Heat sinks",
                              "Sink industries, district heating and urban cores with demand and heat received, "
                              "as points (a point inside each polygon sink: one layer holds one geometry type)."),
        "OUTPUT_AREA_SOURCES": ("area_sources", QgsWkbTypes.MultiPolygon, "PM2.5 area sources",
                                "Cities and rest of province with pm25_base_t and pm25_scen_t (t/yr)."),
        "OUTPUT_POINT_SOURCES": ("point_sources", QgsWkbTypes.Point, "PM2.5 point sources",
                                 "Power, steel and cement stacks with pm25_base_t, pm25_scen_t and stack "
                                 "parameters (sector defaults where unknown)."),
        "OUTPUT_MATERIALS": ("material_exchange", QgsWkbTypes.NoGeometry, "Material exchange by province",
                             "Fly ash and slag available, used in cement (caps 35 % / 25 %), CO2 avoided."),
        "OUTPUT_PROVINCES": ("province_results", QgsWkbTypes.NoGeometry, "Results by province",
                             "CO2 by strategy per province (cities and rest of province)."),
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input_layers()
        self.add_scenario_and_mode("Single-sector efficiency applied before symbiosis (docs/method.md).",
                                   "Cascade A–E step by step, or the optimum over all steps.")
        self.add_params_file()
        for name, (_key, _wkb, description, help_text) in self.OUTPUTS.items():
            kind = QgsProcessing.TypeVector if _wkb == QgsWkbTypes.NoGeometry else QgsProcessing.TypeVectorAnyGeometry
            self.add_parameter(QgsProcessingParameterFeatureSink(name, tr(description), type=kind), help_text)

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import model

        params = self.load_params(parameters, context)
        layers = self.read_input_layers(parameters, context, feedback)
        scenario, mode = self.scenario_and_mode(parameters, context)
        options = model.AssessmentOptions(scenario=scenario[0], mode=mode[0], dispersion=False, health=False,
                                          report=False)
        results = model.run_assessment(layers, params, options, feedback=core_fb)
        core_fb.check()
        frames = {**results.tables, **results.layers}
        sinks = frames["heat_sinks"]
        frames["heat_sinks"] = sinks.set_geometry(sinks.geometry.representative_point())
        return {name: self.write_sink(parameters, context, name, frames[key], wkb, feedback)
                for name, (key, wkb, _description, _help) in self.OUTPUTS.items()}
