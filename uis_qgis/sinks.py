"""Heat sinks and their demand (SPEC §3; Ramaswami et al. 2017, Methods (c)(B)–(D)): sink industries, existing
district heating (DES) and new 4th-generation district heating in urban cores, each valued by the CO2 its heat
displaces (t CO2/GJ)."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from . import efficiency, emissions
from .frames import fill_missing, numeric_column, polygon_attribute, text_column
from .params import Params


def _heat_co2_per_gj(efficiency_, coal_share, params: Params) -> np.ndarray:
    coal = emissions.coal_co2_t_for_heat(1.0, efficiency_, params)
    gas = emissions.gas_co2_t_for_heat(1.0, params)
    return coal_share * coal + (1.0 - coal_share) * gas



def industry_sinks(plants: gpd.GeoDataFrame, params: Params) -> gpd.GeoDataFrame:
    """Sink industries: demand = scenario thermal fuel × process-heat share × boiler efficiency (GJ/yr).

    References
    ----------
    Ramaswami et al. 2017, Methods (c)(B) and Supplementary Table 3b (sink industries).
    """
    sinks = plants[plants["sector"].isin(params.get("sectors.sink_industries"))]
    eff = params.get("cascade.boiler_efficiency_industry")
    demand = sinks["fuel_eff_tce"].to_numpy(float) * params.get("general.gj_per_tce") * \
        params.get("cascade.sink_heat_share") * eff
    return gpd.GeoDataFrame({
        "sink_id": sinks["plant_id"].astype(str).to_numpy(), "plant_index": sinks.index.to_numpy(),
        "city_id": sinks["city_id"].to_numpy(object), "province": sinks["province"].to_numpy(object),
        "technology": sinks["sector"].to_numpy(object), "efficiency": eff, "coal_share": 1.0,
        "demand_gj": demand, "demand_base_gj": demand,
    }, geometry=sinks.geometry.values, crs=plants.crs)



def des_sinks(des: gpd.GeoDataFrame | None, cities: gpd.GeoDataFrame, params: Params, scenario: str,
              crs) -> gpd.GeoDataFrame:
    """Existing district heating: demand = ``heat_supplied_gj`` × building heat factor of the scenario.

    References
    ----------
    Ramaswami et al. 2017, Methods (c)(C); Table 2 (7.3 Mtce in DES serving 4.4 billion m²).
    """
    if des is None or len(des) == 0:
        return _empty_sinks(crs)
    des = des.sort_values("des_id", kind="stable").reset_index(drop=True)
    eff = numeric_column(des, "boiler_efficiency", params.get("cascade.boiler_efficiency_des"))
    gas = np.clip(numeric_column(des, "gas_share", 0.0), 0.0, 1.0)
    supplied = numeric_column(des, "heat_supplied_gj", 0.0)
    city = polygon_attribute(des.geometry.representative_point(), cities, "city_id")
    return gpd.GeoDataFrame({
        "sink_id": des["des_id"].astype(str).to_numpy(), "plant_index": -1, "city_id": city.to_numpy(object),
        "province": city.map(cities.set_index("city_id")["province"]).to_numpy(object),
        "technology": "des", "efficiency": eff, "coal_share": 1.0 - gas,
        "demand_gj": supplied * efficiency.building_heat_factor(scenario, params), "demand_base_gj": supplied,
        "floor_area_m2": numeric_column(des, "floor_area_m2"),
    }, geometry=des.geometry.values, crs=crs)



def _covered_floor_m2(des: gpd.GeoDataFrame, cities: gpd.GeoDataFrame) -> pd.Series:
    """Floor area served by existing DES per city: ``floor_area_m2`` or heat ÷ the city's heat intensity."""
    if len(des) == 0:
        return pd.Series(0.0, index=cities["city_id"])
    intensity = des["city_id"].map(cities.set_index("city_id")["heat_gj_per_m2"]).to_numpy(float)
    floor = des["floor_area_m2"].to_numpy(float)
    floor = np.where(np.isfinite(floor), floor, des["demand_base_gj"].to_numpy(float) / intensity)
    covered = pd.Series(floor).groupby(des["city_id"].to_numpy(object)).sum()
    return covered.reindex(cities["city_id"]).fillna(0.0)



def new_dh_sinks(cores: gpd.GeoDataFrame | None, cities: gpd.GeoDataFrame, des: gpd.GeoDataFrame,
                 params: Params, scenario: str, crs) -> gpd.GeoDataFrame:
    """New 4GDH in urban cores: heat demand of core floor area not already served by a DES (GJ/yr).

    A city's uncovered floor area (core floor − DES-served floor, ≥ 0) × ``cascade.new_dh_reachable_share``
    (the part new low-temperature networks reach) is split over its urban cores by area. Without an
    urban-core layer the city polygons are the cores.

    References
    ----------
    Ramaswami et al. 2017, Methods (c)(D); Table 2 (48.3 Mtce in 8.8 billion m² of new 4GDH).
    """
    if cores is None or len(cores) == 0:
        cores = gpd.GeoDataFrame({"core_id": cities["city_id"].astype(str), "city_id": cities["city_id"]},
                                 geometry=cities.geometry.values, crs=crs)
    else:
        cores = cores.sort_values("core_id", kind="stable").reset_index(drop=True).copy()
        inside = polygon_attribute(cores.geometry.representative_point(), cities, "city_id")
        cores["city_id"] = fill_missing(text_column(cores["city_id"]), inside) if "city_id" in cores else inside
        cores = cores[cores["city_id"].notna()].reset_index(drop=True)
    info = cities.set_index("city_id")
    uncovered = (info["core_floor_area_m2"] - _covered_floor_m2(des, cities)).clip(lower=0.0)
    reachable = uncovered * params.get("cascade.new_dh_reachable_share")
    area = cores.geometry.area.to_numpy(float)
    city_area = pd.Series(area).groupby(cores["city_id"].to_numpy(object)).transform("sum").to_numpy(float)
    floor = cores["city_id"].map(reachable).to_numpy(float) * np.divide(area, city_area, out=np.zeros_like(area),
                                                                        where=city_area > 0)
    base = floor * cores["city_id"].map(info["heat_gj_per_m2"]).to_numpy(float)
    return gpd.GeoDataFrame({
        "sink_id": cores["core_id"].astype(str).to_numpy(), "plant_index": -1,
        "city_id": cores["city_id"].to_numpy(object), "province": cores["city_id"].map(info["province"]).to_numpy(object),
        "technology": "stove", "efficiency": params.get("cascade.stove_efficiency"),
        "coal_share": params.get("emissions.stove_coal_share"),
        "demand_gj": base * efficiency.building_heat_factor(scenario, params), "demand_base_gj": base,
        "floor_area_m2": floor,
    }, geometry=cores.geometry.values, crs=crs)



def _empty_sinks(crs) -> gpd.GeoDataFrame:
    cols = {c: pd.Series(dtype=object) for c in ("sink_id", "city_id", "province", "technology")}
    cols.update({c: pd.Series(dtype=float) for c in ("plant_index", "efficiency", "coal_share", "demand_gj",
                                                      "demand_base_gj", "floor_area_m2")})
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=crs), crs=crs)



def value_sinks(sinks: gpd.GeoDataFrame, params: Params) -> gpd.GeoDataFrame:
    sinks = sinks.copy()
    sinks["co2_t_per_gj"] = _heat_co2_per_gj(sinks["efficiency"].to_numpy(float),
                                             sinks["coal_share"].to_numpy(float), params)
    return sinks

