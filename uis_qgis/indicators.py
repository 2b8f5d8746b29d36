"""City indicators: economic typology, heat source/sink ratio, % reductions, co-benefit quadrant (SPEC §8).

References
----------
Ramaswami, A. et al. (2017) Urban cross-sector actions for carbon mitigation with local health co-benefits in
China. Nature Climate Change 7:736–742: Results (typology thresholds; Fig. 3b source/sink heuristic;
Fig. 4 co-benefit quadrants).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .params import Params, load_params
from .vocabulary import STRATEGY_GROUPS, group_field

HIGHLY_COMMERCIAL = "highly commercial"
HIGHLY_INDUSTRIAL = "highly industrial"
MIXED = "mixed"
UNKNOWN = "unknown"

HIGH_HIGH = "High-High"
LOW_LOW = "Low-Low"
HIGH_CO2_LOW_HEALTH = "High CO2-Low health"
LOW_CO2_HIGH_HEALTH = "Low CO2-High health"
QUADRANTS = (HIGH_HIGH, HIGH_CO2_LOW_HEALTH, LOW_CO2_HIGH_HEALTH, LOW_LOW)



def _params(params: Params | None) -> Params:
    return load_params() if params is None else params


def _floats(values) -> np.ndarray:
    return np.asarray(pd.to_numeric(pd.Series(np.ravel(np.asarray(values, dtype=object))), errors="coerce"),
                      dtype=float).reshape(np.shape(values))


def gdp_shares(gdp_primary, gdp_secondary, gdp_tertiary) -> tuple[np.ndarray, np.ndarray]:
    """Secondary and tertiary shares of city GDP (fractions; NaN where any GDP is missing or the total ≤ 0).

    References
    ----------
    Ramaswami et al. 2017, Methods (a): city GDP by primary, secondary, tertiary industry.
    """
    parts = [_floats(v) for v in (gdp_primary, gdp_secondary, gdp_tertiary)]
    if any(np.any(p < 0) for p in parts):
        raise ValueError("GDP by industry must be >= 0 (negative values found)")
    total = parts[0] + parts[1] + parts[2]
    valid = np.isfinite(total) & (total > 0)
    safe_total = np.where(valid, total, 1.0)
    return (np.where(valid, parts[1] / safe_total, np.nan), np.where(valid, parts[2] / safe_total, np.nan))


def typology(gdp_primary, gdp_secondary, gdp_tertiary, params: Params | None = None) -> np.ndarray:
    """Economic typology of each city from its GDP structure.

    Tertiary share > ``indicators.tertiary_share_commercial`` → "highly commercial"; otherwise secondary
    share > ``indicators.secondary_share_industrial`` → "highly industrial"; otherwise "mixed"; "unknown"
    where GDP is missing.

    Parameters
    ----------
    gdp_primary, gdp_secondary, gdp_tertiary : array_like
        GDP by industry (any one currency unit, e.g. 10^4 CNY); NaN/None/text = missing.
    params : Params, optional
        Shipped defaults when omitted.

    Returns
    -------
    numpy.ndarray of str

    References
    ----------
    Ramaswami et al. 2017, Results: tertiary > 49.1 % highly commercial, secondary > 64.4 % highly industrial.
    """
    params = _params(params)
    secondary, tertiary = gdp_shares(gdp_primary, gdp_secondary, gdp_tertiary)
    labels = np.full(secondary.shape, MIXED, dtype=object)
    labels[secondary > params.get("indicators.secondary_share_industrial")] = HIGHLY_INDUSTRIAL
    labels[tertiary > params.get("indicators.tertiary_share_commercial")] = HIGHLY_COMMERCIAL
    labels[~np.isfinite(secondary)] = UNKNOWN
    return labels


def source_sink_ratio(heat_source_gj, heat_sink_gj) -> np.ndarray:
    """Ratio of waste heat available to heat demand reachable within the fence line.

    Parameters
    ----------
    heat_source_gj : array_like
        Waste heat available for exchange (all grades after availability factors), GJ/yr.
    heat_sink_gj : array_like
        Heat demand of sinks reachable within the fence line, GJ/yr.

    Returns
    -------
    numpy.ndarray
        Ratio (–): ``inf`` where there is heat but no sink, NaN where there is neither.

    References
    ----------
    Ramaswami et al. 2017, Fig. 3b: heat-exchange CO2 reduction peaks near a source/sink ratio of 1 (log scale).
    """
    source, sink = _floats(heat_source_gj), _floats(heat_sink_gj)
    if np.any(source < 0) or np.any(sink < 0):
        raise ValueError("heat source and sink must be >= 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = source / sink
    return np.where((source == 0) & (sink == 0), np.nan, ratio)


def cobenefit_quadrant(co2_pct, deaths_pct) -> np.ndarray:
    """Co-benefit class of each city against the mean over the cities analysed.

    "High" means strictly above the mean of the cities with both values; cities missing either value are
    "unknown" and do not enter the means.

    Parameters
    ----------
    co2_pct : array_like
        CO2 reduction, % of the city's Base emissions.
    deaths_pct : array_like
        Deaths avoided, % of the city's Base PM2.5-attributable deaths.

    Returns
    -------
    numpy.ndarray of str
        "High-High", "Low-Low", "High CO2-Low health" or "Low CO2-High health" (or "unknown").

    References
    ----------
    Ramaswami et al. 2017, Fig. 4 (175 of 637 cities above average on both).
    """
    co2, deaths = _floats(co2_pct), _floats(deaths_pct)
    known = np.isfinite(co2) & np.isfinite(deaths)
    labels = np.full(co2.shape, UNKNOWN, dtype=object)
    if not known.any():
        return labels
    high_co2 = co2 > co2[known].mean()
    high_health = deaths > deaths[known].mean()
    classes = np.select([high_co2 & high_health, high_co2, high_health],
                        [HIGH_HIGH, HIGH_CO2_LOW_HEALTH, LOW_CO2_HIGH_HEALTH], LOW_LOW)
    labels[known] = classes[known]
    return labels


def _percent(part, whole) -> np.ndarray:
    part, whole = _floats(part), _floats(whole)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, 100.0 * part / whole, np.nan)


def _co2_fields(co2: pd.DataFrame) -> dict:
    fields = {"co2_base_t": co2["co2_base_t"].to_numpy(float),
              "co2_scen_t": co2["co2_scen_t"].to_numpy(float)}
    fields["co2_reduction_pct"] = _percent(fields["co2_base_t"] - fields["co2_scen_t"], fields["co2_base_t"])
    for group in STRATEGY_GROUPS:
        column = group_field(group)
        if column in co2:
            fields[column.removesuffix("_t") + "_pct"] = _percent(co2[column], fields["co2_base_t"])
    return fields


def _pm25_fields(pm25: pd.DataFrame) -> dict:
    fields = {c: pm25[c].to_numpy(float) for c in pm25.columns if c.startswith("pm25_")}
    if {"pm25_base_t", "pm25_scen_t"} <= set(pm25.columns):
        fields["pm25_reduction_pct"] = _percent(
            pm25["pm25_base_t"] - pm25["pm25_scen_t"], pm25["pm25_base_t"])
    return fields


def _deaths_fields(deaths: pd.DataFrame) -> dict:
    fields = {c: deaths[c].to_numpy(float) for c in deaths.columns if c.startswith("deaths_")}
    base = deaths["deaths_attributable_base"]
    for bound in ("low", "central", "high"):
        fields[f"deaths_avoided_pct_{bound}"] = _percent(deaths[f"deaths_avoided_{bound}"], base)
    return fields


def _heat_fields(heat: pd.DataFrame) -> dict:
    ratio = source_sink_ratio(heat["heat_source_gj"], heat["heat_sink_gj"])
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log10(ratio)
    return {"heat_source_gj": heat["heat_source_gj"].to_numpy(float),
            "heat_sink_gj": heat["heat_sink_gj"].to_numpy(float),
            "source_sink_ratio": ratio, "log10_source_sink_ratio": np.where(np.isfinite(log_ratio), log_ratio, np.nan)}


def _aligned(frame: pd.DataFrame | None, cities: pd.DataFrame, name: str) -> pd.DataFrame | None:
    if frame is None:
        return None
    if len(frame) != len(cities) or not frame.index.equals(cities.index):
        raise ValueError(f"'{name}' must have one row per city with the cities' index")
    return frame


def city_indicators(cities: pd.DataFrame, *, co2: pd.DataFrame | None = None, pm25: pd.DataFrame | None = None,
                    deaths: pd.DataFrame | None = None, heat: pd.DataFrame | None = None,
                    params: Params | None = None) -> pd.DataFrame:
    """Per-city indicator table (SPEC §8), one row per city, on the cities' index.

    Parameters
    ----------
    cities : pandas.DataFrame
        The cities layer attributes: ``city_id`` (required), optional ``name``, ``gdp_primary``,
        ``gdp_secondary``, ``gdp_tertiary``.
    co2 : pandas.DataFrame, optional
        ``co2_base_t``, ``co2_scen_t`` (Scope 1, t/yr) and optionally the reduction of each strategy group of
        Fig. 2 in its field :func:`~uis_qgis.vocabulary.group_field` (``co2_red_efficiency_t``,
        ``co2_red_heat_exchange_t``, ``co2_red_material_t``).
    pm25 : pandas.DataFrame, optional
        Any of ``pm25_base_t``, ``pm25_scen_t`` (t/yr), ``pm25_total_base_popw_ug_m3``,
        ``pm25_total_scen_popw_ug_m3`` (population-weighted total concentration, µg/m³).
    deaths : pandas.DataFrame, optional
        ``deaths_attributable_base`` and ``deaths_avoided_low|central|high`` (deaths/yr), e.g. from
        :func:`uis_qgis.health.attributable_deaths` / :func:`uis_qgis.health.avoided_deaths`.
    heat : pandas.DataFrame, optional
        ``heat_source_gj`` and ``heat_sink_gj`` (GJ/yr).
    params : Params, optional
        Shipped defaults when omitted.

    Returns
    -------
    pandas.DataFrame
        ``city_id`` (+ ``name``), ``gdp_secondary_share``, ``gdp_tertiary_share``, ``typology`` and, when the
        inputs are given: CO2 fields with ``co2_reduction_pct`` and the groups' ``co2_red_<…>_pct``; PM2.5 fields
        with ``pm25_reduction_pct``; deaths fields with ``deaths_avoided_pct_<bound>``;
        ``source_sink_ratio`` and ``log10_source_sink_ratio``; ``cobenefit_quadrant`` (needs CO2 and deaths;
        uses the central % deaths avoided).

    References
    ----------
    Ramaswami et al. 2017, Results, Figs 2–4.
    """
    if "city_id" not in cities:
        raise ValueError("cities must have a 'city_id' column")
    params = _params(params)
    out = pd.DataFrame(index=cities.index)
    out["city_id"] = cities["city_id"]
    if "name" in cities:
        out["name"] = cities["name"]
    gdp = [cities[c] if c in cities else np.full(len(cities), np.nan)
           for c in ("gdp_primary", "gdp_secondary", "gdp_tertiary")]
    out["gdp_secondary_share"], out["gdp_tertiary_share"] = gdp_shares(*gdp)
    out["typology"] = typology(*gdp, params=params)
    builders = {"co2": _co2_fields, "pm25": _pm25_fields, "deaths": _deaths_fields, "heat": _heat_fields}
    for name, frame in {"co2": co2, "pm25": pm25, "deaths": deaths, "heat": heat}.items():
        frame = _aligned(frame, cities, name)
        if frame is not None:
            for column, values in builders[name](frame).items():
                out[column] = values
    if co2 is not None and deaths is not None:
        out["cobenefit_quadrant"] = cobenefit_quadrant(out["co2_reduction_pct"], out["deaths_avoided_pct_central"])
    return out
