"""CO2 and PM2.5 emission factors and accounting at every scale (SPEC §5; Ramaswami et al. 2017, Methods (d)).

Units: "coal" is coal as fired, the paper's unit of both the 2.2 kg CO2/kg coal factor and the grid heat rate
in g coal/kWh; fuels reported in tce are converted with the national raw-coal factor 0.7143 tce/t.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .params import Params
from .vocabulary import G_PER_T, GJ_PER_TJ, KWH_PER_MWH, normalise_province


def coal_t_from_tce(fuel_tce, params: Params):
    """Coal as fired (t) for a fuel quantity in t coal-equivalent (÷ 0.7143 tce/t, GB/T 2589)."""
    return np.asarray(fuel_tce, float) / params.get("emissions.tce_per_t_coal")


def co2_t_from_tce(fuel_tce, params: Params):
    """Scope-1 CO2 (t) of burning ``fuel_tce`` of coal.

    References
    ----------
    Ramaswami et al. 2017, Methods (d): 2,200 g CO2/kg coal (IPCC); GB/T 2589-2008 raw coal 0.7143 tce/t.
    """
    return coal_t_from_tce(fuel_tce, params) * params.get("emissions.co2_t_per_t_coal")


def coal_t_from_electricity(electricity_mwh, params: Params, heat_rate_g_per_kwh: float | None = None):
    """Coal (t) burned by the grid to generate ``electricity_mwh`` at the heat rate (default 450 g/kWh)."""
    rate = params.get("emissions.grid_heat_rate_g_per_kwh") if heat_rate_g_per_kwh is None else heat_rate_g_per_kwh
    return np.asarray(electricity_mwh, float) * KWH_PER_MWH * rate / G_PER_T


def co2_t_from_electricity(electricity_mwh, params: Params, heat_rate_g_per_kwh: float | None = None):
    """Grid CO2 (t) of ``electricity_mwh``: heat rate × 2.2 t CO2/t coal.

    References
    ----------
    Ramaswami et al. 2017, Methods (d): grid average 450 g/kWh after FYP, 2,200 g CO2/kg coal.
    """
    coal = coal_t_from_electricity(electricity_mwh, params, heat_rate_g_per_kwh)
    return coal * params.get("emissions.co2_t_per_t_coal")


def pm25_t_from_electricity(electricity_mwh, params: Params):
    """Grid PM2.5 (t) of ``electricity_mwh`` (0.551 g/kg coal, Ramaswami et al. 2017 Methods (d))."""
    coal = coal_t_from_electricity(electricity_mwh, params)
    return coal * params.get("emissions.grid_pm25_g_per_kg_coal") * 1e-3


def power_efficiency_co2_t(generation_mwh, params: Params, base_g_per_kwh: float, scen_g_per_kwh: float):
    """CO2 (t) avoided by lowering the heat rate from ``base_g_per_kwh`` to ``scen_g_per_kwh``.

    References
    ----------
    Ramaswami et al. 2017, Table 1, power line (3,144 TWh, 500 → 450 g coal/kWh → 341.6 Mt).
    """
    return co2_t_from_electricity(generation_mwh, params, base_g_per_kwh - scen_g_per_kwh)


def pm25_factor_g_per_kg_coal(technology, params: Params) -> np.ndarray:
    """PM2.5 factor per technology (sector code, ``des`` or ``stove``), g PM2.5 per kg coal."""
    table = params.group("emissions.pm25_g_per_kg_coal")
    return pd.Series(technology).map(lambda t: table.get(t, table["other"])).to_numpy(float)


def pm25_t_from_tce(fuel_tce, technology, params: Params):
    """PM2.5 (t) of burning ``fuel_tce`` in the given technology (g/kg coal × coal t × 1e-3)."""
    return coal_t_from_tce(fuel_tce, params) * pm25_factor_g_per_kg_coal(technology, params) * 1e-3


def gas_co2_t_for_heat(heat_gj, params: Params):
    """CO2 (t) of supplying ``heat_gj`` from natural-gas boilers (56.1 t/TJ, IPCC 2006; 90 % efficiency)."""
    fuel_tj = np.asarray(heat_gj, float) / params.get("emissions.gas_boiler_efficiency") / GJ_PER_TJ
    return fuel_tj * params.get("emissions.co2_t_per_tj_gas")


def coal_co2_t_for_heat(heat_gj, efficiency, params: Params):
    """CO2 (t) of supplying ``heat_gj`` from coal burned at ``efficiency``."""
    fuel_tce = np.asarray(heat_gj, float) / np.asarray(efficiency, float) / params.get("general.gj_per_tce")
    return co2_t_from_tce(fuel_tce, params)


def grid_region_of(province: pd.Series, explicit: pd.Series | None, params: Params) -> pd.Series:
    """Grid region per row: the explicit ``grid_region`` where given, else from the province table."""
    table = params.get("grid.province_region")
    default = params.get("grid.default_region")
    from_province = province.map(lambda p: table.get(normalise_province(p), default) if p is not None else default)
    if explicit is None:
        return from_province.astype(object)
    given = explicit.astype(object).where(explicit.notna() & (explicit.astype(str).str.strip() != ""))
    return given.fillna(from_province).astype(object)


def grid_reduction_shares(electricity_mwh_by_region: pd.DataFrame, generation_mwh_by_region: pd.Series):
    """Fraction of each region's generation avoided, per strategy column.

    The percentage reduction of a grid region applies equally to every power plant in it; the total is
    capped at 100 % of the region's generation (shares scaled down together).

    References
    ----------
    Ramaswami et al. 2017, Methods (d): "the percentage reduction arising from all cities within a grid region
    assumed to apply equally to all generators".
    """
    gen = generation_mwh_by_region.reindex(electricity_mwh_by_region.index).fillna(0.0)
    share = electricity_mwh_by_region.div(gen.where(gen > 0), axis=0).fillna(0.0)
    total = share.sum(axis=1)
    scale = np.where(total > 1.0, 1.0 / total.where(total > 0, 1.0), 1.0)
    return share.mul(scale, axis=0)


def ledger_columns(strategies) -> list[str]:
    """Value columns of an emissions ledger: base CO2/PM2.5 and the reduction of each strategy."""
    cols = ["co2_base_t", "pm25_base_t"]
    for s in strategies:
        cols += [f"co2_red_{s}_t", f"pm25_red_{s}_t"]
    return cols


def aggregate(ledger: pd.DataFrame, keys: list[str], strategies) -> pd.DataFrame:
    """Sum a ledger (one row per emitter: plant, DES, stoves of a core, unlocated credit) by ``keys``.

    Adds ``co2_scen_t``, ``pm25_scen_t``, ``co2_reduction_pct`` and ``co2_red_{strategy}_pct`` (% of Base; NaN
    where the Base is 0, the same convention as :mod:`uis_qgis.indicators`).

    References
    ----------
    SPEC §5: results per city (inside its boundary), rest of province, province, grid region and nation.
    """
    cols = ledger_columns(strategies)
    if keys:
        table = ledger.groupby(keys, dropna=False, sort=True)[cols].sum().reset_index()
    else:
        table = ledger[cols].sum().to_frame().T
    red_co2 = table[[f"co2_red_{s}_t" for s in strategies]].sum(axis=1)
    red_pm = table[[f"pm25_red_{s}_t" for s in strategies]].sum(axis=1)
    table["co2_red_total_t"] = red_co2
    table["co2_scen_t"] = table["co2_base_t"] - red_co2
    table["pm25_scen_t"] = table["pm25_base_t"] - red_pm
    base = table["co2_base_t"].where(table["co2_base_t"] > 0)
    table["co2_reduction_pct"] = 100.0 * red_co2 / base
    for s in strategies:
        table[f"co2_red_{s}_pct"] = 100.0 * table[f"co2_red_{s}_t"] / base
    return table
