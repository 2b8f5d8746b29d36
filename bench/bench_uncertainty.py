"""Benchmark of uncertainty runs on Dask (issue 16 #3, #4): prints measured times, scaling and peak memory.

1. One national draw without dispersion (``build/national/national.gpkg``): the shared setup (checks, fence-line
   pairs, central run) and one draw, timed apart; the projection to 200 draws on the machine's cores; with
   ``--national-draws 200`` also the whole job end to end on a ``LocalCluster`` (one worker per core).
2. Sample-region draws with dispersion (1 km grid) on a ``LocalCluster`` with 1 and 2 worker processes: wall
   time, draws per minute, the scaling ratio, and the check that both give identical results.

Peak memory: the resident set of this process (sampled) and, for the cluster runs, the largest worker's
resident memory reported by Dask. The machine may be shared: the load average is printed with the figures.

Usage: ``python bench/bench_uncertainty.py [--draws 50] [--skip-national] [--national-draws 200]``
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # appended: the root's processing/ must never hide QGIS's

from bench_dispersion import Timer

from uis_qgis import io, uncertainty
from uis_qgis.params import load_params

SAMPLE = ROOT / "resources" / "sample" / "sample.gpkg"
NATIONAL = ROOT / "build" / "national" / "national.gpkg"
NATIONAL_TARGET_DRAWS = 200
SEED = 16


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f} on {} cores".format(*os.getloadavg(), os.cpu_count())


def national_draw() -> None:
    params = load_params()
    layers = io.read_inputs(NATIONAL)
    table = uncertainty.load_distributions()
    with Timer() as t_setup:
        setup = uncertainty.prepare(layers, params, dispersion=False, distributions=table)
    values = uncertainty.sample_draws(table, 1, SEED).iloc[0].to_dict()
    with Timer() as t_draw:
        uncertainty.run_draw(setup, values)
    cores = os.cpu_count() or 1
    projected = t_setup.seconds + NATIONAL_TARGET_DRAWS * t_draw.seconds / cores
    print(f"\n== national draw without dispersion ({len(setup.cities)} cities; {load()})")
    print(f"  shared setup (checks, fence-line pairs, central run): {t_setup.seconds:.1f} s, peak RSS "
          f"{t_setup.peak_mb:.0f} MB")
    print(f"  one draw: {t_draw.seconds:.1f} s, peak RSS {t_draw.peak_mb:.0f} MB")
    print(f"  projected {NATIONAL_TARGET_DRAWS} draws on {cores} workers: {projected / 60:.1f} min "
          f"(target 10 min)")


def national_run(draws: int) -> None:
    """The whole job as a user runs it: ``draws`` national draws without dispersion on a LocalCluster with all
    cores (setup, central run, draws, quantiles), wall time and memory."""
    params = load_params()
    layers = io.read_inputs(NATIONAL)
    print(f"\n== {draws} national draws without dispersion on a LocalCluster ({load()})")
    client = uncertainty.local_client(None, processes=True)
    try:
        with Timer() as t:
            result = uncertainty.run_uncertainty(layers, params, draws, SEED, dispersion=False, client=client)
        memory = max(w["metrics"]["memory"] for w in client.scheduler_info()["workers"].values()) / 2 ** 20
        workers = len(client.scheduler_info()["workers"])
    finally:
        client.close()
        client.cluster.close()
    print(f"  {workers} workers: {t.seconds / 60:.1f} min wall (target 10 min), client peak RSS {t.peak_mb:.0f} MB, "
          f"largest worker {memory:.0f} MB at the end")
    print(uncertainty.national_summary(result).to_string(index=False))


def cluster_runs(draws: int) -> None:
    params = load_params()
    layers = io.read_inputs(SAMPLE)
    print(f"\n== {draws} sample-region draws with dispersion (1 km) on a LocalCluster ({load()})")
    results, seconds = {}, {}
    for workers in (1, 2):
        client = uncertainty.local_client(workers, processes=True)
        try:
            with Timer() as t:
                results[workers] = uncertainty.run_uncertainty(layers, params, draws, SEED, client=client)
            memory = max(w["metrics"]["memory"] for w in client.scheduler_info()["workers"].values()) / 2 ** 20
        finally:
            client.close()
            client.cluster.close()
        seconds[workers] = t.seconds
        print(f"  {workers} worker(s): {t.seconds:.1f} s wall ({draws / t.seconds * 60:.1f} draws/min), client peak "
              f"RSS {t.peak_mb:.0f} MB, largest worker {memory:.0f} MB at the end; target 3 min for 50 draws")
    same = results[1].national.equals(results[2].national)
    print(f"  scaling 1 -> 2 workers: {seconds[1] / seconds[2]:.2f}x; identical results: {same}")
    print(uncertainty.national_summary(results[2]).to_string(index=False))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=50)
    ap.add_argument("--skip-national", action="store_true")
    ap.add_argument("--national-draws", type=int, default=0,
                    help="also run this many national draws without dispersion end to end (200: the target)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    if not args.skip_national:
        if NATIONAL.exists():
            national_draw()
            if args.national_draws:
                national_run(args.national_draws)
        else:
            print(f"{NATIONAL} absent: build it with scripts/build_inputs.py --national")
    cluster_runs(args.draws)
    print(f"\nbenchmark wall time {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
