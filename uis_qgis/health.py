"""Health co-benefits: PM2.5 concentration–response (GEMM, IER), attributable and avoided deaths (SPEC §7).

Deaths attributable to a total PM2.5 concentration C in a city or grid cell::

    D(C) = sum over cause k, age a of  P * r[a, k] * (1 - 1 / RR_k,a(C))

with P the population and ``r[a, k]`` the baseline deaths of cause k in age group a *per person of the whole
population* (the national GBD deaths of the group divided by the national total population). With the
default national age structure this is exactly ``P_a * m[a, k]`` (age-specific population times
age-specific rate), because ``P_a = P * N_a / N`` and ``m = deaths_a / N_a``; a city with its own age
structure or mortality passes its own ``rates`` table. Avoided deaths are ``D(C_base) - D(C_scenario)`` with
*total* concentrations (background + modelled), never the increment alone: the curves are non-linear.

Parameters of the curves are read from the shipped copies of the published tables in
``uis_qgis/data/health/`` (see its README), never retyped.

References
----------
Burnett, R. et al. (2018) Global estimates of mortality associated with long-term exposure to outdoor fine
particulate matter. PNAS 115(38):9592–9597 (GEMM, Eq. 1 and SI Table S2).
Burnett, R. T. et al. (2014) An integrated risk function for estimating the global burden of disease
attributable to ambient fine particulate matter exposure. Environ. Health Perspect. 122(4):397–403 (IER).
Ramaswami, A. et al. (2017) Urban cross-sector actions for carbon mitigation with local health co-benefits in
China. Nature Climate Change 7:736–742, Methods (deaths avoided per city).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import valuation
from .background import Background, city_background
from .feedback import Feedback
from .grid import Raster, polygon_values, zonal_means
from .io import read_health_table
from .params import Params, load_params

BOUNDS = ("low", "central", "high")
FIVE = "five"


def _params(params: Params | None) -> Params:
    return load_params() if params is None else params


# --------------------------------------------------------------------------------------------------------
# parameter tables


def load_gemm_table(params: Params | None = None, china_cohort: bool | None = None) -> pd.DataFrame:
    """GEMM parameters indexed by (cause, age) for one cohort choice.

    Parameters
    ----------
    params : Params, optional
        Parameter set (``health.gemm_table_file``, ``health.gemm_china_cohort``,
        ``health.gemm_counterfactual_ug_m3``); shipped defaults when omitted.
    china_cohort : bool, optional
        Use the fits that include the Chinese male cohort; ``health.gemm_china_cohort`` when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``theta``, ``se_theta``, ``alpha`` (µg/m³), ``mu`` (µg/m³), ``nu`` (µg/m³) and
        ``counterfactual_ug_m3``, indexed by (cause, age).

    References
    ----------
    Burnett et al. 2018, PNAS 115:9592, GEMM calculator workbook.
    """
    params = _params(params)
    cohort = params.get("health.gemm_china_cohort") if china_cohort is None else china_cohort
    table = read_health_table(params.get("health.gemm_table_file"))
    table = table[table["china_cohort"] == ("included" if cohort else "excluded")]
    table = table.drop(columns="china_cohort").set_index(["cause", "age"]).astype(float)
    table["counterfactual_ug_m3"] = float(params.get("health.gemm_counterfactual_ug_m3"))
    return table


def load_ier_table(params: Params | None = None) -> pd.DataFrame:
    """IER central parameters indexed by cause (GEMM/GBD cause names).

    Returns
    -------
    pandas.DataFrame
        Columns ``alpha``, ``gamma``, ``delta``, ``z_cf`` (µg/m³), indexed by cause.

    References
    ----------
    Burnett et al. 2014, Environ. Health Perspect. 122:397 (central values as tabulated in TM5-FASST).
    """
    params = _params(params)
    table = read_health_table(params.get("health.ier_table_file"))
    names = params.group("health.ier_cause_names")
    unknown = sorted(set(table["disease"]) - set(names))
    if unknown:
        raise ValueError(f"IER table has diseases without a name in health.ier_cause_names: {unknown}")
    table["cause"] = table["disease"].map(names)
    return table.drop(columns="disease").set_index("cause").astype(float)


def load_baseline_deaths(params: Params | None = None) -> pd.DataFrame:
    """Baseline deaths per year as an (age × cause) table.

    References
    ----------
    GBD 2015 China, as carried in the GEMM calculator workbook (Burnett et al. 2018).
    """
    params = _params(params)
    table = read_health_table(params.get("health.baseline_deaths_file"))
    return table.pivot(index="age", columns="cause", values="deaths").astype(float)


def baseline_rates(params: Params | None = None, deaths: pd.DataFrame | None = None,
                   population_total: float | None = None) -> pd.DataFrame:
    """Baseline deaths of each age group and cause per person of the whole population (1/yr).

    Multiplying by a city's or cell's total population gives its baseline deaths by age and cause under the
    national age structure (``P * deaths_a / N = P_a * deaths_a / N_a``).

    Parameters
    ----------
    params : Params, optional
        Shipped defaults when omitted.
    deaths : pandas.DataFrame, optional
        (age × cause) deaths per year; the shipped GBD 2015 China table when omitted.
    population_total : float, optional
        Population the deaths refer to (persons); ``health.population_total_2015`` when omitted.

    Returns
    -------
    pandas.DataFrame
        (age × cause) rates in deaths per person per year.

    References
    ----------
    GBD 2015 (IHME); NBS China, 2015 1 % National Population Sample Survey communique.
    """
    params = _params(params)
    deaths = load_baseline_deaths(params) if deaths is None else deaths
    total = float(params.get("health.population_total_2015") if population_total is None else population_total)
    if not total > 0:
        raise ValueError(f"population_total must be > 0, got {total}")
    return deaths / total


def rates_from_age_structure(population_by_age: pd.Series, mortality_by_age: pd.DataFrame) -> pd.DataFrame:
    """Per-capita rate table of a place with its own age structure and age-specific mortality.

    ``r[a, k] = m[a, k] · P_a / Σ P``: deaths per person of the *whole* population, the form
    :func:`attributable_deaths` takes as ``rates``.

    Parameters
    ----------
    population_by_age : pandas.Series
        Persons per age group (index: the age-group labels of ``mortality_by_age``).
    mortality_by_age : pandas.DataFrame
        (age × cause) deaths per person of that age per year.

    Returns
    -------
    pandas.DataFrame
        (age × cause) deaths per person of the whole population per year.

    References
    ----------
    SPEC §7 (baseline rates overridable per city).
    """
    missing = sorted(set(mortality_by_age.index) - set(population_by_age.index))
    if missing:
        raise ValueError(f"population_by_age lacks age groups {missing}")
    population = population_by_age.astype(float)
    if (population < 0).any() or not population.sum() > 0:
        raise ValueError("population_by_age must be >= 0 with a positive total")
    share = population.reindex(mortality_by_age.index) / population.sum()
    return mortality_by_age.astype(float).mul(share, axis=0)


# --------------------------------------------------------------------------------------------------------
# concentration–response


def gemm_rr(c_ug_m3, cause: str, age: str, table: pd.DataFrame, theta_shift: float = 0.0) -> np.ndarray:
    """GEMM hazard ratio at annual mean PM2.5 ``c_ug_m3`` (vectorised).

    ``RR = exp(θ · log(z/α + 1) / (1 + exp(−(z − μ)/ν)))`` with ``z = max(0, C − counterfactual)``.

    Parameters
    ----------
    c_ug_m3 : array_like
        Total annual mean PM2.5 concentration, µg/m³.
    cause : str
        ``NCD+LRI``, ``IHD``, ``Stroke``, ``COPD``, ``LC`` or ``LRI``.
    age : str
        Age group (``25+`` or a 5-year group ``25-29`` … ``80+``).
    table : pandas.DataFrame
        From :func:`load_gemm_table`.
    theta_shift : float
        Shift of θ in standard errors (−2 → low, +2 → high).

    Returns
    -------
    numpy.ndarray
        Hazard ratio (≥ 1), same shape as ``c_ug_m3``.

    References
    ----------
    Burnett et al. 2018, PNAS 115:9592, Eq. 1 (GEMM) and SI Table S2.
    """
    try:
        row = table.loc[(cause, age)]
    except KeyError as exc:
        raise ValueError(f"no GEMM parameters for cause '{cause}', age '{age}'") from exc
    theta = row["theta"] + theta_shift * row["se_theta"]
    z = np.maximum(0.0, np.asarray(c_ug_m3, dtype=float) - row["counterfactual_ug_m3"])
    weight = 1.0 / (1.0 + np.exp(-(z - row["mu"]) / row["nu"]))
    return np.exp(theta * np.log1p(z / row["alpha"]) * weight)


def ier_rr(c_ug_m3, cause: str, table: pd.DataFrame) -> np.ndarray:
    """IER relative risk at annual mean PM2.5 ``c_ug_m3`` (vectorised).

    ``RR = 1 + α (1 − exp(−γ (C − z_cf)^δ))`` for C > z_cf, 1 otherwise.

    Parameters
    ----------
    c_ug_m3 : array_like
        Total annual mean PM2.5 concentration, µg/m³.
    cause : str
        ``IHD``, ``Stroke``, ``COPD``, ``LC`` or ``LRI``.
    table : pandas.DataFrame
        From :func:`load_ier_table`.

    Returns
    -------
    numpy.ndarray
        Relative risk (≥ 1), same shape as ``c_ug_m3``.

    References
    ----------
    Burnett et al. 2014, Environ. Health Perspect. 122:397, Eq. 1.
    """
    if cause not in table.index:
        raise ValueError(f"no IER parameters for cause '{cause}' (has: {', '.join(table.index)})")
    row = table.loc[cause]
    excess = np.maximum(0.0, np.asarray(c_ug_m3, dtype=float) - row["z_cf"])
    return 1.0 + row["alpha"] * (1.0 - np.exp(-row["gamma"] * excess ** row["delta"]))


# --------------------------------------------------------------------------------------------------------
# deaths


def preset_model(params: Params) -> str:
    """Concentration–response model (``gemm`` or ``ier``) of the preset ``health.preset``: ``default`` (GEMM,
    Burnett et al. 2018) or ``paper`` (IER, Burnett et al. 2014, as Ramaswami et al. 2017)."""
    name = str(params.get("health.preset"))
    presets = params.as_values()["health"]["presets"]
    if name not in presets:
        raise ValueError(f"unknown health.preset '{name}' (use one of {', '.join(sorted(presets))})")
    return str(presets[name]["model"])


def _causes(model: str, cause: str | None, params: Params) -> list[str]:
    cause = cause or params.get(f"health.{model}_default_cause")
    return list(params.get("health.five_causes")) if cause == FIVE else [cause]


def _ages(model: str, cause: str, params: Params) -> list[str]:
    ages = list(params.get("health.adult_ages"))
    if model == "ier" and cause in params.get("health.ier_all_age_causes"):
        ages.append(params.get("health.all_age_group"))
    return ages


def _rates_by_age(rates, cause: str, ages: list[str]) -> np.ndarray:
    """Rates of ``cause`` as an array (..., n_ages): one table, or one table per location."""
    tables = [rates] if isinstance(rates, pd.DataFrame) else list(rates)
    for number, table in enumerate(tables):
        missing = [a for a in ages if a not in table.index or cause not in table.columns]
        if missing:
            raise ValueError(f"baseline rate table {number} lacks cause '{cause}' for ages {missing}")
    stacked = np.array([[t.at[a, cause] for a in ages] for t in tables], dtype=float)
    return stacked[0] if isinstance(rates, pd.DataFrame) else stacked


def _check(population, c_total) -> tuple[np.ndarray, np.ndarray]:
    pop = np.asarray(population, dtype=float)
    c = np.broadcast_to(np.asarray(c_total, dtype=float), pop.shape)
    if np.any(pop < 0):
        raise ValueError("population must be >= 0 (negative values found)")
    pop = np.where(np.isfinite(pop), pop, 0.0)  # raster nodata: no people
    bad = (pop > 0) & ~(np.isfinite(c) & (c >= 0))
    if np.any(bad):
        raise ValueError(f"PM2.5 concentration is missing or negative in {int(bad.sum())} populated "
                         f"cells/cities (first at index {np.argwhere(bad)[0].tolist()})")
    return pop, np.where(pop > 0, c, 0.0)


def _check_rates(params: Params, rates, pop: np.ndarray):
    """Default rates, or the user's: one table, or one table per city of a 1-D population."""
    if rates is None:
        return baseline_rates(params)
    if isinstance(rates, pd.DataFrame):
        return rates
    rates = list(rates)
    if pop.ndim != 1 or len(rates) != len(pop):
        raise ValueError(f"per-city rates need one table per city ({pop.shape} population, {len(rates)} tables)")
    return rates


