"""Benchmark of the attribution step (issue 12 #3): cost of the source–receptor matrix against one dispersion
run (Base + Scenario grids) on the sample region, and the closure of the parts.

Prints wall times (both measured in the same process, so machine load affects them alike), the ratio (target
≤ 2), the number of sources and cities, and the largest relative gap between the sum of the parts and the
dispersion run's city means.

Usage: ``python bench/bench_attribution.py [--cell-m 1000]``
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # appended: the root's processing/ must never hide QGIS's

from uis_qgis import attribution, contract, io, model, symbiosis  # noqa: E402
from uis_qgis.grid import zonal_means  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "sample.gpkg"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cell-m", type=float, default=None, help="grid cell (default: dispersion.cell_m)")
    args = parser.parse_args()
    params = load_params({} if args.cell_m is None else {"dispersion.cell_m": args.cell_m})
    layers = {name: gpd.read_file(SAMPLE, layer=name) for name, _ in pyogrio.list_layers(SAMPLE)}
    inputs = contract.check_inputs(layers, params)
    sym = symbiosis.assess(inputs.layers, params, "fyp")
    rose = io.default_rose(params)

    t0 = time.perf_counter()
    base, scen = model.pm25_grids(sym, params, inputs.crs, rose)
    t_dispersion = time.perf_counter() - t0

    t0 = time.perf_counter()
    weights = attribution.receptor_weights(base.grid, sym.cities)
    matrix = attribution.source_receptor_matrix(sym.area_sources, sym.point_sources, base.grid, rose, params, weights)
    t_matrix = time.perf_counter() - t0

    sources = pd.concat([sym.area_sources.drop(columns="geometry"), sym.point_sources.drop(columns="geometry")],
                        ignore_index=True)
    gaps = []
    for raster, column in ((base, "pm25_base_t"), (scen, "pm25_scen_t")):
        means = zonal_means(raster.grid, raster.array, sym.cities, "city_id")["pm25_pop_weighted_ug_m3"].to_numpy()
        parts = matrix @ np.maximum(sources[column].to_numpy(float), 0.0)
        gaps.append(np.max(np.abs(parts - means) / np.maximum(means, 1e-9)))
    print(f"sample region: {len(sym.cities)} cities, {len(sym.area_sources)} area sources, "
          f"{len(sym.point_sources)} stacks, grid {base.grid.shape} at {base.grid.cell_m:.0f} m")
    print(f"one dispersion run (Base + Scenario grids): {t_dispersion:.1f} s")
    print(f"attribution (source-receptor matrix): {t_matrix:.1f} s = {t_matrix / t_dispersion:.2f} x the dispersion run")
    print(f"largest relative gap, sum of parts vs dispersion city means: {max(gaps):.2e}")


if __name__ == "__main__":
    main()
