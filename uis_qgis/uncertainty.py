"""Uncertainty and sensitivity of the assessment: N parameter draws of the whole chain, run on Dask.

A draw is one value of every uncertain quantity of the distribution table
(``uis_qgis/data/uncertainty/distributions.toml``: waste-heat fractions, sink share, emission factors,
fly-ash reuse, dispersion choices, GEMM θ, background PM2.5, VSL). All draws are made up front from the seed
(plain Monte Carlo, or Saltelli's scheme when Sobol indices are asked), and each draw is a pure function of
its parameter values and of what does not change between draws — the checked inputs, the fence-line pairs,
the dispersion grid, kernels and stack operators — which are built once and scattered to the workers. So the
results are identical for a given seed whatever the number of workers or the scheduler.

Per draw: symbiosis (efficiency, waste heat, cascade, materials, emissions) → PM2.5 grids (optional) →
health (exposure, deaths avoided at θ + z·SE) → value of deaths avoided. Per city the 5 / 50 / 95 % of CO2
reduction, PM2.5 change and deaths avoided, and the probability of each co-benefit quadrant; first-order and
total Sobol indices of the national totals (SALib).

References
----------
Saltelli, A. et al. (2010) Variance based sensitivity analysis of model output. Design and estimator for the
total sensitivity index. Comput. Phys. Commun. 181, 259–270 (sampling scheme and estimators, via SALib:
Herman & Usher 2017, J. Open Source Softw. 2(9), 97).
Rocklin, M. (2015) Dask: parallel computation with blocked algorithms and task scheduling. Proc. 14th Python
in Science Conf., 130–136.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .feedback import Cancelled, Feedback, StepFeedback
from .params import ParameterError, Params, read_toml

QUANTILES = (0.05, 0.5, 0.95)
OUTPUTS = ("co2_reduction_t", "pm25_change_ug_m3", "deaths_avoided")
NATIONAL = ("co2_reduction_t", "pm25_emission_change_t", "deaths_avoided", "value_million_cny")
CANCEL_POLL_S = 0.5


# ================================================================================ the distribution table
@dataclass(frozen=True)
class Uncertain:
    """One uncertain quantity of the distribution table, drawn once per draw."""

    name: str
    parameters: tuple
    apply: str
    distribution: str
    central: object
    low: float | None = None
    high: float | None = None
    sd: float | None = None
    values: tuple = ()
    unit: str = ""
    source: str = ""

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at probabilities ``u`` (inverse cumulative distribution)."""
        u = np.asarray(u, float)
        if self.distribution == "triangular":
            mode = (self.central - self.low) / (self.high - self.low)
            return stats.triang.ppf(u, mode, loc=self.low, scale=self.high - self.low)
        if self.distribution == "uniform":
            return self.low + u * (self.high - self.low)
        if self.distribution == "normal":
            return stats.norm.ppf(u, loc=self.central, scale=self.sd)
        index = np.minimum((u * len(self.values)).astype(int), len(self.values) - 1)
        return np.asarray(self.values, dtype=object)[index]


DISTRIBUTIONS = ("triangular", "uniform", "normal", "choice")


def load_distributions(path: str | Path | None = None) -> list[Uncertain]:
    """The uncertain quantities of ``path`` (default: the shipped table), checked."""
    from .data import data_path

    table = read_toml(path or data_path("uncertainty", "distributions.toml"))
    out = []
    for name, t in table.items():
        if t.get("apply") not in ("scale", "set") or t.get("distribution") not in DISTRIBUTIONS:
            raise ParameterError(f"uncertainty table '{name}': apply must be scale|set and distribution one of "
                                 f"{DISTRIBUTIONS}")
        if not t.get("source") or not t.get("parameters"):
            raise ParameterError(f"uncertainty table '{name}': parameters and source are required")
        out.append(Uncertain(name, tuple(t["parameters"]), t["apply"], t["distribution"], t.get("central"),
                             t.get("low"), t.get("high"), t.get("sd"), tuple(t.get("values", ())),
                             t.get("unit", ""), t["source"]))
    return out