class _Curves:
    """RR lookup for one model and cohort choice (tables read once)."""

    def __init__(self, model: str, params: Params, china_cohort: bool | None):
        if model not in ("gemm", "ier"):
            raise ValueError(f"unknown concentration-response model '{model}' (use 'gemm' or 'ier')")
        self.model = model
        self.table = load_gemm_table(params, china_cohort) if model == "gemm" else load_ier_table(params)
        # GEMM: θ per age group and SE(θ); IER (central table): one curve for all ages, no SE
        self.by_age = self.has_se = model == "gemm"

    def rr(self, c, cause: str, age: str | None, theta_shift: float) -> np.ndarray:
        if self.model == "gemm":
            return gemm_rr(c, cause, age, self.table, theta_shift)
        return ier_rr(c, cause, self.table)


def _attributable(pop, c, curves: _Curves, causes, rates, params, theta_shift, feedback) -> np.ndarray:
    total = np.zeros(pop.shape)
    for cause in causes:
        ages = _ages(curves.model, cause, params)
        by_age = _rates_by_age(rates, cause, ages)
        if not curves.by_age:
            feedback.check()
            total += pop * by_age.sum(axis=-1) * (1.0 - 1.0 / curves.rr(c, cause, None, theta_shift))
            continue
        for i, age in enumerate(ages):
            feedback.check()
            total += pop * by_age[..., i] * (1.0 - 1.0 / curves.rr(c, cause, age, theta_shift))
    return total


