"""Background PM2.5 anchored to monitors, without double counting (SPEC §6 last bullet).

The total concentration a person breathes is background + the modelled primary increment of the study's own
sources. The background is what the model does not simulate (secondary aerosol, dust, sources outside the
inventory, transport from outside the grid). At a *monitor city* it is the observation minus the modelled
increment, never negative::

    b_m = max(0, C_obs,m − C_mod,m)

Between monitor cities the residuals are interpolated by inverse distance weighting (Shepard 1968) within a
search radius::

    b(x) = Σ_m w_m b_m / Σ_m w_m,    w_m = d(x, x_m)^−p  for d ≤ R

which is exact at a monitor (d = 0) and never negative (a weighted mean of non-negative residuals). A city
with no monitor city within R gets the *regional estimate*: the inverse-distance mean of the observations at
its k nearest monitor cities times a background share (the median background / observed ratio of the
monitor cities of the national input set, docs/validation.md); the run says so in its warnings.

A city's own ``observed_pm25`` (the user's) overrides the monitor network: it is treated as a monitor at the
city and its residual is used for the city and for its neighbours.

The same residuals give the honest check of the model: for each monitor city, the Base total predicted
*without its own monitor* (leave-one-out: the background interpolated from the other monitors) against the
observation. Calibration (the background) and validation (the leave-one-out total) never use the same city.

References
----------
Shepard, D. (1968) A two-dimensional interpolation function for irregularly-spaced data. Proc. 23rd ACM
National Conference, 517–524.
Ramaswami, A. et al. (2017) Nature Climate Change 7:736, Methods (e): modelled PM2.5 compared with
measurements in 112 Chinese cities.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from .data import data_path
from .io import read_table
from .params import Params

YEARS = (2014, 2015, 2016)
GEOGRAPHIC = "EPSG:4326"
SOURCE_USER = "observed_pm25"
SOURCE_MONITOR = "monitor"
SOURCE_INTERPOLATED = "interpolated"
SOURCE_REGIONAL = "regional"
IDW_BLOCK = 4096  # query points per block (bounds the distance matrix to ~4096 x monitors)


# ------------------------------------------------------------------------------------------------ data
def load_monitors(params: Params, year: int | None = None) -> pd.DataFrame:
    """Monitor-city observations of one year: ``monitor``, ``lon``, ``lat``, ``observed_pm25_ug_m3``.

    Parameters
    ----------
    params : Params
        ``pm25.monitor_file`` and ``pm25.base_year``.
    year : int, optional
        2014, 2015 or 2016; ``pm25.base_year`` when omitted.

    References
    ----------
    CNEMC daily city PM2.5 2014–2016 (SpTe2M ``pm25_dat``), uis_qgis/data/pm25/README.md.
    """
    year = int(params.get("pm25.base_year") if year is None else year)
    if year not in YEARS:
        raise ValueError(f"pm25.base_year must be one of {YEARS}, got {year}")
    table = read_table(data_path(params.get("pm25.monitor_file")))
    return table[["monitor", "lon", "lat"]].assign(observed_pm25_ug_m3=table[f"pm25_{year}_ug_m3"].astype(float))


def monitor_points(monitors: pd.DataFrame, crs) -> np.ndarray:
    """Monitor coordinates (n, 2) in the metric study ``crs``, m."""
    points = gpd.GeoSeries(gpd.points_from_xy(monitors["lon"], monitors["lat"]), crs=GEOGRAPHIC).to_crs(crs)
    return np.column_stack([points.x.to_numpy(), points.y.to_numpy()])


def match_monitors(points_m: np.ndarray, cities: gpd.GeoDataFrame, max_distance_m: float) -> np.ndarray:
    """Row position in ``cities`` of the city each monitor belongs to, −1 for none.

    A monitor belongs to the city polygon that contains it, else to the nearest polygon within
    ``max_distance_m`` (coordinates rounded to 0.01°; coastal or edge cities).

    Parameters
    ----------
    points_m : ndarray, shape (n, 2)
        Monitor positions in the cities' metric CRS, m.
    cities : GeoDataFrame
        City polygons in a metric CRS.
    max_distance_m : float
        Largest gap between a monitor and its city polygon, m.
    """
    out = np.full(len(points_m), -1, dtype=int)
    if len(points_m) == 0 or len(cities) == 0:
        return out
    geoms = shapely.points(points_m)
    tree = shapely.STRtree(cities.geometry.to_numpy())
    inside_pt, inside_city = tree.query(geoms, predicate="within")
    out[inside_pt] = inside_city
    loose = np.flatnonzero(out < 0)
    if loose.size:
        near_pt, near_city = tree.query_nearest(geoms[loose], max_distance=max_distance_m, all_matches=False)
        out[loose[near_pt]] = near_city
    return out


# ------------------------------------------------------------------------------------- interpolation
def idw_ug_m3(known_xy_m, known_ug_m3, query_xy_m, power: float, radius_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Inverse-distance-weighted mean of ``known_ug_m3`` at each query point (Shepard 1968).

    Parameters
    ----------
    known_xy_m : array_like, shape (n, 2)
        Positions of the known values, m.
    known_ug_m3 : array_like, shape (n,)
        Known values (e.g. background residuals), µg/m³.
    query_xy_m : array_like, shape (q, 2)
        Where to interpolate, m.
    power : float
        Distance exponent p of the weights d^−p (> 0).
    radius_m : float
        Search radius R: only known points within R count (``inf`` for all).

    Returns
    -------
    values : ndarray, shape (q,)
        Interpolated values; exactly the known value at a known point; NaN where no known point lies
        within R.
    n_used : ndarray of int, shape (q,)
        Number of known points within R.

    References
    ----------
    Shepard (1968), eq. 1 (global form restricted to a search radius).
    """
    known = np.asarray(known_xy_m, float).reshape(-1, 2)
    values = np.asarray(known_ug_m3, float).ravel()
    query = np.asarray(query_xy_m, float).reshape(-1, 2)
    if power <= 0:
        raise ValueError(f"IDW power must be > 0, got {power}")
    if known.shape[0] != values.shape[0]:
        raise ValueError(f"{known.shape[0]} known positions but {values.shape[0]} values")
    if known.shape[0] == 0:
        return np.full(len(query), np.nan), np.zeros(len(query), int)
    values_out, n_used = np.empty(len(query)), np.empty(len(query), int)
    for start in range(0, len(query), IDW_BLOCK):
        block = slice(start, start + IDW_BLOCK)
        values_out[block], n_used[block] = _idw_block(known, values, query[block], power, radius_m)
    return values_out, n_used


