"""Build the sample region's wind rose and observed PM2.5 summary from the UCI Beijing Dongsi hourly data.

Writes (committed to the repository):

* ``resources/sample/met_rose_beijing.csv`` — 16 sectors × 6 speed classes × 6 stability classes
  (:class:`uis_qgis.met.WindRose` long table), stability by Turner (1964) from wind speed and solar altitude;
* ``resources/sample/observed_pm25.csv`` — observed annual-mean PM2.5 at Dongsi over the four complete years
  March 2013 – February 2017 (mean of the four March–February means of valid hourly values), plus the
  per-year means, with the source.

Usage: ``python scripts/build_met_rose.py [--data PATH] [--out DIR]``

Source: UCI Machine Learning Repository, Beijing Multi-Site Air-Quality Data (Zhang et al. 2017,
Proc. R. Soc. A 473: 20170457), CC BY 4.0.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # appended: the root's processing/ must never hide QGIS's

from uis_qgis import met  # noqa: E402
from uis_qgis.io import write_wind_rose  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "uci_beijing_dongsi_hourly_2013-2017.csv"
# Dongsi monitoring station (Beijing Municipal Environmental Monitoring Center station list).
DONGSI_LAT, DONGSI_LON = 39.929, 116.417
SOURCE = ("UCI Machine Learning Repository, Beijing Multi-Site Air-Quality Data, station Dongsi "
          "(Zhang et al. 2017, Proc. R. Soc. A 473:20170457), CC BY 4.0")
TIME_COLS = ["year", "month", "day", "hour"]
FIRST_MONTH_OF_YEAR = 3  # the record runs 2013-03-01 .. 2017-02-28: years are counted March to February


def observed_pm25(df: pd.DataFrame) -> pd.DataFrame:
    """Mean of valid hourly PM2.5 per March–February year and over the four complete years, µg/m³."""
    pm = pd.to_numeric(df["PM2.5"], errors="coerce")
    season_year = df["year"] - (df["month"] < FIRST_MONTH_OF_YEAR).astype(int)
    per_year = pm.groupby(season_year).agg(["mean", "count", "size"])
    rows = [{"station": "Dongsi", "city": "Beijing", "period": f"{y}-03..{y + 1}-02",
             "pm25_ug_m3": round(float(r["mean"]), 2), "valid_hours": int(r["count"]),
             "hours": int(r["size"]), "source": SOURCE} for y, r in per_year.iterrows()]
    rows.append({"station": "Dongsi", "city": "Beijing", "period": "2013-03..2017-02 (annual mean)",
                 "pm25_ug_m3": round(float(per_year["mean"].mean()), 2),
                 "valid_hours": int(per_year["count"].sum()), "hours": int(per_year["size"].sum()),
                 "source": SOURCE + "; mean of the four March-February annual means"})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--out", default=str(ROOT / "resources" / "sample"))
    args = ap.parse_args(argv)
    df = pd.read_csv(args.data, encoding="utf-8")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rose = met.wind_rose_from_hourly(df, "WSPM", "wd", TIME_COLS, DONGSI_LAT, DONGSI_LON, load_params())
    write_wind_rose(rose, out / "met_rose_beijing.csv")
    obs = observed_pm25(df)
    obs.to_csv(out / "observed_pm25.csv", index=False, encoding="utf-8")
    print(f"wind rose from {rose.meta['hours_valid']} valid hours ({rose.meta['hours_dropped']} dropped), "
          f"calm fraction {rose.calm_fraction:.3f}")
    print("stability frequency A..F:", " ".join(f"{f:.3f}" for f in rose.stability_frequency()))
    print("class mean speeds m/s:", " ".join(f"{u:.2f}" for u in rose.mean_speed_m_s))
    print(obs[["period", "pm25_ug_m3", "valid_hours"]].to_string(index=False))
    print(f"observed annual-mean PM2.5 at Dongsi: {obs['pm25_ug_m3'].iloc[-1]:.2f} ug/m3")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
