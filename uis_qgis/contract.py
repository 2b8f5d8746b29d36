"""The input contract (SPEC §1): layer schemas and the domain checks every entry point runs before computing.

:mod:`uis_qgis.validate` is the generic library (a schema, field and geometry checks, :class:`Problem`);
this module says what *our* layers must hold: their schemas, known sector codes, plausibility bounds, urban
cores referring to existing cities, and plants far from every city. The CLI, the full assessment, the step
algorithms (waste heat, health) and *Check inputs* all call :func:`check_layers` / :func:`check_inputs`, so
a layer is judged the same way everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from . import geo
from .params import Params
from .validate import (LayerSchema, Problem, bound_problems, check_layer, clean_layer, has_geometry,
                       raise_errors, restore_field_names, to_number)
from .vocabulary import INPUT_LAYERS, REQUIRED_LAYERS, SECTORS

PLANT_OPTIONAL_NUMERIC = (
    "production_t", "electricity_mwh", "capacity_mw", "generation_mwh", "chp", "stack_height_m",
    "stack_diameter_m", "exit_velocity_m_s", "exit_temp_k", "pm25_control", "fly_ash_t", "slag_t",
)

SCHEMAS = {
    "plants": LayerSchema(
        "plants", "plant_id", required_numeric=("fuel_tce",), required_text=("sector",),
        optional_numeric=PLANT_OPTIONAL_NUMERIC, geometry=("Point",),
        nonnegative=("fuel_tce",) + PLANT_OPTIONAL_NUMERIC,
        optional_text=("name", "province", "grid_region", "city_id", "fuel_type"),
    ),
    "cities": LayerSchema(
        "cities", "city_id", required_numeric=("population",),
        optional_numeric=("core_floor_area_m2", "hdd", "gdp_primary", "gdp_secondary", "gdp_tertiary",
                          "observed_pm25", "area_km2"),
        geometry=("Polygon", "Point"), nonnegative=("population", "core_floor_area_m2", "hdd", "observed_pm25"),
        optional_text=("name", "province", "grid_region"),
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
        optional_text=("grid_region",),
    ),
}
# layer → (field, parameter holding the bound, where the bound comes from)
PLAUSIBILITY_BOUNDS = {
    "plants": ("fuel_tce", "general.max_plant_fuel_tce", "China's total energy use"),
    "cities": ("population", "general.max_city_population", "China's population"),
}


@dataclass
class CheckedInputs:
    """Checked, cleaned copies of the input layers in one metric study CRS, and the warnings found."""

    layers: dict
    crs: CRS
    warnings: list = field(default_factory=list)


def _with_core_ids(cores: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    if cores is None or "core_id" in cores.columns:
        return cores
    out = cores.copy()
    out["core_id"] = [f"core{i + 1}" for i in range(len(out))]
    return out


def sector_problems(plants: gpd.GeoDataFrame, params: Params) -> list[Problem]:
    """Plants whose ``sector`` is not one of :data:`~uis_qgis.vocabulary.SECTORS` (one problem naming the codes
    and ids)."""
    if "sector" not in plants.columns or len(plants) == 0:
        return []
    known = set(SECTORS)
    sector = plants["sector"].astype("string").str.strip().str.lower()
    bad = ~sector.isin(known)
    if not bad.any():
        return []
    return [Problem("plants", "sector", tuple(plants.loc[bad, "plant_id"].astype(str)),
                    f"has unknown sector codes {sorted(set(plants.loc[bad, 'sector'].astype(str)))}; "
                    f"use one of {', '.join(sorted(known))}")]


def plausibility_problems(layers: dict, params: Params) -> list[Problem]:
    """Values no single feature can have (cited bounds in ``general.toml``): a plant burning more fuel than
    the whole of China, a city with more people than China."""
    return [p for layer, (col, name, why) in PLAUSIBILITY_BOUNDS.items()
            for p in bound_problems(layers.get(layer), SCHEMAS[layer], col, float(params.get(name)), why)]


def reference_problems(layers: dict) -> list[Problem]:
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


def far_from_cities_problems(plants_m: gpd.GeoDataFrame, cities_m: gpd.GeoDataFrame,
                             params: Params) -> list[Problem]:
    """Warning for plants farther than ``general.far_from_cities_warning_m`` from every city polygon
    (outside the study area, or wrong coordinates); they count only in rest-of-province totals.

    Both layers must be in the same metric CRS.
    """
    limit_m = float(params.get("general.far_from_cities_warning_m"))
    points, polygons = plants_m.geometry.to_numpy(), cities_m.geometry.to_numpy()
    near, _ = shapely.STRtree(polygons).query(points, predicate="dwithin", distance=limit_m)
    far = np.ones(len(points), bool)
    far[near] = False
    if not far.any():
        return []
    return [Problem("plants", "geometry", tuple(plants_m.loc[far, "plant_id"]),
                    f"is farther than {limit_m / 1000:.0f} km from every city (outside the study area?); these "
                    "plants count only in province totals — check their coordinates and the layer's CRS",
                    severity="warning")]


CIRCLE_QUAD_SEGS = 16  # a city given as a point becomes a 64-gon (shapely buffer, 16 segments per quarter)


def city_point_problems(cities) -> list[Problem]:
    """Cities given as points (SPEC §1: point + ``area_km2``) without a positive ``area_km2``."""
    if cities is None or len(cities) == 0 or not has_geometry(cities):
        return []
    points = cities.geometry.geom_type.isin(["Point", "MultiPoint"]).to_numpy()
    area = to_number(cities["area_km2"]).to_numpy(float) if "area_km2" in cities else np.full(len(cities), np.nan)
    bad = points & ~(area > 0)
    if not bad.any():
        return []
    return [Problem("cities", "area_km2", tuple(cities.loc[bad, "city_id"].astype(str)) if "city_id" in cities
                    else tuple(np.flatnonzero(bad)),
                    "must be > 0 (km²) for cities given as points: each point becomes a circle of that area; give "
                    "area_km2 or a polygon")]


def cities_as_polygons(cities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cities given as points replaced by circles of their ``area_km2`` (SPEC §1), in the layer's own CRS.

    Each circle is a regular polygon of ``4 * CIRCLE_QUAD_SEGS`` vertices drawn in the cities' metric study CRS
    (:func:`uis_qgis.geo.study_crs`), its radius then scaled so that its area on the WGS 84 ellipsoid equals
    ``area_km2`` (to 1e-6). Polygons are kept; the input is not modified.
    """
    points = cities.geometry.geom_type.isin(["Point", "MultiPoint"]).to_numpy()
    if not points.any():
        return cities
    from pyproj import Geod

    target_m2 = cities.loc[points, "area_km2"].to_numpy(float) * 1e6
    metric_crs = geo.study_crs(geo.lonlat_bounds([cities.loc[points]]))
    centres = shapely.centroid(cities.loc[points].to_crs(metric_crs).geometry.values)
    n = 4 * CIRCLE_QUAD_SEGS
    radius_m = np.sqrt(target_m2 / (n / 2 * np.sin(2 * np.pi / n)))

    def circles(radius_m):
        return gpd.GeoSeries(shapely.buffer(centres, radius_m, quad_segs=CIRCLE_QUAD_SEGS), crs=metric_crs)

    on_earth_m2 = np.array([abs(Geod(ellps="WGS84").geometry_area_perimeter(g)[0])
                            for g in circles(radius_m).to_crs(geo.WGS84)])
    out = cities.copy()
    out.loc[points, out.geometry.name] = circles(radius_m * np.sqrt(target_m2 / on_earth_m2)).to_crs(cities.crs).values
    return out


