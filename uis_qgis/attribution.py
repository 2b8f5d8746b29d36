"""Who causes a city's PM2.5 and who saves its deaths: attribution by source region and by strategy.

The dispersion model is linear in the emissions, so a city's modelled increment is a sum over sources::

    C_i = Σ_j T[i, j] E_j

with T[i, j] the population-weighted mean concentration over city i (µg/m³) per t/yr emitted by source j
(an area source — a city or rest-of-province polygon — or a stack). One pass over the sources builds T; any
split is then a sum over a subset of columns:

* by **source region**, seen from receptor city i: its *own* sources (its polygon and the stacks in it),
  *other cities of its province*, the *rest of its province* (the province's area outside the cities and the
  stacks there) and *other provinces* — Ramaswami et al. (2017) Supplementary Table 6b, the paper's point that
  co-benefits cross boundaries;
* by **strategy** (Fig. 2): efficiency, heat exchange (cascade steps A–D) and material exchange, from each
  source's emission reduction by strategy.

Deaths avoided are not linear in concentration (the curves are concave), so they are split in proportion to
the concentration reductions: part g of city i gets ``D_i · ΔC_i,g / ΔC_i`` — the secant slope of the city's
own curve between its Base and Scenario totals times the part's reduction. Parts of increments, reductions
and deaths sum to the city's whole exactly (up to round-off).

References
----------
Ramaswami, A. et al. (2017) Nature Climate Change 7:736, Results (transboundary dynamics, Supplementary
Table 6b) and Fig. 2 (strategies).
US EPA (1995) ISC3 Vol. II §2 (the long-term model is a linear superposition over sources).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.signal import fftconvolve

from . import dispersion, grid as grids, vocabulary
from .feedback import Feedback
from .met import WindRose

REGIONS = ("own", "other_cities_of_province", "rest_of_province", "other_provinces")


def receptor_weights(grid, cities, population: np.ndarray | None = None) -> sparse.csr_matrix:
    """Averaging operator of each city over the grid, shape (n_cities, n_cells); rows sum to 1 (0 for a city
    off the grid).

    Row i holds the weights of :func:`grid.zonal_means` for city i: its cells (centre inside, else
    touched), weighted by ``population`` per cell when given (uniform otherwise), so ``W @ c.ravel()`` is the
    city's (population-weighted) mean of any grid ``c``.
    """
    index = np.arange(grid.shape[0] * grid.shape[1], dtype=float).reshape(grid.shape)
    rows, cols, vals = [], [], []
    for i, geom in enumerate(cities.geometry):
        cells, weights = grids._cells_in(geom, grid, index, population)
        if cells is None or cells.size == 0:
            continue
        w = weights if weights is not None and weights.sum() > 0 else np.ones(cells.size)
        rows.append(np.full(cells.size, i))
        cols.append(cells.astype(np.int64))
        vals.append(w / w.sum())
    if not rows:
        return sparse.csr_matrix((len(cities), index.size))
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(len(cities), index.size))


def _area_columns(area_sources, grid, kernel, weights, params, feedback) -> np.ndarray:
    """One column per polygon: its unit emission (1 t/yr) spread over its cells as in the run
    (:func:`dispersion.area_coverage`), convolved with the area kernel over the polygon's window only (FFT),
    averaged over each receptor city."""
    out = np.zeros((weights.shape[0], len(area_sources)))
    by_column = weights.tocsc()
    m_r, m_c = kernel.shape[0] // 2, kernel.shape[1] // 2
    polygon, cells, share = dispersion.area_coverage(area_sources, grid, params, feedback)
    unit_g_s = float(dispersion.t_per_yr_to_g_s(np.ones(1), params)[0])
    order = np.argsort(polygon, kind="stable")
    starts = np.searchsorted(polygon[order], np.arange(len(area_sources) + 1))
    for j in range(len(area_sources)):
        feedback.check()
        mine = order[starts[j]:starts[j + 1]]
        if mine.size == 0:
            continue
        rows, cols = np.divmod(cells[mine], grid.shape[1])
        r0, c0 = rows.min(), cols.min()
        emission = np.zeros((rows.max() + 1 - r0, cols.max() + 1 - c0))
        np.add.at(emission, (rows - r0, cols - c0), unit_g_s * share[mine])
        conc = fftconvolve(emission, kernel, mode="full")
        g0, h0 = r0 - m_r, c0 - m_c
        a0, b0 = max(g0, 0), max(h0, 0)
        a1, b1 = min(g0 + conc.shape[0], grid.shape[0]), min(h0 + conc.shape[1], grid.shape[1])
        window_rows, window_cols = np.meshgrid(np.arange(a0, a1), np.arange(b0, b1), indexing="ij")
        flat = (window_rows * grid.shape[1] + window_cols).ravel()
        out[:, j] = by_column[:, flat] @ conc[a0 - g0:a1 - g0, b0 - h0:b1 - h0].ravel()
        feedback.progress((j + 1) / max(len(area_sources), 1), "attribution: area sources")
    return out


def _point_columns(point_sources, grid, rose, weights, params, feedback) -> np.ndarray:
    """One column per stack from the run's :class:`dispersion.StackOperator` (built once for all stacks, as
    in :func:`dispersion.point_concentration_ug_m3`): its class kernel placed at the stack's cloud-in-cell
    nodes, plus its near-field corrections, for a unit emission (1 t/yr) — the operator's own convolution
    evaluated for one stack, without an FFT of the whole grid. Stacks the operator sums directly are applied
    through the operator; stacks without a geometry get a zero column."""
    out = np.zeros((weights.shape[0], len(point_sources)))
    geoms = point_sources.geometry
    usable = np.flatnonzero((geoms.notna() & ~geoms.is_empty).to_numpy())
    if usable.size == 0:
        return out
    operator = dispersion.stack_operator(point_sources.iloc[usable], grid, rose, params)
    unit_g_s = float(dispersion.t_per_yr_to_g_s(np.ones(1), params)[0])
    by_column = weights.tocsc()
    for kernel, (stacks, rows, cols, node_weights) in zip(operator.kernels, operator.nodes):
        for s, r, c, w in zip(stacks, rows, cols, node_weights):
            feedback.check()
            cells, values = _placed_kernel(kernel, r, c, w, grid.shape)
            out[:, usable[s]] += unit_g_s * (by_column[:, cells] @ values)
    ok = operator.near_cells >= 0
    for row, s in enumerate(operator.near_stack):
        out[:, usable[s]] += unit_g_s * (by_column[:, operator.near_cells[row][ok[row]]] @ operator.near_unit[row][ok[row]])
    rates = np.zeros(usable.size)
    for s in operator.direct[0]:
        rates[s] = unit_g_s
        out[:, usable[s]] += weights @ operator.add_corrections(rates, np.zeros(grid.shape)).ravel()
        rates[s] = 0.0
    return out


def _placed_kernel(kernel: np.ndarray, rows, cols, node_weights, shape) -> tuple[np.ndarray, np.ndarray]:
    """Flat cell indices and values of ``Σ_n w_n K`` centred on the nodes (rows, cols), clipped to the grid
    (the 'same' convolution of :func:`dispersion.convolve_sum_tiled` for one stack)."""
    m = kernel.shape[0] // 2
    r0, c0 = int(rows.min()) - m, int(cols.min()) - m
    local = np.zeros((int(rows.max()) + m + 1 - r0, int(cols.max()) + m + 1 - c0))
    for r, c, w in zip(rows, cols, node_weights):
        local[r - m - r0:r + m + 1 - r0, c - m - c0:c + m + 1 - c0] += w * kernel
    rr, cc = np.nonzero(local)
    keep = (rr + r0 >= 0) & (rr + r0 < shape[0]) & (cc + c0 >= 0) & (cc + c0 < shape[1])
    rr, cc = rr[keep], cc[keep]
    return (rr + r0) * shape[1] + (cc + c0), local[rr, cc]


def source_receptor_matrix(area_sources, point_sources, grid, rose: WindRose, params,
                           weights: sparse.csr_matrix, feedback: Feedback | None = None) -> np.ndarray:
    """T[i, j]: mean primary PM2.5 over receptor city i (µg/m³) per t/yr emitted by source j.

    Columns are the area sources (in order) then the point sources, with the same physics as
    :func:`dispersion.concentration_grid` (one area kernel for all polygons, stacks summed directly).

    Parameters
    ----------
    area_sources, point_sources : GeoDataFrame or None
        The run's PM2.5 sources in the metric study CRS.
    grid : dispersion.GridSpec
    rose : met.WindRose
        One climatology (per-source roses are not supported here).
    params : Params
    weights : scipy.sparse matrix
        :func:`receptor_weights` of the receptor cities.
    feedback : Feedback, optional

    Returns
    -------
    ndarray, shape (n_cities, n_area + n_point), µg/m³ per (t/yr)

    References
    ----------
    ISC3 Vol. II §2 (linear superposition); SPEC §6.
    """
    if not isinstance(rose, WindRose):
        raise ValueError("attribution needs one wind rose for all sources (per-source roses are not supported)")
    feedback = feedback or Feedback()
    parts = []
    if area_sources is not None and len(area_sources):
        kernel = dispersion.area_kernel_ug_m3(grid.cell_m, rose, params)
        parts.append(_area_columns(area_sources, grid, kernel, weights, params, feedback))
    if point_sources is not None and len(point_sources):
        parts.append(_point_columns(point_sources, grid, rose, weights, params, feedback))
    return np.hstack(parts) if parts else np.zeros((weights.shape[0], 0))


def source_regions(city_ids, city_provinces, source_city_ids, source_provinces) -> np.ndarray:
    """Region index (into :data:`REGIONS`) of every source seen from every receptor city, (n_cities, n_sources).

    A source belongs to city ``source_city_ids[j]`` (None/NaN: outside every city) in province
    ``source_provinces[j]``. Seen from city i in province p: its own city → ``own``; another city of p →
    ``other_cities_of_province``; no city, province p → ``rest_of_province``; anything else (other provinces,
    unknown province) → ``other_provinces``.
    """
    def text(values):
        s = pd.Series(list(values), dtype=object)
        return s.where(s.notna(), None).astype(object).to_numpy()

    cid, cprov = text(city_ids), text(city_provinces)
    sid, sprov = text(source_city_ids), text(source_provinces)
    same_city = (sid[None, :] == cid[:, None]) & (sid[None, :] != None)  # noqa: E711
    same_prov = (sprov[None, :] == cprov[:, None]) & (sprov[None, :] != None)  # noqa: E711
    in_a_city = np.broadcast_to(sid[None, :] != None, same_city.shape)  # noqa: E711
    out = np.full(same_city.shape, REGIONS.index("other_provinces"), dtype=np.int8)
    out[same_prov & ~in_a_city] = REGIONS.index("rest_of_province")
    out[same_prov & in_a_city] = REGIONS.index("other_cities_of_province")
    out[same_city] = REGIONS.index("own")
    return out


def split_by_region(matrix: np.ndarray, regions: np.ndarray, emission_t) -> np.ndarray:
    """Concentration at each city from each source region, (n_cities, len(REGIONS)), µg/m³.

    ``matrix`` T (µg/m³ per t/yr), ``regions`` from :func:`source_regions`, ``emission_t`` per source (t/yr).
    """
    contrib = matrix * np.asarray(emission_t, float)[None, :]
    return np.stack([np.where(regions == k, contrib, 0.0).sum(axis=1) for k in range(len(REGIONS))], axis=1)


def deaths_split(deaths_avoided, reduction_parts_ug_m3: np.ndarray) -> np.ndarray:
    """Deaths avoided of each city split in proportion to the parts of its concentration reduction.

    ``part_g = D · ΔC_g / Σ_g ΔC_g`` (the secant slope of the city's curve times the part); all parts are 0
    where the total reduction is 0.

    Parameters
    ----------
    deaths_avoided : array_like, shape (n,)
        Deaths avoided per city per year.
    reduction_parts_ug_m3 : ndarray, shape (n, n_parts)
        Concentration reduction of each part, µg/m³ (signed).
    """
    deaths = np.asarray(deaths_avoided, float)
    total = reduction_parts_ug_m3.sum(axis=1)
    scale = np.abs(reduction_parts_ug_m3).sum(axis=1)
    ok = np.abs(total) > 1e-12 * np.maximum(scale, 1e-300)
    slope = np.where(ok, deaths / np.where(ok, total, 1.0), 0.0)
    return reduction_parts_ug_m3 * slope[:, None]


def strategy_reductions(sources: pd.DataFrame) -> dict[str, np.ndarray]:
    """Emission reduction (t/yr) of every source by strategy group (``vocabulary.STRATEGY_GROUPS``) from its
    ``pm25_red_<strategy>_t`` columns (missing columns count 0)."""
    return {group: sum((sources[f"pm25_red_{s}_t"].to_numpy(float) if f"pm25_red_{s}_t" in sources
                        else np.zeros(len(sources))) for s in steps)
            for group, steps in vocabulary.STRATEGY_GROUPS.items()}


def attribution_table(city_ids, matrix: np.ndarray, regions: np.ndarray, sources: pd.DataFrame,
                      deaths_avoided) -> pd.DataFrame:
    """Per city: Base increment, reduction and deaths avoided by source region, and reduction and deaths by
    strategy.

    Parameters
    ----------
    city_ids : sequence
        Receptor city ids (rows of ``matrix``).
    matrix : ndarray
        :func:`source_receptor_matrix`.
    regions : ndarray
        :func:`source_regions`.
    sources : DataFrame
        One row per matrix column: ``pm25_base_t``, ``pm25_scen_t`` and ``pm25_red_<strategy>_t`` (t/yr).
    deaths_avoided : array_like
        Deaths avoided per city (central), from the health step.

    Returns
    -------
    DataFrame with ``city_id``, ``pm25_increment_<region>_ug_m3``, ``pm25_reduction_<region>_ug_m3``,
    ``deaths_avoided_<region>`` for each region and ``pm25_reduction_<strategy>_ug_m3``,
    ``deaths_avoided_<strategy>`` for each strategy group.
    """
    base = np.maximum(sources["pm25_base_t"].to_numpy(float), 0.0)
    scen = np.maximum(sources["pm25_scen_t"].to_numpy(float), 0.0)
    increment = split_by_region(matrix, regions, base)
    reduction = split_by_region(matrix, regions, base - scen)
    by_strategy = np.stack([matrix @ red for red in strategy_reductions(sources).values()], axis=1)
    out = pd.DataFrame({"city_id": list(city_ids)})
    for k, region in enumerate(REGIONS):
        out[f"pm25_increment_{region}_ug_m3"] = increment[:, k]
    for k, region in enumerate(REGIONS):
        out[f"pm25_reduction_{region}_ug_m3"] = reduction[:, k]
    for k, deaths in enumerate(deaths_split(deaths_avoided, reduction).T):
        out[f"deaths_avoided_{REGIONS[k]}"] = deaths
    for k, group in enumerate(vocabulary.STRATEGY_GROUPS):
        out[f"pm25_reduction_{group}_ug_m3"] = by_strategy[:, k]
    for k, deaths in enumerate(deaths_split(deaths_avoided, by_strategy).T):
        out[f"deaths_avoided_{list(vocabulary.STRATEGY_GROUPS)[k]}"] = deaths
    return out


def assess(cities, area_sources, point_sources, grid, rose: WindRose, params, deaths_avoided,
           population: np.ndarray | None = None, feedback: Feedback | None = None) -> pd.DataFrame:
    """The attribution step: :func:`attribution_table` for the run's cities, on the cities' index.

    Parameters
    ----------
    cities : GeoDataFrame
        ``city_id``, ``province`` (optional) and polygons in the grid's metric CRS.
    area_sources, point_sources : GeoDataFrame
        The run's PM2.5 sources (``city_id``, ``province``, ``pm25_base_t``, ``pm25_scen_t``,
        ``pm25_red_<strategy>_t``).
    grid : GridSpec
    rose : met.WindRose
    params : Params
    deaths_avoided : array_like
        Deaths avoided per city (central).
    population : ndarray, optional
        Persons per grid cell (population-weighted city means, as in the health step).
    feedback : Feedback, optional
    """
    feedback = feedback or Feedback()
    weights = receptor_weights(grid, cities, population)
    matrix = source_receptor_matrix(area_sources, point_sources, grid, rose, params, weights, feedback)
    frames = [f.drop(columns=f.geometry.name) for f in (area_sources, point_sources) if f is not None and len(f)]
    sources = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["city_id", "province", "pm25_base_t", "pm25_scen_t"])
    provinces = cities["province"] if "province" in cities else [None] * len(cities)
    regions = source_regions(cities["city_id"], provinces, sources["city_id"], sources["province"])
    table = attribution_table(cities["city_id"], matrix, regions, sources, deaths_avoided)
    return table.drop(columns="city_id").set_axis(cities.index)
