"""Single-sector efficiency scenarios applied before symbiosis (SPEC §2; Ramaswami et al. 2017 Table 1).

``base`` leaves the inputs as given; ``fyp`` applies China's 2010–2015 Five-Year-Plan targets; ``high`` the
international best practice of LBNL's World Best Practice values. Plants' thermal fuel and electricity use
shrink by sector fractions; power plants scale their fuel by the heat-rate ratio (500 → 450 g/kWh in FYP) at
constant generation. Building heat demand shrinks by the ``buildings`` fraction.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .materials import production_t
from .params import Params, ParameterError
from .vocabulary import KWH_PER_MWH


def check_scenario(scenario: str, params: Params) -> None:
    """Raise ``ParameterError`` for an unknown scenario id."""
    if scenario not in params.get("efficiency.scenarios"):
        raise ParameterError(f"unknown scenario '{scenario}'; use one of {params.get('efficiency.scenarios')}")


def reduction(scenario: str, kind: str, sector, params: Params) -> np.ndarray:
    """Fractional reduction of ``kind`` ("thermal" or "electricity") use per sector code (0 for Base)."""
    sectors = pd.Series(sector, dtype=object)
    if scenario == "base":
        return np.zeros(len(sectors))
    table = params.group(f"efficiency.{scenario}.{kind}")
    return sectors.map(lambda s: table.get(s, table["other"])).to_numpy(float)


def heat_rate_ratio(scenario: str, params: Params) -> float:
    """Scenario / Base power heat rate (FYP 450/500 = 0.9)."""
    if scenario == "base":
        return 1.0
    return params.get(f"efficiency.{scenario}.heat_rate_g_per_kwh") / params.get("efficiency.base_heat_rate_g_per_kwh")


def building_heat_factor(scenario: str, params: Params) -> float:
    """Scenario building heat demand as a fraction of the Base (FYP: 1 − 10 %)."""
    return 1.0 - float(reduction(scenario, "thermal", ["buildings"], params)[0])


def electricity_mwh(plants: pd.DataFrame, params: Params) -> np.ndarray:
    """Base electricity use per plant (MWh/yr): ``electricity_mwh`` where given, else estimated.

    A missing (NaN or absent) value of a sector in ``efficiency.electricity_kwh_per_t`` is production ×
    that intensity, production being ``production_t`` or fuel ÷ the sector's fuel intensity
    (:func:`uis_qgis.materials.production_t`); other sectors without a value use none (0).

    References
    ----------
    Ramaswami et al. 2017 Table 1 (steel −15 %, cement −5 % electricity); intensities cited in
    ``efficiency.toml``.
    """
    given = plants["electricity_mwh"].to_numpy(float) if "electricity_mwh" in plants \
        else np.full(len(plants), np.nan)
    estimate = np.zeros(len(plants))
    for sector, kwh_per_t in params.group("efficiency.electricity_kwh_per_t").items():
        estimate += production_t(plants, sector, params) * kwh_per_t / KWH_PER_MWH
    return np.where(np.isfinite(given), given, estimate)


def apply_scenario(plants: pd.DataFrame, scenario: str, params: Params) -> pd.DataFrame:
    """Plants with scenario fuel and electricity use.

    Parameters
    ----------
    plants : DataFrame
        ``sector``, ``fuel_tce`` (t coal-equivalent/yr), optional ``production_t`` and ``electricity_mwh``
        (MWh/yr; NaN or absent = unknown, estimated by :func:`electricity_mwh`).
    scenario : {"base", "fyp", "high"}
    params : Params

    Returns
    -------
    DataFrame
        Copy with ``electricity_mwh`` (given or estimated), ``fuel_eff_tce`` (fuel after efficiency),
        ``electricity_eff_mwh``,
        ``eff_fuel_saved_tce`` and ``eff_electricity_saved_mwh``.

    References
    ----------
    Ramaswami et al. 2017 Table 1 (FYP) and Supplementary Information 2 (High-Efficiency); SPEC §2.
    """
    check_scenario(scenario, params)
    out = plants.copy()
    sector = out["sector"].to_numpy(object)
    thermal = reduction(scenario, "thermal", sector, params)
    fuel_factor = np.where(sector == "power", heat_rate_ratio(scenario, params), 1.0 - thermal)
    out["fuel_eff_tce"] = out["fuel_tce"].to_numpy(float) * fuel_factor
    out["eff_fuel_saved_tce"] = out["fuel_tce"].to_numpy(float) - out["fuel_eff_tce"]
    elec = electricity_mwh(out, params)
    out["electricity_mwh"] = elec
    out["electricity_eff_mwh"] = elec * (1.0 - reduction(scenario, "electricity", sector, params))
    out["eff_electricity_saved_mwh"] = elec - out["electricity_eff_mwh"]
    return out
