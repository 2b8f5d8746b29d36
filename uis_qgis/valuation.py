"""Monetary value of deaths avoided: deaths × a value of a statistical life (VSL) for China.

``value = deaths avoided × VSL`` with VSL low / central / high from ``valuation.vsl_million_cny`` (a range
from the Chinese stated-preference literature, 2019 prices). The range is the VSL's; the uncertainty of the
deaths themselves (θ ± 2 SE) is reported separately by the health step.

References
----------
Cao, C. et al. (2023) Estimating the value of a statistical life in China: a contingent valuation study in six
representative cities. Chin. J. Popul. Resour. Environ. 21(4):269–278.
OECD (2012) Mortality Risk Valuation in Environment, Health and Transport Policies. OECD Publishing (VSL ×
deaths as the value of mortality risk reductions).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .params import Params

BOUNDS = ("low", "central", "high")


def vsl_million_cny(params: Params) -> dict[str, float]:
    """VSL low / central / high, million CNY (2019 prices) per statistical life; checked ordered and > 0."""
    table = params.group("valuation.vsl_million_cny")
    vsl = {b: float(table[b]) for b in BOUNDS}
    if not 0 < vsl["low"] <= vsl["central"] <= vsl["high"]:
        raise ValueError(f"valuation.vsl_million_cny must satisfy 0 < low <= central <= high, got {vsl}")
    return vsl


def value_million_cny(deaths_avoided, params: Params) -> pd.DataFrame:
    """Value of deaths avoided per city (or cell), million CNY per year, at VSL low / central / high.

    Parameters
    ----------
    deaths_avoided : array_like
        Deaths avoided per year (central estimate; negative = deaths added).
    params : Params
        ``valuation.vsl_million_cny``.

    Returns
    -------
    DataFrame
        ``value_deaths_avoided_million_cny_{low,central,high}``.

    References
    ----------
    OECD (2012), ch. 1 (value of a statistical life); Cao et al. (2023) (VSL for China).
    """
    deaths = np.asarray(deaths_avoided, float)
    vsl = vsl_million_cny(params)
    return pd.DataFrame({f"value_deaths_avoided_million_cny_{b}": deaths * vsl[b] for b in BOUNDS})