def parameter_paths(u: Uncertain, params: Params) -> list[str]:
    """The parameter paths an uncertain quantity acts on (``*`` matches one path element)."""
    paths = [row["parameter"] for row in params.rows()]
    found = []
    for pattern in u.parameters:
        regex = re.compile("^" + re.escape(pattern).replace(r"\*", r"[^.]+") + "$")
        hits = [p for p in paths if regex.match(p)]
        if not hits:
            raise ParameterError(f"uncertainty table '{u.name}': no parameter matches '{pattern}'")
        found += hits
    return found


def overrides(values: dict, distributions: list[Uncertain], params: Params) -> dict:
    """Parameter overrides of one draw: ``{path: value}`` from ``{name: drawn value}``."""
    out = {}
    for u in distributions:
        for path in parameter_paths(u, params):
            drawn = values[u.name]
            out[path] = float(params.get(path)) * float(drawn) if u.apply == "scale" else _plain(drawn)
    return out


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def central_values(distributions: list[Uncertain]) -> dict:
    return {u.name: u.central for u in distributions}


def sobol_problem(distributions: list[Uncertain]) -> dict:
    """SALib problem on the unit hypercube (each quantity enters through its inverse CDF)."""
    return {"num_vars": len(distributions), "names": [u.name for u in distributions],
            "bounds": [[0.0, 1.0]] * len(distributions)}


def sample_draws(distributions: list[Uncertain], n: int, seed: int, sobol: bool = False) -> pd.DataFrame:
    """The parameter values of every draw, one row per draw, made up front from ``seed``.

    Plain Monte Carlo: ``n`` rows of independent uniforms through each inverse CDF. Sobol: Saltelli's scheme
    (SALib ``sample.sobol``, first-order and total indices) with base size ``n``: ``n (k + 2)`` rows.
    """
    if sobol:
        from SALib.sample import sobol as sobol_sample

        u = sobol_sample.sample(sobol_problem(distributions), n, calc_second_order=False, seed=seed)
    else:
        u = np.random.default_rng(seed).random((n, len(distributions)))
    return pd.DataFrame({d.name: d.ppf(u[:, i]) for i, d in enumerate(distributions)})


# ================================================================================ one draw
@dataclass
class Setup:
    """What every draw shares (built once, scattered to the workers)."""

    layers: dict
    params: Params
    scenario: str
    mode: str
    distributions: list
    pairs: dict
    source_index: np.ndarray
    cities: pd.DataFrame
    observed_ug_m3: np.ndarray
    dispersion: bool
    grid: object = None
    operators: dict = field(default_factory=dict)   # dispersion choice → list of SourceOperator
    area_keys: pd.Index | None = None
    point_keys: pd.Index | None = None
    theta_bound: str = "central"
    warm: object = None                              # cascade.WarmStarts of the central run, frozen


DISPERSION_PATHS = ("dispersion.area_release_height_m", "dispersion.point_dispersion_coefficients")


def _dispersion_key(params: Params) -> tuple:
    return tuple(params.get(p) for p in DISPERSION_PATHS)


def _area_keys(area) -> pd.Index:
    return pd.Index(area["area_type"].astype(str) + ":" + area["city_id"].fillna(area["province"]).astype(str))


