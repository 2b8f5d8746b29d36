"""PM2.5 dispersion: annual-mean primary PM2.5 grid from area and point sources."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterRasterDestination,
)

from ..base import UisAlgorithm, tr


class Dispersion(UisAlgorithm):
    NAME = "dispersion"
    DISPLAY = "PM2.5 dispersion"
    GROUP = "3 · Air quality and health"
    GROUP_ID = "airhealth"
    HELP = ("Annual-mean primary PM2.5 (µg/m³) on a regular grid (cell size dispersion.cell_m, default 1 km) "
            "from area sources (emission spread uniformly over each polygon, FFT convolution with a "
            "climatological kernel integrated over the cell) and point stacks (Briggs plume rise), with the "
            "long-term sector-averaged Gaussian plume (16 wind sectors × 6 speeds × 6 stability classes; "
            "ISCLT form). Default climate: the wind rose built from hourly Beijing data. Takes the area and point "
            "sources of 'Energy cascade and material exchange'.")
    AREA_SOURCES = "AREA_SOURCES"
    POINT_SOURCES = "POINT_SOURCES"
    EMISSION_FIELD = "EMISSION_FIELD"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(QgsProcessingParameterFeatureSource(
            self.AREA_SOURCES, tr("Area sources (polygons)"), [QgsProcessing.TypeVectorPolygon]),
            "Polygons with an emission field in t/yr spread uniformly over each polygon.")
        self.add_parameter(QgsProcessingParameterFeatureSource(
            self.POINT_SOURCES, tr("Point sources (stacks)"), [QgsProcessing.TypeVectorPoint], optional=True),
            "Stacks with the emission field (t/yr) and optional stack_height_m, stack_diameter_m, "
            "exit_velocity_m_s, exit_temp_k, sector (defaults by sector where missing).")
        self.add_parameter(QgsProcessingParameterField(
            self.EMISSION_FIELD, tr("Emission field (t/yr)"), defaultValue="pm25_base_t",
            parentLayerParameterName=self.AREA_SOURCES, type=QgsProcessingParameterField.Numeric),
            "Field with the annual PM2.5 emission in t/yr, present in both layers (pm25_base_t or pm25_scen_t).")
        self.add_params_file()
        self.add_parameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("PM2.5 (µg/m³)")),
                           "GeoTIFF of the annual-mean primary PM2.5 increment, µg/m³, in the study CRS.")

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import dispersion, geo, grid, io
        from ..adapter import source_to_gdf

        params = self.load_params(parameters, context)
        sources = {}
        for name in (self.AREA_SOURCES, self.POINT_SOURCES):
            source = self.parameterAsSource(parameters, name, context)
            sources[name] = None if source is None else source_to_gdf(source, feedback)
        metric, crs = geo.to_metric(sources)
        area, points = metric[self.AREA_SOURCES], metric[self.POINT_SOURCES]
        study = grid.study_grid(area.total_bounds, params, crs)
        field = self.parameterAsString(parameters, self.EMISSION_FIELD, context)
        array = dispersion.concentration_grid(area, points, study, io.default_rose(params), params, field,
                                              core_fb)
        core_fb.check()
        path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        io.write_geotiff(path, array, study)
        self.style_output(path, context, "pm25.qml", tr("PM2.5 (µg/m³)"))
        return {self.OUTPUT: path}
