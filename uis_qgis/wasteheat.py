"""Recoverable industrial waste heat by temperature grade (SPEC §3; Ramaswami et al. 2017, Methods (c)).

For each plant and grade g ∈ {high > 400 °C, medium 100–400 °C, low < 100 °C}::

    heat_g_gen_gj   = fuel_tce × gj_per_tce × w(sector, g)
    heat_g_avail_gj = heat_g_gen_gj × availability(g)        (100 % / 25 % / 80 %)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .params import Params

GRADES = ("high", "medium", "low")


def waste_heat_fraction(sector: pd.Series, grade: str, params: Params) -> np.ndarray:
    """Waste-heat fraction w(sector, grade) per plant, GJ heat per GJ fuel.

    Power plants get 0 unless ``sectors.power_is_source`` is true; sectors absent from
    ``wasteheat.fraction`` produce no waste heat.

    References
    ----------
    Ramaswami et al. 2017, Methods (c) (waste heat as a percentage of primary fuel input).
    """
    table = params.group("wasteheat.fraction")
    w = sector.map(lambda s: table.get(s, {}).get(grade, 0.0)).astype(float).to_numpy()
    if not params.get("sectors.power_is_source"):
        w = np.where(sector.to_numpy() == "power", 0.0, w)
    return w


def waste_heat(plants: pd.DataFrame, params: Params, fuel_column: str = "fuel_tce") -> pd.DataFrame:
    """Generated and available waste heat per plant and grade.

    Parameters
    ----------
    plants : DataFrame
        ``sector`` and the fuel column (t coal-equivalent per year).
    params : Params
        ``wasteheat.fraction``, ``wasteheat.availability``, ``general.gj_per_tce``.
    fuel_column : str
        Fuel input to use (Base ``fuel_tce`` or the scenario's ``fuel_scen_tce``).

    Returns
    -------
    DataFrame
        Same index; ``heat_{g}_gen_gj`` and ``heat_{g}_avail_gj`` for each grade, GJ/yr.

    References
    ----------
    Ramaswami et al. 2017, Methods (c): 100 % of high, 25 % of medium, 80 % of low-grade heat available.
    """
    fuel_gj = plants[fuel_column].to_numpy(float) * params.get("general.gj_per_tce")
    availability = params.group("wasteheat.availability")
    out = pd.DataFrame(index=plants.index)
    for grade in GRADES:
        gen = fuel_gj * waste_heat_fraction(plants["sector"], grade, params)
        out[f"heat_{grade}_gen_gj"] = gen
        out[f"heat_{grade}_avail_gj"] = gen * availability[grade]
    return out


def space_heating_share(plants: pd.DataFrame, params: Params) -> np.ndarray:
    """Share of a source's heat usable by space-heating sinks (existing DES, new 4GDH).

    1 for every plant unless ``wasteheat.seasonal`` is on; then 1 for CHP plants and
    ``wasteheat.seasonal_fraction`` (paper: 40 % of the year) for all others.

    References
    ----------
    Ramaswami et al. 2017, Methods, seasonality sensitivity (270 → 243 Mt).
    """
    if not params.get("wasteheat.seasonal"):
        return np.ones(len(plants))
    chp = plants["chp"].fillna(0).astype(bool).to_numpy() if "chp" in plants else np.zeros(len(plants), bool)
    return np.where(chp, 1.0, params.get("wasteheat.seasonal_fraction"))
