"""Cities (GeoNames places with Voronoi territories clipped to provinces), urban cores and provinces.

References
----------
GeoNames cities15000 (CC BY 4.0); Natural Earth 10m populated places and 50m urban areas (public domain);
OCHA ROAP, COD-AB China 2020 (provinces).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .sources import read_csv, read_urban_areas

CITY_COLUMNS = ["city_id", "name", "name_zh", "province", "grid_region", "population", "pop_share",
                "core_floor_area_m2", "hdd", "observed_pm25", "gdp_primary", "gdp_secondary", "gdp_tertiary",
                "area_km2", "seed_lon", "seed_lat"]


def assign_polygon(points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame, key: str) -> pd.Series:
    """Value of ``key`` of the polygon containing each point, else of the nearest polygon (same CRS)."""
    inside = gpd.sjoin(points[["geometry"]], polygons[[key, "geometry"]], how="left", predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")][key]
    missing = inside.isna()
    if missing.any():
        nearest = gpd.sjoin_nearest(points.loc[missing, ["geometry"]], polygons[[key, "geometry"]], how="left")
        inside[missing] = nearest[~nearest.index.duplicated(keep="first")][key]
    return inside.reindex(points.index)


def read_places(data_dir, provinces_m: gpd.GeoDataFrame, p) -> gpd.GeoDataFrame:
    """All GeoNames places (metric CRS of ``provinces_m``) with province and Natural Earth Chinese name.

    Chinese names come from the Natural Earth place with the same GeoNames id, else with the same
    English name within the same province.
    """
    geo = read_csv(data_dir, "geonames").sort_values("geonameid").reset_index(drop=True)
    places = gpd.GeoDataFrame(
        {"city_id": "CN" + geo["geonameid"].astype(str), "geonameid": geo["geonameid"], "name": geo["name"],
         "population": geo["population"].astype(float), "lon": geo["longitude"], "lat": geo["latitude"]},
        geometry=gpd.points_from_xy(geo["longitude"], geo["latitude"]), crs="EPSG:4326").to_crs(provinces_m.crs)
    places["province"] = assign_polygon(places, provinces_m, "province")
    places["name_zh"] = chinese_names(data_dir, places, p)
    places["population"] = agglomeration_capped_population(data_dir, places)
    places["agglomeration"] = agglomeration_seat(data_dir, places)
    return places


def agglomeration_capped_population(data_dir, places: pd.DataFrame) -> pd.Series:
    """Place population (persons) = min(GeoNames population, Natural Earth POP_MAX) where Natural Earth has
    the place (same GeoNames id); GeoNames population otherwise.

    GeoNames gives many Chinese seats the population of their whole administrative unit (Beijing 18.96 M,
    Tianjin 11.09 M, Chengdu 13.6 M: municipality / prefecture totals including rural counties), while the
    districts and towns of that unit are listed as places of their own. Natural Earth POP_MAX is the
    population of the urban agglomeration (Beijing 11.1 M, Tianjin 7.18 M). Capping at it keeps each place
    to at most its built-up agglomeration, so the people of separately listed districts are not counted
    twice and a seat's people sit on an urban-sized territory. Rule: ``data_build.population_rule``.

    References
    ----------
    Natural Earth 10m populated places v5 (POP_MAX: urban-agglomeration population, POP_MIN: city proper);
    GeoNames cities15000.
    """
    ne = read_csv(data_dir, "ne_places")
    pop_max = ne[ne["GEONAMEID"] > 0].drop_duplicates("GEONAMEID").set_index("GEONAMEID")["POP_MAX"]
    cap = places["geonameid"].map(pop_max).astype(float)
    return places["population"].where(cap.isna() | (places["population"] <= cap), cap)


def agglomeration_seat(data_dir, places: gpd.GeoDataFrame) -> pd.Series:
    """city_id of the Natural Earth agglomeration each place is part of (null for the others).

    A place is part of an agglomeration when Natural Earth does not list it (no POP_MAX of its own) and it
    lies in the same Natural Earth urban-area polygon, and the same province, as a place Natural Earth does
    list (the most populous such place is the seat). The seat's POP_MAX already counts the whole built-up
    agglomeration (Shanghai 14.99 M), so the districts GeoNames lists beside it (Puxi 6.68 M, Pudong 5.68 M,
    Baoshan 2.27 M …) would count its people twice and, as Voronoi seeds of their own, squeeze the
    agglomeration onto a few km² (Shanghai's 15 M on 13.5 km²). Rule: ``data_build.agglomeration_rule``.

    References
    ----------
    Natural Earth 10m populated places v5 (POP_MAX) and 50m urban areas; GeoNames cities15000.
    """
    ne = read_csv(data_dir, "ne_places")
    listed = places["geonameid"].isin(ne.loc[ne["GEONAMEID"] > 0, "GEONAMEID"])
    urban = read_urban_areas(data_dir).to_crs(places.crs).reset_index(names="urban_area")
    hit = gpd.sjoin(places[["city_id", "province", "population", "geometry"]], urban[["urban_area", "geometry"]],
                    predicate="within")
    hit = hit[~hit.index.duplicated(keep="first")]
    seats = hit[listed.reindex(hit.index)].sort_values("population", ascending=False)
    seat = seats.drop_duplicates(["urban_area", "province"]).set_index(["urban_area", "province"])["city_id"]
    parts = hit[~listed.reindex(hit.index)]
    found = pd.Series(seat.reindex(pd.MultiIndex.from_frame(parts[["urban_area", "province"]])).to_numpy(),
                      index=parts.index)
    return found.reindex(places.index)


def without_agglomeration_parts(places: pd.DataFrame) -> pd.DataFrame:
    """``places`` less those that are part of an agglomeration whose seat is among them (their people are
    in the seat's POP_MAX; their ground goes to the seat's territory). ``data_build.agglomeration_rule``."""
    return places[~places["agglomeration"].isin(places["city_id"])]


def chinese_names(data_dir, places: pd.DataFrame, p) -> pd.Series:
    """Natural Earth NAME_ZH matched by GeoNames id, then by English name (unique matches only), with the
    documented corrections of ``data_build.name_zh_corrections`` applied."""
    ne = read_csv(data_dir, "ne_places")
    by_id = ne[ne["GEONAMEID"] > 0].drop_duplicates("GEONAMEID").set_index("GEONAMEID")["NAME_ZH"]
    unique_names = ne.drop_duplicates("NAME", keep=False).set_index("NAME")["NAME_ZH"]
    names = places["geonameid"].map(by_id).fillna(places["name"].map(unique_names))
    corrections = {int(k): v for k, v in p.get("data_build.name_zh_corrections").items()}
    return places["geonameid"].map(corrections).fillna(names)


def voronoi_cells(seeds: gpd.GeoSeries, area) -> list:
    """Voronoi cell of each seed (in order) clipped to ``area`` (metric CRS)."""
    if len(seeds) == 1:
        return [area]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(seeds.values)), extend_to=area, ordered=True)
    return [shapely.intersection(cell, area) for cell in shapely.get_parts(cells)]


def territories(seeds: gpd.GeoDataFrame, provinces_m: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Per province, the Voronoi cells of its seed places clipped to the (study-area) province polygon."""
    frames = []
    for province in provinces_m.itertuples():
        own = seeds[seeds["province"] == province.province]
        if own.empty:
            continue
        cells = voronoi_cells(own.geometry, shapely.make_valid(province.geometry))
        frames.append(gpd.GeoDataFrame({"city_id": own["city_id"].values}, geometry=cells, crs=seeds.crs))
    cells = pd.concat(frames, ignore_index=True)
    cells = cells[~cells.geometry.is_empty].copy()
    cells["geometry"] = cells.geometry.make_valid()
    return cells


def city_population(places: gpd.GeoDataFrame, seeds: gpd.GeoDataFrame, cells: gpd.GeoDataFrame) -> pd.Series:
    """Seed population plus the non-seed places whose point lies in (or nearest to) the territory."""
    others = places[~places["city_id"].isin(seeds["city_id"])]
    if others.empty:
        return seeds.set_index("city_id")["population"]
    owner = assign_polygon(others, cells, "city_id")
    extra = others["population"].groupby(owner).sum()
    return seeds.set_index("city_id")["population"].add(extra, fill_value=0.0)


def build_cities(places, seeds, provinces_study_m, province_population: pd.Series, grid: dict, p) -> gpd.GeoDataFrame:
    """Cities layer (metric CRS): territory polygons with population, shares and floor area.

    ``places`` are the study area's places, ``seeds`` those of them that get a territory.

    core_floor_area_m2 = population × per-capita urban floor area (Ramaswami et al. 2017 Table 1 /
    2010 census); GDP left null (no cited city values in the shared data); hdd null here, filled by
    build_inputs from the GB 50176-2016 zone of the province (uis_qgis.climate).
    """
    cells = territories(seeds, provinces_study_m)
    seeds = seeds[seeds["city_id"].isin(cells["city_id"])]
    population = city_population(places, seeds, cells)
    cities = cells.merge(seeds.drop(columns="geometry"), on="city_id")
    cities["population"] = cities["city_id"].map(population).astype(float)
    cities["pop_share"] = cities["population"] / cities["province"].map(province_population)
    cities["grid_region"] = cities["province"].map(grid)
    cities["core_floor_area_m2"] = cities["population"] * p.get("data_build.floor_area_m2_per_capita")
    cities["area_km2"] = cities.geometry.area / 1e6
    cities["seed_lon"], cities["seed_lat"] = cities["lon"], cities["lat"]
    for column in ("hdd", "observed_pm25", "gdp_primary", "gdp_secondary", "gdp_tertiary"):
        cities[column] = np.nan
    return cities[CITY_COLUMNS + ["geometry"]].sort_values("city_id").reset_index(drop=True)


def urban_cores(urban_m: gpd.GeoDataFrame, cities_m: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Natural Earth urban areas cut by the city territories; each piece carries its city's city_id."""
    pieces = gpd.overlay(urban_m[["geometry"]], cities_m[["city_id", "geometry"]], how="intersection",
                         keep_geom_type=True)
    pieces = pieces.dissolve(by="city_id", as_index=False).explode(index_parts=False)
    pieces["area_km2"] = pieces.geometry.area / 1e6
    pieces = pieces[pieces["area_km2"] > 0].copy()
    pieces["cx"], pieces["cy"] = pieces.geometry.centroid.x.round(1), pieces.geometry.centroid.y.round(1)
    pieces = pieces.sort_values(["city_id", "cx", "cy"]).reset_index(drop=True)
    pieces["core_id"] = [f"core_{i:05d}" for i in range(len(pieces))]
    return pieces[["core_id", "city_id", "area_km2", "geometry"]]


def observed_pm25_ug_m3(data_dir) -> float:
    """Mean of all valid hourly PM2.5 readings at Beijing Dongsi, 2013-03 … 2017-02 (µg/m³).

    References
    ----------
    Zhang, S. et al. 2017, Proc. R. Soc. A 473:20170457; UCI Beijing Multi-Site Air-Quality Data (CC BY 4.0).
    """
    hourly = read_csv(data_dir, "uci")
    return float(pd.to_numeric(hourly["PM2.5"], errors="coerce").mean())


def build_provinces(provinces_study, co2_by_sector, cement_t: pd.Series, grid: dict) -> gpd.GeoDataFrame:
    """Provinces layer: province, province_zh, grid_region, cement_production_t (NBS 2012 × CEADs share)."""
    out = provinces_study.copy()
    out["grid_region"] = out["province"].map(grid)
    out["cement_production_t"] = out["province"].map(cement_t)
    out["fly_ash_reuse_rate"] = np.nan
    return out[["province", "province_zh", "adm1_pcode", "grid_region", "cement_production_t",
                "fly_ash_reuse_rate", "geometry"]]
