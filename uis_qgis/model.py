"""The orchestrator: checks the inputs, then sequences the steps of the method. It holds no science.

Steps (SPEC §3–§8): symbiosis (waste heat → fence-line cascade → material exchange → emissions) →
dispersion (PM2.5 grids) → health (avoided deaths) → city indicators → report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from . import geo
from .data import data_path
from .feedback import Feedback, StepFeedback
from .params import Params
from .validate import InputError, LayerSchema, Problem, bound_problems, check_layer, clean_layer, raise_errors

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


def sector_problems(plants: gpd.GeoDataFrame, params: Params) -> list[Problem]:
    """Plants whose ``sector`` is not one of ``sectors.codes`` (one problem naming the codes and ids)."""
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


def _plausibility_problems(layers: dict, params: Params) -> list[Problem]:
    """Values no single feature can have (cited bounds in ``general.toml``): a plant burning more fuel than
    the whole of China, a city with more people than China."""
    bounds = (("plants", "fuel_tce", "general.max_plant_fuel_tce", "China's total energy use"),
              ("cities", "population", "general.max_city_population", "China's population"))
    return [p for layer, col, name, why in bounds
            for p in bound_problems(layers.get(layer), SCHEMAS[layer], col, float(params.get(name)), why)]


def _reference_problems(layers: dict) -> list[Problem]:
    """Urban cores whose ``city_id`` names no city (they would have no floor area, heat demand or province)."""
    cores, cities = layers.get("urban_cores"), layers.get("cities")
    if cores is None or cities is None or "city_id" not in cores or "city_id" not in cities:
        return []
    given = cores["city_id"].notna() & cores["city_id"].astype("string").str.strip().ne("")
    unknown = given & ~cores["city_id"].astype(str).isin(set(cities["city_id"].astype(str)))
    if not unknown.any():
        return []
    names = ", ".join(sorted(set(cores.loc[unknown, "city_id"].astype(str))))
    return [Problem("urban_cores", "city_id", tuple(cores.loc[unknown, "core_id"].astype(str)),
                    f"refers to cities not in the cities layer ({names}); use a city_id of the cities layer, or "
                    "leave it empty to locate the core by its geometry")]


def _far_from_cities_problems(plants: gpd.GeoDataFrame, cities: gpd.GeoDataFrame, params: Params) -> list[Problem]:
    """Warning for plants farther than ``general.far_from_cities_warning_m`` from every city polygon
    (outside the study area, or wrong coordinates); they count only in rest-of-province totals."""
    limit_m = float(params.get("general.far_from_cities_warning_m"))
    metric, _crs = geo.to_metric({"plants": plants, "cities": cities})
    points, polygons = metric["plants"].geometry.to_numpy(), metric["cities"].geometry.to_numpy()
    near, _ = shapely.STRtree(polygons).query(points, predicate="dwithin", distance=limit_m)
    far = np.ones(len(points), bool)
    far[near] = False
    if not far.any():
        return []
    return [Problem("plants", "geometry", tuple(plants.loc[far, "plant_id"]),
                    f"is farther than {limit_m / 1000:.0f} km from every city (outside the study area?); these "
                    "plants count only in province totals — check their coordinates and the layer's CRS",
                    severity="warning")]


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
        problems += sector_problems(layers["plants"], params)
    problems += _plausibility_problems(layers, params)
    problems += _reference_problems(layers)
    warnings = raise_errors(problems)
    cleaned = {name: (None if layers.get(name) is None else clean_layer(layers[name], SCHEMAS[name]))
               for name in SCHEMAS}
    cleaned["plants"]["sector"] = cleaned["plants"]["sector"].astype(str).str.strip().str.lower()
    warnings += _far_from_cities_problems(cleaned["plants"], cleaned["cities"], params)
    return cleaned, warnings


def study_grid(bounds_m, params: Params, crs: CRS):
    """The PM2.5 grid over ``bounds_m`` (x_min, y_min, x_max, y_max in ``crs``): ``dispersion.cell_m`` cells
    with a ``dispersion.grid_margin_m`` margin."""
    from .dispersion import grid_for

    return grid_for(tuple(bounds_m), float(params.get("dispersion.cell_m")),
                    float(params.get("dispersion.grid_margin_m")), crs)


def default_rose(params: Params):
    """The shipped climatology (SPEC §6 default met) named by ``general.default_wind_rose``."""
    from .met import WindRose

    return WindRose.from_csv(data_path(params.get("general.default_wind_rose")))


def population_on_grid(path, grid) -> np.ndarray:
    """Persons per cell of ``grid`` from a population-count raster in any CRS and resolution.

    Counts are summed into the grid cells (``rasterio.warp.reproject`` with ``sum`` resampling); nodata and
    negative cells count as nobody.
    """
    import rasterio
    from rasterio.warp import Resampling, reproject

    out = np.zeros(grid.shape, dtype="float64")
    if not Path(path).exists():
        raise InputError([Problem("population_raster", "", (), f"file not found: {path}")])
    with rasterio.open(path) as src:
        data = src.read(1, masked=True).astype("float64").filled(0.0)
        data[~np.isfinite(data) | (data < 0)] = 0.0
        reproject(data, out, src_transform=src.transform, src_crs=src.crs, dst_transform=grid.transform,
                  dst_crs=grid.crs, resampling=Resampling.sum, src_nodata=None, dst_nodata=None)
    return out


def run_dispersion(sym, params: Params, crs: CRS, rose=None, feedback: Feedback | None = None,
                   population=None):
    """PM2.5 grids (µg/m³, primary) for Base and Scenario and their difference (SPEC §6).

    ``population`` (persons per grid cell) weights the per-city means when given (uniform within a city
    otherwise). Returns ``(rasters, zonal, grid)``: :class:`Raster` by name, per-city area /
    population-weighted means, and the grid.
    """
    from . import dispersion

    feedback = feedback or Feedback()
    rose = rose or default_rose(params)
    grid = study_grid(sym.cities.total_bounds, params, crs)
    arrays = {}
    for i, (name, col) in enumerate((("pm25_base", "pm25_base_t"), ("pm25_scenario", "pm25_scen_t"))):
        arrays[name] = dispersion.concentration_grid(
            sym.area_sources, sym.point_sources, grid, rose, params, col, StepFeedback(feedback, i / 2, (i + 1) / 2))
    arrays["pm25_difference"] = arrays["pm25_scenario"] - arrays["pm25_base"]
    pop = population_on_grid(population, grid) if population is not None else None
    zonal = {}
    for name in ("pm25_base", "pm25_scenario"):
        z = dispersion.zonal_means(grid, arrays[name], sym.cities, "city_id", population=pop)
        zonal[name] = z.set_index("city_id")
    return {k: Raster(v, grid) for k, v in arrays.items()}, zonal, (grid, pop)


def cell_deaths(rasters: dict, grid, pop: np.ndarray, cities: gpd.GeoDataFrame, conc: pd.DataFrame,
                params: Params, feedback: Feedback) -> dict:
    """Per-cell attributable (Base) and avoided deaths (central) from a population raster (SPEC §7).

    Total concentration per cell = the background of the city the cell lies in (calibrated as for the city;
    the default background outside all cities) + the modelled primary increment of the cell.
    """
    from rasterio import features

    from . import health

    shapes = zip(cities.geometry, conc["pm25_background_ug_m3"].to_numpy(float))
    background = features.rasterize(shapes, out_shape=grid.shape, transform=grid.transform, dtype="float64",
                                     fill=float(params.get("health.default_background_pm25_ug_m3")))
    base = background + rasters["pm25_base"].array
    scen = background + rasters["pm25_scenario"].array
    attributable = health.attributable_deaths(pop, base, params, feedback=feedback)
    avoided = health.avoided_deaths(pop, base, scen, params, feedback=feedback)["central"]
    return {"deaths_attributable_base": Raster(attributable.astype(np.float32), grid),
            "deaths_avoided": Raster(avoided.astype(np.float32), grid)}


def observed_pm25(inputs: pd.DataFrame, cities: pd.DataFrame) -> np.ndarray:
    """The input layer's ``observed_pm25`` (µg/m³, NaN where absent) aligned to ``cities`` by ``city_id``."""
    if "observed_pm25" not in inputs:
        return np.full(len(cities), np.nan)
    by_id = inputs.set_index(inputs["city_id"].astype(str))["observed_pm25"]
    return by_id.reindex(cities["city_id"].astype(str)).to_numpy(float)