def _shift(bound: str, params: Params) -> float:
    if bound not in BOUNDS:
        raise ValueError(f"bound must be one of {BOUNDS}, got '{bound}'")
    return {"low": -1.0, "central": 0.0, "high": 1.0}[bound] * float(params.get("health.uncertainty_se"))


def attributable_deaths(population, c_total_ug_m3, params: Params | None = None, model: str | None = None,
                        cause: str | None = None, bound: str = "central", rates=None,
                        china_cohort: bool | None = None, feedback: Feedback | None = None) -> np.ndarray:
    """Deaths per year attributable to total PM2.5, per city or per grid cell.

    Parameters
    ----------
    population : array_like
        Persons per city (1-D) or per cell (2-D raster; NaN = no data = nobody).
    c_total_ug_m3 : array_like
        Total annual mean PM2.5 (background + modelled), µg/m³, broadcastable to ``population``.
    params : Params, optional
        Shipped defaults when omitted.
    model : {"gemm", "ier"}, optional
        The model of ``health.preset`` when omitted (:func:`preset_model`).
    cause : str, optional
        One cause, or ``"five"`` for the sum of the five; the model's default cause when omitted
        (GEMM: ``NCD+LRI``, IER: ``five``).
    bound : {"low", "central", "high"}
        θ − k·SE, θ, θ + k·SE with k = ``health.uncertainty_se`` (GEMM only; the IER table has central
        values only, so its three bounds coincide).
    rates : pandas.DataFrame or sequence of DataFrame, optional
        (age × cause) deaths per person of the whole population per year — one table for all, or one per
        city (1-D ``population`` only); :func:`baseline_rates` when omitted.
    china_cohort : bool, optional
        GEMM fit with/without the Chinese cohort; ``health.gemm_china_cohort`` when omitted.
    feedback : Feedback, optional
        Checked for cancellation once per cause and age group.

    Returns
    -------
    numpy.ndarray
        Attributable deaths per year, shape of ``population``.

    References
    ----------
    SPEC §7; Burnett et al. 2018 (GEMM) / 2014 (IER); Ramaswami et al. 2017, Methods.
    """
    params = _params(params)
    model = model or preset_model(params)
    pop, c = _check(population, c_total_ug_m3)
    rates = _check_rates(params, rates, pop)
    curves = _Curves(model, params, china_cohort)
    return _attributable(pop, c, curves, _causes(model, cause, params), rates, params,
                         _shift(bound, params), feedback or Feedback())


