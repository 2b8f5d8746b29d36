"""One scenario of urban–industrial symbiosis: efficiency → waste heat → fence-line cascade → material exchange
→ emissions at every scale (SPEC §2–§5; Ramaswami et al. 2017, Methods (b)–(d)).

:func:`assess` only sequences the physics modules and does the bookkeeping of who saves what where:

* fuel displaced at a sink (sink industry, existing DES, household stoves replaced by new 4GDH) is a Scope-1
  reduction where the sink is;
* electricity generated (ORC, slag heat) or saved (efficiency, cement) lowers generation of the grid region by a
  percentage applied equally to every power plant in it;
* material exchange lowers the province's cement production evenly (per tonne of cement).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import cascade, efficiency, emissions, fenceline, materials, wasteheat
from .feedback import Feedback, StepFeedback
from .params import Params, ParameterError
from .wasteheat import GRADES

STRATEGIES = ("efficiency", "heat_A_orc", "heat_B_industry", "heat_C_des", "heat_C_orc", "heat_D_new_dh",
              "material")
ELECTRIC_STRATEGIES = ("efficiency", "heat_A_orc", "heat_C_orc", "material")
SINK_STRATEGY = {"sink_industry": "heat_B_industry", "des": "heat_C_des", "new_dh": "heat_D_new_dh"}
MODES = ("cascade", "optimal")
ROP = "ROP"


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


# --------------------------------------------------------------------------------------------- preparation
def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), None)


def _numeric(frame: pd.DataFrame, column: str, default=np.nan) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), default, dtype=float)
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
    return np.where(np.isfinite(values), values, default)


def _join_polygon_attr(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame | None, column: str) -> pd.Series:
    """Attribute of the (first, by sorted id) polygon containing each point; None outside every polygon."""
    out = pd.Series([None] * len(points), index=points.index, dtype=object)
    if polygons is None or len(polygons) == 0:
        return out
    pts, polys = np.asarray(points.values), np.asarray(polygons.geometry.values)
    hit_pt, hit_poly = shapely.STRtree(polys).query(pts, predicate="intersects")
    first = pd.Series(hit_poly).groupby(hit_pt).min()
    out.iloc[first.index.to_numpy()] = polygons[column].to_numpy(object)[first.to_numpy()]
    return out


def _fill(series: pd.Series, fallback: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), fallback)


def prepare_plants(layers: dict, params: Params) -> gpd.GeoDataFrame:
    """Plants sorted by id with ``city_id``, ``province``, ``grid_region`` and numeric defaults filled."""
    plants = layers["plants"].sort_values("plant_id", kind="stable").reset_index(drop=True).copy()
    plants["sector"] = plants["sector"].astype(str).str.strip().str.lower()
    plants["fuel_tce"] = _numeric(plants, "fuel_tce", 0.0)
    plants["electricity_mwh"] = _numeric(plants, "electricity_mwh", 0.0)
    cities = layers["cities"]
    plants["city_id"] = _join_polygon_attr(plants.geometry, cities, "city_id")
    province = _text(plants["province"]) if "province" in plants else pd.Series([None] * len(plants), dtype=object)
    if layers.get("provinces") is not None:
        province = _fill(province, _join_polygon_attr(plants.geometry, layers["provinces"], "province"))
    if "province" in cities:
        city_prov = cities.set_index("city_id")["province"]
        province = _fill(province, plants["city_id"].map(city_prov))
    plants["province"] = province.map(emissions.normalise_province).fillna("unknown")
    explicit = plants["grid_region"] if "grid_region" in plants else None
    plants["grid_region"] = emissions.grid_region_of(plants["province"], explicit, params)
    gen = _numeric(plants, "generation_mwh")
    estimate = emissions.coal_t_from_electricity(1.0, params, params.get("efficiency.base_heat_rate_g_per_kwh"))
    gen_est = emissions.coal_t_from_tce(plants["fuel_tce"], params) / estimate
    plants["generation_mwh"] = np.where(plants["sector"] == "power", np.where(np.isfinite(gen), gen, gen_est), 0.0)
    return plants


def prepare_cities(layers: dict, params: Params, scenario: str) -> gpd.GeoDataFrame:
    """Cities sorted by id with province, grid region, core floor area and building heat demand.

    Building heat demand (GJ/yr) = floor area × ``cascade.heat_demand_gj_per_m2`` × HDD / reference HDD;
    floor area = ``core_floor_area_m2`` or population × ``cascade.floor_area_m2_per_capita``.
    """
    cities = layers["cities"].sort_values("city_id", kind="stable").reset_index(drop=True).copy()
    province = _text(cities["province"]) if "province" in cities else pd.Series([None] * len(cities), dtype=object)
    if layers.get("provinces") is not None:
        province = _fill(province, _join_polygon_attr(cities.geometry.representative_point(), layers["provinces"],
                                                      "province"))
    cities["province"] = province.map(emissions.normalise_province).fillna("unknown")
    explicit = cities["grid_region"] if "grid_region" in cities else None
    cities["grid_region"] = emissions.grid_region_of(cities["province"], explicit, params)
    floor = _numeric(cities, "core_floor_area_m2")
    per_capita = _numeric(cities, "population", 0.0) * params.get("cascade.floor_area_m2_per_capita")
    cities["core_floor_area_m2"] = np.where(np.isfinite(floor), floor, per_capita)
    cities["hdd"] = _numeric(cities, "hdd", params.get("cascade.default_hdd"))
    cities["heat_gj_per_m2"] = (params.get("cascade.heat_demand_gj_per_m2") * cities["hdd"]
                                / params.get("cascade.reference_hdd"))
    return cities


# ------------------------------------------------------------------------------------------------- sinks
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
    eff = _numeric(des, "boiler_efficiency", params.get("cascade.boiler_efficiency_des"))
    gas = np.clip(_numeric(des, "gas_share", 0.0), 0.0, 1.0)
    supplied = _numeric(des, "heat_supplied_gj", 0.0)
    city = _join_polygon_attr(des.geometry.representative_point(), cities, "city_id")
    return gpd.GeoDataFrame({
        "sink_id": des["des_id"].astype(str).to_numpy(), "plant_index": -1, "city_id": city.to_numpy(object),
        "province": city.map(cities.set_index("city_id")["province"]).to_numpy(object),
        "technology": "des", "efficiency": eff, "coal_share": 1.0 - gas,
        "demand_gj": supplied * efficiency.building_heat_factor(scenario, params), "demand_base_gj": supplied,
        "floor_area_m2": _numeric(des, "floor_area_m2"),
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

    A city's uncovered floor area (core floor − DES-served floor, ≥ 0) is split over its urban cores by area.
    Without an urban-core layer the city polygons are the cores.

    References
    ----------
    Ramaswami et al. 2017, Methods (c)(D); Table 2 (48.3 Mtce in 8.8 billion m² of new 4GDH).
    """
    if cores is None or len(cores) == 0:
        cores = gpd.GeoDataFrame({"core_id": cities["city_id"].astype(str), "city_id": cities["city_id"]},
                                 geometry=cities.geometry.values, crs=crs)
    else:
        cores = cores.sort_values("core_id", kind="stable").reset_index(drop=True).copy()
        inside = _join_polygon_attr(cores.geometry.representative_point(), cities, "city_id")
        cores["city_id"] = _fill(_text(cores["city_id"]), inside) if "city_id" in cores else inside
        cores = cores[cores["city_id"].notna()].reset_index(drop=True)
    info = cities.set_index("city_id")
    uncovered = (info["core_floor_area_m2"] - _covered_floor_m2(des, cities)).clip(lower=0.0)
    area = cores.geometry.area.to_numpy(float)
    city_area = pd.Series(area).groupby(cores["city_id"].to_numpy(object)).transform("sum").to_numpy(float)
    floor = cores["city_id"].map(uncovered).to_numpy(float) * np.divide(area, city_area, out=np.zeros_like(area),
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


def _value_sinks(sinks: gpd.GeoDataFrame, params: Params) -> gpd.GeoDataFrame:
    sinks = sinks.copy()
    sinks["co2_t_per_gj"] = _heat_co2_per_gj(sinks["efficiency"].to_numpy(float),
                                             sinks["coal_share"].to_numpy(float), params)
    return sinks


# ---------------------------------------------------------------------------------------------- pairing
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


# --------------------------------------------------------------------------------------------- assess
def build_problem(layers: dict, params: Params, scenario: str) -> tuple:
    """Scenario plants and cities, valued sinks by kind, heat sources and fence-line pairs.

    Returns ``(plants, cities, sinks, sources, pairs)`` as used by :mod:`uis_qgis.cascade`; sources carry
    ``plant_index`` (row of ``plants``).
    """
    efficiency.check_scenario(scenario, params)
    crs = layers["plants"].crs
    plants = efficiency.apply_scenario(prepare_plants(layers, params), scenario, params)
    cities = prepare_cities(layers, params, scenario)
    plants = pd.concat([plants, wasteheat.waste_heat(plants, params, "fuel_eff_tce")], axis=1)
    plants["heating_share"] = wasteheat.space_heating_share(plants, params)
    des = des_sinks(layers.get("district_heating"), cities, params, scenario, crs)
    sinks = {"sink_industry": industry_sinks(plants, params), "des": des,
             "new_dh": new_dh_sinks(layers.get("urban_cores"), cities, des, params, scenario, crs)}
    sinks = {k: _value_sinks(v, params) for k, v in sinks.items()}
    avail_cols = [f"heat_{g}_avail_gj" for g in GRADES]
    is_source = plants[avail_cols].sum(axis=1).to_numpy() > 0
    sources = plants.loc[is_source, avail_cols + ["heating_share", "geometry"]].assign(
        plant_index=np.flatnonzero(is_source))
    return plants, cities, sinks, sources, build_pairs(sources, sinks, params, crs)


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
    crs = layers["plants"].crs
    feedback.progress(0.0, "efficiency scenario, waste heat, fence-line pairs")
    plants, cities, sinks, sources, pairs = build_problem(layers, params, scenario)
    feedback.check()
    grid_factor = float(emissions.co2_t_from_electricity(1.0, params))
    step = StepFeedback(feedback, 0.2, 0.7)
    solved = {"cascade": cascade.run_cascade(sources, sinks, pairs, params, grid_factor, step)}
    feedback.progress(0.7, "optimal allocation")
    solved["optimal"] = cascade.run_optimal(sources, sinks, pairs, params, grid_factor, feedback)
    chosen = solved[mode]
    feedback.check()
    feedback.progress(0.85, "emissions accounting")
    result = build_result(plants, cities, sinks, sources, chosen, layers, params, scenario, mode, crs)
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


# ------------------------------------------------------------------------------------------ accounting
def _empty_ledger_row(**keys) -> dict:
    row = dict.fromkeys(emissions.ledger_columns(STRATEGIES), 0.0)
    row.update(keys)
    return row


def sink_savings(sinks: dict, solution: cascade.CascadeResult, params: Params) -> dict:
    """Per sink: heat received (GJ), fuel displaced (tce), CO2 and PM2.5 avoided (t)."""
    flows = solution.flows
    gj_per_tce = params.get("general.gj_per_tce")
    out = {}
    for kind, table in sinks.items():
        part = flows[flows["sink_type"] == kind]
        received = np.bincount(part["sink"].to_numpy(int), part["received_gj"].to_numpy(float), len(table))
        fuel = received / table["efficiency"].to_numpy(float) / gj_per_tce
        coal_fuel = fuel * table["coal_share"].to_numpy(float)
        out[kind] = table.assign(
            received_gj=received, fuel_saved_tce=fuel, co2_saved_t=received * table["co2_t_per_gj"].to_numpy(float),
            pm25_saved_t=emissions.pm25_t_from_tce(coal_fuel, table["technology"].to_numpy(object), params))
    return out


def _orc_mwh_by_grade(by_source: pd.DataFrame, params: Params) -> dict:
    to_mwh = 1.0 / params.get("general.mj_per_kwh")  # GJ → MWh: × 1000 MJ/GJ ÷ 3.6 MJ/kWh ÷ 1000 kWh/MWh
    return {g: by_source[f"{g}_orc_gj"].to_numpy(float) * cascade.orc_efficiency(g, params) * to_mwh
            for g in GRADES}


def grid_electricity(plants, sources, solution, mat, params) -> pd.DataFrame:
    """Electricity saved or generated (MWh/yr) per grid region and electric strategy."""
    orc = _orc_mwh_by_grade(solution.by_source, params)
    region_of_source = plants["grid_region"].to_numpy(object)[sources["plant_index"].to_numpy(int)]
    parts = [
        pd.Series(plants["eff_electricity_saved_mwh"].to_numpy(float)).groupby(plants["grid_region"].to_numpy(object))
        .sum().rename("efficiency"),
        pd.Series(orc["high"]).groupby(region_of_source).sum().rename("heat_A_orc"),
        pd.Series(orc["medium"]).groupby(region_of_source).sum().rename("heat_C_orc"),
        pd.Series((mat["electricity_saved_mwh"] + mat["slag_heat_mwh"]).to_numpy(float))
        .groupby(mat["grid_region"].to_numpy(object)).sum().rename("material"),
    ]
    table = pd.concat(parts, axis=1).fillna(0.0)
    table.index.name = "grid_region"
    return table[list(ELECTRIC_STRATEGIES)]


def plant_ledger(plants, sources, sinks_saved, solution, mat, shares, params) -> pd.DataFrame:
    """Per plant: fuel by stage and base/reductions of CO2 and PM2.5 by strategy."""
    out = plants.copy()
    n = len(out)
    sector = out["sector"].to_numpy(object)
    tce = {s: np.zeros(n) for s in STRATEGIES}
    tce["efficiency"] += out["eff_fuel_saved_tce"].to_numpy(float)
    ind = sinks_saved["sink_industry"]
    tce["heat_B_industry"] += np.bincount(ind["plant_index"].to_numpy(int), ind["fuel_saved_tce"].to_numpy(float), n)
    is_power = sector == "power"
    fuel_eff = out["fuel_eff_tce"].to_numpy(float)
    for s in ELECTRIC_STRATEGIES:
        share = out["grid_region"].map(shares[s]).fillna(0.0).to_numpy(float) if len(shares) else np.zeros(n)
        tce[s] += np.where(is_power, fuel_eff * share, 0.0)
    process = np.zeros(n)
    cement_t = materials.plant_byproducts(out, params)["cement_t"].to_numpy(float)
    clinker_co2 = params.get("materials.clinker_ratio") * params.get("materials.clinker_process_co2_t_per_t")
    process_base = cement_t * clinker_co2
    if len(mat):
        prov_cement = pd.Series(cement_t).groupby(out["province"].to_numpy(object)).transform("sum").to_numpy(float)
        weight = np.divide(cement_t, prov_cement, out=np.zeros(n), where=prov_cement > 0)
        m = mat.set_index("province")
        tce["material"] += weight * out["province"].map(m["fuel_saved_tce"]).fillna(0.0).to_numpy(float)
        process = weight * out["province"].map(m["process_co2_avoided_t"]).fillna(0.0).to_numpy(float)
    for s in STRATEGIES:
        out[f"fuel_red_{s}_tce"] = tce[s]
        out[f"co2_red_{s}_t"] = emissions.co2_t_from_tce(tce[s], params) + (process if s == "material" else 0.0)
        out[f"pm25_red_{s}_t"] = emissions.pm25_t_from_tce(tce[s], sector, params)
    out["fuel_scen_tce"] = np.maximum(out["fuel_tce"].to_numpy(float) - sum(tce.values()), 0.0)
    out["co2_base_t"] = emissions.co2_t_from_tce(out["fuel_tce"], params) + process_base
    out["pm25_base_t"] = emissions.pm25_t_from_tce(out["fuel_tce"], sector, params)
    red_co2 = sum(out[f"co2_red_{s}_t"] for s in STRATEGIES)
    out["co2_scen_t"] = out["co2_base_t"] - red_co2
    out["pm25_scen_t"] = out["pm25_base_t"] - sum(out[f"pm25_red_{s}_t"] for s in STRATEGIES)
    return _with_heat_balance(out, sources, solution, params)


def _with_heat_balance(out, sources, solution, params) -> pd.DataFrame:
    idx = sources["plant_index"].to_numpy(int)
    bal = solution.by_source
    for g in GRADES:
        for what in ("delivered", "orc", "unutilised"):
            col = np.zeros(len(out))
            col[idx] = bal[f"{g}_{what}_gj"].to_numpy(float)
            out[f"heat_{g}_{what}_gj"] = col
    orc = np.zeros(len(out))
    orc[idx] = bal["orc_mwh"].to_numpy(float)
    out["orc_mwh"] = orc
    return out


def heating_ledger(sinks_saved: dict, cities: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Ledger rows of existing DES and household heating (stoves replaced by new 4GDH)."""
    gj_per_tce = params.get("general.gj_per_tce")
    rows = []
    strategy_of = {"des": "heat_C_des", "new_dh": "heat_D_new_dh"}
    region = cities.set_index("city_id")["grid_region"]
    for kind in ("des", "new_dh"):
        t = sinks_saved[kind]
        if len(t) == 0:
            continue
        eff, coal = t["efficiency"].to_numpy(float), t["coal_share"].to_numpy(float)
        per_gj = t["co2_t_per_gj"].to_numpy(float)
        base_gj, scen_gj = t["demand_base_gj"].to_numpy(float), t["demand_gj"].to_numpy(float)
        tech = t["technology"].to_numpy(object)
        pm = lambda gj: emissions.pm25_t_from_tce(gj / eff / gj_per_tce * coal, tech, params)  # noqa: E731
        led = pd.DataFrame({"kind": kind, "id": t["sink_id"].to_numpy(object), "city_id": t["city_id"].to_numpy(object),
                            "province": t["province"].to_numpy(object)})
        led["grid_region"] = led["city_id"].map(region)
        for c in emissions.ledger_columns(STRATEGIES):
            led[c] = 0.0
        led["co2_base_t"], led["pm25_base_t"] = base_gj * per_gj, pm(base_gj)
        led["co2_red_efficiency_t"], led["pm25_red_efficiency_t"] = (base_gj - scen_gj) * per_gj, pm(base_gj - scen_gj)
        led[f"co2_red_{strategy_of[kind]}_t"] = t["co2_saved_t"].to_numpy(float)
        led[f"pm25_red_{strategy_of[kind]}_t"] = t["pm25_saved_t"].to_numpy(float)
        rows.append(led)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def unlocated_ledger(mat, elec, shares, generation, plants, params) -> pd.DataFrame:
    """Credits with no emitter in the study area: material exchange in provinces without cement plants,
    grid electricity of regions without power plants (valued at the grid factor)."""
    rows = []
    has_cement = set(plants.loc[plants["sector"] == "cement", "province"])
    for _, r in mat[~mat["province"].isin(has_cement)].iterrows():
        if r["fuel_saved_tce"] <= 0:
            continue
        row = _empty_ledger_row(kind="material_unlocated", id=r["province"], city_id=None, province=r["province"],
                                grid_region=r["grid_region"])
        row["co2_red_material_t"] = float(emissions.co2_t_from_tce(r["fuel_saved_tce"], params)) + r["process_co2_avoided_t"]
        row["pm25_red_material_t"] = float(emissions.pm25_t_from_tce(r["fuel_saved_tce"], ["cement"], params)[0])
        rows.append(row)
    for region, r in elec.iterrows():
        if generation.get(region, 0.0) > 0:
            continue
        row = _empty_ledger_row(kind="grid_unlocated", id=region, city_id=None, province=None, grid_region=region)
        for s in ELECTRIC_STRATEGIES:
            row[f"co2_red_{s}_t"] = float(emissions.co2_t_from_electricity(r[s], params))
            row[f"pm25_red_{s}_t"] = float(emissions.pm25_t_from_electricity(r[s], params))
        rows.append(row)
    return pd.DataFrame(rows)


def build_result(plants, cities, sinks, sources, solution, layers, params, scenario, mode, crs) -> SymbiosisResult:
    """Assemble every output table of :class:`SymbiosisResult` from the allocation."""
    mat = materials.material_exchange(plants, layers.get("provinces"), params)
    mat["grid_region"] = emissions.grid_region_of(mat["province"], None, params)
    elec = grid_electricity(plants, sources, solution, mat, params)
    generation = plants.groupby("grid_region")["generation_mwh"].sum()
    shares = emissions.grid_reduction_shares(elec, generation)
    saved = sink_savings(sinks, solution, params)
    plant_out = plant_ledger(plants, sources, saved, solution, mat, shares, params)

    cols = emissions.ledger_columns(STRATEGIES)
    ledger = pd.concat([
        plant_out[["plant_id", "city_id", "province", "grid_region"] + cols].rename(columns={"plant_id": "id"})
        .assign(kind="plant"),
        heating_ledger(saved, cities, params),
        unlocated_ledger(mat, elec, shares, generation, plants, params),
    ], ignore_index=True)
    ledger["scale"] = np.where(ledger["city_id"].notna(), "city", ROP)
    ledger["city_id"] = ledger["city_id"].astype(object).where(ledger["city_id"].notna(), None)

    city_table = _city_table(ledger, cities, saved, sources, params, crs)
    provinces = _province_table(ledger)
    grid_regions = emissions.aggregate(ledger, ["grid_region"], STRATEGIES).merge(
        elec.add_suffix("_mwh").reset_index(), on="grid_region", how="left").merge(
        generation.rename("generation_mwh").reset_index(), on="grid_region", how="left")
    nation = emissions.aggregate(ledger, [], STRATEGIES)
    links = _heat_links(solution.flows, plants, sources, saved, params, crs)
    area, point = _pm25_sources(ledger, plant_out, cities, layers.get("provinces"), params, crs)
    plant_layer = gpd.GeoDataFrame(plant_out.drop(columns=["geometry"]), geometry=plant_out.geometry.values, crs=crs)
    sink_layer = _sink_layer(saved, crs)
    summary = _summary(scenario, mode, nation, plant_out, saved, solution, elec, mat, city_table, params)
    return SymbiosisResult(scenario, mode, links, plant_layer, city_table, sink_layer, provinces, grid_regions,
                           nation, mat, summary, area, point)


def _city_table(ledger, cities, saved, sources, params, crs) -> gpd.GeoDataFrame:
    agg = emissions.aggregate(ledger[ledger["scale"] == "city"], ["city_id"], STRATEGIES)
    keep = [c for c in ("city_id", "name", "province", "grid_region", "population", "core_floor_area_m2", "hdd")
            if c in cities]
    table = cities[keep + ["geometry"]].merge(agg, on="city_id", how="left")
    value_cols = [c for c in agg.columns if c != "city_id"]
    table[value_cols] = table[value_cols].fillna(0.0)
    demand = pd.concat([t[["city_id", "demand_gj", "received_gj"]].assign(kind=k) for k, t in saved.items()])
    sink_gj = demand.groupby("city_id")["demand_gj"].sum()
    building = demand[demand["kind"].isin(cascade.HEATING_KINDS)].groupby("city_id")[["demand_gj", "received_gj"]].sum()
    table["heat_sink_gj"] = table["city_id"].map(sink_gj).fillna(0.0)
    table["heat_source_gj"] = _source_heat_near(cities, sources, params, crs)
    table["source_sink_ratio"] = table["heat_source_gj"] / table["heat_sink_gj"].where(table["heat_sink_gj"] > 0)
    table["building_heat_demand_gj"] = table["city_id"].map(building["demand_gj"]).fillna(0.0)
    table["building_heat_received_gj"] = table["city_id"].map(building["received_gj"]).fillna(0.0)
    table["building_heat_met_share"] = (table["building_heat_received_gj"] /
                                        table["building_heat_demand_gj"].where(table["building_heat_demand_gj"] > 0))
    return gpd.GeoDataFrame(table, geometry="geometry", crs=crs)


def _source_heat_near(cities, sources, params, crs) -> np.ndarray:
    """Waste heat available (all grades, GJ/yr) from sources within the fence line of each city polygon."""
    pairs = fenceline.fence_line_pairs(sources.geometry.values, cities.geometry.values,
                                       params.get("cascade.fence_line_m"), crs)
    heat = sources[[f"heat_{g}_avail_gj" for g in GRADES]].sum(axis=1).to_numpy(float)
    return np.bincount(pairs["sink"].to_numpy(int), heat[pairs["source"].to_numpy(int)], len(cities))


def _province_table(ledger) -> pd.DataFrame:
    total = emissions.aggregate(ledger, ["province"], STRATEGIES).assign(scale="province")
    by_scale = emissions.aggregate(ledger, ["province", "scale"], STRATEGIES)
    return pd.concat([total, by_scale], ignore_index=True).sort_values(["province", "scale"], kind="stable",
                                                                         ignore_index=True)


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
    line = shapely.shortest_line(src_geom, geoms) if len(links) else np.array([])
    if len(links):
        flat = shapely.length(line) == 0
        line[flat] = shapely.linestrings(np.stack([
            shapely.get_coordinates(src_geom[flat]),
            shapely.get_coordinates(shapely.point_on_surface(geoms[flat]))], axis=1))
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
        given = _numeric(points, field_name)
        default = points["sector"].map(lambda s: defaults[s][key]).to_numpy(float)
        out[field_name] = np.where(np.isfinite(given), given, default)
    return out


def _pm25_sources(ledger, plant_out, cities, provinces, params, crs):
    """PM2.5 inventories for dispersion: stacks of point-source sectors, and area sources per city / ROP."""
    point_sector = plant_out["sector"].isin(params.get("sectors.point_source_sectors"))
    pts = plant_out[point_sector]
    point = gpd.GeoDataFrame(
        pd.concat([pts[["plant_id", "sector", "city_id", "province", "pm25_base_t", "pm25_scen_t"]],
                   _stack_fields(pts, params)], axis=1), geometry=pts.geometry.values, crs=crs)
    ids = set(pts["plant_id"])
    area_led = ledger[~((ledger["kind"] == "plant") & ledger["id"].isin(ids))]
    area_led = area_led[area_led["kind"] != "grid_unlocated"]
    city = emissions.aggregate(area_led[area_led["scale"] == "city"], ["city_id"], STRATEGIES)
    city_rows = cities[["city_id", "province", "geometry"]].merge(city[["city_id", "pm25_base_t", "pm25_scen_t"]],
                                                                  on="city_id", how="left").fillna(
        {"pm25_base_t": 0.0, "pm25_scen_t": 0.0}).assign(area_type="city")
    rop = emissions.aggregate(area_led[area_led["scale"] == ROP], ["province"], STRATEGIES)
    rop_geom = _rop_geometry(rop["province"], cities, provinces, plant_out)
    rop_rows = pd.DataFrame({"city_id": None, "province": rop["province"].to_numpy(object),
                             "pm25_base_t": rop["pm25_base_t"].to_numpy(float),
                             "pm25_scen_t": rop["pm25_scen_t"].to_numpy(float), "area_type": ROP,
                             "geometry": rop_geom})
    area = pd.concat([city_rows, rop_rows], ignore_index=True)
    return gpd.GeoDataFrame(area, geometry="geometry", crs=crs), point


def _rop_geometry(province_names, cities, provinces, plants) -> list:
    """Rest-of-province polygon: province polygon minus the cities; without provinces, the convex hull of
    the plants and cities minus the cities."""
    city_union = shapely.union_all(cities.geometry.values)
    out = []
    for name in province_names:
        if provinces is not None and len(provinces):
            match = provinces[provinces["province"].map(emissions.normalise_province) == name]
            shape = shapely.union_all(match.geometry.values) if len(match) else None
        else:
            shape = None
        if shape is None:
            everything = np.concatenate([plants.geometry.values, cities.geometry.values])
            shape = shapely.convex_hull(shapely.union_all(everything))
        out.append(shapely.difference(shape, city_union))
    return out


def _sink_layer(saved: dict, crs) -> gpd.GeoDataFrame:
    cols = ["sink_id", "city_id", "province", "technology", "demand_base_gj", "demand_gj", "received_gj",
            "fuel_saved_tce", "co2_saved_t", "pm25_saved_t"]
    parts = [gpd.GeoDataFrame(t[cols].assign(sink_type=k), geometry=t.geometry.values, crs=crs)
             for k, t in saved.items() if len(t)]
    if not parts:
        return gpd.GeoDataFrame({c: [] for c in cols + ["sink_type"]}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=crs)


def _summary(scenario, mode, nation, plant_out, saved, solution, elec, mat, city_table, params) -> pd.DataFrame:
    """One row per scenario quantity with its unit."""
    n = nation.iloc[0]
    rows = [("co2_base", n["co2_base_t"], "t CO2/yr"), ("co2_scenario", n["co2_scen_t"], "t CO2/yr"),
            ("co2_reduction", n["co2_red_total_t"], "t CO2/yr"), ("co2_reduction_pct", n["co2_reduction_pct"], "%")]
    rows += [(f"co2_reduction_{s}", n[f"co2_red_{s}_t"], "t CO2/yr") for s in STRATEGIES]
    rows += [("pm25_base", n["pm25_base_t"], "t PM2.5/yr"), ("pm25_scenario", n["pm25_scen_t"], "t PM2.5/yr")]
    bal = solution.by_source
    for g in GRADES:
        rows.append((f"heat_{g}_generated", float(plant_out[f"heat_{g}_gen_gj"].sum()), "GJ/yr"))
        for what in ("avail", "delivered", "orc", "unutilised"):
            rows.append((f"heat_{g}_{what}", float(bal[f"{g}_{what}_gj"].sum()), "GJ/yr"))
    for kind, t in saved.items():
        rows += [(f"{kind}_demand", float(t["demand_gj"].sum()), "GJ/yr"),
                 (f"{kind}_received", float(t["received_gj"].sum()), "GJ/yr"),
                 (f"{kind}_fuel_saved", float(t["fuel_saved_tce"].sum()), "tce/yr")]
    orc = _orc_mwh_by_grade(bal, params)
    rows += [("orc_high_electricity", float(orc["high"].sum()), "MWh/yr"),
             ("orc_medium_electricity", float(orc["medium"].sum()), "MWh/yr")]
    rows += [(f"electricity_{s}", float(elec[s].sum()), "MWh/yr") for s in ELECTRIC_STRATEGIES]
    low_left = float(bal["low_unutilised_gj"].sum())
    rows += [("low_heat_unutilised", low_left, "GJ/yr"),
             ("unutilised_co2_if_coal", float(emissions.coal_co2_t_for_heat(
                 low_left, params.get("cascade.boiler_efficiency_des"), params)), "t CO2/yr"),
             ("unutilised_co2_if_gas", float(emissions.gas_co2_t_for_heat(low_left, params)), "t CO2/yr")]
    rows += [("fly_ash_used", float(mat["fly_ash_used_t"].sum()), "t/yr"),
             ("slag_used", float(mat["slag_used_t"].sum()), "t/yr"),
             ("slag_heat_electricity", float(mat["slag_heat_mwh"].sum()), "MWh/yr")]
    met = city_table["building_heat_met_share"]
    rows += [("cities_building_heat_fully_met", int((met >= 1.0 - 1e-6).sum()), "cities"),
             ("cities", len(city_table), "cities")]
    table = pd.DataFrame(rows, columns=["quantity", "value", "unit"])
    return table.assign(value=table["value"].astype(float))
