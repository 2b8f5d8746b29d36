"""Benchmark of large inputs (issue 7): the national input set through the CLI pipeline and through QGIS.

Each part runs in its own child process so that its peak memory (``resource.getrusage(RUSAGE_SELF)``) is its
own. Printed per part: wall time, peak resident memory, the progress values the front end received (proving
the bar moves) and the row counts of the results.

1. ``cli``: the command line's pipeline — :func:`uis_qgis.io.read_inputs` → :func:`uis_qgis.model.run_assessment`
   → :func:`uis_qgis.io.write_results` — with a recording Feedback, into a temporary folder.
2. ``qgis``: the plugin's *Full assessment* algorithm through ``processing.run`` in a headless
   ``QgsApplication``, the plugin imported from the repository folder the way ``tests/qgis`` does it, with a
   ``QgsProcessingFeedback`` whose ``progressChanged`` values are recorded.
3. ``cancel``: cancel requests at several fractions of a national run; time from request to stop.

Dispersion is OFF for the national runs (``dispersion=False`` / ``DISPERSION=False``): the national 1 km grid
takes minutes (see ``bench/bench_dispersion.py``), and at the time of writing a national run with dispersion
stops on a rounding residue (an area source's scenario PM2.5 of -5.7e-14 t, rejected by the dispersion input
check; reported in docs/robustness.md). ``--dispersion`` turns it on with ``--cell-m`` (default 10 km).

Usage: ``python bench/bench_large_inputs.py [--inputs build/national/national.gpkg] [--parts cli,qgis,cancel]``
Build the national set first: ``python scripts/build_inputs.py --national --out build/national/national.gpkg``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = ROOT / "build" / "national" / "national.gpkg"
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"
CANCEL_FRACTIONS = (0.01, 0.1, 0.3, 0.44)
PROGRESS_SHOWN = 12


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def summarise_progress(values: list) -> str:
    """Count, distinct values and an evenly thinned list of the progress values (0–1) seen."""
    distinct = sorted(set(round(v, 3) for v in values))
    step = max(1, len(distinct) // PROGRESS_SHOWN)
    shown = ", ".join(f"{v:.2f}" for v in distinct[::step])
    return f"{len(values)} updates, {len(distinct)} distinct, min {min(values):.2f}, max {max(values):.2f}: {shown}"


def _param_overrides(args) -> dict | None:
    return {"dispersion.cell_m": float(args.cell_m)} if args.dispersion else None


# ------------------------------------------------------------------------------------------------ child parts
def part_cli(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from uis_qgis.feedback import Feedback
    from uis_qgis.io import read_inputs, write_results
    from uis_qgis.model import AssessmentOptions, run_assessment
    from uis_qgis.params import load_params

    class Recording(Feedback):
        def __init__(self):
            self.values = []

        def progress(self, fraction, message=""):
            self.values.append(float(fraction))

    fb_run, fb_write = Recording(), Recording()
    t0 = time.perf_counter()
    layers = read_inputs(args.inputs)
    t_read = time.perf_counter() - t0
    options = AssessmentOptions(dispersion=args.dispersion, health=args.dispersion, report=True)
    results = run_assessment(layers, load_params(_param_overrides(args)), options, feedback=fb_run)
    t_run = time.perf_counter() - t0 - t_read
    with tempfile.TemporaryDirectory() as tmp:
        written = write_results(results, Path(tmp) / "out", fb_write)
        n_files = len(list((Path(tmp) / "out").iterdir()))
    wall = time.perf_counter() - t0
    return {"part": "cli", "wall_s": wall, "read_s": t_read, "run_s": t_run, "write_s": wall - t_read - t_run,
            "peak_rss_mb": peak_rss_mb(), "progress_run": summarise_progress(fb_run.values),
            "progress_write": summarise_progress(fb_write.values), "outputs": len(written), "files": n_files,
            "rows": {k: len(v) for k, v in {**results.layers, **results.tables}.items()},
            "inputs": {k: (0 if v is None else len(v)) for k, v in layers.items()}}


def _plugin_provider():
    sys.path.append(str(ROOT / "scripts"))
    from plugin_package import load_plugin_package

    plugin = load_plugin_package(ROOT).classFactory(None)
    plugin.initProcessing()
    return plugin


def part_qgis(args) -> dict:
    sys.path.insert(0, QGIS_PYTHON_PLUGINS)
    from qgis.core import QgsApplication, QgsProcessingFeedback, QgsVectorLayer

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    import processing

    plugin = _plugin_provider()
    alg = plugin.provider.algorithm("fullassessment").create()
    feedback = QgsProcessingFeedback()
    values = []
    feedback.progressChanged.connect(lambda percent: values.append(percent / 100.0))
    uri = f"{args.inputs}|layername="
    with tempfile.TemporaryDirectory() as tmp:
        params_file = ""
        if args.dispersion:
            params_file = str(Path(tmp) / "coarse.toml")
            Path(params_file).write_text(f'"dispersion.cell_m" = {float(args.cell_m)}\n', encoding="utf-8")
        params = {"PLANTS": uri + "plants", "CITIES": uri + "cities", "DISTRICT_HEATING": uri + "district_heating",
                  "URBAN_CORES": uri + "urban_cores", "PROVINCES": uri + "provinces",
                  "DISPERSION": args.dispersion, "HEALTH": args.dispersion, "PARAMS_FILE": params_file,
                  "OUTPUT_HEAT_LINKS": str(Path(tmp) / "links.gpkg"), "OUTPUT_PLANTS": str(Path(tmp) / "plants.gpkg"),
                  "OUTPUT_CITIES": str(Path(tmp) / "cities.gpkg"), "OUTPUT_SUMMARY": str(Path(tmp) / "summary.csv")}
        t0 = time.perf_counter()
        out = processing.run(alg, params, feedback=feedback)
        wall = time.perf_counter() - t0
        rows = {k: QgsVectorLayer(out[k], k, "ogr").featureCount() for k in
                ("OUTPUT_HEAT_LINKS", "OUTPUT_PLANTS", "OUTPUT_CITIES")}
    plugin.unload()
    return {"part": "qgis", "wall_s": wall, "peak_rss_mb": peak_rss_mb(), "progress_run": summarise_progress(values),
            "rows": rows}


def part_cancel(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from uis_qgis.feedback import Cancelled, Feedback
    from uis_qgis.io import read_inputs
    from uis_qgis.model import AssessmentOptions, run_assessment
    from uis_qgis.params import load_params

    class CancelAt(Feedback):
        def __init__(self, fraction):
            self.fraction, self.asked_at, self.message = fraction, None, ""

        def progress(self, fraction, message=""):
            if self.asked_at is None and fraction >= self.fraction:
                self.asked_at, self.message = time.perf_counter(), message

        def is_cancelled(self):
            return self.asked_at is not None

    layers, params, stops = read_inputs(args.inputs), load_params(_param_overrides(args)), {}
    for fraction in CANCEL_FRACTIONS:
        fb = CancelAt(fraction)
        try:
            run_assessment(layers, params, AssessmentOptions(dispersion=False, health=False, report=False), fb)
            stops[fraction] = "not cancelled (run ended first)"
        except Cancelled:
            stops[fraction] = f"{time.perf_counter() - fb.asked_at:.3f} s (asked at '{fb.message}')"
    return {"part": "cancel", "stop_after_cancel": stops, "peak_rss_mb": peak_rss_mb()}


PARTS = {"cli": part_cli, "qgis": part_qgis, "cancel": part_cancel}


# ------------------------------------------------------------------------------------------------- the driver
def _child(args, part: str) -> dict:
    cmd = [sys.executable, __file__, "--child", part, "--inputs", str(args.inputs), "--cell-m", str(args.cell_m)]
    cmd += ["--dispersion"] if args.dispersion else []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # headless QGIS: no display needed
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0:
        return {"part": part, "error": done.stderr.strip().splitlines()[-5:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print(result: dict) -> None:
    print(f"\n== {result['part']} ==")
    for key, value in result.items():
        if key == "part":
            continue
        if isinstance(value, float):
            value = f"{value:.2f}"
        print(f"  {key}: {value}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS)
    parser.add_argument("--parts", default="cli,qgis,cancel")
    parser.add_argument("--dispersion", action="store_true", help="also run PM2.5 dispersion and health")
    parser.add_argument("--cell-m", type=float, default=10000.0, help="dispersion cell with --dispersion (m)")
    parser.add_argument("--child", choices=sorted(PARTS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.inputs.exists():
        print(f"{args.inputs} not found; build it: python scripts/build_inputs.py --national --out {args.inputs}")
        return 1
    if args.child:
        print(json.dumps(PARTS[args.child](args), default=str))
        return 0
    print(f"inputs: {args.inputs}; dispersion {'on, cell ' + str(args.cell_m) + ' m' if args.dispersion else 'off'}")
    for part in args.parts.split(","):
        _print(_child(args, part))
    return 0


if __name__ == "__main__":
    sys.exit(main())