def _idw_block(known, values, query, power, radius_m):
    d = np.hypot(query[:, None, 0] - known[None, :, 0], query[:, None, 1] - known[None, :, 1])
    within = d <= radius_m
    exact = d == 0.0
    with np.errstate(divide="ignore"):
        w = np.where(within & ~exact, d ** -power, 0.0)
    total = w.sum(axis=1)
    out = np.where(total > 0, (w * values).sum(axis=1) / np.where(total > 0, total, 1.0), np.nan)
    hit = exact.any(axis=1)
    out[hit] = values[np.argmax(exact[hit], axis=1)]
    return out, within.sum(axis=1)


def leave_one_out_ug_m3(known_xy_m, known_ug_m3, power: float, radius_m: float) -> np.ndarray:
    """IDW value at each known point from all the *other* known points (NaN where none is within R).

    References
    ----------
    Stone, M. (1974) Cross-validatory choice and assessment of statistical predictions. J. R. Stat. Soc. B
    36:111–147 (leave-one-out cross-validation).
    """
    known = np.asarray(known_xy_m, float).reshape(-1, 2)
    values = np.asarray(known_ug_m3, float).ravel()
    out = np.full(len(values), np.nan)
    for i in range(len(values)):
        others = np.arange(len(values)) != i
        out[i] = idw_ug_m3(known[others], values[others], known[i:i + 1], power, radius_m)[0][0]
    return out


def regional_estimate_ug_m3(monitor_xy_m, observed_ug_m3, query_xy_m, neighbours: int, power: float,
                            share: float) -> np.ndarray:
    """Regional background where no monitor city is near: ``share`` × IDW mean of the observations at the
    ``neighbours`` nearest monitor cities (any distance).

    References
    ----------
    Shepard (1968); ``pm25.regional_background_share`` (docs/validation.md, national monitor cities).
    """
    known = np.asarray(monitor_xy_m, float).reshape(-1, 2)
    query = np.asarray(query_xy_m, float).reshape(-1, 2)
    k = min(int(neighbours), len(known))
    if k < 1:
        raise ValueError("the regional estimate needs at least one monitor city")
    dist, idx = cKDTree(known).query(query, k=k)
    dist, idx = dist.reshape(len(query), k), idx.reshape(len(query), k)
    obs = np.asarray(observed_ug_m3, float)[idx]
    with np.errstate(divide="ignore"):
        w = np.where(dist > 0, dist ** -power, np.inf)
    exact = np.isinf(w)
    mean = np.where(exact.any(axis=1), np.where(exact, obs, 0.0).sum(axis=1) / np.maximum(exact.sum(axis=1), 1),
                    (np.where(exact, 0.0, w) * obs).sum(axis=1) / np.where(exact, 0.0, w).sum(axis=1))
    return share * mean


