"""The orchestrator: checks the inputs, then calls each step of the method once. It holds no science.

Steps (SPEC §3–§8): input contract (:mod:`~uis_qgis.contract`) → symbiosis (waste heat → fence-line cascade →
material exchange → emissions) → dispersion (PM2.5 grids) → health (exposure and avoided deaths) → city
indicators → report. Like pvlib's ``ModelChain.run_model``, :func:`run_assessment` is a short sequence of
step calls; what to run is one :class:`AssessmentOptions`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from . import contract
from .feedback import Feedback, StepFeedback
from .grid import Raster
from .params import Params


@dataclass(frozen=True)
class AssessmentOptions:
    """What :func:`run_assessment` runs.

    Attributes
    ----------
    scenario : {"base", "fyp", "high"}
        Efficiency scenario before symbiosis (SPEC §2).
    mode : {"cascade", "optimal"}
        Heat allocation: the paper's sequential cascade or the joint CO2-maximising optimum.
    dispersion : bool
        PM2.5 grids for Base and Scenario (SPEC §6).
    health : bool
        Exposure and deaths (SPEC §7); only with ``dispersion``.
    report : bool
        Build the HTML report.
    rose : met.WindRose, optional
        Climatology; default :func:`uis_qgis.io.default_rose`.
    population_raster : str or Path, optional
        Population-count GeoTIFF (persons per cell, any CRS/resolution): weights city concentrations and
        adds per-cell death rasters.
    crs : pyproj.CRS, optional
        Metric CRS for the study; default chosen by :func:`uis_qgis.geo.study_crs`.
    """

    scenario: str = "fyp"
    mode: str = "cascade"
    dispersion: bool = True
    health: bool = True
    report: bool = True
    rose: object = None
    population_raster: str | Path | None = None
    crs: CRS | None = None


@dataclass
class Results:
    """Everything one run produced; written by :func:`uis_qgis.io.write_results`."""

    layers: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    rasters: dict = field(default_factory=dict)
    params: Params | None = None
    crs: CRS | None = None
    warnings: list = field(default_factory=list)
    report_html: str | None = None


def run_assessment(layers: dict, params: Params, options: AssessmentOptions | None = None,
                   feedback: Feedback | None = None) -> Results:
    """Full assessment of one scenario against the Base case (SPEC §2–§8).

    Parameters
    ----------
    layers : dict
        ``{name: GeoDataFrame | None}`` for plants, cities, district_heating, urban_cores, provinces, in any
        CRS (they are checked, copied and reprojected once; the inputs are never modified).
    params : Params
        Parameter set (:func:`uis_qgis.params.load_params`).
    options : AssessmentOptions, optional
        Scenario, mode and which steps to run; defaults: FYP, cascade, dispersion, health and report.
    feedback : Feedback, optional
        Progress and cancellation.
    """
    from . import attribution, health, io, report, symbiosis

    options = options or AssessmentOptions()
    feedback = feedback or Feedback()
    feedback.progress(0.0, "checking inputs")
    inputs = _checked_inputs(layers, params, options.crs, feedback)
    sym = symbiosis.assess(inputs.layers, params, options.scenario, StepFeedback(feedback, 0.02, 0.45), options.mode)
    results = Results(params=params, crs=inputs.crs, warnings=[str(w) for w in inputs.warnings])
    results.layers.update(sym.layers())
    results.tables.update(sym.tables())
    results.tables["savings_by_sector"] = savings_by_sector(sym.plants, sym.sinks)
    exposure = deaths = air = None
    if options.dispersion:
        feedback.progress(0.45, "PM2.5 dispersion")
        rose = options.rose or io.default_rose(params)
        base, scenario = pm25_grids(sym, params, inputs.crs, rose, StepFeedback(feedback, 0.45, 0.8))
        results.rasters.update(pm25_base=base, pm25_scenario=scenario,
                               pm25_difference=Raster(scenario.array - base.array, base.grid))
        population = _population(options.population_raster, base.grid)
        observed = observed_pm25(inputs.layers["cities"], sym.cities)
        feedback.progress(0.87, "health")
        if options.health:
            step = health.assess(sym.cities, base, scenario, params, population, observed, feedback)
            exposure, deaths = step.exposure, step.deaths
            results.rasters.update(step.rasters)
            results.warnings += _observed_outputs(results.tables, step.background)
            feedback.progress(0.89, "attribution by source region and strategy")
            air = attribution.assess(sym.cities, sym.area_sources, sym.point_sources, base.grid, rose, params,
                                     deaths["deaths_avoided_central"], population, StepFeedback(feedback, 0.89, 0.92))
            results.tables["pm25_attribution"] = pd.concat([sym.cities[["city_id"]], air], axis=1)
            results.tables["health_totals"] = health.totals(sym.cities, exposure, deaths, step.background)
            air = pd.concat([deaths.filter(like="value_"), air], axis=1)
        else:
            exposure = health.city_exposure(sym.cities, base, scenario, params, population, observed, feedback)
    results.layers["city_results"] = _city_layer(sym.cities, exposure, deaths, params, air)
    feedback.check()
    if options.report:
        feedback.progress(0.92, "report")
        results.report_html = report.build_report(results, feedback=feedback)
    feedback.progress(1.0, "done")
    return results


@dataclass
class HealthFromRasters:
    """What :func:`health_from_rasters` returns.

    ``cities``: a copy of the cities (in the rasters' CRS) with city means, background, totals, attributable
    and avoided deaths (low / central / high). ``observed_vs_modelled``: per city with an observation in the
    study area (monitor or ``observed_pm25``), observed against modelled PM2.5 with and without its own
    observation (leave-one-out), the table ``pm25_observed_vs_modelled`` of a full run; empty when none lies
    in the study area or the background is switched off (``general.calibrate_background``).
    """

    cities: gpd.GeoDataFrame
    observed_vs_modelled: pd.DataFrame


def health_from_rasters(cities: gpd.GeoDataFrame, base: Raster, scenario: Raster, params: Params,
                        feedback: Feedback | None = None) -> HealthFromRasters:
    """Per-city PM2.5 and deaths from Base and Scenario primary-PM2.5 rasters (SPEC §6 last bullet, §7).

    The health step on its own: the cities are checked as in a full run, reprojected to the rasters' CRS, and
    passed to :func:`uis_qgis.health.assess`.
    """
    from . import health

    feedback = feedback or Feedback()
    checked = _checked_layers({"cities": cities}, params, feedback)
    cities = checked["cities"].to_crs(base.grid.crs).reset_index(drop=True)
    feedback.check()
    step = health.assess(cities, base, scenario, params, observed_ug_m3=observed_pm25(cities, cities),
                         feedback=feedback)
    comparison = _observed_table(step.background)
    return HealthFromRasters(gpd.GeoDataFrame(pd.concat([cities, step.exposure, step.deaths], axis=1),
                                              geometry=cities.geometry.name, crs=cities.crs),
                             pd.DataFrame() if comparison is None else comparison)


def _checked_inputs(layers: dict, params: Params, crs, feedback: Feedback) -> contract.CheckedInputs:
    inputs = contract.check_inputs(layers, params, crs)
    for w in inputs.warnings:
        feedback.warning(str(w))
    feedback.info(f"study CRS: {inputs.crs.name}")
    feedback.check()
    return inputs


def _checked_layers(layers: dict, params: Params, feedback: Feedback) -> dict:
    cleaned, warnings = contract.check_layers(layers, params, required=tuple(layers))
    for w in warnings:
        feedback.warning(str(w))
    return cleaned


def pm25_grids(sym, params: Params, crs: CRS, rose=None, feedback: Feedback | None = None
               ) -> tuple[Raster, Raster]:
    """Primary PM2.5 (µg/m³) of Base and Scenario on the study grid over the cities (SPEC §6), from the
    area and point sources of a symbiosis result."""
    from . import dispersion, io
    from .grid import study_grid

    feedback = feedback or Feedback()
    rose = rose or io.default_rose(params)
    grid = study_grid(sym.cities.total_bounds, params, crs)
    arrays = dispersion.concentration_grids(sym.area_sources, sym.point_sources, grid, rose, params,
                                            ("pm25_base_t", "pm25_scen_t"), feedback)
    return Raster(arrays["pm25_base_t"], grid), Raster(arrays["pm25_scen_t"], grid)


def _population(path, grid) -> np.ndarray | None:
    from . import io

    return None if path is None else io.population_on_grid(path, grid)


def observed_pm25(inputs: pd.DataFrame, cities: pd.DataFrame) -> np.ndarray:
    """The input layer's ``observed_pm25`` (µg/m³, NaN where absent) aligned to ``cities`` by ``city_id``."""
    if "observed_pm25" not in inputs:
        return np.full(len(cities), np.nan)
    by_id = inputs.set_index(inputs["city_id"].astype(str))["observed_pm25"]
    return by_id.reindex(cities["city_id"].astype(str)).to_numpy(float)


def strategy_group_reductions(cities: pd.DataFrame) -> pd.DataFrame:
    """CO2 reduced per city by the three strategies of Fig. 2 (efficiency, heat exchange = cascade steps A–D,
    material exchange), t/yr, as the fields :func:`uis_qgis.vocabulary.group_field`, from the per-step
    reductions of :func:`symbiosis.assess`."""
    from .vocabulary import STRATEGY_GROUPS, group_field

    return pd.DataFrame({group_field(group): cities[[f"co2_red_{s}_t" for s in steps]].sum(axis=1)
                         for group, steps in STRATEGY_GROUPS.items()}, index=cities.index)


def savings_by_sector(plants: pd.DataFrame, sinks: pd.DataFrame) -> pd.DataFrame:
    """Fuel saved per sector (tce/yr) for the EEIO link (SPEC §9 last bullet; ``eeio --symbiosis``).

    Plant sectors: base − scenario fuel of their plants (efficiency, heat received by sink industries, grid
    reductions spread over power plants, material exchange at cement). ``buildings``: fuel displaced in
    existing and new district heating. Electricity is already counted as fuel of the power plants in the
    grid region, so ``electricity_mwh`` is 0 (no double counting).
    """
    by_plant = (plants["fuel_tce"] - plants["fuel_scen_tce"]).groupby(plants["sector"]).sum()
    heating = sinks["sink_type"].isin(("des", "new_dh"))
    by_plant.loc["buildings"] = float(sinks.loc[heating, "fuel_saved_tce"].sum())
    out = by_plant.rename("fuel_tce").rename_axis("sector").reset_index()
    out["electricity_mwh"] = 0.0
    return out


def _indicator_inputs(cities: pd.DataFrame) -> dict:
    co2 = pd.concat([cities[["co2_base_t", "co2_scen_t"]], strategy_group_reductions(cities)], axis=1)
    pm25 = cities[["pm25_base_t", "pm25_scen_t"]]
    heat = cities[["heat_source_gj", "heat_sink_gj"]] if {"heat_source_gj", "heat_sink_gj"} <= set(cities) else None
    return {"co2": co2, "pm25": pm25, "heat": heat}


def _observed_outputs(tables: dict, background) -> list[str]:
    """The table ``pm25_observed_vs_modelled`` when an observed city lies in the study area; the background's
    warnings (cities on the regional estimate)."""
    if background is None:
        return []
    comparison = _observed_table(background)
    if comparison is not None:
        tables["pm25_observed_vs_modelled"] = comparison
    return list(background.warnings)


def _observed_table(background) -> pd.DataFrame | None:
    """Observed against modelled PM2.5 at the observed cities of the study area; None when there are none or
    the background is switched off."""
    return background.comparison if background is not None and len(background.comparison) else None


def _city_layer(cities: gpd.GeoDataFrame, conc, deaths, params: Params, fields=None) -> gpd.GeoDataFrame:
    from . import indicators

    extra = _indicator_inputs(cities)
    if conc is not None:
        extra["pm25"] = pd.concat([extra["pm25"], conc[["pm25_total_base_popw_ug_m3", "pm25_total_scen_popw_ug_m3"]]],
                                  axis=1)
    table = indicators.city_indicators(cities, deaths=deaths, params=params, **extra)
    new = [c for c in table.columns if c not in cities.columns]
    parts = [cities, extra["co2"][[c for c in extra["co2"] if c not in cities]], table[new]]
    parts += [conc[[c for c in conc if c not in table]]] if conc is not None else []
    parts += [fields[[c for c in fields if c not in table]]] if fields is not None else []
    return gpd.GeoDataFrame(pd.concat(parts, axis=1), geometry=cities.geometry.name, crs=cities.crs)
