"""Plants layer: GEM coal units aggregated to plants, GEM steel plants, CEADs-downscaled city clusters.

References
----------
Global Energy Monitor, Global Coal Plant Tracker, July 2023 (CC BY 4.0).
Global Energy Monitor, Global Iron and Steel Tracker, September 2025 (CC BY 4.0).
Shan, Y. et al. 2018, China CO2 emission accounts 1997–2015, Sci. Data 5:170201 (CEADs).
Ramaswami, A. et al. 2017, Nature Climate Change 7:736, Table 1 and Methods (a), (e).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from uis_qgis.vocabulary import normalise_province

from .sources import read_csv

COAL = {"unit": "GEM unit/phase ID", "loc": "GEM location ID", "name": "Plant name",
        "name_zh": "Plant name (local)", "mw": "Capacity (MW)", "status": "Status",
        "province": "Subnational unit (province, state)", "lat": "Latitude", "lon": "Longitude",
        "cf": "Capacity factor", "heat_rate": "Heat rate (Btu per kWh)",
        "chp_ind": "Captive industry use", "chp_res": "Captive residential use"}
PLANT_COLUMNS = ["plant_id", "name", "name_zh", "sector", "fuel_tce", "production_t", "capacity_mw",
                 "generation_mwh", "electricity_mwh", "fuel_type", "chp", "province", "source"]


def coal_unit_fuel_tce(mw, capacity_factor, heat_rate_btu_kwh, p) -> np.ndarray:
    """Annual coal input of coal units, tce.

    fuel = MW × CF × 8760 h × 1000 kWh/MWh × heat rate (Btu/kWh) × kJ/Btu ÷ (GJ/tce × 10⁶ kJ/GJ).

    Parameters
    ----------
    mw : array, MW; capacity_factor : array, -; heat_rate_btu_kwh : array, Btu/kWh; p : Params.

    References
    ----------
    GEM Global Coal Plant Tracker July 2023 (capacity, capacity factor, heat rate columns); GB/T 2589-2008.
    """
    gen_kwh = np.asarray(mw, float) * np.asarray(capacity_factor, float) * p.get("data_build.hours_per_year") * 1e3
    heat_gj = gen_kwh * np.asarray(heat_rate_btu_kwh, float) * p.get("data_build.kj_per_btu") / 1e6
    return heat_gj / p.get("general.gj_per_tce")


def chp_flag(units: pd.DataFrame, p) -> pd.Series:
    """1 where GEM's captive-use columns say CHP/heat or the plant name says cogeneration (热电, Cogen), else 0."""
    by_column = (units[COAL["chp_ind"]].isin(p.get("data_build.chp_industry_values"))
                 | units[COAL["chp_res"]].isin(p.get("data_build.chp_residential_values")))
    names = units[COAL["name_zh"]].fillna("") + " " + units[COAL["name"]].fillna("")
    by_name = names.str.contains("|".join(p.get("data_build.chp_name_keywords")), regex=True)
    return (by_column | by_name).astype(int)


def coal_plants(data_dir, p) -> gpd.GeoDataFrame:
    """Operating GEM coal units aggregated to plants by GEM location ID (sector ``power``)."""
    units = read_csv(data_dir, "coal")
    units = units[units[COAL["status"]].isin(p.get("data_build.coal_status_kept"))].copy()
    units["fuel_tce"] = coal_unit_fuel_tce(units[COAL["mw"]], units[COAL["cf"]], units[COAL["heat_rate"]], p)
    units["generation_mwh"] = units[COAL["mw"]] * units[COAL["cf"]] * p.get("data_build.hours_per_year")
    units["chp"] = chp_flag(units, p)
    grouped = units.sort_values(COAL["unit"]).groupby(COAL["loc"], sort=True)
    plants = pd.DataFrame({
        "plant_id": "coal_" + grouped.size().index.astype(str),
        "name": grouped[COAL["name"]].first().values,
        "name_zh": grouped[COAL["name_zh"]].first().values,
        "sector": "power",
        "fuel_tce": grouped["fuel_tce"].sum().values,
        "production_t": np.nan,
        "capacity_mw": grouped[COAL["mw"]].sum().values,
        "generation_mwh": grouped["generation_mwh"].sum().values,
        "electricity_mwh": np.nan,
        "fuel_type": "coal",
        "chp": grouped["chp"].max().values,
        "province": grouped[COAL["province"]].first().map(normalise_province).values,
        "source": "GEM Global Coal Plant Tracker 2023-07",
    })
    geometry = gpd.points_from_xy(grouped[COAL["lon"]].mean().values, grouped[COAL["lat"]].mean().values)
    return gpd.GeoDataFrame(plants, geometry=geometry, crs="EPSG:4326")


