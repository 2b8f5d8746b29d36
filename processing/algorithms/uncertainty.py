"""Uncertainty and sensitivity: N parameter draws of the whole assessment on Dask (issue 16)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..base import UisAlgorithm, tr


class Uncertainty(UisAlgorithm):
    NAME = "uncertainty"
    DISPLAY = "Uncertainty and sensitivity"
    GROUP = "4 · Uncertainty"
    GROUP_ID = "uncertainty"
    HELP = ("Runs the whole assessment for N parameter draws (waste-heat fractions, sink share, emission factors, "
            "fly-ash reuse, dispersion choices, GEMM θ, background PM2.5, VSL; ranges and sources in "
            "uis_qgis/data/uncertainty/distributions.toml) on Dask: a local cluster of threads in QGIS, or an "
            "existing Dask scheduler (e.g. a research group's cluster or HPC via dask-jobqueue). The draws are "
            "made up front from the seed, so the results do not depend on the number of workers. Outputs per "
            "city: 5 / 50 / 95 % of CO2 reduction, PM2.5 change and deaths avoided, and the probability of each "
            "co-benefit quadrant (styled by the probability of High-High); with Sobol, first-order and total "
            "indices of the national totals (SALib).")
    DRAWS = "DRAWS"
    SEED = "SEED"
    SOBOL = "SOBOL"
    DISPERSION = "DISPERSION"
    SCHEDULER = "SCHEDULER"
    WORKERS = "WORKERS"
    OUTPUT = "OUTPUT"
    OUTPUT_DRAWS = "OUTPUT_DRAWS"
    OUTPUT_SOBOL = "OUTPUT_SOBOL"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input_layers()
        self.add_parameter(QgsProcessingParameterNumber(self.DRAWS, tr("Number of draws"), minValue=1,
                                                        defaultValue=50),
                           "Monte Carlo draws (with Sobol: Saltelli base size N, so N × (k + 2) runs for k "
                           "uncertain quantities).")
        self.add_parameter(QgsProcessingParameterNumber(self.SEED, tr("Seed"), minValue=0, defaultValue=0),
                           "Seed of the draws: the same seed gives the same results on any number of workers.")
        self.add_parameter(QgsProcessingParameterBoolean(self.SOBOL, tr("Sobol indices"), defaultValue=False),
                           "Saltelli sampling and first-order / total Sobol indices of the national totals.")
        self.add_parameter(QgsProcessingParameterBoolean(self.DISPERSION, tr("Model PM2.5 and health per draw"),
                                                         defaultValue=True),
                           "PM2.5 grids, exposure and deaths avoided in every draw (kernels and grids are built "
                           "once). Off: CO2 and emissions only.")
        self.add_scenario_and_mode(
            "Single-sector efficiency applied before symbiosis, as in the full assessment.",
            "Cascade A–E (the paper) or the CO2-optimal joint LP, as in the full assessment.")
        self.add_parameter(QgsProcessingParameterString(self.SCHEDULER, tr("Dask scheduler address"), optional=True),
                           "tcp://HOST:8786 of a running Dask scheduler; empty: a local cluster of threads on "
                           "this computer.", advanced=True)
        self.add_parameter(QgsProcessingParameterNumber(self.WORKERS, tr("Local workers (0 = all cores)"),
                                                        minValue=0, defaultValue=0),
                           "Workers of the local cluster (ignored with a scheduler address).", advanced=True)
        self.add_params_file()
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Cities (uncertainty)"),
                                                             type=QgsProcessing.TypeVectorPolygon),
                           "Per city: *_p05 / *_p50 / *_p95 of co2_reduction_t, pm25_change_ug_m3 and "
                           "deaths_avoided; p_high_high, p_high_co2_low_health, p_low_co2_high_health, "
                           "p_low_low and the most likely quadrant.")
        self.add_parameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_DRAWS, tr("Draws and national totals (CSV)"), fileFilter="CSV files (*.csv)",
            optional=True, createByDefault=False),
            "One row per draw: the drawn values and the national totals.")
        self.add_parameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_SOBOL, tr("Sobol indices (CSV)"), fileFilter="CSV files (*.csv)", optional=True,
            createByDefault=False),
            "First-order (S1) and total (ST) Sobol indices with 95 % confidence half-widths; with Sobol only.")

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import io, uncertainty

        params = self.load_params(parameters, context)
        layers = self.read_input_layers(parameters, context, feedback)
        scheduler = self.parameterAsString(parameters, self.SCHEDULER, context).strip() or None
        workers = self.parameterAsInt(parameters, self.WORKERS, context) or None
        scenario, mode = self.scenario_and_mode(parameters, context)
        result = uncertainty.run_uncertainty(
            layers, params, self.parameterAsInt(parameters, self.DRAWS, context),
            self.parameterAsInt(parameters, self.SEED, context), scenario=scenario[0], mode=mode[0],
            dispersion=self.parameterAsBool(parameters, self.DISPERSION, context),
            sobol=self.parameterAsBool(parameters, self.SOBOL, context), scheduler=scheduler, n_workers=workers,
            processes=False,  # QGIS's interpreter cannot spawn Python worker processes; threads share the setup
            feedback=core_fb)
        outputs = {}
        tables = uncertainty.to_results(result, params).tables
        for name, key in ((self.OUTPUT_DRAWS, "uncertainty_draws"), (self.OUTPUT_SOBOL, "sobol_indices")):
            path = self.parameterAsFileOutput(parameters, name, context)
            if path and key in tables:
                io.write_text(path, tables[key].to_csv(index=False))
                outputs[name] = path
        dest = self.write_sink(parameters, context, self.OUTPUT, result.cities, QgsWkbTypes.MultiPolygon, feedback)
        self.style_output(dest, context, "cities_quadrant_probability.qml", tr("Probability of High-High"))
        outputs[self.OUTPUT] = dest
        return outputs