def city_concentrations(cities: pd.DataFrame, zonal: dict, params: Params, feedback: Feedback,
                        observed: np.ndarray) -> pd.DataFrame:
    """Per-city modelled increments, background and totals (µg/m³), on the cities' index (SPEC §6–§7).

    ``observed`` (µg/m³ per city, NaN where not observed) calibrates the background when
    ``general.calibrate_background`` is on.
    """
    from . import health

    ids = cities["city_id"].astype(str)
    out = pd.DataFrame(index=cities.index)
    for name in ("pm25_base", "pm25_scenario"):
        z = zonal[name].reindex(ids)
        out[f"{name}_area_mean_ug_m3"] = z["pm25_area_mean_ug_m3"].fillna(0.0).to_numpy()
        out[f"{name}_popw_ug_m3"] = z["pm25_pop_weighted_ug_m3"].fillna(0.0).to_numpy()
    if not params.get("general.calibrate_background"):
        observed = np.full(len(cities), np.nan)
    out["pm25_background_ug_m3"] = health.calibrate_background(observed, out["pm25_base_popw_ug_m3"], params,
                                                               feedback)
    out["pm25_popw_base_ug_m3"] = out["pm25_background_ug_m3"] + out["pm25_base_popw_ug_m3"]
    out["pm25_popw_scenario_ug_m3"] = out["pm25_background_ug_m3"] + out["pm25_scenario_popw_ug_m3"]
    return out