def steel_capacity_t(data_dir, p) -> pd.Series:
    """Crude-steel capacity per GEM plant ID in the kept statuses, t/yr."""
    caps = read_csv(data_dir, "steel_capacities")
    caps = caps[caps["Status"].isin(p.get("data_build.steel_status_kept"))]
    ttpa = pd.to_numeric(caps["Nominal crude steel capacity (ttpa)"], errors="coerce").fillna(0.0)
    total = ttpa.groupby(caps["Plant ID"]).sum() * p.get("data_build.steel_tonnes_per_ttpa")
    return total[total > 0].sort_index()


def steel_utilisation(capacity_t: pd.Series, p) -> float:
    """National capacity utilisation = national crude-steel output / Σ GEM capacity (-).

    References
    ----------
    worldsteel, World Steel in Figures 2024 (China 2023 crude steel); GEM Global Iron and Steel Tracker.
    """
    return float(p.get("data_build.china_crude_steel_t") / capacity_t.sum())


def steel_plants(data_dir, p) -> tuple[gpd.GeoDataFrame, float]:
    """GEM iron and steel plants with crude-steel capacity in operation (sector ``steel``).

    production_t = capacity × national utilisation; fuel_tce = production × 0.572 tce/t × thermal share.

    References
    ----------
    Ramaswami et al. 2017 Table 1 (0.572 tce/t; electricity/thermal split derived from the FYP line).
    """
    capacity = steel_capacity_t(data_dir, p)
    utilisation = steel_utilisation(capacity, p)
    info = read_csv(data_dir, "steel_plants").drop_duplicates("Plant ID").set_index("Plant ID")
    info = info.loc[capacity.index]
    latlon = info["Coordinates"].str.split(",", expand=True).astype(float)
    production = capacity.values * utilisation
    plants = pd.DataFrame({
        "plant_id": "steel_" + capacity.index.astype(str),
        "name": info["Plant name (English)"].values,
        "name_zh": info["Plant name (other language)"].values,
        "sector": "steel",
        "fuel_tce": production * p.get("data_build.steel_energy_tce_per_t") * p.get("data_build.steel_thermal_share"),
        "production_t": production,
        "capacity_mw": np.nan, "generation_mwh": np.nan, "electricity_mwh": np.nan,
        "fuel_type": "coal", "chp": 0,
        "province": info["Subnational unit (province/state)"].map(normalise_province).values,
        "source": "GEM Global Iron and Steel Tracker 2025-09",
    })
    geometry = gpd.points_from_xy(latlon[1].values, latlon[0].values)
    return gpd.GeoDataFrame(plants, geometry=geometry, crs="EPSG:4326"), utilisation


def ceads_province_sector_co2_t(data_dir, p) -> pd.DataFrame:
    """CEADs 2012 CO2 per province × model sector code (t/yr), columns = sector codes."""
    ceads = read_csv(data_dir, "ceads")
    ceads["province"] = ceads["province"].map(normalise_province)
    table = {}
    for code, names in sorted(p.group("data_build.ceads_sectors").items()):
        rows = ceads[ceads["sector"].isin(names)]
        table[code] = rows.groupby("province")["co2_mt"].sum() * p.get("data_build.co2_t_per_mt")
    return pd.DataFrame(table).fillna(0.0).sort_index()


def co2_t_per_tce(p) -> float:
    """The model's coal CO2 factor per tce (emissions.co2_t_per_t_coal / emissions.tce_per_t_coal)."""
    return p.get("emissions.co2_t_per_t_coal") / p.get("emissions.tce_per_t_coal")


