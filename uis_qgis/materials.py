"""Material exchange at province scale: fly ash and dry-granulated steel slag displacing cement (SPEC §4).

Per province::

    available = generated × (1 − existing reuse rate)
    used      = min(available, cap × cement production)      (fly ash 35 %, slag 25 %)

Each tonne used displaces a tonne of clinker: process CO2, clinker fuel and cement electricity are avoided;
dry slag granulation also recovers heat to electricity.

References
----------
Ramaswami et al. 2017, Methods (c) material-exchange algorithms; Table 2 (fly ash, steel slag lines).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .emissions import coal_t_from_tce
from .params import Params

KWH_PER_MWH = 1e3


def _production_t(plants: pd.DataFrame, sector: str, intensity_tce_per_t: float) -> np.ndarray:
    is_sector = (plants["sector"] == sector).to_numpy()
    given = plants["production_t"].to_numpy(float) if "production_t" in plants else np.full(len(plants), np.nan)
    estimate = plants["fuel_tce"].to_numpy(float) / intensity_tce_per_t
    return np.where(is_sector, np.where(np.isfinite(given), given, estimate), 0.0)


def plant_byproducts(plants: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Fly ash (power plants) and slag (steel plants) generated, and cement produced, per plant (t/yr).

    Given fields ``fly_ash_t``, ``slag_t``, ``production_t`` win; otherwise fly ash = coal burned (scenario
    fuel) × ash factor, slag = crude steel × slag factor, production = Base fuel / sector intensity.
    """
    is_power = (plants["sector"] == "power").to_numpy()
    ash_given = plants["fly_ash_t"].to_numpy(float) if "fly_ash_t" in plants else np.full(len(plants), np.nan)
    ash_est = coal_t_from_tce(plants["fuel_eff_tce"], params) * params.get("materials.fly_ash_t_per_t_coal")
    steel_t = _production_t(plants, "steel", params.get("materials.steel_tce_per_t"))
    slag_given = plants["slag_t"].to_numpy(float) if "slag_t" in plants else np.full(len(plants), np.nan)
    slag_est = steel_t * params.get("materials.slag_t_per_t_steel")
    return pd.DataFrame({
        "fly_ash_t": np.where(is_power, np.where(np.isfinite(ash_given), ash_given, ash_est), 0.0),
        "slag_t": np.where(plants["sector"].to_numpy() == "steel",
                           np.where(np.isfinite(slag_given), slag_given, slag_est), 0.0),
        "cement_t": _production_t(plants, "cement", params.get("materials.cement_tce_per_t")),
    }, index=plants.index)


def material_exchange(plants: pd.DataFrame, provinces: pd.DataFrame | None, params: Params) -> pd.DataFrame:
    """Fly ash and slag substituted into cement per province, and what it avoids.

    Parameters
    ----------
    plants : DataFrame
        ``province``, ``sector``, ``fuel_tce``, ``fuel_eff_tce`` and optional ``production_t``, ``fly_ash_t``,
        ``slag_t``.
    provinces : DataFrame or None
        ``province`` with optional ``cement_production_t`` (wins over plant sums) and ``fly_ash_reuse_rate``.
    params : Params

    Returns
    -------
    DataFrame
        One row per province: ``fly_ash_gen_t``, ``fly_ash_avail_t``, ``fly_ash_used_t``, ``slag_gen_t``,
        ``slag_avail_t``, ``slag_used_t``, ``cement_t``, ``clinker_displaced_t``, ``fuel_saved_tce``,
        ``process_co2_avoided_t``, ``electricity_saved_mwh`` (cement grinding/kiln power avoided) and
        ``slag_heat_mwh`` (dry-granulation heat to power).

    References
    ----------
    Ramaswami et al. 2017 Table 2 and Methods (c); IPCC 2006 Vol. 3 Eq. 2.4 (clinker process CO2).
    """
    by = plant_byproducts(plants, params).assign(province=plants["province"].to_numpy())
    table = by.groupby("province", dropna=False)[["fly_ash_t", "slag_t", "cement_t"]].sum()
    table.columns = ["fly_ash_gen_t", "slag_gen_t", "cement_t"]
    reuse = pd.Series(params.get("materials.fly_ash_reuse_rate"), index=table.index, dtype=float)
    if provinces is not None and len(provinces):
        prov = provinces.drop_duplicates("province").set_index("province")
        table = table.reindex(table.index.union(prov.index), fill_value=0.0)
        reuse = reuse.reindex(table.index).fillna(params.get("materials.fly_ash_reuse_rate"))
        for column, target in (("cement_production_t", "cement_t"),):
            if column in prov:
                given = prov[column].reindex(table.index)
                table[target] = given.where(given.notna(), table[target])
        if "fly_ash_reuse_rate" in prov:
            given = prov["fly_ash_reuse_rate"].reindex(table.index)
            reuse = given.where(given.notna(), reuse)
    table["fly_ash_avail_t"] = table["fly_ash_gen_t"] * (1.0 - reuse.clip(0.0, 1.0))
    table["slag_avail_t"] = table["slag_gen_t"] * (1.0 - params.get("materials.slag_reuse_rate"))
    table["fly_ash_used_t"] = np.minimum(table["fly_ash_avail_t"], params.get("materials.fly_ash_cap") * table["cement_t"])
    table["slag_used_t"] = np.minimum(table["slag_avail_t"], params.get("materials.slag_cap") * table["cement_t"])
    used = table["fly_ash_used_t"] + table["slag_used_t"]
    table["clinker_displaced_t"] = used
    table["fuel_saved_tce"] = used * params.get("materials.clinker_tce_per_t")
    table["process_co2_avoided_t"] = used * params.get("materials.clinker_process_co2_t_per_t")
    table["electricity_saved_mwh"] = used * params.get("materials.cement_kwh_per_t") / KWH_PER_MWH
    table["slag_heat_mwh"] = table["slag_used_t"] * params.get("materials.slag_heat_kwh_per_t") / KWH_PER_MWH
    table.index.name = "province"
    return table.reset_index()
