"""The report as a reader sees it (issue 13 #6): rendered by headless Chromium, Chinese names drawn in the figures,
human labels instead of field names, no scientific notation, credits only for the data the run used."""
from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
import warnings

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from uis_qgis import contract, report
from uis_qgis.model import AssessmentOptions, run_assessment
from uis_qgis.params import load_params

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")
# co2_reduction_pct, pm25_total_base_popw_ug_m3, …; not dotted parameter paths (valuation.vsl_million_cny)
FIELD_NAME = re.compile(r"(?<![\w.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w.])")
# input fields a user puts in their own layers may be named (telling them what to supply)
INPUT_FIELDS = {name for schema in contract.SCHEMAS.values() for name in schema.field_names()}


def _region(plant_source: str | None = None) -> dict:
    plants = gpd.GeoDataFrame(
        {"plant_id": ["P1", "P2", "P3"], "name": ["唐山钢铁", "食品厂", "电厂"],
         "sector": ["steel", "food", "power"], "fuel_tce": [2.0e6, 5.0e4, 1.0e6]},
        geometry=[Point(118.10, 39.60), Point(118.20, 39.60), Point(118.15, 39.65)], crs="EPSG:4326")
    if plant_source:
        plants["source"] = plant_source
    cities = gpd.GeoDataFrame({"city_id": ["C1", "C2"], "name": ["唐山", "天津"], "population": [7.7e6, 1.3e7]},
                              geometry=[box(117.9, 39.4, 118.4, 39.8), box(117.3, 39.0, 117.9, 39.4)],
                              crs="EPSG:4326")
    return {"plants": plants, "cities": cities}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(report HTML, warnings while building it, the DOM after Chromium rendered it, screenshot path)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = run_assessment(_region(), load_params(), AssessmentOptions(scenario="high"))
    text = results.report_html
    folder = tmp_path_factory.mktemp("report")
    page = folder / "report.html"
    page.write_text(text, encoding="utf-8")
    if CHROMIUM is None:
        return text, caught, None, None
    common = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}", "--window-size=1200,3000"]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    shot = folder / "report.png"
    subprocess.run([*common, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    return text, caught, dom, shot


def _visible_text(dom: str) -> str:
    """Text a reader sees, without the parameter table (dotted parameter paths are what override files use)
    and the input warnings (they name the field to fix on purpose)."""
    dom = re.sub(r"<details>.*?</details>", " ", dom, flags=re.S)
    dom = re.sub(r'<ul class="warn">.*?</ul>', " ", dom, flags=re.S)
    dom = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", dom, flags=re.S)
    dom = re.sub(r"<[^>]+>", " ", dom)
    return html_lib.unescape(dom)


def test_figures_draw_chinese_names_without_missing_glyphs(rendered):
    text, caught, _dom, _shot = rendered
    assert report.cjk_font_available(), "install fonts-wqy-microhei or fonts-noto-cjk (Makefile APT_PACKAGES)"
    assert "唐山" in text and "天津" in text
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)")
def test_chromium_renders_the_report_with_human_labels(rendered):
    _text, _caught, dom, shot = rendered
    assert shot.stat().st_size > 50_000  # a page with figures, not an error page
    assert dom.count("<img") >= 5 and "唐山" in dom
    visible = _visible_text(dom)
    assert set(FIELD_NAME.findall(visible)) - INPUT_FIELDS == set()
    assert not re.search(r"\d[eE][+-]\d", visible)  # 4.578e+08 is written out
    assert "CO2 reduction (%)" in visible and "CSV" not in visible


def test_credits_only_the_data_the_run_used():
    user = run_assessment(_region(), load_params(), AssessmentOptions(dispersion=False, health=False))
    credits = " ".join(report.attribution(user))
    assert "Global Energy Monitor" not in credits and "GEMM" not in credits and "UCI Beijing" not in credits
    assert "supplied by the user" in credits
    gem = run_assessment(_region("GEM Global Coal Plant Tracker 2023-07"), load_params(),
                         AssessmentOptions(dispersion=False, health=False))
    assert "Global Coal Plant Tracker, Global Energy Monitor (CC BY 4.0)" in report.attribution(gem)


@pytest.mark.parametrize("value, text", [(4.578e8, "457,800,000"), (14.86689, "14.9"), (0.000123, "0.000123"),
                                         (99.96, "100"), (-2.5, "-2.50"), (float("nan"), "–")])
def test_numbers_are_written_out(value, text):
    assert report.fmt_number(value) == text


@pytest.mark.parametrize("field, text", [("co2_reduction_pct", "CO2 reduction (%)"),
                                         ("pm25_total_base_popw_ug_m3", "PM2.5 total base population-weighted (µg/m³)"),
                                         ("heat_medium_avail_gj", "Heat medium available (GJ/yr)")])
def test_labels_say_what_and_which_unit(field, text):
    assert report.label(field) == text