# ------------------------------------------------------------------------------------------ the field
@dataclass(frozen=True)
class Settings:
    """The ``pm25.*`` interpolation settings: IDW power, search radius (m), regional neighbours and share."""

    power: float
    radius_m: float
    neighbours: int
    share: float

    @classmethod
    def from_params(cls, params: Params) -> "Settings":
        return cls(float(params.get("pm25.idw_power")), float(params.get("pm25.search_radius_m")),
                   int(params.get("pm25.regional_neighbours")), float(params.get("pm25.regional_background_share")))


@dataclass
class Background:
    """Background PM2.5 per city and the observed-vs-modelled comparison of one run.

    Attributes
    ----------
    background_ug_m3 : ndarray
        Background per city (≥ 0), µg/m³, in the order of the cities given.
    source : ndarray of str
        How each city's background was obtained: ``observed_pm25`` (the user's observation), ``monitor``
        (a monitor city of the network), ``interpolated`` (IDW of residuals) or ``regional`` (fallback).
    comparison : DataFrame
        One row per observed city (monitor cities in the study area and cities with ``observed_pm25``):
        observation, modelled increment, background and Base total, and the leave-one-out background and
        total (predicted without the city's own observation).
    warnings : list of str
    """

    background_ug_m3: np.ndarray
    source: np.ndarray
    comparison: pd.DataFrame
    warnings: list
    settings: Settings
    anchors_xy_m: np.ndarray
    residual_ug_m3: np.ndarray
    monitor_xy_m: np.ndarray
    monitor_observed_ug_m3: np.ndarray

    def at(self, xy_m) -> np.ndarray:
        """Background (µg/m³) at any points, e.g. grid-cell centres (m, study CRS): IDW of the residuals within
        the search radius, the regional estimate elsewhere."""
        s = self.settings
        values, _ = idw_ug_m3(self.anchors_xy_m, self.residual_ug_m3, xy_m, s.power, s.radius_m)
        far = ~np.isfinite(values)
        if far.any():
            values[far] = regional_estimate_ug_m3(self.monitor_xy_m, self.monitor_observed_ug_m3,
                                                  np.asarray(xy_m, float).reshape(-1, 2)[far], s.neighbours,
                                                  s.power, s.share)
        return values


def _city_observations(cities, user_observed, monitors, monitor_xy, params):
    """Observation, origin, monitor names and anchor point per city (NaN where the city is not observed),
    and the city of each monitor (−1 outside the study cities)."""
    n = len(cities)
    observed = np.full(n, np.nan) if user_observed is None else np.asarray(user_observed, float).copy()
    origin = np.where(np.isfinite(observed), SOURCE_USER, "").astype(object)
    monitor_name = np.full(n, None, dtype=object)
    anchors = shapely.get_coordinates(cities.geometry.representative_point().to_numpy())
    city_of = match_monitors(monitor_xy, cities, float(params.get("pm25.monitor_match_distance_m")))
    for city in np.unique(city_of[city_of >= 0]):
        mine = np.flatnonzero(city_of == city)
        monitor_name[city] = "; ".join(monitors["monitor"].iloc[mine])
        if origin[city] == SOURCE_USER:
            continue
        observed[city] = float(monitors["observed_pm25_ug_m3"].iloc[mine].mean())
        anchors[city] = monitor_xy[mine].mean(axis=0)
        origin[city] = SOURCE_MONITOR
    return observed, origin, monitor_name, anchors, city_of


def _leave_one_out(anchors, residual, seen_rows, city_of, monitor_xy, monitor_obs, s: Settings) -> np.ndarray:
    """Background at each observed city from the other observed cities; the regional estimate from the
    monitors of other cities where none is within the radius."""
    loo = leave_one_out_ug_m3(anchors, residual, s.power, s.radius_m)
    for i in np.flatnonzero(~np.isfinite(loo)):
        others = city_of != seen_rows[i]
        loo[i] = regional_estimate_ug_m3(monitor_xy[others], monitor_obs[others], anchors[i:i + 1], s.neighbours,
                                         s.power, s.share)[0]
    return loo