def avoided_deaths(population, c_base_total_ug_m3, c_scen_total_ug_m3, params: Params | None = None,
                   model: str | None = None, cause: str | None = None, rates=None,
                   china_cohort: bool | None = None, feedback: Feedback | None = None) -> dict[str, np.ndarray]:
    """Deaths avoided per year when total PM2.5 goes from Base to Scenario, with low / central / high.

    ``avoided = Σ P · r · [1/RR(C_scen) − 1/RR(C_base)]`` evaluated at θ − k·SE, θ and θ + k·SE. ``central``
    is the θ value; ``low`` and ``high`` are the smallest and largest of the three (the effect of θ on a
    *difference* of attributable fractions is usually but not always monotone, so the bracket is taken
    explicitly). Negative values are deaths added (the scenario is dirtier there).

    Parameters
    ----------
    population : array_like
        Persons per city or per cell.
    c_base_total_ug_m3, c_scen_total_ug_m3 : array_like
        Total annual mean PM2.5 in Base and Scenario (background + modelled), µg/m³.
    params, model, cause, rates, china_cohort, feedback
        As in :func:`attributable_deaths`.

    Returns
    -------
    dict
        ``{"low": ndarray, "central": ndarray, "high": ndarray}``, deaths per year.

    References
    ----------
    SPEC §7; Ramaswami et al. 2017, Results (47,230 (+10,240/−21,874) deaths avoided per year).
    """
    params = _params(params)
    model = model or preset_model(params)
    pop, c_base = _check(population, c_base_total_ug_m3)
    _, c_scen = _check(population, c_scen_total_ug_m3)
    rates = _check_rates(params, rates, pop)
    curves = _Curves(model, params, china_cohort)
    causes = _causes(model, cause, params)
    feedback = feedback or Feedback()
    by_bound = {}
    for bound in BOUNDS if curves.has_se else ("central",):
        shift = _shift(bound, params)
        by_bound[bound] = (_attributable(pop, c_base, curves, causes, rates, params, shift, feedback)
                           - _attributable(pop, c_scen, curves, causes, rates, params, shift, feedback))
    stacked = np.stack(list(by_bound.values()))
    return {"low": stacked.min(axis=0), "central": by_bound["central"], "high": stacked.max(axis=0)}


