"""Benchmark of the gridded PM2.5 model (SPEC §6, issue 4): prints measured figures.

1. Sample region at 1 km (``resources/sample/sample.gpkg`` through :func:`uis_qgis.symbiosis.assess`, Base and
   FYP scenario emissions; a synthetic region of the same size if the sample is absent).
2. Speed-up of the FFT area-source path over direct summation, measured in the same run on a subgrid; point
   stacks by FFT against direct summation of every stack on a subgrid (the whole sample grid; 200 x 200 cells
   around the national maximum), error where the concentration exceeds 1 % of the subgrid's maximum.
3. National 1 km grid over mainland China (``build/national/national.gpkg`` through ``assess``; synthetic
   emissions over a 5000 km x 4000 km grid when the national input set is absent — the output says which).

Wall time per step and peak memory (resident set size sampled during each step, and the process peak).

Usage: ``python bench/bench_dispersion.py [--skip-national] [--synthetic-national]``
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
import threading
from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # appended: the root's processing/ must never hide QGIS's

from uis_qgis import dispersion as dsp  # noqa: E402
from uis_qgis.grid import GridSpec, grid_for  # noqa: E402
from uis_qgis.io import read_wind_rose  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "sample.gpkg"
NATIONAL = ROOT / "build" / "national" / "national.gpkg"
ROSE = ROOT / "resources" / "sample" / "met_rose_beijing.csv"
CRS_CHINA = ("+proj=aea +lat_1=25 +lat_2=47 +lat_0=36 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m "
             "+no_defs")
SUBGRID_CELLS = 12
SAMPLE_STACK_SUBGRID_CELLS = 400  # the whole sample grid
NATIONAL_STACK_SUBGRID_CELLS = 200
SAMPLE_SPAN_M = (330_000.0, 300_000.0)
NATIONAL_SPAN_M = (5_000_000.0, 4_000_000.0)
SEED = 20170104
SAMPLE_S = 0.01


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2 ** 20


class Timer:
    """Wall time of a block and the peak resident memory reached during it (sampled every 10 ms)."""

    def __enter__(self):
        self.peak_mb = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self.t0 = time.perf_counter()
        return self

    def _sample(self):
        while not self._stop.wait(SAMPLE_S):
            self.peak_mb = max(self.peak_mb, rss_mb())

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, rss_mb())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def inventories(gpkg: Path, params):
    """(area_sources, point_sources, crs) from the symbiosis core on an input GeoPackage."""
    from uis_qgis import geo, io, symbiosis

    layers, crs = geo.to_metric(io.read_inputs(gpkg))
    result = symbiosis.assess(layers, params, "fyp")
    return result.area_sources, result.point_sources, crs


def synthetic_inventories(span_m, n_cities, n_stacks, crs, rng):
    """Random square 'cities' (5-40 km) over a background of province-sized blocks, and random stacks."""
    w, h = span_m
    block = w / 8.0
    provinces = [box(x, y, x + block, y + h / 6.0) for x in np.arange(0, w, block) for y in np.arange(0, h, h / 6.0)]
    sizes = rng.uniform(5_000, 40_000, n_cities)
    cx, cy = rng.uniform(0, w, n_cities), rng.uniform(0, h, n_cities)
    cities = [box(x - s / 2, y - s / 2, x + s / 2, y + s / 2) for x, y, s in zip(cx, cy, sizes)]
    area = gpd.GeoDataFrame({"pm25_base_t": np.r_[rng.uniform(500, 5000, len(provinces)),
                                                  rng.uniform(100, 20000, n_cities)]},
                            geometry=provinces + cities, crs=crs)
    area["pm25_scen_t"] = area["pm25_base_t"] * 0.8
    sectors = rng.choice(["power", "steel", "cement"], n_stacks)
    pts = gpd.GeoDataFrame({"sector": sectors, "pm25_base_t": rng.uniform(20, 5000, n_stacks)},
                           geometry=[Point(x, y) for x, y in zip(rng.uniform(0, w, n_stacks),
                                                                  rng.uniform(0, h, n_stacks))], crs=crs)
    pts["pm25_scen_t"] = pts["pm25_base_t"] * 0.8
    for name in dsp.STACK_FIELDS:
        pts[name] = np.nan
    return area, pts


def exclude_invalid(df, roundoff_t: float):
    """Rows the dispersion check would reject (emission NaN or below −``roundoff_t``) are reported and dropped
    (inventory defects are for the symbiosis core to fix; the benchmark times the dispersion of the valid rows).
    Round-off negatives are kept: the pipeline counts them as zero, and so does the benchmark."""
    bad = np.zeros(len(df), bool)
    for col in ("pm25_base_t", "pm25_scen_t"):
        bad |= ~(df[col].to_numpy(float) >= -roundoff_t)
    if bad.any():
        print(f"  NOTE: {bad.sum()} invalid inventory rows dropped: "
              f"{df.loc[bad, ['pm25_base_t', 'pm25_scen_t']].to_dict('index')}")
    return df[~bad]


def grid_of(area, points, params, crs):
    bounds = np.vstack([df.total_bounds for df in (area, points) if df is not None and len(df)])
    b = (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())
    return grid_for(b, params.get("dispersion.cell_m"), params.get("dispersion.grid_margin_m"), crs)


def run_case(label, area, points, grid, rose, params, subgrid_cells):
    print(f"\n== {label}: grid {grid.shape[0]} x {grid.shape[1]} = {grid.shape[0] * grid.shape[1] / 1e6:.2f} M cells "
          f"of {grid.cell_m:.0f} m; {len(area)} area sources, {len(points)} stacks")
    with Timer() as t:
        results = dsp.concentration_grids(area, points, grid, rose, params, ("pm25_base_t", "pm25_scen_t"))
    print(f"  Base + Scenario (the pipeline's concentration_grids): {t.seconds:7.2f} s wall, peak RSS "
          f"{t.peak_mb:8.1f} MB")
    for col, array in results.items():
        print(f"  {col}: max {array.max():.2f} ug/m3, mean {array.mean():.3f} ug/m3")
    with Timer() as t:
        stacks = dsp.concentration_grid(None, points, grid, rose, params, "pm25_base_t")
    print(f"  stacks only (Base, FFT per effective-height class + direct near field): {t.seconds:.2f} s "
          f"({t.seconds / max(len(points), 1) * 1e3:.2f} ms/stack), peak RSS {t.peak_mb:.0f} MB")
    stack_accuracy(points, stacks, grid, rose, params, subgrid_cells)
    diff = results["pm25_scen_t"] - results["pm25_base_t"]
    print(f"  scenario - base: min {diff.min():.2f}, mean {diff.mean():.3f} ug/m3; process peak RSS "
          f"{peak_rss_mb():.0f} MB")
    return results


def stack_accuracy(points, stacks_fft, grid, rose, params, n):
    """Point stacks by FFT against direct summation of every stack, in the same run, on an n x n subgrid
    centred on the largest stack concentration."""
    r, c = np.unravel_index(np.argmax(stacks_fft), stacks_fft.shape)
    r0, c0 = max(0, min(r - n // 2, grid.shape[0] - n)), max(0, min(c - n // 2, grid.shape[1] - n))
    sub = GridSpec((grid.origin[0] + c0 * grid.cell_m, grid.origin[1] - r0 * grid.cell_m), grid.cell_m,
                       (min(n, grid.shape[0]), min(n, grid.shape[1])), grid.crs)
    with Timer() as t:
        direct = dsp.point_concentration_direct_ug_m3(points, sub, rose, params, "pm25_base_t")
    fft = stacks_fft[r0:r0 + sub.shape[0], c0:c0 + sub.shape[1]]
    big = direct > 0.01 * direct.max()
    rel = np.abs(fft[big] - direct[big]) / direct[big]
    print(f"  stacks vs direct summation on a {sub.shape[0]} x {sub.shape[1]} subgrid ({t.seconds:.1f} s direct): "
          f"max relative difference {rel.max() * 100:.3f} % over the {int(big.sum())} cells with C > 1 % of the "
          f"subgrid's max ({direct.max():.2f} ug/m3); mean {rel.mean() * 100:.4f} %; cells above 1 %: "
          f"{int((rel > 0.01).sum())}")


def speedup(area, grid, rose, params):
    """FFT path vs direct summation on a subgrid around the largest area emission."""
    emission = dsp.emission_grid_g_s(area, grid, "pm25_base_t", params)
    r, c = np.unravel_index(np.argmax(emission), emission.shape)
    n = SUBGRID_CELLS
    r0, c0 = max(0, min(r - n // 2, grid.shape[0] - n)), max(0, min(c - n // 2, grid.shape[1] - n))
    sub_e = emission[r0:r0 + n, c0:c0 + n]
    x0, y1 = grid.origin[0] + c0 * grid.cell_m, grid.origin[1] - r0 * grid.cell_m
    sub = GridSpec((x0, y1), grid.cell_m, sub_e.shape, grid.crs)
    with Timer() as t_fft:
        kernel = dsp.area_kernel_ug_m3(grid.cell_m, rose, params)
        fft = dsp.convolve_tiled(sub_e, kernel, int(params.get("dispersion.fft_tile_cells")))
    with Timer() as t_conv:
        fft_only = dsp.convolve_tiled(sub_e, kernel, int(params.get("dispersion.fft_tile_cells")))
    with Timer() as t_dir:
        direct = dsp.area_concentration_direct_ug_m3(sub_e, sub, rose, params)
    big = direct > 0.01 * direct.max()
    rel = np.max(np.abs(fft[big] - direct[big]) / direct[big])
    print(f"\n== speed-up on a {n} x {n} subgrid ({int((sub_e > 0).sum())} emitting cells, "
          f"kernel {kernel.shape[0]} x {kernel.shape[1]})")
    print(f"  direct summation {t_dir.seconds:.2f} s; FFT incl. kernel {t_fft.seconds:.2f} s "
          f"(speed-up {t_dir.seconds / t_fft.seconds:.1f}x); FFT convolution alone {t_conv.seconds * 1e3:.1f} ms "
          f"(speed-up {t_dir.seconds / t_conv.seconds:.0f}x)")
    print(f"  max relative difference where C > 1 % of max: {rel * 100:.4f} %")
    assert np.allclose(fft_only, fft)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-national", action="store_true")
    ap.add_argument("--synthetic-national", action="store_true", help="ignore build/national")
    args = ap.parse_args(argv)
    params = load_params()
    rose = read_wind_rose(ROSE)
    rng = np.random.default_rng(SEED)
    if SAMPLE.exists():
        with Timer() as t:
            area, points, crs = inventories(SAMPLE, params)
        print(f"sample inventories from {SAMPLE.name} via symbiosis.assess: {t.seconds:.2f} s")
        label = "sample region (Tangshan-Tianjin-east Beijing)"
    else:
        area, points = synthetic_inventories(SAMPLE_SPAN_M, 12, 74, "EPSG:32650", rng)
        crs, label = "EPSG:32650", "SYNTHETIC sample-size region (sample.gpkg absent)"
    grid = grid_of(area, points, params, crs)
    run_case(label, area, points, grid, rose, params, SAMPLE_STACK_SUBGRID_CELLS)
    speedup(area, grid, rose, params)
    if args.skip_national:
        return 0
    national = None
    if NATIONAL.exists() and not args.synthetic_national:
        try:
            with Timer() as t:
                national = inventories(NATIONAL, params)
            print(f"\nnational inventories from {NATIONAL} via symbiosis.assess: {t.seconds:.1f} s")
        except Exception as exc:  # noqa: BLE001 - report and fall back to synthetic emissions
            print(f"\nnational inventories from {NATIONAL} failed ({type(exc).__name__}: {exc}); "
                  "falling back to synthetic emissions")
    if national is not None:
        area, points, crs = national
        roundoff_t = float(params.get("dispersion.emission_roundoff_t"))
        area, points = exclude_invalid(area, roundoff_t), exclude_invalid(points, roundoff_t)
        grid = grid_of(area, points, params, crs)
        label = "national 1 km grid (build/national)"
    else:
        area, points = synthetic_inventories(NATIONAL_SPAN_M, 300, 3000, CRS_CHINA, rng)
        grid = GridSpec((0.0, NATIONAL_SPAN_M[1]), params.get("dispersion.cell_m"),
                            (int(NATIONAL_SPAN_M[1] / 1000), int(NATIONAL_SPAN_M[0] / 1000)), CRS_CHINA)
        label = "national-size 1 km grid, SYNTHETIC emissions (build/national absent, failing or not requested)"
    run_case(label, area, points, grid, rose, params, NATIONAL_STACK_SUBGRID_CELLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