def prepare(layers: dict, params: Params, scenario: str = "fyp", mode: str = "cascade", dispersion: bool = True,
            distributions: list[Uncertain] | None = None, rose=None, crs=None,
            feedback: Feedback | None = None) -> Setup:
    """Check the inputs once and build what the draws share: fence-line pairs, and with ``dispersion`` the
    grid and a set of dispersion operators for every combination of drawn dispersion choices."""
    from . import cascade, contract, io, symbiosis
    from .grid import study_grid
    from .model import observed_pm25

    feedback = feedback or Feedback()
    distributions = load_distributions() if distributions is None else distributions
    inputs = contract.check_inputs(layers, params, crs)
    feedback.progress(0.0, "fence-line pairs and central run")
    problem = symbiosis.build_problem(inputs.layers, params, scenario)
    warm = cascade.WarmStarts()
    central = _symbiosis(problem, params, scenario, mode, warm)
    theta = any("health.uncertainty_se" in parameter_paths(u, params) for u in distributions)
    setup = Setup(inputs.layers, params, scenario, mode, distributions, problem.pairs,
                  problem.sources["plant_index"].to_numpy(),
                  central.cities[[c for c in ("city_id", "name", "population", "geometry") if c in central.cities]],
                  observed_pm25(inputs.layers["cities"], central.cities), dispersion,
                  theta_bound="high" if theta else "central", warm=warm.frozen())
    if dispersion:
        rose = rose or io.default_rose(params)
        setup.grid = study_grid(central.cities.total_bounds, params, inputs.crs)
        setup.area_keys, setup.point_keys = _area_keys(central.area_sources), pd.Index(central.point_sources["plant_id"])
        setup.operators = _operators(central, setup.grid, rose, params, distributions, feedback)
    return setup


def _operators(central, grid, rose, params: Params, distributions, feedback: Feedback) -> dict:
    """One list of :class:`uis_qgis.dispersion.SourceOperator` per combination of drawn dispersion choices; the
    area part depends only on the release height and the stack part only on the σ scheme, so each is built
    once and combined."""
    from dataclasses import replace

    from . import dispersion as dsp

    choices = _dispersion_choices(distributions, params)
    heights, schemes = sorted({c[0] for c in choices}), sorted({c[1] for c in choices})
    area, stacks = {}, {}
    for i, h in enumerate(heights):
        feedback.check()
        area[h] = dsp.source_operators(central.area_sources, None, grid, rose,
                                       params.with_overrides({DISPERSION_PATHS[0]: h}))
        feedback.progress((i + 1) / (len(heights) + len(schemes)), "dispersion operators (area sources)")
    for i, scheme in enumerate(schemes):
        feedback.check()
        stacks[scheme] = dsp.source_operators(None, central.point_sources, grid, rose,
                                              params.with_overrides({DISPERSION_PATHS[1]: scheme}))
        feedback.progress((len(heights) + i + 1) / (len(heights) + len(schemes)), "dispersion operators (stacks)")
    return {(h, scheme): [replace(a, point_pos=p.point_pos, stacks=p.stacks)
                          for a, p in zip(area[h], stacks[scheme], strict=True)]
            for h, scheme in choices}


def _dispersion_choices(distributions: list[Uncertain], params: Params) -> list[tuple]:
    """Every combination of the dispersion settings the draws can take (defaults where not drawn)."""
    options = [[params.get(p)] for p in DISPERSION_PATHS]
    for u in distributions:
        for path in parameter_paths(u, params):
            if path in DISPERSION_PATHS:
                if u.distribution != "choice" or u.apply != "set":
                    raise ParameterError(f"uncertainty table '{u.name}': dispersion settings are drawn as "
                                         "'choice' with 'set' (one operator per value is built up front)")
                options[DISPERSION_PATHS.index(path)] = list(u.values)
    return [tuple(c) for c in pd.MultiIndex.from_product(options).tolist()]


def _symbiosis(problem, params: Params, scenario: str, mode: str, warm):
    """The symbiosis result of one parameter set; the LPs start from ``warm``'s bases (the central run's)."""
    from . import cascade, emissions, symbiosis

    grid_factor = float(emissions.co2_t_from_electricity(1.0, params))
    solve = cascade.run_cascade if mode == "cascade" else cascade.run_optimal
    allocation = solve(problem.sources, problem.sinks, problem.pairs, params, grid_factor, warm=warm)
    return symbiosis.build_result(problem, allocation, params, scenario, mode)