def city_deaths(cities: pd.DataFrame, conc: pd.DataFrame, params: Params, feedback: Feedback) -> pd.DataFrame:
    """Attributable (Base) and avoided deaths per city with low / central / high (SPEC §7)."""
    from . import health

    pop = cities["population"].to_numpy(float)
    out = pd.DataFrame(index=cities.index)
    out["deaths_attributable_base"] = health.attributable_deaths(pop, conc["pm25_popw_base_ug_m3"], params,
                                                                 feedback=feedback)
    avoided = health.avoided_deaths(pop, conc["pm25_popw_base_ug_m3"], conc["pm25_popw_scenario_ug_m3"], params,
                                    feedback=feedback)
    for bound, values in avoided.items():
        out[f"deaths_avoided_{bound}"] = values
    return out


def strategy_savings(cities: pd.DataFrame) -> pd.DataFrame:
    """CO2 saved per city by the three strategies of Fig. 2 (efficiency, heat exchange = cascade steps A–D,
    material exchange), t/yr, from the per-step reductions of :func:`symbiosis.assess`."""
    from .symbiosis import STRATEGIES as STEPS

    heat_steps = [f"co2_red_{s}_t" for s in STEPS if s.startswith("heat_")]
    return pd.DataFrame({"co2_saved_efficiency_t": cities["co2_red_efficiency_t"],
                         "co2_saved_heat_exchange_t": cities[heat_steps].sum(axis=1),
                         "co2_saved_material_exchange_t": cities["co2_red_material_t"]}, index=cities.index)


def health_from_rasters(cities: gpd.GeoDataFrame, base: Raster, scenario: Raster, params: Params,
                        feedback: Feedback | None = None) -> gpd.GeoDataFrame:
    """Per-city PM2.5 and deaths from Base and Scenario primary-PM2.5 rasters (SPEC §6 last bullet, §7).

    The health step on its own: city means of each raster, background calibrated to ``observed_pm25`` where
    given, total concentrations, attributable and avoided deaths with low / central / high. Returns a copy of
    the cities (in the rasters' CRS) with these fields.
    """
    from .dispersion import zonal_means

    feedback = feedback or Feedback()
    raise_errors(check_layer(cities, SCHEMAS["cities"]))
    cities = clean_layer(cities, SCHEMAS["cities"]).to_crs(base.grid.crs).reset_index(drop=True)
    zonal = {name: zonal_means(r.grid, r.array, cities, "city_id").set_index("city_id")
             for name, r in (("pm25_base", base), ("pm25_scenario", scenario))}
    feedback.check()
    conc = city_concentrations(cities, zonal, params, feedback, observed_pm25(cities, cities))
    deaths = city_deaths(cities, conc, params, feedback)
    return gpd.GeoDataFrame(pd.concat([cities, conc, deaths], axis=1), geometry=cities.geometry.name,
                            crs=cities.crs)


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
    co2_cols = {"co2_base_t": "co2_base_t", "co2_scen_t": "co2_scenario_t"}
    co2 = pd.concat([cities[list(co2_cols)].rename(columns=co2_cols), strategy_savings(cities)], axis=1)
    pm25 = cities[["pm25_base_t", "pm25_scen_t"]].rename(
        columns={"pm25_base_t": "pm25_emission_base_t", "pm25_scen_t": "pm25_emission_scenario_t"})
    heat = cities[["heat_source_gj", "heat_sink_gj"]] if {"heat_source_gj", "heat_sink_gj"} <= set(cities) else None
    return {"co2": co2, "pm25": pm25, "heat": heat}