def _problems(layers: dict, params: Params, required) -> list[Problem]:
    problems = [Problem(name, "", (), "is required but was not given")
                for name in required if layers.get(name) is None]
    for name, schema in SCHEMAS.items():
        if layers.get(name) is not None:
            problems += check_layer(layers[name], schema)
    if layers.get("plants") is not None:
        problems += sector_problems(layers["plants"], params)
    problems += city_point_problems(layers.get("cities"))
    return problems + plausibility_problems(layers, params) + reference_problems(layers)


def _cleaned(layers: dict) -> dict:
    cleaned = {name: (None if layers.get(name) is None else clean_layer(layers[name], SCHEMAS[name]))
               for name in SCHEMAS if name in layers}
    if cleaned.get("cities") is not None:
        cleaned["cities"] = cities_as_polygons(cleaned["cities"])
    if cleaned.get("plants") is not None:
        cleaned["plants"]["sector"] = cleaned["plants"]["sector"].astype(str).str.strip().str.lower()
    return cleaned


def check_layers(layers: dict, params: Params, required=()) -> tuple[dict, list[Problem]]:
    """Schema and domain checks of the given layers only (a step algorithm's inputs); cleaned copies in their
    own CRS and the warnings, or :class:`~uis_qgis.validate.InputError` listing every problem at once."""
    layers = {name: (None if name not in required and gdf is not None and len(gdf) == 0 else gdf)
              for name, gdf in layers.items()}  # an empty optional layer means "none" (issue 14)
    named = {name: restore_field_names(gdf, SCHEMAS[name]) for name, gdf in layers.items()}
    layers = {name: gdf for name, (gdf, _) in named.items()}
    name_warnings = [w for _, found in named.values() for w in found]
    if "urban_cores" in layers:
        layers["urban_cores"] = _with_core_ids(layers["urban_cores"])
    warnings = raise_errors(name_warnings + _problems(layers, params, required))
    return _cleaned(layers), warnings


def check_inputs(layers: dict, params: Params, crs: CRS | None = None) -> CheckedInputs:
    """Check every input layer, clean copies and reproject them once to the metric study CRS.

    Every problem of every layer is collected before raising ``InputError``, so the user sees them all at
    once. ``crs`` defaults to :func:`uis_qgis.geo.study_crs` of the layers' extent; the inputs are never
    modified.
    """
    cleaned, warnings = check_layers({name: layers.get(name) for name in INPUT_LAYERS}, params, REQUIRED_LAYERS)
    metric, crs = geo.to_metric(cleaned, crs)
    warnings += far_from_cities_problems(metric["plants"], metric["cities"], params)
    return CheckedInputs(metric, crs, warnings)