def run_draw(setup: Setup, values: dict, feedback: Feedback | None = None) -> dict:
    """The chain for one draw (a pure function of ``setup`` and ``values``): per-city arrays (on the order of
    ``setup.cities``) and national totals."""
    from . import dispersion as dsp, health, symbiosis, valuation
    from .grid import Raster

    feedback = feedback or Feedback()
    params = setup.params.with_overrides(overrides(values, setup.distributions, setup.params), "uncertainty draw")
    problem = symbiosis.build_problem(setup.layers, params, setup.scenario, pairs=setup.pairs)
    if not np.array_equal(problem.sources["plant_index"].to_numpy(), setup.source_index):
        problem = symbiosis.build_problem(setup.layers, params, setup.scenario)  # other heat sources: new pairs
    feedback.check()
    sym = _symbiosis(problem, params, setup.scenario, setup.mode, setup.warm)
    cities = sym.cities.set_index("city_id").reindex(setup.cities["city_id"])
    co2_red = (cities["co2_base_t"] - cities["co2_scen_t"]).to_numpy(float)
    out = {"co2_reduction_t": co2_red,
           "co2_reduction_pct": 100.0 * co2_red / np.where(cities["co2_base_t"] > 0, cities["co2_base_t"], np.nan),
           "pm25_emission_change_t": float((sym.area_sources["pm25_scen_t"].sum() + sym.point_sources["pm25_scen_t"].sum())
                                           - (sym.area_sources["pm25_base_t"].sum()
                                              + sym.point_sources["pm25_base_t"].sum()))}
    nan = np.full(len(co2_red), np.nan)
    out.update(pm25_change_ug_m3=nan, deaths_avoided=nan, deaths_avoided_pct=nan, value_million_cny=nan)
    if setup.dispersion:
        feedback.check()
        operators = setup.operators[_dispersion_key(params)]
        grids = [dsp.apply_operators(operators, _aligned(sym.area_sources, _area_keys, setup.area_keys, col),
                                     _aligned(sym.point_sources, lambda d: pd.Index(d["plant_id"]), setup.point_keys,
                                              col), params)
                 for col in ("pm25_base_t", "pm25_scen_t")]
        step = health.assess(setup.cities, Raster(grids[0], setup.grid), Raster(grids[1], setup.grid), params,
                             observed_ug_m3=setup.observed_ug_m3)
        deaths = step.deaths[f"deaths_avoided_{setup.theta_bound}"].to_numpy(float)
        attributable = step.deaths["deaths_attributable_base"].to_numpy(float)
        out.update(pm25_change_ug_m3=(step.exposure["pm25_total_scen_popw_ug_m3"]
                                      - step.exposure["pm25_total_base_popw_ug_m3"]).to_numpy(float),
                   deaths_avoided=deaths,
                   deaths_avoided_pct=100.0 * deaths / np.where(attributable > 0, attributable, np.nan),
                   value_million_cny=valuation.value_million_cny(deaths, params)["value_deaths_avoided_million_cny_central"]
                   .to_numpy(float))
    return out


def _aligned(sources, keys_of, keys: pd.Index, col: str) -> np.ndarray:
    """Emissions (t/yr, clipped at 0) of ``sources`` in the order of the operators' ``keys``."""
    values = pd.Series(sources[col].to_numpy(float), index=keys_of(sources))
    unknown = values.index.difference(keys)
    if len(unknown):
        raise ValueError(f"PM2.5 sources not in the dispersion operators: {list(unknown)[:5]}")
    return np.maximum(values.groupby(level=0).sum().reindex(keys, fill_value=0.0).to_numpy(), 0.0)


# ================================================================================ many draws on Dask
@dataclass
class UncertaintyResult:
    """Per-city quantiles and quadrant probabilities, national totals per draw, Sobol indices."""

    cities: pd.DataFrame
    draws: pd.DataFrame
    national: pd.DataFrame
    sobol: pd.DataFrame | None
    seed: int


def local_client(n_workers: int | None = None, processes: bool = True):
    """A ``dask.distributed`` client on a local cluster: one single-threaded worker per core by default."""
    import logging
    import os

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)  # the cluster's own chatter is not the model's
    cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=processes,
                           dashboard_address=None)
    return Client(cluster)