def city_background(cities: gpd.GeoDataFrame, modelled_ug_m3, params: Params, user_observed=None,
                    monitors: pd.DataFrame | None = None, id_col: str = "city_id") -> Background:
    """Background PM2.5 per city from monitors and user observations, with the leave-one-out comparison.

    Parameters
    ----------
    cities : GeoDataFrame
        City polygons in the metric study CRS.
    modelled_ug_m3 : array_like
        Modelled Base primary increment per city (population-weighted), µg/m³.
    params : Params
        ``pm25.*`` (monitor file, base year, IDW power, search radius, match distance, regional estimate).
    user_observed : array_like, optional
        The cities' own ``observed_pm25`` (µg/m³, NaN where absent); overrides the monitor network.
    monitors : DataFrame, optional
        ``monitor, lon, lat, observed_pm25_ug_m3``; :func:`load_monitors` when omitted.
    id_col : str
        City id column, copied into the comparison table.

    Returns
    -------
    Background

    References
    ----------
    SPEC §6 last bullet; Shepard (1968); module docstring.
    """
    monitors = load_monitors(params) if monitors is None else monitors
    modelled = np.asarray(modelled_ug_m3, float)
    if modelled.shape != (len(cities),) or not np.all(np.isfinite(modelled) & (modelled >= 0)):
        raise ValueError("modelled Base PM2.5 must be one finite value >= 0 per city")
    s = Settings.from_params(params)
    monitor_xy = monitor_points(monitors, cities.crs)
    monitor_obs = monitors["observed_pm25_ug_m3"].to_numpy(float)
    observed, origin, monitor_name, anchors, city_of = _city_observations(cities, user_observed, monitors,
                                                                          monitor_xy, params)
    seen = np.isfinite(observed)
    residual = np.maximum(observed[seen] - modelled[seen], 0.0)
    result = Background(np.zeros(len(cities)), np.where(seen, origin, SOURCE_INTERPOLATED).astype(object), None, [],
                        s, anchors[seen], residual, monitor_xy, monitor_obs)
    result.background_ug_m3 = result.at(anchors)
    far = ~seen & ~np.isfinite(idw_ug_m3(anchors[seen], residual, anchors, s.power, s.radius_m)[0])
    if far.any():
        result.source[far] = SOURCE_REGIONAL
        ids = ", ".join(cities[id_col].astype(str).iloc[np.flatnonzero(far)[:10]])
        result.warnings.append(
            f"{int(far.sum())} cities have no observed city within {s.radius_m / 1000:.0f} km "
            f"({ids}{' …' if far.sum() > 10 else ''}): their background PM2.5 is the regional estimate "
            f"({s.share} × the observations at the {s.neighbours} nearest monitor cities, pm25.regional_*)")
    loo = _leave_one_out(anchors[seen], residual, np.flatnonzero(seen), city_of, monitor_xy, monitor_obs, s)
    background = result.background_ug_m3
    result.comparison = pd.DataFrame({
        id_col: cities[id_col].to_numpy(object)[seen],
        "monitor": monitor_name[seen],
        "observation": origin[seen],
        "observed_pm25_ug_m3": observed[seen],
        "modelled_increment_ug_m3": modelled[seen],
        "background_ug_m3": background[seen],
        "modelled_total_ug_m3": background[seen] + modelled[seen],
        "background_loo_ug_m3": loo,
        "modelled_total_loo_ug_m3": loo + modelled[seen],
    })
    return result


# -------------------------------------------------------------------------------------------- scores
def agreement(observed_ug_m3, modelled_ug_m3) -> dict:
    """Agreement of modelled with observed concentrations.

    Returns ``n``, ``r2`` (squared Pearson correlation), ``mean_bias_ug_m3`` (mean of M − O), ``nmb``
    (normalised mean bias Σ(M − O)/ΣO) and ``nme`` (normalised mean error Σ|M − O|/ΣO), as fractions.

    References
    ----------
    Boylan, J. W. & Russell, A. G. (2006) PM and light extinction model performance metrics, goals, and
    criteria for three-dimensional air quality models. Atmos. Environ. 40:4946–4959 (NMB, NME); Simon, H.,
    Baker, K. R. & Phillips, S. (2012) Atmos. Environ. 61:124–139.
    """
    o = np.asarray(observed_ug_m3, float)
    m = np.asarray(modelled_ug_m3, float)
    ok = np.isfinite(o) & np.isfinite(m)
    o, m = o[ok], m[ok]
    n = int(o.size)
    if n == 0:
        return {"n": 0, "r2": np.nan, "mean_bias_ug_m3": np.nan, "nmb": np.nan, "nme": np.nan}
    r2 = float(np.corrcoef(o, m)[0, 1] ** 2) if n > 1 and o.std() > 0 and m.std() > 0 else np.nan
    return {"n": n, "r2": r2, "mean_bias_ug_m3": float((m - o).mean()), "nmb": float((m - o).sum() / o.sum()),
            "nme": float(np.abs(m - o).sum() / o.sum())}