# --------------------------------------------------------------------------------------------------------
# concentrations


def population_weighted_mean(c_ug_m3, population) -> float:
    """Population-weighted mean concentration, µg/m³ (NaN population = nobody; NaN if nobody at all).

    References
    ----------
    SPEC §8 (population-weighted concentration per city).
    """
    pop, c = _check(population, c_ug_m3)
    weight = pop.sum()
    return float((pop * c).sum() / weight) if weight > 0 else float("nan")


# --------------------------------------------------------------------------------------------------------
# the health step: per-city (and per-cell) exposure and deaths from Base and Scenario PM2.5 grids


@dataclass
class HealthResult:
    """Per-city exposure (µg/m³) and deaths, on the cities' index, per-cell death rasters when a population
    grid was given, and the observed-vs-modelled comparison at the observed cities (:func:`assess`)."""

    exposure: pd.DataFrame
    deaths: pd.DataFrame
    rasters: dict = field(default_factory=dict)
    background: Background | None = None


def city_exposure(cities, base: Raster, scenario: Raster, params: Params, population: np.ndarray | None = None,
                  observed_ug_m3=None, feedback: Feedback | None = None) -> pd.DataFrame:
    """Per-city exposure of :func:`exposure_and_background` (the increments, background and totals), µg/m³."""
    return exposure_and_background(cities, base, scenario, params, population, observed_ug_m3, feedback)[0]