def run_uncertainty(layers: dict, params: Params, draws: int, seed: int = 0, *, scenario: str = "fyp",
                    mode: str = "cascade", dispersion: bool = True, sobol: bool = False,
                    distributions: list[Uncertain] | None = None, scheduler: str | None = None, client=None,
                    n_workers: int | None = None, processes: bool = True, rose=None,
                    feedback: Feedback | None = None) -> UncertaintyResult:
    """Run the assessment for ``draws`` parameter draws (``draws (k + 2)`` with ``sobol``) on Dask.

    Parameters
    ----------
    layers, params : as :func:`uis_qgis.model.run_assessment`.
    draws : int
        Number of Monte Carlo draws, or Saltelli base size with ``sobol``.
    seed : int
        Seed of the draws; the results depend on it only (not on workers or scheduler).
    dispersion : bool
        Run the PM2.5 grids and health per draw (otherwise CO2 and emissions only).
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``, e.g. started by ``dask-jobqueue``);
        default a :func:`local_client` with ``n_workers`` (all cores) and ``processes``.
    client : distributed.Client, optional
        Use this client instead (it is not closed).
    feedback : Feedback
        Progress per finished draw; cancelling stops the queued draws and the running ones at their next
        check.
    """
    from distributed import Client, Event

    feedback = feedback or Feedback()
    distributions = load_distributions() if distributions is None else distributions
    table = sample_draws(distributions, draws, seed, sobol)
    feedback.progress(0.0, f"{len(table)} draws: shared setup")
    setup = prepare(layers, params, scenario, mode, dispersion, distributions, rose, feedback=StepFeedback(feedback, 0.0, 0.1))
    own = client is None
    client = client or (Client(scheduler) if scheduler else local_client(n_workers, processes))
    cancel = Event(f"uis-qgis-cancel-{seed}-{time.time_ns()}", client=client)
    try:
        _check_workers(client)
        shared = client.scatter(setup, broadcast=True)
        futures = [client.submit(_remote_draw, shared, row, cancel.name, key=f"uis-draw-{i}-{cancel.name}",
                                 pure=False) for i, row in enumerate(table.to_dict("records"))]
        results = _gather_in_order(client, futures, cancel, feedback)
    finally:
        if own:
            client.close()
            if not scheduler:
                client.cluster.close()
    feedback.progress(0.95, "quantiles and Sobol indices")
    return summarise(setup, table, results, distributions, sobol, seed)


def _check_workers(client) -> None:
    """The scheduler and every worker must import this package (installed, or on their PYTHONPATH): they
    unpickle the draws' tasks. Say which cannot."""
    def found():  # a local function travels by value: it must not need this package to be unpickled
        return __import__("importlib.util").util.find_spec("uis_qgis") is not None

    missing = [w for w, ok in client.run(found).items() if not ok]
    missing += [] if client.run_on_scheduler(found) else ["the scheduler"]
    if missing:
        raise RuntimeError(f"Dask {missing} cannot import uis_qgis: install it where the scheduler and workers "
                           "run (pip install the plugin folder, or put its parent folder on their PYTHONPATH)")


def _gather_in_order(client, futures: list, cancel, feedback: Feedback) -> list:
    """Results in draw order, progress as draws finish; a cancel request (polled every fraction of a second,
    not only when a draw ends) drops the queued draws and tells the running ones through ``cancel``."""
    results, remaining = [None] * len(futures), dict(enumerate(futures))
    while remaining:
        if feedback.is_cancelled():
            cancel.set()
            client.cancel(futures)
            raise Cancelled()
        finished = [i for i, f in remaining.items() if f.done()]
        for i in finished:
            results[i] = remaining.pop(i).result()
        if finished:
            done = len(futures) - len(remaining)
            feedback.progress(0.1 + 0.85 * done / len(futures), f"draw {done} of {len(futures)}")
        else:
            time.sleep(CANCEL_POLL_S / 5)
    return results


class _EventFeedback(Feedback):
    """Worker-side feedback: cancelled once the run's distributed Event is set (polled at most every 0.5 s)."""

    def __init__(self, name: str):
        from distributed import Event

        self.event, self.last, self.cancelled = Event(name), 0.0, False

    def is_cancelled(self) -> bool:
        now = time.monotonic()
        if not self.cancelled and now - self.last > CANCEL_POLL_S:
            self.last, self.cancelled = now, self.event.is_set()
        return self.cancelled


