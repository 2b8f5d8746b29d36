"""Waste heat by grade: the first step of the method, per plant."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)

from ..base import INPUT_LAYERS, UisAlgorithm, tr


class WasteHeat(UisAlgorithm):
    NAME = "wasteheat"
    DISPLAY = "Waste heat by grade"
    GROUP = "2 · Energy cascade"
    GROUP_ID = "cascade"
    HELP = ("Recoverable waste heat of each plant by grade — high (> 400 °C), medium (100–400 °C), low "
            "(< 100 °C) — as fuel input × w(sector, grade), and the part available for exchange: 100 % of "
            "high, 25 % of medium (sulfur corrosion), 80 % of low. Power plants are not sources by default "
            "(parameter sectors.power_is_source). Adds heat_<grade>_gen_gj and heat_<grade>_avail_gj (GJ/yr) "
            "to a copy of the plants.")
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        param, description, geometries, help_text = INPUT_LAYERS["plants"]
        self.add_parameter(QgsProcessingParameterFeatureSource(param, tr(description), geometries), help_text)
        self.add_params_file()
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Plants with waste heat"),
                                                             type=QgsProcessing.TypeVectorPoint),
                           "The plants with generated and available waste heat per grade, GJ/yr.")

    def compute(self, parameters, context, feedback, core_fb):
        import pandas as pd

        from ...uis_qgis import contract, wasteheat
        from ..adapter import source_to_gdf

        params = self.load_params(parameters, context)
        source = self.parameterAsSource(parameters, INPUT_LAYERS["plants"][0], context)
        plants = source_to_gdf(source, feedback)
        checked, warnings = contract.check_layers({"plants": plants}, params, required=("plants",))
        for warning in warnings:
            core_fb.warning(str(warning))
        cleaned = checked["plants"]
        core_fb.progress(0.5, tr("waste heat by grade"))
        heat = wasteheat.waste_heat(cleaned, params)
        out = pd.concat([cleaned, heat], axis=1)
        core_fb.check()
        return {self.OUTPUT: self.write_sink(parameters, context, self.OUTPUT, out, QgsWkbTypes.Point, feedback)}