def exposure_and_background(cities, base: Raster, scenario: Raster, params: Params,
                            population: np.ndarray | None = None, observed_ug_m3=None,
                            feedback: Feedback | None = None) -> tuple[pd.DataFrame, Background | None]:
    """Per-city modelled increments, background and totals (µg/m³), on the cities' index (SPEC §6–§7).

    ``base`` and ``scenario`` are the modelled primary PM2.5 grids; ``population`` (persons per cell of
    ``base.grid``) weights the city means when given (uniform within a city otherwise). The background comes
    from the monitors and the cities' own observations ``observed_ug_m3`` (per city, NaN where absent;
    :func:`uis_qgis.background.city_background`) when ``general.calibrate_background`` is on, else it is the
    fixed ``health.default_background_pm25_ug_m3``. ``cities`` must be in the grids' (metric) CRS.

    Returns
    -------
    exposure : DataFrame
        ``pm25_increment_{base,scen}_{area,popw}_ug_m3`` (modelled increments), ``pm25_background_ug_m3``,
        ``pm25_background_source``, ``pm25_total_base_popw_ug_m3`` and ``pm25_total_scen_popw_ug_m3`` (totals).
    background : Background or None
        The monitor-anchored background (None when switched off); its warnings go to ``feedback``.
    """
    feedback = feedback or Feedback()
    ids = cities["city_id"].astype(str)
    out = pd.DataFrame(index=cities.index)
    for case, raster in (("base", base), ("scen", scenario)):
        z = zonal_means(raster.grid, raster.array, cities, "city_id", population=population)
        z = z.set_index(z["city_id"].astype(str)).reindex(ids)
        out[f"pm25_increment_{case}_area_ug_m3"] = z["pm25_area_mean_ug_m3"].fillna(0.0).to_numpy()
        out[f"pm25_increment_{case}_popw_ug_m3"] = z["pm25_pop_weighted_ug_m3"].fillna(0.0).to_numpy()
    found = None
    if params.get("general.calibrate_background"):
        found = city_background(cities.reset_index(drop=True), out["pm25_increment_base_popw_ug_m3"].to_numpy(), params,
                                user_observed=observed_ug_m3)
        for message in found.warnings:
            feedback.warning(message)
        out["pm25_background_ug_m3"] = found.background_ug_m3
        out["pm25_background_source"] = found.source
    else:
        out["pm25_background_ug_m3"] = float(params.get("health.default_background_pm25_ug_m3"))
        out["pm25_background_source"] = "default"
    out["pm25_total_base_popw_ug_m3"] = out["pm25_background_ug_m3"] + out["pm25_increment_base_popw_ug_m3"]
    out["pm25_total_scen_popw_ug_m3"] = out["pm25_background_ug_m3"] + out["pm25_increment_scen_popw_ug_m3"]
    return out, found


def city_deaths(population, exposure: pd.DataFrame, params: Params, feedback: Feedback | None = None
                ) -> pd.DataFrame:
    """Attributable (Base) and avoided deaths per city with low / central / high (SPEC §7), from the total
    concentrations of :func:`city_exposure`, and the value of the deaths avoided
    (:func:`uis_qgis.valuation.value_million_cny`); on ``exposure``'s index."""
    pop = np.asarray(population, float)
    base, scen = exposure["pm25_total_base_popw_ug_m3"], exposure["pm25_total_scen_popw_ug_m3"]
    out = pd.DataFrame(index=exposure.index)
    out["deaths_attributable_base"] = attributable_deaths(pop, base, params, feedback=feedback)
    for bound, values in avoided_deaths(pop, base, scen, params, feedback=feedback).items():
        out[f"deaths_avoided_{bound}"] = values
    value = valuation.value_million_cny(out["deaths_avoided_central"], params)
    return pd.concat([out, value.set_axis(out.index)], axis=1)


def background_grid(cities, exposure: pd.DataFrame, grid, found: Background | None, params: Params) -> np.ndarray:
    """Background PM2.5 per grid cell (µg/m³): each city's background over its cells; elsewhere the monitor
    field of ``found`` at the cell centres (the fixed default when the monitor background is off)."""
    default = float(params.get("health.default_background_pm25_ug_m3"))
    field_ = polygon_values(grid, cities.geometry, exposure["pm25_background_ug_m3"].to_numpy(float), np.nan)
    outside = ~np.isfinite(field_)
    if found is None:
        field_[outside] = default
    elif outside.any():
        xs, ys = grid.cell_centres()
        gx, gy = np.meshgrid(xs, ys)
        field_[outside] = found.at(np.column_stack([gx[outside], gy[outside]]))
    return field_