def province_cement_t(co2_by_sector: pd.DataFrame, p) -> pd.Series:
    """Provincial cement output: national NBS 2012 total spread by the CEADs non-metallic-mineral CO2 share."""
    cement = co2_by_sector["cement"]
    return cement / cement.sum() * p.get("data_build.china_cement_t_2012")


GOLDEN_ANGLE_DEG = 137.50776405003785  # 360 × (2 − φ): cities' rings turn by an irrational step of their id


def cluster_points(cities: gpd.GeoDataFrame, sectors, p) -> dict:
    """Where each city's sector clusters sit (metric CRS of ``cities``): {(city_id, sector): Point}.

    Rule (issue 11 item 6, documented in resources/sample/README.md): industry sits at the edge of the built-up
    area, not on the city's seed place. The built-up area is a disc of population ×
    ``data_build.built_up_m2_per_capita`` around the seed; sector k of n (sorted) sits on its rim at bearing
    (digits of city_id × golden angle + 360° k / n), so a city's clusters are the same in the national set and
    in any box. A rim point outside the city's territory is pulled towards the seed (half, quarter radius, then
    the seed). Users replace clusters by their own facility points.
    """
    seeds = gpd.GeoSeries(gpd.points_from_xy(cities["seed_lon"], cities["seed_lat"]), crs="EPSG:4326")
    seeds = seeds.to_crs(cities.crs)
    per_capita = p.get("data_build.built_up_m2_per_capita")
    sectors = sorted(sectors)
    out = {}
    for city, seed, territory in zip(cities.itertuples(), seeds, cities.geometry):
        radius = np.sqrt(max(city.population, 0.0) * per_capita / np.pi)
        turn = (int("".join(filter(str.isdigit, str(city.city_id))) or 0) * GOLDEN_ANGLE_DEG) % 360.0
        for k, sector in enumerate(sectors):
            bearing = np.radians(turn + 360.0 * k / len(sectors))
            point = seed
            for scale in (1.0, 0.5, 0.25):
                candidate = shapely.Point(seed.x + scale * radius * np.sin(bearing),
                                          seed.y + scale * radius * np.cos(bearing))
                if territory.contains(candidate):
                    point = candidate
                    break
            out[(city.city_id, sector)] = point
    return out


def industry_clusters(cities: gpd.GeoDataFrame, co2_by_sector: pd.DataFrame, cement_t: pd.Series,
                      p) -> gpd.GeoDataFrame:
    """One point per city and sector on the rim of the city's built-up area, downscaled by population share.

    fuel_tce = CO2(province, sector) × pop_share / (t CO2 per tce); cement clusters also carry
    production_t = provincial cement × pop_share. Positions: :func:`cluster_points`.

    Parameters
    ----------
    cities : GeoDataFrame (metric CRS) with city_id, province, population, pop_share (of the province),
        seed_lon, seed_lat and the territory polygons.
    co2_by_sector : province × sector CO2, t/yr.  cement_t : provincial cement output, t/yr.

    References
    ----------
    Ramaswami et al. 2017 Methods (e) (smaller sectors downscaled); Shan et al. 2018 (CEADs 2012).
    """
    rows, geometry = [], []
    factor = co2_t_per_tce(p)
    where = cluster_points(cities, co2_by_sector.columns, p)
    for city in cities.itertuples():
        if city.province not in co2_by_sector.index:
            continue
        for sector, co2_t in co2_by_sector.loc[city.province].items():
            fuel = co2_t * city.pop_share / factor
            if fuel <= 0:
                continue
            production = cement_t.get(city.province, np.nan) * city.pop_share if sector == "cement" else np.nan
            rows.append({"plant_id": f"{sector}_{city.city_id}", "name": f"{city.name} {sector} cluster",
                         "name_zh": None, "sector": sector, "fuel_tce": fuel, "production_t": production,
                         "capacity_mw": np.nan, "generation_mwh": np.nan, "electricity_mwh": np.nan,
                         "fuel_type": "coal", "chp": 0, "province": city.province,
                         "source": "CEADs 2012 provincial sector CO2 downscaled by population share"})
            geometry.append(where[(city.city_id, sector)])
    frame = pd.DataFrame(rows, columns=PLANT_COLUMNS)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=cities.crs), crs=cities.crs)
