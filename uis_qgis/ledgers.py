"""Emission ledgers and strategy accounting (SPEC §5; Ramaswami et al. 2017, Methods (d)): who saves what where.

* fuel displaced at a sink (sink industry, existing DES, household stoves replaced by new 4GDH) is a Scope-1
  reduction where the sink is;
* electricity generated (ORC, slag heat) or saved (efficiency, cement) lowers generation of the grid region by a
  percentage applied equally to every power plant in it;
* material exchange lowers the province's cement production evenly (per tonne of cement).

Every row of the ledger is one emitter (plant, DES, urban core, or a credit with no emitter in the study
area) with base CO2 / PM2.5 and the reduction by each strategy; cities, provinces, grid regions and the nation
are sums of its rows (:func:`uis_qgis.emissions.aggregate`).
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from . import cascade, emissions, fenceline, materials
from .params import Params
from .vocabulary import ELECTRIC_STRATEGIES, ROP, STRATEGIES
from .wasteheat import GRADES


@dataclass
class Exchange:
    """What the allocation and the material exchange deliver, as the accounting needs it.

    ``solution`` is the chosen allocation; ``saved`` the sinks by kind with heat received (GJ), fuel displaced
    (tce), CO2 and PM2.5 avoided (t); ``materials`` the province table of :func:`materials.material_exchange`;
    ``electricity`` MWh/yr saved or generated per grid region and electric strategy; ``generation`` the power
    plants' generation per grid region (MWh/yr); ``shares`` the fraction of it each strategy displaces.
    """

    solution: cascade.CascadeResult
    saved: dict
    materials: pd.DataFrame
    electricity: pd.DataFrame
    generation: pd.Series
    shares: pd.DataFrame


def exchange(plants, sources, sinks: dict, solution: cascade.CascadeResult, provinces, params: Params) -> Exchange:
    """Material exchange, grid electricity and sink savings of one allocation (:class:`Exchange`)."""
    mat = materials.material_exchange(plants, provinces, params)
    mat["grid_region"] = emissions.grid_region_of(mat["province"], None, params)
    elec = grid_electricity(plants, sources, solution, mat, params)
    generation = plants.groupby("grid_region")["generation_mwh"].sum()
    shares = emissions.grid_reduction_shares(elec, generation)
    return Exchange(solution, sink_savings(sinks, solution, params), mat, elec, generation, shares)


def emission_ledger(plant_out: pd.DataFrame, cities, ex: Exchange, plants, params: Params) -> pd.DataFrame:
    """One row per emitter: plants, district heating and household heating, and credits with no emitter in the
    study area; ``scale`` is ``city`` inside a city, else ``ROP`` (rest of province)."""
    cols = emissions.ledger_columns(STRATEGIES)
    ledger = pd.concat([
        plant_out[["plant_id", "city_id", "province", "grid_region"] + cols].rename(columns={"plant_id": "id"})
        .assign(kind="plant"),
        heating_ledger(ex.saved, cities, params),
        unlocated_ledger(ex, plants, params),
    ], ignore_index=True)
    ledger["scale"] = np.where(ledger["city_id"].notna(), "city", ROP)
    ledger["city_id"] = ledger["city_id"].astype(object).where(ledger["city_id"].notna(), None)
    return ledger


def grid_region_table(ledger: pd.DataFrame, ex: Exchange) -> pd.DataFrame:
    """Emissions by grid region with the electricity (MWh/yr) by strategy and the generation of its plants."""
    return emissions.aggregate(ledger, ["grid_region"], STRATEGIES).merge(
        ex.electricity.add_suffix("_mwh").reset_index(), on="grid_region", how="left").merge(
        ex.generation.rename("generation_mwh").reset_index(), on="grid_region", how="left")


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



def orc_mwh_by_grade(by_source: pd.DataFrame, params: Params) -> dict:
    to_mwh = 1.0 / params.get("general.mj_per_kwh")  # GJ → MWh: × 1000 MJ/GJ ÷ 3.6 MJ/kWh ÷ 1000 kWh/MWh
    return {g: by_source[f"{g}_orc_gj"].to_numpy(float) * cascade.orc_efficiency(g, params) * to_mwh
            for g in GRADES}



def grid_electricity(plants, sources, solution, mat, params) -> pd.DataFrame:
    """Electricity saved or generated (MWh/yr) per grid region and electric strategy."""
    orc = orc_mwh_by_grade(solution.by_source, params)
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



def plant_ledger(plants, sources, ex: Exchange, params: Params) -> pd.DataFrame:
    """Per plant: fuel by stage and base/reductions of CO2 and PM2.5 by strategy."""
    sinks_saved, solution, mat, shares = ex.saved, ex.solution, ex.materials, ex.shares
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



def unlocated_ledger(ex: Exchange, plants, params: Params) -> pd.DataFrame:
    """Credits with no emitter in the study area: material exchange in provinces without cement plants,
    grid electricity of regions without power plants (valued at the grid factor)."""
    mat, elec, generation = ex.materials, ex.electricity, ex.generation
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



def city_table(ledger, cities, saved: dict, sources, params: Params) -> gpd.GeoDataFrame:
    """Emissions by city with heat sink and source totals, source/sink ratio and the share of building heat
    met."""
    crs = cities.crs
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



def province_table(ledger) -> pd.DataFrame:
    """Emissions by province: the total and its city and rest-of-province parts."""
    total = emissions.aggregate(ledger, ["province"], STRATEGIES).assign(scale="province")
    by_scale = emissions.aggregate(ledger, ["province", "scale"], STRATEGIES)
    return pd.concat([total, by_scale], ignore_index=True).sort_values(["province", "scale"], kind="stable",
                                                                         ignore_index=True)



def summary_table(nation, plant_out, ex: Exchange, cities, params: Params) -> pd.DataFrame:
    """One row per scenario quantity with its unit."""
    saved, solution, elec, mat = ex.saved, ex.solution, ex.electricity, ex.materials
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
    orc = orc_mwh_by_grade(bal, params)
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
             ("slag_heat_electricity", float(mat["slag_heat_mwh"].sum()), "MWh/yr"),
             ("material_co2_paper", float(mat["co2_paper_t"].sum()), "t CO2/yr"),
             ("material_co2_lifecycle", float(mat["co2_lifecycle_t"].sum()), "t CO2/yr")]
    met = cities["building_heat_met_share"]
    rows += [("cities_building_heat_fully_met", int((met >= 1.0 - 1e-6).sum()), "cities"),
             ("cities", len(cities), "cities")]
    table = pd.DataFrame(rows, columns=["quantity", "value", "unit"])
    return table.assign(value=table["value"].astype(float))

