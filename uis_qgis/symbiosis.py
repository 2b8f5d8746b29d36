"""One scenario of urban–industrial symbiosis: efficiency → waste heat → fence-line cascade → material exchange
→ emissions at every scale (SPEC §2–§5; Ramaswami et al. 2017, Methods (b)–(d)).

:func:`assess` is the sequencer: it prepares plants and cities, builds the heat sinks (:mod:`~uis_qgis.sinks`)
and the fence-line pairs, solves the allocation (:mod:`~uis_qgis.cascade`), and hands the exchange to the emission
ledgers (:mod:`~uis_qgis.ledgers`), which do the bookkeeping of who saves what where. The output layers (heat
links, PM2.5 sources, sinks) are assembled here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import cascade, climate, efficiency, emissions, fenceline, ledgers, wasteheat
from .feedback import Feedback, StepFeedback
from .frames import fill_missing, numeric_column, polygon_attribute, text_column
from .params import Params, ParameterError
from .sinks import des_sinks, industry_sinks, new_dh_sinks, value_sinks
from .vocabulary import MODES, ROP, STRATEGIES, normalise_province
from .wasteheat import GRADES


@dataclass
class SymbiosisProblem:
    """The allocation problem of one scenario (:func:`build_problem`): scenario plants and cities, valued sinks by
    kind, heat sources (rows of ``plants`` in ``plant_index``) and fence-line pairs by sink kind, in ``crs``;
    ``provinces`` is the provinces layer or None."""

    plants: gpd.GeoDataFrame
    cities: gpd.GeoDataFrame
    sinks: dict
    sources: gpd.GeoDataFrame
    pairs: dict
    crs: object
    provinces: gpd.GeoDataFrame | None = None


@dataclass
class SymbiosisResult:
    """Everything :func:`assess` computed for one scenario (tables in SI-like units named in each column)."""

    scenario: str
    mode: str
    heat_links: gpd.GeoDataFrame
    plants: gpd.GeoDataFrame
    cities: gpd.GeoDataFrame
    sinks: gpd.GeoDataFrame
    provinces: pd.DataFrame
    grid_regions: pd.DataFrame
    nation: pd.DataFrame
    materials: pd.DataFrame
    summary: pd.DataFrame
    area_sources: gpd.GeoDataFrame
    point_sources: gpd.GeoDataFrame
    extra: dict = field(default_factory=dict)

    def layers(self) -> dict:
        """Spatial outputs by name (heat links, plants, cities, heat sinks, PM2.5 sources)."""
        return {"heat_links": self.heat_links, "plant_results": self.plants, "city_results": self.cities,
                "heat_sinks": self.sinks, "area_sources": self.area_sources, "point_sources": self.point_sources}

    def tables(self) -> dict:
        """Non-spatial outputs by name."""
        return {"province_results": self.provinces, "grid_region_results": self.grid_regions,
                "nation_results": self.nation, "material_exchange": self.materials, "summary": self.summary}



def prepare_plants(layers: dict, params: Params) -> gpd.GeoDataFrame:
    """Plants sorted by id with ``city_id``, ``province``, ``grid_region`` and numeric defaults filled."""
    plants = layers["plants"].sort_values("plant_id", kind="stable").reset_index(drop=True).copy()
    plants["sector"] = plants["sector"].astype(str).str.strip().str.lower()
    plants["fuel_tce"] = numeric_column(plants, "fuel_tce", 0.0)
    plants["electricity_mwh"] = numeric_column(plants, "electricity_mwh")  # NaN = unknown: efficiency estimates it
    cities = layers["cities"]
    plants["city_id"] = polygon_attribute(plants.geometry, cities, "city_id")
    province = text_column(plants["province"]) if "province" in plants else pd.Series([None] * len(plants), dtype=object)
    if layers.get("provinces") is not None:
        province = fill_missing(province, polygon_attribute(plants.geometry, layers["provinces"], "province"))
    if "province" in cities:
        city_prov = cities.set_index("city_id")["province"]
        province = fill_missing(province, plants["city_id"].map(city_prov))
    plants["province"] = province.map(normalise_province).fillna("unknown")
    explicit = plants["grid_region"] if "grid_region" in plants else None
    plants["grid_region"] = emissions.grid_region_of(plants["province"], explicit, params)
    gen = numeric_column(plants, "generation_mwh")
    estimate = emissions.coal_t_from_electricity(1.0, params, params.get("efficiency.base_heat_rate_g_per_kwh"))
    gen_est = emissions.coal_t_from_tce(plants["fuel_tce"], params) / estimate
    plants["generation_mwh"] = np.where(plants["sector"] == "power", np.where(np.isfinite(gen), gen, gen_est), 0.0)
    return plants



def prepare_cities(layers: dict, params: Params, scenario: str) -> gpd.GeoDataFrame:
    """Cities sorted by id with province, grid region, core floor area and building heat demand.

    Building heat demand (GJ/yr) = floor area × ``cascade.heat_demand_gj_per_m2`` × HDD / reference HDD;
    floor area = ``core_floor_area_m2`` or population × ``cascade.floor_area_m2_per_capita``; HDD = ``hdd`` or
    the typical HDD18 of the province's GB 50176-2016 climate zone (:mod:`uis_qgis.climate`).
    """
    cities = layers["cities"].sort_values("city_id", kind="stable").reset_index(drop=True).copy()
    province = text_column(cities["province"]) if "province" in cities else pd.Series([None] * len(cities), dtype=object)
    if layers.get("provinces") is not None:
        province = fill_missing(province, polygon_attribute(cities.geometry.representative_point(), layers["provinces"],
                                                      "province"))
    cities["province"] = province.map(normalise_province).fillna("unknown")
    explicit = cities["grid_region"] if "grid_region" in cities else None
    cities["grid_region"] = emissions.grid_region_of(cities["province"], explicit, params)
    floor = numeric_column(cities, "core_floor_area_m2")
    per_capita = numeric_column(cities, "population", 0.0) * params.get("cascade.floor_area_m2_per_capita")
    cities["core_floor_area_m2"] = np.where(np.isfinite(floor), floor, per_capita)
    cities["hdd"] = climate.hdd18_k_d(numeric_column(cities, "hdd"), cities["province"], params)
    cities["heat_gj_per_m2"] = climate.heat_gj_per_m2(cities["hdd"], params)
    return cities



def build_pairs(sources: gpd.GeoDataFrame, sinks: dict, params: Params, crs) -> dict:
    """Fence-line pairs per sink kind; a plant never serves itself."""
    fence = params.get("cascade.fence_line_m")
    pairs = {}
    for kind, table in sinks.items():
        p = fenceline.fence_line_pairs(sources.geometry.values, table.geometry.values, fence, crs)
        if kind == "sink_industry" and len(p):
            same = sources["plant_index"].to_numpy()[p["source"]] == table["plant_index"].to_numpy()[p["sink"]]
            p = p[~same].reset_index(drop=True)
        pairs[kind] = p
    return pairs



def build_problem(layers: dict, params: Params, scenario: str, pairs: dict | None = None) -> SymbiosisProblem:
    """Scenario plants and cities, valued sinks by kind, heat sources and fence-line pairs, as used by
    :mod:`uis_qgis.cascade`. ``pairs`` reuses the fence-line pairs of a problem with the same heat sources and
    sinks (uncertainty draws: geometry and fence line do not change)."""
    efficiency.check_scenario(scenario, params)
    crs = layers["plants"].crs
    plants = efficiency.apply_scenario(prepare_plants(layers, params), scenario, params)
    cities = prepare_cities(layers, params, scenario)
    plants = pd.concat([plants, wasteheat.waste_heat(plants, params, "fuel_eff_tce")], axis=1)
    plants["heating_share"] = wasteheat.space_heating_share(plants, params)
    des = des_sinks(layers.get("district_heating"), cities, params, scenario, crs)
    sinks = {"sink_industry": industry_sinks(plants, params), "des": des,
             "new_dh": new_dh_sinks(layers.get("urban_cores"), cities, des, params, scenario, crs)}
    sinks = {k: value_sinks(v, params) for k, v in sinks.items()}
    avail_cols = [f"heat_{g}_avail_gj" for g in GRADES]
    is_source = plants[avail_cols].sum(axis=1).to_numpy() > 0
    sources = plants.loc[is_source, avail_cols + ["heating_share", "geometry"]].assign(
        plant_index=np.flatnonzero(is_source))
    pairs = build_pairs(sources, sinks, params, crs) if pairs is None else pairs
    return SymbiosisProblem(plants, cities, sinks, sources, pairs, crs, layers.get("provinces"))



def assess(layers: dict, params: Params, scenario: str = "fyp", feedback: Feedback | None = None,
           mode: str = "cascade") -> SymbiosisResult:
    """Efficiency scenario plus symbiosis for one scenario, against the Base case.

    Parameters
    ----------
    layers : dict
        ``{name: GeoDataFrame | None}``: ``plants`` (points), ``cities`` (polygons), optional ``urban_cores``,
        ``district_heating``, ``provinces``; validated, in one metric CRS (SPEC §1 fields).
    params : Params
        Parameter set (:func:`uis_qgis.params.load_params`).
    scenario : {"base", "fyp", "high"}
        Single-sector efficiency applied before symbiosis (SPEC §2).
    feedback : Feedback, optional
        Progress and cancellation.
    mode : {"cascade", "optimal"}
        Sequential cascade A–E (the paper) or the joint CO2-maximising LP; the other is always solved too and
        the gap reported in ``summary``.

    Returns
    -------
    SymbiosisResult

    References
    ----------
    Ramaswami et al. 2017, Methods (b)–(d); SPEC §2–§5.
    """
    feedback = feedback or Feedback()
    efficiency.check_scenario(scenario, params)
    if mode not in MODES:
        raise ParameterError(f"unknown symbiosis mode '{mode}'; use one of {MODES}")
    feedback.progress(0.0, "efficiency scenario, waste heat, fence-line pairs")
    p = build_problem(layers, params, scenario)
    feedback.check()
    grid_factor = float(emissions.co2_t_from_electricity(1.0, params))
    step = StepFeedback(feedback, 0.2, 0.7)
    solved = {"cascade": cascade.run_cascade(p.sources, p.sinks, p.pairs, params, grid_factor, step)}
    feedback.progress(0.7, "optimal allocation")
    solved["optimal"] = cascade.run_optimal(p.sources, p.sinks, p.pairs, params, grid_factor, feedback)
    feedback.check()
    feedback.progress(0.85, "emissions accounting")
    result = build_result(p, solved[mode], params, scenario, mode)
    result.summary = pd.concat([result.summary, _gap_rows(solved)], ignore_index=True).assign(
        scenario=scenario, mode=mode)
    result.extra["solutions"] = solved
    feedback.progress(1.0, "symbiosis done")
    return result



def _gap_rows(solved: dict) -> pd.DataFrame:
    casc, opt = solved["cascade"].co2_t, solved["optimal"].co2_t
    gap = opt - casc
    return pd.DataFrame([
        {"quantity": "heat_exchange_co2_cascade", "value": casc, "unit": "t CO2/yr"},
        {"quantity": "heat_exchange_co2_optimal", "value": opt, "unit": "t CO2/yr"},
        {"quantity": "optimal_gap_co2", "value": gap, "unit": "t CO2/yr"},
        {"quantity": "optimal_gap_pct", "value": 100.0 * gap / opt if opt > 0 else 0.0, "unit": "%"},
    ])



def build_result(p: SymbiosisProblem, solution: cascade.CascadeResult, params: Params, scenario: str,
                 mode: str) -> SymbiosisResult:
    """Assemble every output table of :class:`SymbiosisResult` from the allocation."""
    ex = ledgers.exchange(p.plants, p.sources, p.sinks, solution, p.provinces, params)
    plant_out = ledgers.plant_ledger(p.plants, p.sources, ex, params)
    ledger = ledgers.emission_ledger(plant_out, p.cities, ex, p.plants, params)
    city_table = ledgers.city_table(ledger, p.cities, ex.saved, p.sources, params)
    nation = emissions.aggregate(ledger, [], STRATEGIES)
    links = _heat_links(solution.flows, p.plants, p.sources, ex.saved, params, p.crs)
    area, point = _pm25_sources(ledger, plant_out, p.cities, p.provinces, params, p.crs)
    plant_layer = gpd.GeoDataFrame(plant_out.drop(columns=["geometry"]), geometry=plant_out.geometry.values,
                                   crs=p.crs)
    summary = ledgers.summary_table(nation, plant_out, ex, city_table, params)
    return SymbiosisResult(scenario, mode, links, plant_layer, city_table, _sink_layer(ex.saved, p.crs),
                           ledgers.province_table(ledger), ledgers.grid_region_table(ledger, ex), nation,
                           ex.materials, summary, area, point)


def _heat_links(flows, plants, sources, saved, params, crs) -> gpd.GeoDataFrame:
    gj_per_tce = params.get("general.gj_per_tce")
    links = flows[flows["sink_type"] != "orc"].reset_index(drop=True)
    src_plant = sources["plant_index"].to_numpy(int)[links["source"].to_numpy(int)]
    src_geom = plants.geometry.values[src_plant]
    sink_ids, sink_geom, fuel, co2 = [], [], [], []
    for kind, t in saved.items():
        part = links["sink_type"] == kind
        idx = links.loc[part, "sink"].to_numpy(int)
        per_gj_fuel = 1.0 / t["efficiency"].to_numpy(float)[idx]
        sink_ids.append(pd.Series(t["sink_id"].to_numpy(object)[idx], index=links.index[part]))
        sink_geom.append(pd.Series(t.geometry.values[idx], index=links.index[part]))
        rec = links.loc[part, "received_gj"].to_numpy(float)
        fuel.append(pd.Series(rec * per_gj_fuel, index=links.index[part]))
        co2.append(pd.Series(rec * t["co2_t_per_gj"].to_numpy(float)[idx], index=links.index[part]))
    sink_id = pd.concat(sink_ids).sort_index() if sink_ids else pd.Series(dtype=object)
    geoms = pd.concat(sink_geom).sort_index().to_numpy() if sink_geom else np.array([])
    # drawn between the two points whose distance is dist_m (fenceline.fence_line_pairs measures the same
    # shortest line); a source inside a sink polygon has dist_m 0 and a line of no length
    line = shapely.shortest_line(src_geom, geoms) if len(links) else np.array([])
    out = pd.DataFrame({
        "source_id": plants["plant_id"].to_numpy(object)[src_plant], "sink_id": sink_id.to_numpy(object),
        "sink_type": links["sink_type"].to_numpy(object), "grade": links["grade"].to_numpy(object),
        "step": links["step"].to_numpy(object), "heat_gj": links["heat_gj"].to_numpy(float),
        "received_gj": links["received_gj"].to_numpy(float), "dist_m": links["dist_m"].to_numpy(float),
        "fuel_saved_tce": (pd.concat(fuel).sort_index().to_numpy(float) if fuel else np.zeros(0)) / gj_per_tce,
        "co2_saved_t": pd.concat(co2).sort_index().to_numpy(float) if co2 else np.zeros(0),
    })
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(line, crs=crs), crs=crs)



def _stack_fields(points: pd.DataFrame, params: Params) -> pd.DataFrame:
    defaults = params.group("emissions.stack")
    out = pd.DataFrame(index=points.index)
    for field_name, key in (("stack_height_m", "height_m"), ("stack_diameter_m", "diameter_m"),
                            ("exit_velocity_m_s", "exit_velocity_m_s"), ("exit_temp_k", "exit_temp_k")):
        given = numeric_column(points, field_name)
        default = points["sector"].map(lambda s: defaults[s][key]).to_numpy(float)
        out[field_name] = np.where(np.isfinite(given), given, default)
    return out



def _pm25_sources(ledger, plant_out, cities, provinces, params, crs):
    """PM2.5 inventories for dispersion: stacks of point-source sectors, and area sources per city / ROP."""
    point_sector = plant_out["sector"].isin(params.get("sectors.point_source_sectors"))
    pts = plant_out[point_sector]
    red = [f"pm25_red_{s}_t" for s in STRATEGIES]  # by strategy, for the attribution step
    point = gpd.GeoDataFrame(
        pd.concat([pts[["plant_id", "sector", "city_id", "province", "pm25_base_t", "pm25_scen_t"] + red],
                   _stack_fields(pts, params)], axis=1), geometry=pts.geometry.values, crs=crs)
    ids = set(pts["plant_id"])
    area_led = ledger[~((ledger["kind"] == "plant") & ledger["id"].isin(ids))]
    # credits whose emitter is not in the inventory (cement outside the plants layer, grid electricity of
    # regions without power plants): no base emission to reduce on the grid, so no negative area source
    area_led = area_led[~area_led["kind"].isin(["grid_unlocated", "material_unlocated"])]
    city = emissions.aggregate(area_led[area_led["scale"] == "city"], ["city_id"], STRATEGIES)
    city_rows = cities[["city_id", "province", "geometry"]].merge(city[["city_id", "pm25_base_t", "pm25_scen_t"] + red],
                                                                  on="city_id", how="left").fillna(
        dict.fromkeys(["pm25_base_t", "pm25_scen_t"] + red, 0.0)).assign(area_type="city")
    rop = emissions.aggregate(area_led[area_led["scale"] == ROP], ["province"], STRATEGIES)
    rop_geom = _rop_geometry(rop["province"], cities, provinces, plant_out,
                             params.get("emissions.rop_min_area_share"))
    rop_rows = pd.DataFrame({"city_id": None, "province": rop["province"].to_numpy(object),
                             "pm25_base_t": rop["pm25_base_t"].to_numpy(float),
                             "pm25_scen_t": rop["pm25_scen_t"].to_numpy(float), "area_type": ROP,
                             **{c: rop[c].to_numpy(float) for c in red}, "geometry": rop_geom})
    area = pd.concat([city_rows, rop_rows], ignore_index=True)
    return gpd.GeoDataFrame(area, geometry="geometry", crs=crs), point



def _rop_geometry(province_names, cities, provinces, plants, min_area_share: float) -> list:
    """Rest-of-province polygon: province polygon minus the cities; without provinces (or where the province's
    polygon is absent or empty, e.g. clipped away by the study box), the convex hull of the plants and cities
    minus the cities. Where the cities tile the province so that the rest is under
    ``min_area_share`` of its area (slivers), the whole province polygon: the hinterland emissions are then
    spread over the province instead of landing on almost no area."""
    city_union = shapely.union_all(cities.geometry.values)
    out = []
    for name in province_names:
        if provinces is not None and len(provinces):
            match = provinces[provinces["province"].map(normalise_province) == name]
            shape = shapely.union_all(match.geometry.values) if len(match) else None
        else:
            shape = None
        if shape is None or shape.is_empty:
            everything = np.concatenate([plants.geometry.values, cities.geometry.values])
            shape = shapely.convex_hull(shapely.union_all(everything))
        rest = shapely.difference(shape, city_union)
        out.append(rest if shapely.area(rest) >= min_area_share * shapely.area(shape) else shape)
    return out



def _sink_layer(saved: dict, crs) -> gpd.GeoDataFrame:
    cols = ["sink_id", "city_id", "province", "technology", "demand_base_gj", "demand_gj", "received_gj",
            "fuel_saved_tce", "co2_saved_t", "pm25_saved_t"]
    parts = [gpd.GeoDataFrame(t[cols].assign(sink_type=k), geometry=t.geometry.values, crs=crs)
             for k, t in saved.items() if len(t)]
    if not parts:
        return gpd.GeoDataFrame({c: [] for c in cols + ["sink_type"]}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=crs)

