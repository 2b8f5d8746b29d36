"""Material exchange at province scale: fly ash and dry-granulated steel slag displacing cement (SPEC §4).

Per province::

    available = generated × (1 − existing reuse rate)
    capped    = min(available, cap × cement)                       (fly ash 35 %, slag 25 %, each)
    used      = capped × min(1, joint cap / Σ capped)               (one joint cap, both substitutes)
    joint cap = max(clinker ratio − clinker floor, 0) × cement      (net of the SCMs already in cement)

so the residual clinker share of a province never falls below the floor of the cement standard. The
cement base is the production of the province's cement plants; a province's ``cement_production_t`` is
used only where no cement plant is in the province (its credit has no emitter and stays unlocated).

Each tonne used is credited under one of two named accountings (``materials.accounting``):

* ``paper`` — the per-tonne CO2 credits implied by seed 001 Table 2 (fly ash 9.2 Mt / 54 Mt; slag
  (39.4 Mt − 19.57 TWh at the grid factor) / 170.14 Mt), plus the slag heat recovered as electricity;
* ``lifecycle`` — each tonne displaces a tonne of clinker: its calcination CO2, kiln fuel and clinker-stage
  electricity (raw meal and kiln; finish grinding is not credited: slag needs its own grinding), plus the
  slag heat recovered as electricity.

Both totals are reported for every province (``co2_paper_t``, ``co2_lifecycle_t``); the columns the emissions
ledger credits (``fuel_saved_tce``, ``process_co2_avoided_t``, ``electricity_saved_mwh``) follow the chosen one.

References
----------
Ramaswami et al. 2017, Methods (c) material-exchange algorithms; Table 2 (fly ash, steel slag lines).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .emissions import co2_t_from_electricity, co2_t_from_tce, coal_t_from_tce
from .params import Params, ParameterError
from .vocabulary import KWH_PER_MWH
ACCOUNTINGS = ("paper", "lifecycle")


def production_t(plants: pd.DataFrame, sector: str, params: Params) -> np.ndarray:
    """Production of ``sector`` per plant (t/yr; 0 for other sectors): ``production_t`` where given, else Base
    fuel ÷ ``materials.{sector}_tce_per_t`` (Ramaswami et al. 2017 Table 1 Base-Case intensities)."""
    is_sector = (plants["sector"] == sector).to_numpy()
    given = plants["production_t"].to_numpy(float) if "production_t" in plants else np.full(len(plants), np.nan)
    estimate = plants["fuel_tce"].to_numpy(float) / params.get(f"materials.{sector}_tce_per_t")
    return np.where(is_sector, np.where(np.isfinite(given), given, estimate), 0.0)


def plant_byproducts(plants: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Fly ash (power plants) and slag (steel plants) generated, and cement produced, per plant (t/yr).

    Given fields ``fly_ash_t``, ``slag_t``, ``production_t`` win; otherwise fly ash = coal burned (scenario
    fuel) × ash factor, slag = crude steel × slag factor, production = Base fuel / sector intensity.
    """
    is_power = (plants["sector"] == "power").to_numpy()
    ash_given = plants["fly_ash_t"].to_numpy(float) if "fly_ash_t" in plants else np.full(len(plants), np.nan)
    ash_est = coal_t_from_tce(plants["fuel_eff_tce"], params) * params.get("materials.fly_ash_t_per_t_coal")
    steel_t = production_t(plants, "steel", params)
    slag_given = plants["slag_t"].to_numpy(float) if "slag_t" in plants else np.full(len(plants), np.nan)
    slag_est = steel_t * params.get("materials.slag_t_per_t_steel")
    return pd.DataFrame({
        "fly_ash_t": np.where(is_power, np.where(np.isfinite(ash_given), ash_given, ash_est), 0.0),
        "slag_t": np.where(plants["sector"].to_numpy() == "steel",
                           np.where(np.isfinite(slag_given), slag_given, slag_est), 0.0),
        "cement_t": production_t(plants, "cement", params),
    }, index=plants.index)