def cell_deaths(cities, exposure: pd.DataFrame, base: Raster, scenario: Raster, population: np.ndarray,
                params: Params, feedback: Feedback | None = None, found: Background | None = None) -> dict:
    """Per-cell attributable (Base) and avoided deaths (central) from a population grid (SPEC §7).

    Total concentration per cell = the background of :func:`background_grid` + the modelled primary
    increment of the cell.
    """
    background = background_grid(cities, exposure, base.grid, found, params)
    c_base, c_scen = background + base.array, background + scenario.array
    attributable = attributable_deaths(population, c_base, params, feedback=feedback)
    avoided = avoided_deaths(population, c_base, c_scen, params, feedback=feedback)["central"]
    return {"deaths_attributable_base": Raster(attributable.astype(np.float32), base.grid),
            "deaths_avoided": Raster(avoided.astype(np.float32), base.grid)}


def assess(cities, base: Raster, scenario: Raster, params: Params, population: np.ndarray | None = None,
           observed_ug_m3=None, feedback: Feedback | None = None) -> HealthResult:
    """The health step: exposure per city, attributable and avoided deaths per city (and their value), and
    per cell when a population grid is given.

    Parameters
    ----------
    cities : GeoDataFrame
        ``city_id``, ``population`` (persons) and polygons in the grids' (metric) CRS.
    base, scenario : Raster
        Modelled primary PM2.5 (µg/m³) of the Base case and the scenario.
    params : Params
        ``health.*``, ``pm25.*``, ``valuation.*`` and ``general.calibrate_background``.
    population : ndarray, optional
        Persons per cell of ``base.grid``: population-weighted city means and per-cell death rasters.
    observed_ug_m3 : array_like, optional
        The cities' own observed annual PM2.5 (NaN where absent); overrides the monitor network.

    References
    ----------
    SPEC §6 last bullet, §7; Ramaswami et al. 2017, Methods (deaths avoided per city).
    """
    feedback = feedback or Feedback()
    exposure, found = exposure_and_background(cities, base, scenario, params, population, observed_ug_m3, feedback)
    deaths = city_deaths(cities["population"], exposure, params, feedback)
    rasters = ({} if population is None else
               cell_deaths(cities, exposure, base, scenario, population, params, feedback, found))
    return HealthResult(exposure, deaths, rasters, found)


def totals(cities, exposure: pd.DataFrame, deaths: pd.DataFrame, found: Background | None) -> pd.DataFrame:
    """Study-area totals of the health step: ``quantity``, ``value``, ``unit``.

    Population-weighted Base and Scenario totals, increment and background (µg/m³); the population-weighted
    observation of the observed cities and the Base total over the same cities (the issue-12 check); deaths
    attributable and avoided (low / central / high) and their value (million CNY/yr).
    """
    pop = cities["population"].to_numpy(float)
    rows = [("population", pop.sum(), "persons")]
    for col in ("pm25_total_base_popw_ug_m3", "pm25_total_scen_popw_ug_m3", "pm25_increment_base_popw_ug_m3",
                "pm25_background_ug_m3"):
        rows.append((col.removesuffix("_ug_m3"), population_weighted_mean(exposure[col], pop), "ug/m3"))
    if found is not None and len(found.comparison):
        where = cities["city_id"].astype(str).isin(set(found.comparison["city_id"].astype(str))).to_numpy()
        observed = found.comparison.set_index(found.comparison["city_id"].astype(str))["observed_pm25_ug_m3"]
        obs = observed.reindex(cities["city_id"].astype(str)[where]).to_numpy(float)
        rows += [("observed_cities", float(where.sum()), "cities"),
                 ("observed_cities_popw_observed", population_weighted_mean(obs, pop[where]), "ug/m3"),
                 ("observed_cities_popw_base_total",
                  population_weighted_mean(exposure["pm25_total_base_popw_ug_m3"].to_numpy(float)[where], pop[where]),
                  "ug/m3")]
    rows += [(c, float(deaths[c].sum()), "deaths/yr") for c in deaths if c.startswith("deaths_")]
    rows += [(c, float(deaths[c].sum()), "million CNY/yr") for c in deaths if c.startswith("value_")]
    return pd.DataFrame(rows, columns=["quantity", "value", "unit"])
