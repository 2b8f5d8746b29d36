"""Command line: ``python -m uis_qgis run|check|eeio|uncertainty …`` (also the ``uis-qgis`` console script).

Exit codes: 0 success, 2 bad input, parameters or output location (message names layer, field and ids, or the
output path), 130 cancelled.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .feedback import Cancelled, Feedback, StepFeedback
from .params import ParameterError
from .vocabulary import INPUT_LAYERS, MODES, SCENARIOS


class BarFeedback(Feedback):
    """Progress on a tqdm bar on stderr; Ctrl-C cancels cleanly."""

    def __init__(self, quiet: bool = False):
        from tqdm import tqdm

        self.bar = tqdm(total=100, unit="%", disable=quiet, file=sys.stderr,
                        bar_format="{l_bar}{bar}| {n:.0f}% [{elapsed}] {postfix}")

    def progress(self, fraction: float, message: str = "") -> None:
        self.bar.n = round(100 * min(max(fraction, 0.0), 1.0), 1)
        if message:
            self.bar.set_postfix_str(message[:60], refresh=False)
        self.bar.refresh()

    def info(self, message: str) -> None:
        self.bar.write(message, file=sys.stderr)

    def warning(self, message: str) -> None:
        self.bar.write(f"warning: {message}", file=sys.stderr)

    def close(self) -> None:
        self.bar.close()


def _add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--inputs", help="GeoPackage holding layers plants, cities, district_heating, "
                                    "urban_cores, provinces (any subset; separate files below win)")
    for name in INPUT_LAYERS:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"file with the {name} layer")
    p.add_argument("--params", help="TOML file overriding default parameters (see uis_qgis/data/params)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="uis_qgis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="full assessment: symbiosis, emissions, PM2.5, health, report")
    _add_input_args(run)
    run.add_argument("--out", required=True, help="output folder (written completely or not at all)")
    run.add_argument("--scenario", choices=SCENARIOS, default="fyp",
                     help="efficiency scenario applied before symbiosis (default fyp)")
    run.add_argument("--mode", choices=MODES, default="cascade",
                     help="heat allocation: the paper's cascade A–E (default) or the CO2-optimal joint LP")
    run.add_argument("--no-dispersion", action="store_true",
                     help="skip the PM2.5 grids and health (CO2 and emissions only; fast national runs)")
    run.add_argument("--rose", help="wind rose CSV (16 sectors x 6 speed classes x 6 stability classes, the layout "
                                    "of resources/sample/met_rose_beijing.csv); default: the Beijing rose")
    run.add_argument("--population-raster", help="population-count GeoTIFF (persons per cell): population-"
                                                 "weighted city PM2.5 and per-cell death rasters")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    unc = sub.add_parser("uncertainty", help="N parameter draws of the whole chain on Dask: quantiles per city, "
                                             "co-benefit quadrant probabilities, Sobol indices")
    _add_input_args(unc)
    unc.add_argument("--out", required=True, help="output folder (written completely or not at all)")
    unc.add_argument("--draws", type=int, required=True, help="number of draws (Saltelli base size with --sobol)")
    unc.add_argument("--seed", type=int, default=0, help="seed of the draws (results depend on it only)")
    unc.add_argument("--scheduler", help="address of an existing Dask scheduler (tcp://HOST:8786); default a "
                                         "local cluster on all cores")
    unc.add_argument("--workers", type=int, help="workers of the local cluster (default: one per core)")
    unc.add_argument("--sobol", action="store_true", help="Saltelli sampling and first-order/total Sobol indices "
                                                          "of the national totals")
    unc.add_argument("--distributions", help="TOML table of uncertain parameters (default: the shipped "
                                             "uis_qgis/data/uncertainty/distributions.toml)")
    unc.add_argument("--scenario", choices=SCENARIOS, default="fyp")
    unc.add_argument("--mode", choices=MODES, default="cascade")
    unc.add_argument("--no-dispersion", action="store_true", help="CO2 and emissions only (no PM2.5 or deaths)")
    unc.add_argument("--quiet", action="store_true", help="no progress bar")
    check = sub.add_parser("check", help="check input layers and list every problem")
    _add_input_args(check)
    eeio = sub.add_parser("eeio", help="sectoral carbon footprints and eco-efficiency, BAU vs UIS (seed 002)")
    eeio.add_argument("--io", required=True, help="IO table CSV (sector, Z columns, final_demand, co2_t, "
                                                  "optional value_added, total_output)")
    eeio.add_argument("--options", help="UIS options TOML (default: the Guiyang preset, or none when "
                                        "--symbiosis is given)")
    eeio.add_argument("--map", help="aggregation map CSV (code, group) applied to the table first")
    eeio.add_argument("--symbiosis", help="CSV of savings by sector (sector, fuel_tce, electricity_mwh) "
                                          "from a symbiosis run, added to the options")
    eeio.add_argument("--params", help="TOML file overriding default parameters")
    eeio.add_argument("--out", required=True, help="output folder (written completely or not at all)")
    return parser


def _layers(args):
    from .io import read_inputs, require_layers
    from .vocabulary import REQUIRED_LAYERS

    paths = {n: getattr(args, n) for n in INPUT_LAYERS}
    if not args.inputs and not any(paths.values()):
        raise SystemExit("give --inputs GPKG or layer files (--plants, --cities, …)")
    layers = read_inputs(args.inputs, **paths)
    require_layers(layers, REQUIRED_LAYERS, args.inputs)
    return layers


def _rose(path):
    from .io import read_wind_rose

    return read_wind_rose(path) if path else None


def _run(args) -> int:
    from .io import check_output_location, write_results
    from .model import AssessmentOptions, run_assessment
    from .params import load_params

    check_output_location(args.out, "--out")
    params = load_params(args.params)
    layers = _layers(args)
    rose = _rose(args.rose)
    fb = BarFeedback(args.quiet)
    try:
        options = AssessmentOptions(scenario=args.scenario, mode=args.mode, dispersion=not args.no_dispersion,
                                    population_raster=args.population_raster, rose=rose)
        results = run_assessment(layers, params, options, feedback=StepFeedback(fb, 0.0, 0.95))
        written = write_results(results, args.out, StepFeedback(fb, 0.95, 1.0))
    finally:
        fb.close()
    print(f"wrote {len(written)} outputs to {Path(args.out).resolve()}")
    if "summary" in results.tables:
        print(results.tables["summary"].to_string(index=False))
    return 0


def _check(args) -> int:
    from .contract import check_inputs
    from .params import load_params

    warnings = check_inputs(_layers(args), load_params(args.params)).warnings
    for w in warnings:
        print(f"warning: {w}")
    print("inputs OK" + (f" ({len(warnings)} warnings)" if warnings else ""))
    return 0


def _eeio(args) -> int:
    from . import eeio, io
    from .params import load_params

    io.check_output_location(args.out, "--out")
    params = load_params(args.params)
    options = args.options or (None if args.symbiosis else eeio.GUIYANG_OPTIONS)  # a run's savings stand alone
    result = io.run_eeio(args.io, options, args.map, args.symbiosis, params)
    written = io.write_eeio_outputs(result, params, args.out)
    print(f"wrote {len(written)} outputs to {Path(args.out).resolve()}")
    print(result.summary.to_string(index=False))
    return 0


def _uncertainty(args) -> int:
    from . import io, uncertainty
    from .params import load_params

    io.check_output_location(args.out, "--out")
    params = load_params(args.params)
    layers = _layers(args)
    distributions = uncertainty.load_distributions(args.distributions)
    fb = BarFeedback(args.quiet)
    try:
        result = uncertainty.run_uncertainty(layers, params, args.draws, args.seed, scenario=args.scenario,
                                             mode=args.mode, dispersion=not args.no_dispersion, sobol=args.sobol,
                                             distributions=distributions, scheduler=args.scheduler,
                                             n_workers=args.workers, feedback=StepFeedback(fb, 0.0, 0.97))
        written = io.write_results(uncertainty.to_results(result, params), args.out, StepFeedback(fb, 0.97, 1.0))
    finally:
        fb.close()
    print(f"wrote {len(written)} outputs to {Path(args.out).resolve()}")
    print(uncertainty.national_summary(result).to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    from .io import OutputError
    from .validate import InputError

    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("uis_qgis").setLevel(logging.INFO)
    args = _parser().parse_args(argv)
    try:
        return {"run": _run, "check": _check, "eeio": _eeio, "uncertainty": _uncertainty}[args.command](args)
    except OutputError as exc:
        print(f"output error: {exc}; nothing was read or computed", file=sys.stderr)
        return 2
    except InputError as exc:
        print("input error:\n  " + "\n  ".join(str(p) for p in exc.problems), file=sys.stderr)
        return 2
    except ParameterError as exc:
        print(f"parameter error: {exc}", file=sys.stderr)
        return 2
    except (Cancelled, KeyboardInterrupt):
        print("cancelled; nothing was written", file=sys.stderr)
        return 130