def substitution_t(cement_t, fly_ash_avail_t, slag_avail_t, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Fly ash and slag substituted into cement (t/yr) under the separate and the joint caps.

    Parameters
    ----------
    cement_t, fly_ash_avail_t, slag_avail_t : array_like
        Cement produced and substitutes available (after existing reuse), t/yr, per province.
    params : Params
        ``materials.fly_ash_cap``, ``materials.slag_cap`` (t/t cement), ``materials.clinker_ratio`` (clinker
        already in today's cement, t/t) and ``materials.clinker_floor`` (lowest clinker share allowed, t/t).

    Returns
    -------
    (fly_ash_used_t, slag_used_t)
        Each ≤ its own cap; together ≤ (clinker ratio − floor) × cement, both scaled by one factor when the
        joint cap binds (no substitute is preferred, so the split does not depend on an order).

    References
    ----------
    Ramaswami et al. 2017, Table 2 (35 % fly ash, 25 % slag saturation); GB 175-2007 (clinker floor).
    """
    cement = np.asarray(cement_t, float)
    ash = np.minimum(np.asarray(fly_ash_avail_t, float), params.get("materials.fly_ash_cap") * cement)
    slag = np.minimum(np.asarray(slag_avail_t, float), params.get("materials.slag_cap") * cement)
    joint = joint_cap_t(cement, params)
    both = ash + slag
    scale = np.divide(joint, both, out=np.ones_like(both), where=both > joint)
    return ash * scale, slag * scale


def joint_cap_t(cement_t, params: Params) -> np.ndarray:
    """Most fly ash + slag (t/yr) a cement output can take without its clinker share falling below the floor."""
    headroom = max(params.get("materials.clinker_ratio") - params.get("materials.clinker_floor"), 0.0)
    return headroom * np.asarray(cement_t, float)


def credits(fly_ash_used_t, slag_used_t, accounting: str, params: Params) -> dict:
    """Fuel (tce), process CO2 (t) and electricity (MWh) avoided at cement plants per the accounting.

    ``paper``: the implied per-tonne CO2 of seed 001 Table 2, expressed as the cement-kiln coal that emits it
    (so that PM2.5 follows the same fuel); no process CO2 or electricity. ``lifecycle``: per tonne of clinker
    displaced, kiln fuel, calcination CO2 and clinker-stage electricity. The slag heat recovered as
    electricity is not included here (``slag_heat_mwh``).
    """
    ash, slag = np.asarray(fly_ash_used_t, float), np.asarray(slag_used_t, float)
    if accounting == "paper":
        co2 = ash * params.get("materials.paper_fly_ash_co2_t_per_t") + \
            slag * params.get("materials.paper_slag_co2_t_per_t")
        fuel = co2 / float(co2_t_from_tce(1.0, params))
        return {"fuel_saved_tce": fuel, "process_co2_avoided_t": np.zeros_like(co2),
                "electricity_saved_mwh": np.zeros_like(co2)}
    if accounting == "lifecycle":
        clinker = ash + slag
        return {"fuel_saved_tce": clinker * params.get("materials.clinker_tce_per_t"),
                "process_co2_avoided_t": clinker * params.get("materials.clinker_process_co2_t_per_t"),
                "electricity_saved_mwh": clinker * params.get("materials.clinker_kwh_per_t") / KWH_PER_MWH}
    raise ParameterError(f"unknown materials.accounting '{accounting}'; use one of {ACCOUNTINGS}")


def credit_co2_t(credit: dict, slag_heat_mwh, params: Params) -> np.ndarray:
    """Total CO2 (t) of a credit: fuel and process CO2 plus electricity (saved and slag heat) at the grid factor."""
    electricity = credit["electricity_saved_mwh"] + np.asarray(slag_heat_mwh, float)
    return co2_t_from_tce(credit["fuel_saved_tce"], params) + credit["process_co2_avoided_t"] + \
        co2_t_from_electricity(electricity, params)


def _province_base(plants: pd.DataFrame, provinces: pd.DataFrame | None, params: Params) -> pd.DataFrame:
    """Generated by-products, cement base and fly-ash reuse rate per province."""
    by = plant_byproducts(plants, params).assign(province=plants["province"].to_numpy())
    table = by.groupby("province", dropna=False)[["fly_ash_t", "slag_t", "cement_t"]].sum()
    table.columns = ["fly_ash_gen_t", "slag_gen_t", "cement_t"]
    table["cement_base"] = np.where(table["cement_t"] > 0, "plants", "none")
    table["fly_ash_reuse_rate"] = params.get("materials.fly_ash_reuse_rate")
    if provinces is None or not len(provinces):
        return table
    prov = provinces.drop_duplicates("province").set_index("province")
    table = table.reindex(table.index.union(prov.index))
    table[["fly_ash_gen_t", "slag_gen_t", "cement_t"]] = table[["fly_ash_gen_t", "slag_gen_t", "cement_t"]].fillna(0.0)
    table["cement_base"] = table["cement_base"].fillna("none")
    table["fly_ash_reuse_rate"] = table["fly_ash_reuse_rate"].fillna(params.get("materials.fly_ash_reuse_rate"))
    if "cement_production_t" in prov:
        given = prov["cement_production_t"].reindex(table.index)
        use = (table["cement_t"] <= 0) & given.notna()
        table.loc[use, "cement_t"] = given[use]
        table.loc[use, "cement_base"] = "province"
    if "fly_ash_reuse_rate" in prov:
        given = prov["fly_ash_reuse_rate"].reindex(table.index)
        table["fly_ash_reuse_rate"] = given.where(given.notna(), table["fly_ash_reuse_rate"])
    return table


def material_exchange(plants: pd.DataFrame, provinces: pd.DataFrame | None, params: Params) -> pd.DataFrame:
    """Fly ash and slag substituted into cement per province, and what it avoids.

    Parameters
    ----------
    plants : DataFrame
        ``province``, ``sector``, ``fuel_tce``, ``fuel_eff_tce`` and optional ``production_t``, ``fly_ash_t``,
        ``slag_t``.
    provinces : DataFrame or None
        ``province`` with optional ``cement_production_t`` (used where the province has no cement plant)
        and ``fly_ash_reuse_rate``.
    params : Params
        ``materials.*``; ``materials.accounting`` chooses the credited columns.

    Returns
    -------
    DataFrame
        One row per province: ``fly_ash_gen_t``, ``fly_ash_avail_t``, ``fly_ash_used_t``, ``slag_gen_t``,
        ``slag_avail_t``, ``slag_used_t``, ``cement_t`` and ``cement_base`` (plants | province | none),
        ``substitute_cap_t`` (joint cap), ``clinker_ratio_after`` (residual clinker share), ``accounting``,
        the credited ``fuel_saved_tce``, ``process_co2_avoided_t``, ``electricity_saved_mwh``,
        ``slag_heat_mwh`` (dry-granulation heat to power) and the total CO2 under both accountings,
        ``co2_paper_t`` and ``co2_lifecycle_t`` (electricity at the grid factor).

    References
    ----------
    Ramaswami et al. 2017 Table 2 and Methods (c); IPCC 2006 Vol. 3 Eq. 2.4 (clinker process CO2);
    GB 175-2007 (clinker floor).
    """
    accounting = params.get("materials.accounting")
    if accounting not in ACCOUNTINGS:
        raise ParameterError(f"unknown materials.accounting '{accounting}'; use one of {ACCOUNTINGS}")
    table = _province_base(plants, provinces, params)
    table["fly_ash_avail_t"] = table["fly_ash_gen_t"] * (1.0 - table["fly_ash_reuse_rate"].clip(0.0, 1.0))
    table["slag_avail_t"] = table["slag_gen_t"] * (1.0 - params.get("materials.slag_reuse_rate"))
    ash, slag = substitution_t(table["cement_t"], table["fly_ash_avail_t"], table["slag_avail_t"], params)
    table["fly_ash_used_t"], table["slag_used_t"] = ash, slag
    table["substitute_cap_t"] = joint_cap_t(table["cement_t"], params)
    table["clinker_displaced_t"] = ash + slag
    cement = table["cement_t"].where(table["cement_t"] > 0)
    table["clinker_ratio_after"] = (params.get("materials.clinker_ratio") - (ash + slag) / cement).fillna(
        params.get("materials.clinker_ratio"))
    table["slag_heat_mwh"] = slag * params.get("materials.slag_heat_kwh_per_t") / KWH_PER_MWH
    for name in ACCOUNTINGS:
        table[f"co2_{name}_t"] = credit_co2_t(credits(ash, slag, name, params), table["slag_heat_mwh"], params)
    for column, values in credits(ash, slag, accounting, params).items():
        table[column] = values
    table["accounting"] = accounting
    table = table.drop(columns="fly_ash_reuse_rate")
    table.index.name = "province"
    return table.reset_index()
