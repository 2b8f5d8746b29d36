"""Ship the monitor PM2.5 the model anchors its background to: ``uis_qgis/data/pm25/``.

Reads ``../shared/data/cnemc_cities_annual_pm25_2014-2016.csv`` (annual mean PM2.5 at 122 cities of the
national monitoring network, 2014–2016), checks it (unique names, coordinates inside China's bounding box,
concentrations positive and finite) and writes the extract the core reads: one row per monitor city with
``monitor`` (city name), ``lon``, ``lat`` (WGS 84) and ``pm25_<year>_ug_m3`` rounded to 0.01 µg/m³ (as
published), sorted by name. Run from the repository root::

    .venv/bin/python scripts/build_pm25_monitors.py [--source ../shared/data]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
SOURCE_NAME = "cnemc_cities_annual_pm25_2014-2016.csv"
TARGET = REPO / "uis_qgis" / "data" / "pm25" / "cnemc_monitor_cities_pm25_2014-2016.csv"
YEARS = (2014, 2015, 2016)
CHINA_BBOX = (73.0, 18.0, 135.5, 54.0)  # lon_min, lat_min, lon_max, lat_max (degrees)


def monitor_table(raw: pd.DataFrame) -> pd.DataFrame:
    """The checked extract: ``monitor, lon, lat, pm25_2014_ug_m3, pm25_2015_ug_m3, pm25_2016_ug_m3``."""
    columns = ["city", "lon", "lat"] + [f"pm25_{y}_ug_m3" for y in YEARS]
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise ValueError(f"{SOURCE_NAME}: columns missing {missing}")
    out = raw[columns].rename(columns={"city": "monitor"})
    if out["monitor"].duplicated().any():
        raise ValueError(f"{SOURCE_NAME}: duplicate cities {sorted(out.loc[out['monitor'].duplicated(), 'monitor'])}")
    lon_ok = out["lon"].between(CHINA_BBOX[0], CHINA_BBOX[2])
    lat_ok = out["lat"].between(CHINA_BBOX[1], CHINA_BBOX[3])
    if not (lon_ok & lat_ok).all():
        raise ValueError(f"{SOURCE_NAME}: coordinates outside China for {list(out.loc[~(lon_ok & lat_ok), 'monitor'])}")
    values = out[[f"pm25_{y}_ug_m3" for y in YEARS]].to_numpy(float)
    if not (np.isfinite(values) & (values > 0)).all():
        raise ValueError(f"{SOURCE_NAME}: PM2.5 must be finite and > 0")
    out[[f"pm25_{y}_ug_m3" for y in YEARS]] = values.round(2)
    return out.sort_values("monitor", kind="stable", ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    table = monitor_table(pd.read_csv(args.source / SOURCE_NAME, encoding="utf-8"))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(TARGET, index=False, encoding="utf-8", lineterminator="\n")
    print(f"{len(table)} monitor cities -> {TARGET.relative_to(REPO)}")


if __name__ == "__main__":
    main()
