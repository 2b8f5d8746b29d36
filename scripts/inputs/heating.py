"""Existing district heating (DES) as documented proxies: no open city-level DES coverage dataset exists.

Coverage is known by province. The national 2010 existing-DES floor area (4.4 billion m², Ramaswami et al.
2017 Table 2) is spread over the northern heating-zone provinces by their share of the centrally heated
area in the China Statistical Yearbook (2008 data, CSY 2009 Table 10-9). A province's coverage share is its
DES floor area ÷ the core floor area of all its places in the national build (population × per-capita floor
area), at most 1. Every city of the northern zone with an urban core gets one DES polygon: the part of its
urban cores within the hot-water CHP supply radius of an operating CHP coal plant when there is one, else all
its urban cores. Floor area served = the city's core floor area × its province's coverage share; heat
supplied = floor area × northern urban heat intensity.

References
----------
Ramaswami, A. et al. 2017, Nature Climate Change 7:736, Table 2 (existing DES serve 4.4 billion m²);
National Bureau of Statistics of China, China Statistical Yearbook 2009, Table 10-9 (area of centralized
heating by region, 2008); NDRC/NEA et al. 2016, 热电联产管理办法 (CHP supply radius 20 km); Tsinghua BERC 2024,
Decarbonize Urban Heating System, ch. 3 (5.95 billion GJ for 15.6 billion m²).
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

COLUMNS = ["des_id", "city_id", "coverage_share", "floor_area_m2", "heat_supplied_gj", "chp_plants", "geometry"]


def province_des_floor_m2(p) -> pd.Series:
    """Existing-DES floor area per northern-zone province (m²): national 2010 total × CSY 2008 share."""
    zone = p.get("data_build.chp_heating_provinces")
    area_2008 = pd.Series({name: float(p.get("data_build.des_heated_area_2008_1e4_m2")[name]) for name in zone})
    return p.get("data_build.des_existing_floor_area_m2") * area_2008 / area_2008.sum()


def province_coverage_share(province_population: pd.Series, p) -> pd.Series:
    """Share (-) of a northern-zone province's core floor area served by existing DES, at most 1.

    share = DES floor (province) ÷ (population of all the province's places × per-capita floor area).

    Parameters
    ----------
    province_population : persons per province, summed over ALL places of the national build (so a
        box build uses the same shares as the national one).
    p : Params.
    """
    des_floor = province_des_floor_m2(p)
    floor = province_population.reindex(des_floor.index) * p.get("data_build.floor_area_m2_per_capita")
    return (des_floor / floor).clip(upper=1.0).dropna()


def chp_heat_sources(plants_m: gpd.GeoDataFrame, p) -> gpd.GeoDataFrame:
    """Operating CHP coal plants located in the northern heating provinces."""
    northern = plants_m["province"].isin(p.get("data_build.chp_heating_provinces"))
    return plants_m[(plants_m["sector"] == "power") & (plants_m["chp"] == 1) & northern]


def district_heating(plants_m, cores_m, cities_m, coverage: pd.Series, p) -> gpd.GeoDataFrame:
    """DES proxy polygons (metric CRS): des_id, city_id, coverage_share, floor_area_m2, heat_supplied_gj,
    chp_plants (";"-joined plant ids within the supply radius, null when none)."""
    cities = cities_m.set_index("city_id")
    share = cities["province"].map(coverage).dropna()
    cores = cores_m[cores_m["city_id"].isin(share[share > 0].index)]
    if cores.empty:
        return gpd.GeoDataFrame(columns=COLUMNS, geometry="geometry", crs=cores_m.crs)
    areas = cores.dissolve(by="city_id").geometry
    sources = chp_heat_sources(plants_m, p)
    radius_m = p.get("data_build.des_radius_m")
    if not sources.empty:
        near = areas.intersection(sources.buffer(radius_m).union_all())
        has_near = ~near.is_empty & (near.area > 0)
        areas = near.where(has_near, areas)
    des = gpd.GeoDataFrame({"city_id": areas.index}, geometry=areas.values, crs=cores_m.crs)
    des["coverage_share"] = share.reindex(des["city_id"]).values
    des["floor_area_m2"] = cities["core_floor_area_m2"].reindex(des["city_id"]).values * des["coverage_share"]
    des["heat_supplied_gj"] = des["floor_area_m2"] * p.get("data_build.heat_intensity_gj_per_m2")
    des["chp_plants"] = [_plants_within(sources, geom, radius_m) for geom in des.geometry]
    des["des_id"] = "des_" + des["city_id"]
    return des[COLUMNS].sort_values("des_id").reset_index(drop=True)


def _plants_within(sources: gpd.GeoDataFrame, service_area, radius_m: float):
    near = sources[sources.distance(service_area) <= radius_m]
    return ";".join(sorted(near["plant_id"])) if len(near) else None