def _remote_draw(setup: Setup, values: dict, cancel_name: str) -> dict:
    return run_draw(setup, values, _EventFeedback(cancel_name))


# ================================================================================ summaries
def summarise(setup: Setup, table: pd.DataFrame, results: list[dict], distributions: list[Uncertain],
              sobol: bool, seed: int) -> UncertaintyResult:
    """Quantiles per city, quadrant probabilities, national totals per draw and Sobol indices."""
    from . import indicators

    cities = setup.cities.drop(columns="population").copy()
    for name in OUTPUTS:
        stack = np.vstack([r[name] for r in results])
        for q in QUANTILES:
            cities[f"{name}_p{round(q * 100):02d}"] = np.nanquantile(stack, q, axis=0) if np.isfinite(stack).any() \
                else np.nan
    if setup.dispersion:
        quadrants = np.vstack([indicators.cobenefit_quadrant(r["co2_reduction_pct"], r["deaths_avoided_pct"])
                               for r in results])
        for label in indicators.QUADRANTS:
            cities[f"p_{_slug(label)}"] = (quadrants == label).mean(axis=0)
        cities["most_likely_quadrant"] = pd.DataFrame(quadrants).mode(axis=0).iloc[0].to_numpy()
    national = table.copy()
    for name in NATIONAL:
        national[f"national_{name}"] = [_total(r[name]) for r in results]
    indices = _sobol_indices(national, distributions, seed) if sobol else None
    return UncertaintyResult(cities, table, national, indices, seed)


def _total(values) -> float:
    """Sum over cities (NaN when nothing was computed, e.g. deaths without dispersion)."""
    values = np.asarray(values, float)
    return float(np.nansum(values)) if np.isfinite(values).any() else float("nan")


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _sobol_indices(national: pd.DataFrame, distributions: list[Uncertain], seed: int) -> pd.DataFrame:
    """First-order and total Sobol indices (with 95 % confidence half-widths) of each national total."""
    from SALib.analyze import sobol as sobol_analyze

    rows = []
    for name in NATIONAL:
        y = national[f"national_{name}"].to_numpy(float)
        if not np.isfinite(y).all() or np.ptp(y) == 0:
            continue
        si = sobol_analyze.analyze(sobol_problem(distributions), y, calc_second_order=False, seed=seed)
        for i, u in enumerate(distributions):
            rows.append({"output": f"national_{name}", "parameter": u.name, "S1": si["S1"][i],
                         "S1_conf": si["S1_conf"][i], "ST": si["ST"][i], "ST_conf": si["ST_conf"][i]})
    return pd.DataFrame(rows)


def national_summary(result: UncertaintyResult) -> pd.DataFrame:
    """5 / 50 / 95 % of each national total over the draws."""
    rows = []
    for name in NATIONAL:
        y = result.national[f"national_{name}"].to_numpy(float)
        if np.isfinite(y).any():
            rows.append({"quantity": f"national_{name}",
                         **{f"p{round(q * 100):02d}": float(np.nanquantile(y, q)) for q in QUANTILES}})
    return pd.DataFrame(rows)


def to_results(result: UncertaintyResult, params: Params):
    """The outputs as a :class:`uis_qgis.model.Results` for :func:`uis_qgis.io.write_results`: layer
    ``uncertainty_cities`` (quantiles, quadrant probabilities), tables ``uncertainty_draws`` (parameter
    values and national totals per draw), ``uncertainty_national`` and ``sobol_indices``."""
    import geopandas as gpd

    from .model import Results

    tables = {"uncertainty_draws": result.national.assign(draw=np.arange(len(result.national)), seed=result.seed),
              "uncertainty_national": national_summary(result)}
    if result.sobol is not None:
        tables["sobol_indices"] = result.sobol
    return Results(layers={"uncertainty_cities": gpd.GeoDataFrame(result.cities, geometry="geometry")},
                   tables=tables, params=params, crs=result.cities.crs)
