"""Figures of docs/validation.md: the national symbiosis chain beside Ramaswami et al. 2017 (SPEC §10).

Run after ``scripts/build_inputs.py``: ``.venv/bin/python bench/national_validation.py``.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from uis_qgis import contract, symbiosis  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402

NATIONAL = ROOT / "build" / "national" / "national.gpkg"
MT = 1e6
GJ_PER_TWH = 3.6e6
HEAT = ("heat_A_orc", "heat_B_industry", "heat_C_des", "heat_C_orc", "heat_D_new_dh")


def run(metric, params, scenario):
    t = time.perf_counter()
    r = symbiosis.assess(metric, params, scenario)
    return r, r.summary.set_index("quantity")["value"], time.perf_counter() - t


def main() -> None:
    import geopandas as gpd
    import pyogrio

    layers = {name: gpd.read_file(NATIONAL, layer=name) for name, _ in pyogrio.list_layers(NATIONAL)}
    params = load_params()
    checked = contract.check_inputs(layers, params)
    metric, crs = checked.layers, checked.crs
    print(f"study CRS: {crs.name}")
    fyp, s, sec = run(metric, params, "fyp")
    _, seas, _ = run(metric, params.with_overrides({"wasteheat": {"seasonal": True}}), "fyp")
    high, h, _ = run(metric, params, "high")
    _, base, _ = run(metric, params, "base")
    sym = lambda q: sum(q[f"co2_reduction_{k}"] for k in HEAT) + q["co2_reduction_material"]  # noqa: E731
    print(f"assess fyp: {sec:.1f} s")
    print(f"CO2 base {s['co2_base'] / MT:,.0f} Mt")
    print(f"single-sector FYP {s['co2_reduction_efficiency'] / MT:,.1f} Mt "
          f"({100 * s['co2_reduction_efficiency'] / s['co2_base']:.1f} %)")
    for k in HEAT + ("material",):
        print(f"  {k:18s} {s[f'co2_reduction_{k}'] / MT:8.1f} Mt")
    print(f"symbiosis total {sym(s) / MT:,.1f} Mt ({100 * sym(s) / s['co2_base']:.1f} %), heat only "
          f"{sum(s[f'co2_reduction_{k}'] for k in HEAT) / MT:.1f} Mt")
    print(f"seasonal (40 %): symbiosis {sym(seas) / MT:,.1f} Mt, heat only "
          f"{sum(seas[f'co2_reduction_{k}'] for k in HEAT) / MT:.1f} Mt")
    print(f"high efficiency: single-sector {h['co2_reduction_efficiency'] / MT:,.1f} Mt, symbiosis {sym(h) / MT:,.1f} Mt, "
          f"heat only {sum(h[f'co2_reduction_{k}'] for k in HEAT) / MT:.1f} Mt")
    print(f"base scenario (no efficiency) symbiosis {sym(base) / MT:,.1f} Mt")
    print(f"high-grade heat {s['heat_high_avail'] / GJ_PER_TWH:.1f} TWh_th → ORC {s['orc_high_electricity'] / 1e6:.2f} TWh")
    print(f"medium: industry {s['sink_industry_fuel_saved'] / 1e6:.2f} Mtce, DES {s['des_fuel_saved'] / 1e6:.2f} Mtce, "
          f"ORC {s['orc_medium_electricity'] / 1e6:.2f} TWh")
    print(f"low: new 4GDH {s['new_dh_fuel_saved'] / 1e6:.2f} Mtce; unutilised {s['low_heat_unutilised'] / GJ_PER_TWH:.0f} TWh_th "
          f"→ {s['unutilised_co2_if_gas'] / MT:.0f}–{s['unutilised_co2_if_coal'] / MT:.0f} Mt CO2 (gas–coal)")
    print(f"fly ash used {s['fly_ash_used'] / MT:.1f} Mt, slag used {s['slag_used'] / MT:.1f} Mt, "
          f"slag heat {s['slag_heat_electricity'] / 1e6:.2f} TWh")
    print(f"optimal gap {s['optimal_gap_co2'] / MT:.1f} Mt ({s['optimal_gap_pct']:.1f} %)")
    c = fyp.cities
    pct = c.loc[c["co2_base_t"] > 0, "co2_reduction_pct"]
    sym_pct = sum(c[f"co2_red_{k}_pct"] for k in HEAT) + c["co2_red_material_pct"]
    print(f"cities {len(c)}: building heat fully met by waste heat in {int(s['cities_building_heat_fully_met'])}")
    print("city % CO2 reduction (all strategies): " + ", ".join(
        f"p{q} {np.percentile(pct, q):.1f}" for q in (0, 5, 25, 50, 75, 95, 100)))
    print("city % CO2 reduction by symbiosis only: " + ", ".join(
        f"p{q} {np.percentile(sym_pct, q):.1f}" for q in (0, 5, 25, 50, 75, 95, 100)))
    ratio = c["source_sink_ratio"].replace([np.inf], np.nan).dropna()
    ratio = ratio[ratio > 0]
    print(f"source/sink ratio: {len(ratio)} cities with both, median {ratio.median():.2f}")
    if ratio.size:
        bins = np.digitize(np.log10(ratio), [-2, -1, -0.5, 0, 0.5, 1, 2])
        sp = sym_pct.loc[ratio.index]
        means = sp.groupby(bins).mean()
        print("mean symbiosis % by log10 ratio bin (<-2,-2..-1,-1..-.5,-.5..0,0..0.5,0.5..1,1..2,>2): "
              + ", ".join(f"{b}:{v:.1f}" for b, v in means.items()))


if __name__ == "__main__":
    main()
