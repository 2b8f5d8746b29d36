"""The HTML report: figures present when their data is, tables escaped, parameters listed."""
import re

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from uis_qgis import indicators
from uis_qgis.model import Results
from uis_qgis.params import load_params
from uis_qgis.report import build_report
from uis_qgis.vocabulary import STRATEGY_GROUPS, group_field


def _cities():
    rng = np.random.default_rng(0)
    n = 8
    base = rng.uniform(1e6, 5e6, n)
    saved = {s: base * rng.uniform(0.0, 0.1, n) for s in STRATEGY_GROUPS}
    cities = pd.DataFrame({"city_id": [f"c{i}" for i in range(n)], "name": ["唐山<&>"] + [f"city {i}" for i in range(1, n)],
                           "gdp_primary": 1.0, "gdp_secondary": rng.uniform(1, 8, n), "gdp_tertiary": rng.uniform(1, 8, n)})
    co2 = pd.DataFrame({"co2_base_t": base, "co2_scen_t": base - sum(saved.values()),
                        **{group_field(s): v for s, v in saved.items()}})
    deaths = pd.DataFrame({"deaths_attributable_base": rng.uniform(100, 1000, n)})
    deaths["deaths_avoided_central"] = deaths["deaths_attributable_base"] * rng.uniform(0.001, 0.05, n)
    deaths["deaths_avoided_low"] = deaths["deaths_avoided_central"] * 0.5
    deaths["deaths_avoided_high"] = deaths["deaths_avoided_central"] * 1.5
    heat = pd.DataFrame({"heat_source_gj": rng.uniform(1e4, 1e7, n), "heat_sink_gj": rng.uniform(1e4, 1e7, n)})
    table = indicators.city_indicators(cities, co2=co2, deaths=deaths, heat=heat)
    table = pd.concat([table, co2[[c for c in co2 if c not in table]]], axis=1)
    return gpd.GeoDataFrame(table, geometry=[box(i, 0, i + 1, 1) for i in range(n)], crs=32650)


def test_report_has_all_figures_tables_and_parameters():
    params = load_params({"general.gj_per_tce": 29.27})
    results = Results(layers={"city_results": _cities()}, params=params,
                      tables={"summary": pd.DataFrame({"quantity": ["co2 saved"], "value": [1.0], "unit": ["t"]})})
    html = build_report(results)
    assert html.startswith("<!DOCTYPE html>") and html.count("data:image/png;base64,") == 4
    assert "唐山&lt;&amp;&gt;" in html and "唐山<&>" not in html  # names escaped, Chinese kept
    assert "Fig. 2" in html and "Fig. 3b" in html and "Fig. 4a" in html
    assert re.search(r"1 parameters overridden by the user: general.gj_per_tce", html)
    assert "Global Energy Monitor" not in html and "supplied by the user" in html  # credits: data used only


def test_report_without_health_omits_quadrants():
    cities = _cities().drop(columns=["cobenefit_quadrant"])
    html = build_report(Results(layers={"city_results": cities}, params=load_params()))
    assert "Fig. 4a" not in html and "Fig. 2" in html
