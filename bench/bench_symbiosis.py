"""Benchmarks of the symbiosis core; prints measured figures (SPEC issue 3 item 8).

1. Fence-line pairing of 100,000 sources × 100,000 sinks (uniform over a 3,100 km square, China's land area,
   ≈ 29 sinks within 30 km of a source) with the KD-tree, against naive all-pairs distances on a subsample of
   the sources (naive cost is linear in the number of sources, so it is extrapolated, and said so).
2. The LP allocation of each cascade step against a greedy nearest-pair-first allocation: time and t CO2.
3. The national chain (``build/national/national.gpkg``, built by ``scripts/build_inputs.py``): read, check,
   project, symbiosis for FYP; wall time and peak memory (tracemalloc and max RSS).

Run: ``.venv/bin/python bench/bench_symbiosis.py [--quick]``.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from uis_qgis import cascade, contract, emissions, fenceline, symbiosis  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402

NATIONAL = ROOT / "build" / "national" / "national.gpkg"
SIDE_M = 3_100_000.0  # √(9.6 million km²)


def bench_pairing(n: int, naive_sources: int, fence_m: float) -> None:
    rng = np.random.default_rng(0)
    src_xy, snk_xy = rng.uniform(0, SIDE_M, (n, 2)), rng.uniform(0, SIDE_M, (n, 2))
    src, snk = shapely.points(src_xy), shapely.points(snk_xy)
    t = time.perf_counter()
    pairs = fenceline.fence_line_pairs(src, snk, fence_m)
    t_tree = time.perf_counter() - t
    t = time.perf_counter()
    i, j, _ = fenceline.naive_pairs(src_xy[:naive_sources], snk_xy, fence_m)
    t_naive = time.perf_counter() - t
    t_naive_full = t_naive * n / naive_sources
    sub = pairs[pairs["source"] < naive_sources]
    same = set(zip(sub["source"], sub["sink"])) == set(zip(i, j))
    print(f"[pairing] {n:,} sources × {n:,} sinks within {fence_m / 1000:.0f} km: {len(pairs):,} pairs "
          f"({len(pairs) / n:.1f} per source) in {t_tree:.2f} s (KD-tree, both cores)")
    print(f"[pairing] naive all-pairs on {naive_sources:,} sources × {n:,} sinks: {t_naive:.2f} s → "
          f"extrapolated to all {n:,} sources: {t_naive_full:.0f} s ({t_naive_full / t_tree:.0f}× slower); "
          f"same pairs on the subsample: {same}")


def greedy_allocate(supply_gj, demand_gj, pairs, params, feedback=None, name=None) -> np.ndarray:
    """Nearest pair first: the 'simple allocation' the LP replaces (depends on tie order, not optimal)."""
    supply, demand = np.array(supply_gj, float), np.array(demand_gj, float)
    eta = cascade.transmission_efficiency(pairs["dist_m"], params)
    order = np.lexsort((pairs["sink"].to_numpy(), pairs["source"].to_numpy(), pairs["dist_m"].to_numpy()))
    src, snk = pairs["source"].to_numpy(int), pairs["sink"].to_numpy(int)
    sent = np.zeros(len(pairs))
    for k in order:
        if eta[k] <= 0:
            continue
        x = min(supply[src[k]], demand[snk[k]] / eta[k])
        if x > 0:
            sent[k] = x
            supply[src[k]] -= x
            demand[snk[k]] -= x * eta[k]
    return sent


def bench_lp_vs_greedy(problem, params, label: str) -> None:
    sinks, sources, pairs = problem.sinks, problem.sources, problem.pairs
    grid = float(emissions.co2_t_from_electricity(1.0, params))
    out = {}
    for name, alloc in (("LP", cascade.allocate), ("greedy", greedy_allocate)):
        t = time.perf_counter()
        res = cascade.run_cascade(sources, sinks, pairs, params, grid, allocator=alloc)
        out[name] = (time.perf_counter() - t, res.co2_t, res.by_source["medium_delivered_gj"].sum()
                     + res.by_source["low_delivered_gj"].sum())
    t = time.perf_counter()
    opt = cascade.run_optimal(sources, sinks, pairs, params, grid)
    t_opt = time.perf_counter() - t
    n_pairs = sum(len(p) for p in pairs.values())
    print(f"[allocation:{label}] {len(sources):,} sources, {n_pairs:,} fence-line pairs")
    for name, (sec, co2, heat) in out.items():
        print(f"[allocation:{label}] cascade with {name:6s}: {sec:6.2f} s, heat delivered {heat / 1e6:10.3f} PJ, "
              f"CO2 avoided {co2 / 1e6:9.3f} Mt")
    gain = out["LP"][1] - out["greedy"][1]
    print(f"[allocation:{label}] LP − greedy: {gain / 1e6:+.3f} Mt CO2 ({100 * gain / max(out['greedy'][1], 1e-9):+.2f} %)")
    print(f"[allocation:{label}] optimal joint LP: {t_opt:.2f} s, CO2 avoided {opt.co2_t / 1e6:.3f} Mt "
          f"(gap to LP cascade {100 * (opt.co2_t - out['LP'][1]) / max(opt.co2_t, 1e-9):.2f} %)")


def synthetic_layers(n_plants: int, n_cities: int, seed: int = 1) -> dict:
    """A dense synthetic region (600 km square) with plants of all sectors and square cities."""
    import geopandas as gpd
    from shapely.geometry import box

    rng = np.random.default_rng(seed)
    side = 600_000.0
    sectors = np.array(["steel", "cement", "chemical", "paper", "food", "textile", "power", "other"])
    xy = rng.uniform(0, side, (n_plants, 2))
    plants = gpd.GeoDataFrame({
        "plant_id": [f"p{i}" for i in range(n_plants)], "sector": sectors[rng.integers(0, 8, n_plants)],
        "fuel_tce": rng.lognormal(11.5, 1.0, n_plants), "electricity_mwh": 0.0,
    }, geometry=shapely.points(xy), crs="EPSG:32650")
    cxy = rng.uniform(0, side, (n_cities, 2))
    half = rng.uniform(2_000, 12_000, n_cities)
    cities = gpd.GeoDataFrame({"city_id": [f"c{i}" for i in range(n_cities)],
                               "population": rng.lognormal(12.5, 1.0, n_cities).round()},
                              geometry=[box(x - h, y - h, x + h, y + h) for (x, y), h in zip(cxy, half)],
                              crs="EPSG:32650")
    return {"plants": plants, "cities": cities, "urban_cores": None, "district_heating": None, "provinces": None}


def bench_national(params) -> None:
    if not NATIONAL.exists():
        print(f"[national] {NATIONAL} not found: run scripts/build_inputs.py first; skipped")
        return
    import geopandas as gpd
    import pyogrio

    t0 = time.perf_counter()
    layers = {name: gpd.read_file(NATIONAL, layer=name) for name, _ in pyogrio.list_layers(NATIONAL)}
    t1 = time.perf_counter()
    metric = contract.check_inputs(layers, params).layers
    t2 = time.perf_counter()
    problem = symbiosis.build_problem(metric, params, "fyp")
    t3 = time.perf_counter()
    result = symbiosis.assess(metric, params, "fyp")
    t4 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    symbiosis.assess(metric, params, "fyp")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    s = result.summary.set_index("quantity")["value"]
    print(f"[national] {len(metric['plants']):,} plants, {len(metric['cities']):,} cities, "
          f"{len(metric['urban_cores'] if metric['urban_cores'] is not None else []):,} urban cores, "
          f"{len(metric['district_heating']):,} DES; pairs: "
          + ", ".join(f"{k} {len(v):,}" for k, v in problem.pairs.items()))
    print(f"[national] read {t1 - t0:.1f} s, check + project {t2 - t1:.1f} s, waste heat + pairing {t3 - t2:.1f} s, "
          f"full symbiosis.assess (pairing + cascade + optimal + accounting) {t4 - t3:.1f} s; "
          f"total {t4 - t0 - (t3 - t2):.1f} s")
    print(f"[national] memory: max RSS of the process so far {rss_mb:.0f} MiB; peak Python allocations during a "
          f"second assess (tracemalloc; numpy/HiGHS buffers partly outside) {peak / 2**20:.0f} MiB")
    print(f"[national] CO2 base {s['co2_base'] / 1e6:,.0f} Mt, reduction {s['co2_reduction'] / 1e6:,.0f} Mt "
          f"({s['co2_reduction_pct']:.1f} %), optimal gap {s['optimal_gap_pct']:.1f} %")
    bench_lp_vs_greedy(problem, params, "national")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 × 10,000 pairing, smaller synthetic LP")
    args = parser.parse_args()
    params = load_params()
    bench_national(params)
    n = 10_000 if args.quick else 100_000
    bench_pairing(n, naive_sources=500 if args.quick else 1_000, fence_m=params.get("cascade.fence_line_m"))
    layers = synthetic_layers(800 if args.quick else 3_000, 100 if args.quick else 400)
    bench_lp_vs_greedy(symbiosis.build_problem(layers, params, "fyp"), params, "synthetic")


if __name__ == "__main__":
    main()
