"""The orchestrator: checks the inputs, then sequences the steps of the method. It holds no science.

Steps (SPEC §3–§8): symbiosis (waste heat → fence-line cascade → material exchange → emissions) →
dispersion (PM2.5 grids) → health (avoided deaths) → city indicators → report.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
from pyproj import CRS

from . import geo
from .feedback import Feedback, StepFeedback
from .params import Params
from .validate import LayerSchema, Problem, check_layer, clean_layer, raise_errors

PLANT_OPTIONAL_NUMERIC = (
    "production_t", "electricity_mwh", "capacity_mw", "generation_mwh", "chp", "stack_height_m",
    "stack_diameter_m", "exit_velocity_m_s", "exit_temp_k", "pm25_control", "fly_ash_t", "slag_t",
)

SCHEMAS = {
    "plants": LayerSchema(
        "plants", "plant_id", required_numeric=("fuel_tce",), required_text=("sector",),
        optional_numeric=PLANT_OPTIONAL_NUMERIC, geometry=("Point",),
        nonnegative=("fuel_tce",) + PLANT_OPTIONAL_NUMERIC,
    ),
    "cities": LayerSchema(
        "cities", "city_id", required_numeric=("population",),
        optional_numeric=("core_floor_area_m2", "hdd", "gdp_primary", "gdp_secondary", "gdp_tertiary",
                          "observed_pm25", "area_km2"),
        geometry=("Polygon",), nonnegative=("population", "core_floor_area_m2", "hdd", "observed_pm25"),
    ),
    "district_heating": LayerSchema(
        "district_heating", "des_id", required_numeric=("heat_supplied_gj",),
        optional_numeric=("floor_area_m2", "coal_share", "gas_share", "oil_share", "boiler_efficiency"),
        geometry=("Polygon", "LineString"), nonnegative=("heat_supplied_gj", "floor_area_m2"),
    ),
    "urban_cores": LayerSchema("urban_cores", "core_id", geometry=("Polygon",)),
    "provinces": LayerSchema(
        "provinces", "province", optional_numeric=("cement_production_t", "fly_ash_reuse_rate"),
        geometry=("Polygon",), nonnegative=("cement_production_t", "fly_ash_reuse_rate"),
    ),
}
REQUIRED_LAYERS = ("plants", "cities")


@dataclass
class Raster:
    """A north-up grid of values (e.g. PM2.5 µg/m³) with its :class:`dispersion.GridSpec`."""

    array: object
    grid: object
    nodata: float = -9999.0


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


def _with_core_ids(cores: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    if cores is None or "core_id" in cores.columns:
        return cores
    out = cores.copy()
    out["core_id"] = [f"core{i + 1}" for i in range(len(out))]
    return out


def _sector_problems(plants: gpd.GeoDataFrame, params: Params) -> list[Problem]:
    if "sector" not in plants.columns:
        return []
    known = set(params.get("sectors.codes"))
    sector = plants["sector"].astype("string").str.strip().str.lower()
    bad = ~sector.isin(known)
    if not bad.any():
        return []
    return [Problem("plants", "sector", tuple(plants.loc[bad, "plant_id"].astype(str)),
                    f"has unknown sector codes {sorted(set(plants.loc[bad, 'sector'].astype(str)))}; "
                    f"use one of {', '.join(sorted(known))}")]


def check_inputs(layers: dict, params: Params) -> tuple[dict, list[Problem]]:
    """Validate every given layer; return cleaned copies and the warnings, or raise ``InputError``.

    Every problem of every layer is collected before raising, so the user sees them all at once.
    """
    problems = []
    for name in REQUIRED_LAYERS:
        if layers.get(name) is None:
            problems.append(Problem(name, "", (), "is required but was not given"))
    layers = dict(layers, urban_cores=_with_core_ids(layers.get("urban_cores")))
    for name, schema in SCHEMAS.items():
        if layers.get(name) is not None:
            problems += check_layer(layers[name], schema)
    if layers.get("plants") is not None and len(layers["plants"]):
        problems += _sector_problems(layers["plants"], params)
    warnings = raise_errors(problems)
    cleaned = {name: (None if layers.get(name) is None else clean_layer(layers[name], SCHEMAS[name]))
               for name in SCHEMAS}
    cleaned["plants"]["sector"] = cleaned["plants"]["sector"].astype(str).str.strip().str.lower()
    return cleaned, warnings


def run_assessment(layers: dict, params: Params, scenario: str = "fyp", feedback: Feedback | None = None,
                   crs: CRS | None = None) -> Results:
    """Full assessment of one scenario against the Base case.

    Parameters
    ----------
    layers : dict
        ``{name: GeoDataFrame | None}`` for plants, cities, district_heating, urban_cores, provinces, in any
        CRS (they are checked, copied and reprojected; the inputs are never modified).
    params : Params
        Parameter set (:func:`uis_qgis.params.load_params`).
    scenario : str
        Efficiency scenario before symbiosis: ``base``, ``fyp`` or ``high`` (SPEC §2).
    feedback : Feedback, optional
        Progress and cancellation.
    crs : pyproj.CRS, optional
        Metric CRS for the study; default chosen by :func:`uis_qgis.geo.study_crs`.
    """
    from . import symbiosis

    feedback = feedback or Feedback()
    feedback.progress(0.0, "checking inputs")
    cleaned, warnings = check_inputs(layers, params)
    for w in warnings:
        feedback.warning(str(w))
    metric, crs = geo.to_metric(cleaned, crs)
    feedback.info(f"study CRS: {crs.name}")
    feedback.check()
    sym = symbiosis.assess(metric, params, scenario=scenario, feedback=StepFeedback(feedback, 0.05, 0.6))
    results = Results(params=params, crs=crs, warnings=[str(w) for w in warnings])
    results.layers.update(sym.layers())
    results.tables.update(sym.tables())
    feedback.progress(1.0, "done")
    return results

