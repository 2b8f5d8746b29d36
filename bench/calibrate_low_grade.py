"""Calibration of the two low-grade knobs of issue 11 item 3 on the national FYP run (docs/validation.md §2).

``--scale K`` multiplies the four low-grade waste-heat fractions (steel, cement, chemical, other) by K;
``--reach R`` sets ``cascade.new_dh_reachable_share``; ``--seasonal`` also runs the 40 % case. Prints new 4GDH
fuel saved, the unutilised remainder (gas–coal ends) and, with ``--seasonal``, the symbiosis totals.

    .venv/bin/python bench/calibrate_low_grade.py --scale 1.6 --reach 0.4 --seasonal
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from uis_qgis import contract, symbiosis  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402

NATIONAL = ROOT / "build" / "national" / "national.gpkg"
LOW_SECTORS = ("steel", "cement", "chemical", "other")
HEAT = ("heat_A_orc", "heat_B_industry", "heat_C_des", "heat_C_orc", "heat_D_new_dh")


def overrides(scale: float, reach: float, params) -> dict:
    """Parameter overrides of one calibration point."""
    fraction = {s: {"low": params.get(f"wasteheat.fraction.{s}.low") * scale} for s in LOW_SECTORS}
    return {"wasteheat": {"fraction": fraction}, "cascade": {"new_dh_reachable_share": reach}}


def symbiosis_t(summary) -> float:
    """Symbiosis CO2 (heat exchange A–D and material exchange), t/yr."""
    return sum(summary[f"co2_reduction_{k}"] for k in HEAT) + summary["co2_reduction_material"]


def main(argv=None) -> None:
    import geopandas as gpd
    import pyogrio

    args = argparse.ArgumentParser()
    args.add_argument("--scale", type=float, default=1.0)
    args.add_argument("--reach", type=float, default=None)
    args.add_argument("--seasonal", action="store_true")
    a = args.parse_args(argv)
    layers = {name: gpd.read_file(NATIONAL, layer=name) for name, _ in pyogrio.list_layers(NATIONAL)}
    base = load_params()
    reach = base.get("cascade.new_dh_reachable_share") if a.reach is None else a.reach
    params = base.with_overrides(overrides(a.scale, reach, base))
    metric = contract.check_inputs(layers, params).layers
    s = symbiosis.assess(metric, params, "fyp").summary.set_index("quantity")["value"]
    line = (f"scale {a.scale:.3f} reach {reach:.3f}: 4GDH {s['new_dh_fuel_saved'] / 1e6:.2f} Mtce "
            f"(4GDH demand {s['new_dh_demand'] / 1e6:.0f} PJ), unutilised {s['low_heat_unutilised'] / 1e6:.0f} PJ "
            f"-> gas {s['unutilised_co2_if_gas'] / 1e6:.1f} / coal {s['unutilised_co2_if_coal'] / 1e6:.1f} Mt; "
            f"symbiosis {symbiosis_t(s) / 1e6:.1f} Mt")
    if a.seasonal:
        seas = symbiosis.assess(metric, params.with_overrides({"wasteheat": {"seasonal": True}}), "fyp")
        q = seas.summary.set_index("quantity")["value"]
        drop = 100 * (symbiosis_t(q) / symbiosis_t(s) - 1)
        line += (f"; seasonal {symbiosis_t(q) / 1e6:.1f} Mt ({drop:+.1f} %): DES {(q['co2_reduction_heat_C_des'] - s['co2_reduction_heat_C_des']) / 1e6:+.1f}, "
                 f"4GDH {(q['co2_reduction_heat_D_new_dh'] - s['co2_reduction_heat_D_new_dh']) / 1e6:+.1f} Mt")
    print(line, flush=True)


if __name__ == "__main__":
    main()
