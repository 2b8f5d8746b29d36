"""Existing district heating (DES) as documented proxies: no open DES coverage dataset exists.

A city's DES service area is the part of its urban cores within the hot-water CHP supply radius of an
operating CHP-flagged coal plant in the northern heating zone. Floor area served = the city's core floor
area × (service area / urban-core area); heat supplied = floor area × northern urban heat intensity.

References
----------
NDRC/NEA et al. 2016, 热电联产管理办法 (CHP supply radius 20 km); Tsinghua BERC 2024, Decarbonize Urban
Heating System, ch. 3 (5.95 billion GJ for 15.6 billion m²); Ramaswami et al. 2017 Table 1 (floor area).
"""
from __future__ import annotations

import geopandas as gpd


def chp_heat_sources(plants_m: gpd.GeoDataFrame, p) -> gpd.GeoDataFrame:
    """Operating CHP coal plants located in the northern heating provinces."""
    northern = plants_m["province"].isin(p.get("data_build.chp_heating_provinces"))
    return plants_m[(plants_m["sector"] == "power") & (plants_m["chp"] == 1) & northern]


def district_heating(plants_m, cores_m, cities_m, p) -> gpd.GeoDataFrame:
    """DES proxy polygons (metric CRS): des_id, city_id, floor_area_m2, heat_supplied_gj, chp_plants."""
    sources = chp_heat_sources(plants_m, p)
    columns = ["des_id", "city_id", "floor_area_m2", "heat_supplied_gj", "chp_plants", "geometry"]
    if sources.empty or cores_m.empty:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs=cores_m.crs)
    reach = sources.buffer(p.get("data_build.des_radius_m")).union_all()
    core_area = cores_m.geometry.area.groupby(cores_m["city_id"]).sum()
    served = cores_m.dissolve(by="city_id").intersection(reach)
    served = served[~served.is_empty & (served.area > 0)]
    floor = cities_m.set_index("city_id")["core_floor_area_m2"]
    des = gpd.GeoDataFrame({"city_id": served.index}, geometry=served.values, crs=cores_m.crs)
    des["floor_area_m2"] = floor.reindex(des["city_id"]).values * (des.geometry.area.values
                                                                 / core_area.reindex(des["city_id"]).values)
    des["heat_supplied_gj"] = des["floor_area_m2"] * p.get("data_build.heat_intensity_gj_per_m2")
    des["chp_plants"] = [_plants_within(sources, geom, p) for geom in des.geometry]
    des["des_id"] = "des_" + des["city_id"]
    return des[columns].sort_values("des_id").reset_index(drop=True)


def _plants_within(sources: gpd.GeoDataFrame, service_area, p) -> str:
    near = sources[sources.distance(service_area) <= p.get("data_build.des_radius_m")]
    return ";".join(sorted(near["plant_id"]))

