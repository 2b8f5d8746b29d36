"""Heating degree-days of cities from the building-climate zones of GB 50176-2016 (SPEC §3 new 4GDH demand).

A city's own ``hdd`` wins; otherwise it gets the typical HDD18 (K·d) of the GB 50176-2016 sub-zone of its
province (``climate.province_zone`` → ``climate.zone_hdd18``), or of ``climate.default_zone`` when the
province is unknown. Building heat demand scales with HDD18 (:func:`heat_gj_per_m2`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .params import Params
from .vocabulary import normalise_province


def zone_of_province(province: pd.Series, params: Params) -> pd.Series:
    """GB 50176-2016 sub-zone per row (``climate.default_zone`` for unknown provinces)."""
    table = params.get("climate.province_zone")
    default = params.get("climate.default_zone")
    return province.map(lambda p: table.get(normalise_province(p), default)).astype(object)


def hdd18_k_d(hdd_given, province: pd.Series, params: Params) -> np.ndarray:
    """HDD18 per city (K·d): the given value where finite, else the typical value of the province's zone.

    References
    ----------
    GB 50176-2016, Code for thermal design of civil buildings, §4.1 and Table 4.1.2 (zones by HDD18).
    """
    zone_hdd = params.group("climate.zone_hdd18")
    by_zone = zone_of_province(province, params).map(zone_hdd).to_numpy(float)
    given = np.asarray(hdd_given, float)
    return np.where(np.isfinite(given), given, by_zone)


def heat_gj_per_m2(hdd18, params: Params) -> np.ndarray:
    """Delivered space-heat demand per m² of floor (GJ/m²/yr) = ``cascade.heat_demand_gj_per_m2`` × HDD18 /
    ``cascade.reference_hdd`` (demand proportional to degree-days)."""
    return params.get("cascade.heat_demand_gj_per_m2") * np.asarray(hdd18, float) / params.get("cascade.reference_hdd")
