"""Golden files of whole runs: the result tables of two cases, written as CSV into tests/core/golden/.

Regenerate (only on purpose, e.g. after a change of method or parameters that moves numbers; say so in the
commit message):

    .venv/bin/python scripts/build_golden.py

``tests/core/test_golden.py`` reruns both cases and compares every table with these files (1e-9 relative).

Cases
-----
``sample``
    The embedded sample region (``resources/sample/sample.gpkg``), default parameters, FYP scenario, cascade,
    with dispersion and health.
``synthetic``
    The small synthetic region of ``tests/core/symbiosis_fixtures.region`` (two cities, 16 plants, DES, urban
    cores, provinces; seed 3), High-Efficiency scenario, optimal allocation, with dispersion and health.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # appended: the root's processing/ must never hide QGIS's
sys.path.append(str(ROOT / "tests" / "core"))

GOLDEN_DIR = ROOT / "tests" / "core" / "golden"
TABLES = ("summary", "province_results", "grid_region_results", "nation_results", "material_exchange")
LAYERS = ("city_results",)
RASTERS = ("pm25_base", "pm25_scenario", "pm25_difference")


def _run(layers: dict, scenario: str, mode: str):
    from uis_qgis.model import AssessmentOptions, run_assessment
    from uis_qgis.params import load_params

    return run_assessment(layers, load_params(), AssessmentOptions(scenario=scenario, mode=mode, report=False))


def _sample_layers() -> dict:
    from uis_qgis.io import read_inputs

    return read_inputs(ROOT / "resources" / "sample" / "sample.gpkg")


def _synthetic_layers() -> dict:
    from symbiosis_fixtures import region

    return region(seed=3, n_plants=16)


CASES = {"sample": (_sample_layers, "fyp", "cascade"), "synthetic": (_synthetic_layers, "high", "optimal")}


def raster_stats(rasters: dict) -> pd.DataFrame:
    """Sum, maximum and minimum of each PM2.5 grid (µg/m³) with its shape: a compact guard of the grids."""
    rows = []
    for name in RASTERS:
        a = np.asarray(rasters[name].array, dtype=float)
        rows.append({"raster": name, "rows": a.shape[0], "cols": a.shape[1], "sum_ug_m3": float(a.sum()),
                     "max_ug_m3": float(a.max()), "min_ug_m3": float(a.min())})
    return pd.DataFrame(rows)


def case_tables(case: str) -> dict[str, pd.DataFrame]:
    """The golden tables of one case by name (layers without geometry)."""
    make_layers, scenario, mode = CASES[case]
    results = _run(make_layers(), scenario, mode)
    out = {name: results.tables[name] for name in TABLES}
    for name in LAYERS:
        out[name] = pd.DataFrame(results.layers[name].drop(columns="geometry"))
    out["rasters"] = raster_stats(results.rasters)
    return out


def golden_path(case: str, name: str) -> Path:
    return GOLDEN_DIR / f"{case}__{name}.csv"


def main() -> None:
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        for name, table in case_tables(case).items():
            table.to_csv(golden_path(case, name), index=False, float_format="%.17g", encoding="utf-8")
            print(f"wrote {golden_path(case, name).relative_to(ROOT)} ({len(table)} rows)")


if __name__ == "__main__":
    main()
