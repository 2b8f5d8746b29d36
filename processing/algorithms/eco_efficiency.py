"""Sectoral carbon footprints and eco-efficiency, BAU vs UIS, by input–output analysis (seed 002)."""
from __future__ import annotations

from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSink, QgsProcessingParameterFile, QgsWkbTypes

from ..base import PLUGIN_DIR, UisAlgorithm, tr

EEIO_DIR = PLUGIN_DIR / "uis_qgis" / "data" / "eeio"
DEFAULT_IO_TABLE = EEIO_DIR / "china_2012_13sector.csv"
DEFAULT_OPTIONS = EEIO_DIR / "guiyang_uis_options.toml"


class EcoEfficiency(UisAlgorithm):
    NAME = "ecoefficiency"
    DISPLAY = "Sectoral eco-efficiency (input–output)"
    GROUP = "5 · Eco-efficiency"
    GROUP_ID = "eeio"
    HELP = ("Environmentally extended input–output analysis: A = Z·diag(x)⁻¹, x = (I − A)⁻¹f, direct "
            "intensities E = CO2/x, carbon footprints by final demand and eco-efficiency (value added per t "
            "CO2 footprint) per sector, for BAU and for UIS after the options' process balances (R = S × M, "
            "seed 002 Eq. 5–6) change the sector inventories. Defaults: China 2012 in 13 sectors and the 8 "
            "Guiyang options of seed 000. Reference: Guiyang case, Sustainability 2020 (seed 002).")
    IO_TABLE = "IO_TABLE"
    OPTIONS = "OPTIONS"
    MAP = "MAP"
    OUTPUT_CHANGE = "OUTPUT_CHANGE"
    OUTPUT_OPTIONS = "OUTPUT_OPTIONS"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    TABLES = {OUTPUT_CHANGE: "change", OUTPUT_OPTIONS: "options", OUTPUT_SUMMARY: "summary"}

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(QgsProcessingParameterFile(
            self.IO_TABLE, tr("Input–output table (CSV)"), extension="csv", optional=True),
            "CSV with one row per sector: sector, one column per sector (intermediate use Z), final_demand, "
            "co2_t (direct CO2, t/yr), optional value_added and total_output. Empty: the shipped China 2012 "
            "table in 13 sectors (uis_qgis/data/eeio/china_2012_13sector.csv).")
        self.add_parameter(QgsProcessingParameterFile(
            self.OPTIONS, tr("UIS options (TOML)"), extension="toml", optional=True),
            "UIS options as process balances with quantities, substitution rates and cited factors. Empty: "
            "the 8 Guiyang options of seed 000 (uis_qgis/data/eeio/guiyang_uis_options.toml).")
        self.add_parameter(QgsProcessingParameterFile(
            self.MAP, tr("Sector aggregation map (CSV)"), extension="csv", optional=True),
            "Optional CSV code,group aggregating the table's sectors first (e.g. 42 → 13 sectors; shipped "
            "maps are in uis_qgis/data/eeio).", advanced=True)
        self.add_params_file()
        for name, description, help_text in (
                (self.OUTPUT_CHANGE, "Eco-efficiency change by sector",
                 "Per sector: footprint and eco-efficiency for BAU and UIS and their change (%)."),
                (self.OUTPUT_OPTIONS, "UIS option balances",
                 "Per option: resource saved, waste reduced and the CO2 effect computed from its factors."),
                (self.OUTPUT_SUMMARY, "EEIO summary",
                 "Direct CO2 and footprint totals, the reduction and its share of the city total.")):
            self.add_parameter(QgsProcessingParameterFeatureSink(name, tr(description), type=QgsProcessing.TypeVector),
                               help_text)

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import io

        params = self.load_params(parameters, context)
        result = io.run_eeio(self.parameterAsFile(parameters, self.IO_TABLE, context) or DEFAULT_IO_TABLE,
                          self.parameterAsFile(parameters, self.OPTIONS, context) or DEFAULT_OPTIONS,
                          self.parameterAsFile(parameters, self.MAP, context) or None,
                          None, params, core_fb)
        core_fb.check()
        return {name: self.write_sink(parameters, context, name, getattr(result, field), QgsWkbTypes.NoGeometry,
                                      feedback)
                for name, field in self.TABLES.items()}