def _city_layer(cities: gpd.GeoDataFrame, conc, deaths, params: Params) -> gpd.GeoDataFrame:
    from . import indicators

    extra = _indicator_inputs(cities)
    if conc is not None:
        extra["pm25"] = pd.concat([extra["pm25"], conc[["pm25_popw_base_ug_m3", "pm25_popw_scenario_ug_m3"]]],
                                  axis=1)
    table = indicators.city_indicators(cities, deaths=deaths, params=params, **extra)
    new = [c for c in table.columns if c not in cities.columns]
    parts = [cities, extra["co2"].filter(like="co2_saved_"), table[new]]
    parts += [conc[[c for c in conc if c not in table]]] if conc is not None else []
    return gpd.GeoDataFrame(pd.concat(parts, axis=1), geometry=cities.geometry.name, crs=cities.crs)


def run_assessment(layers: dict, params: Params, scenario: str = "fyp", feedback: Feedback | None = None,
                   crs: CRS | None = None, mode: str = "cascade", dispersion: bool = True,
                   health: bool = True, rose=None, report: bool = True, population_raster=None) -> Results:
    """Full assessment of one scenario against the Base case (SPEC §2–§8).

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
    mode : {"cascade", "optimal"}
        Heat allocation: the paper's sequential cascade or the joint CO2-maximising optimum.
    dispersion, health : bool
        Run the PM2.5 grids (SPEC §6) and the health step (SPEC §7; needs dispersion).
    rose : met.WindRose, optional
        Climatology; default :func:`default_rose`.
    report : bool
        Build the HTML report.
    population_raster : str or Path, optional
        Population-count GeoTIFF (persons per cell, any CRS/resolution): weights city concentrations and
        adds per-cell death rasters.
    """
    from . import report as report_mod
    from . import symbiosis

    feedback = feedback or Feedback()
    feedback.progress(0.0, "checking inputs")
    cleaned, warnings = check_inputs(layers, params)
    for w in warnings:
        feedback.warning(str(w))
    metric, crs = geo.to_metric(cleaned, crs)
    feedback.info(f"study CRS: {crs.name}")
    feedback.check()
    sym = symbiosis.assess(metric, params, scenario=scenario, feedback=StepFeedback(feedback, 0.02, 0.45),
                           mode=mode)
    results = Results(params=params, crs=crs, warnings=[str(w) for w in warnings])
    results.layers.update(sym.layers())
    results.tables.update(sym.tables())
    results.tables["savings_by_sector"] = savings_by_sector(sym.plants, sym.sinks)
    conc = deaths = None
    if dispersion:
        feedback.progress(0.45, "PM2.5 dispersion")
        rasters, zonal, (grid, pop) = run_dispersion(sym, params, crs, rose, StepFeedback(feedback, 0.45, 0.85),
                                                     population_raster)
        results.rasters.update(rasters)
        conc = city_concentrations(sym.cities, zonal, params, feedback, observed_pm25(cleaned["cities"], sym.cities))
        if health:
            feedback.progress(0.87, "health")
            deaths = city_deaths(sym.cities, conc, params, feedback)
            if pop is not None:
                results.rasters.update(cell_deaths(rasters, grid, pop, sym.cities, conc, params, feedback))
    results.layers["city_results"] = _city_layer(sym.cities, conc, deaths, params)
    feedback.check()
    if report:
        feedback.progress(0.92, "report")
        results.report_html = report_mod.build_report(results, feedback=feedback)
    feedback.progress(1.0, "done")
    return results
