"""Health co-benefits: deaths attributable and avoided per city from Base and Scenario PM2.5 rasters."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)

from ..base import INPUT_LAYERS, UisAlgorithm, tr


class Health(UisAlgorithm):
    NAME = "health"
    DISPLAY = "Health co-benefits"
    GROUP = "3 · Air quality and health"
    GROUP_ID = "airhealth"
    HELP = ("Premature deaths attributable to PM2.5 and avoided by the scenario, per city: population × "
            "baseline rate (China GBD 2015, national age structure) × (1 − 1/RR(C)) with total concentrations "
            "C = background + modelled primary PM2.5 (city means of the rasters). The background is observed "
            "minus modelled at the monitor cities (CNEMC, pm25.base_year) and at cities with observed_pm25, "
            "interpolated between them (inverse distance, never negative). GEMM (Burnett et al. 2018, default) "
            "or IER (Burnett et al. 2014, the paper's) via health.preset = default | paper; low / central / "
            "high from θ ± 2 SE; deaths avoided valued with a VSL range for China.")
    BASE = "PM25_BASE"
    SCENARIO = "PM25_SCENARIO"
    OUTPUT = "OUTPUT"
    OUTPUT_OBSERVED = "OUTPUT_OBSERVED"

    def initAlgorithm(self, config=None):  # noqa: N802
        param, description, geometries, help_text = INPUT_LAYERS["cities"]
        self.add_parameter(QgsProcessingParameterFeatureSource(param, tr(description), geometries), help_text)
        self.add_parameter(QgsProcessingParameterRasterLayer(self.BASE, tr("PM2.5 Base (µg/m³)")),
                           "Annual-mean primary PM2.5 of the Base case, e.g. from 'PM2.5 dispersion'.")
        self.add_parameter(QgsProcessingParameterRasterLayer(self.SCENARIO, tr("PM2.5 Scenario (µg/m³)")),
                           "Annual-mean primary PM2.5 of the scenario, on any grid.")
        self.add_params_file()
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Cities with health co-benefits"),
                                                             type=QgsProcessing.TypeVectorPolygon),
                           "The cities with background, total PM2.5 and deaths attributable / avoided "
                           "(low, central, high) per year.")
        self.add_parameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_OBSERVED, tr("PM2.5 observed vs modelled"), type=QgsProcessing.TypeVector, optional=True,
            createByDefault=True),
            "Per city with an observation in the study area (CNEMC monitor or observed_pm25): observed and "
            "modelled total PM2.5, with the background fitted with and without that city's own observation "
            "(leave-one-out: the honest check). Empty when no observed city lies in the study area.")

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import model
        from ..adapter import raster_layer_to_raster, source_to_gdf

        params = self.load_params(parameters, context)
        cities = source_to_gdf(self.parameterAsSource(parameters, INPUT_LAYERS["cities"][0], context), feedback)
        rasters = [raster_layer_to_raster(self.parameterAsRasterLayer(parameters, name, context), name)
                   for name in (self.BASE, self.SCENARIO)]
        core_fb.progress(0.2, tr("deaths per city"))
        step = model.health_from_rasters(cities, *rasters, params, core_fb)
        dest = self.write_sink(parameters, context, self.OUTPUT, step.cities, QgsWkbTypes.MultiPolygon, feedback)
        self.style_output(dest, context, "cities_deaths_avoided.qml", tr("Deaths avoided"))
        results = {self.OUTPUT: dest}
        if parameters.get(self.OUTPUT_OBSERVED) is not None:
            results[self.OUTPUT_OBSERVED] = self.write_sink(parameters, context, self.OUTPUT_OBSERVED,
                                                            step.observed_vs_modelled, QgsWkbTypes.NoGeometry,
                                                            feedback)
        return results
