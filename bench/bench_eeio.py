"""Benchmark: footprints of a synthetic 5,000-sector EEIO system, dense and sparse, against an explicit inverse.

Run: ``.venv/bin/python bench/bench_eeio.py [--n 5000] [--nnz-per-col 10]``. Prints wall time, peak traced
memory (tracemalloc, which sees numpy buffers but not SuperLU/LAPACK work space), the growth of the peak
resident set size of a forked child doing only that computation, and the largest relative difference between the solver path of
``uis_qgis.eeio`` and the textbook explicit Leontief inverse computed in the same run.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from uis_qgis import eeio

MIB = 2**20
KIB = 2**10  # ru_maxrss is in KiB on Linux


def synthetic_dense(n: int, seed: int) -> eeio.IOTable:
    rng = np.random.default_rng(seed)
    Z = rng.uniform(0.0, 1.0, (n, n))
    f = rng.uniform(0.5, 1.5, n) * Z.sum(axis=1)  # intermediate share ≈ 0.5 of output
    return eeio.make_table([f"s{i}" for i in range(n)], Z, f, rng.uniform(0.0, 1e3, n))


def synthetic_sparse(n: int, nnz_per_col: int, seed: int) -> eeio.IOTable:
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, n * nnz_per_col)
    cols = np.repeat(np.arange(n), nnz_per_col)
    Z = sp.csr_matrix((rng.uniform(0.0, 1.0, rows.size), (rows, cols)), shape=(n, n))
    f = rng.uniform(0.5, 1.5, n) * (np.asarray(Z.sum(axis=1)).ravel() + 1.0)
    return eeio.make_table([f"s{i}" for i in range(n)], Z, f, rng.uniform(0.0, 1e3, n))


def explicit_inverse_footprints(table: eeio.IOTable) -> np.ndarray:
    """Textbook e = E (I − A)⁻¹ diag(f) with the inverse formed (reference, not used by the model)."""
    Z = table.Z.toarray() if sp.issparse(table.Z) else table.Z
    A = Z / table.x[None, :]
    L = np.linalg.inv(np.eye(table.n) - A)
    return ((table.co2_t / table.x) @ L) * table.f


def _child(fn, queue) -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t0
    _, traced = tracemalloc.get_traced_memory()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((value, seconds, traced, (rss_after - rss_before) * KIB))


def measure(label: str, fn):
    """Run ``fn`` in a forked child: wall time, peak numpy/Python memory, growth of the peak RSS."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, queue))
    proc.start()
    value, seconds, traced, rss = queue.get()
    proc.join()
    print(f"  {label:<34} {seconds:8.2f} s   traced peak {traced / MIB:6.0f} MiB   "
          f"peak RSS growth {rss / MIB:6.0f} MiB")
    return value, seconds


def run_case(name: str, table: eeio.IOTable) -> None:
    print(f"{name}: n = {table.n}, nnz(Z) = {table.Z.nnz if sp.issparse(table.Z) else table.Z.size:,}")
    solved, t_solve = measure("eeio.sector_footprints (solve)", lambda: eeio.sector_footprints(table)["footprint_t"]
                              .to_numpy())
    reference, t_inv = measure("explicit inverse (np.linalg.inv)", lambda: explicit_inverse_footprints(table))
    rel = np.max(np.abs(solved - reference) / np.maximum(np.abs(reference), 1e-300))
    identity = abs(solved.sum() - table.co2_t.sum()) / table.co2_t.sum()
    print(f"  speed-up {t_inv / t_solve:5.1f}x; max relative difference {rel:.1e}; "
          f"|Σe − ΣCO2|/ΣCO2 = {identity:.1e}")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--nnz-per-col", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    run_case("dense", synthetic_dense(args.n, args.seed))
    run_case("sparse", synthetic_sparse(args.n, args.nnz_per_col, args.seed))


if __name__ == "__main__":
    main()
