"""One vocabulary: every OCHA province name and common variants map to the contract name and the right grid
region; the CLI, the Processing choices and the parameter tables use the same codes."""
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from uis_qgis import cli, vocabulary
from uis_qgis.emissions import grid_region_of
from uis_qgis.params import load_params
from uis_qgis.vocabulary import PROVINCES, normalise_province

ROOT = Path(__file__).resolve().parents[2]
OCHA = ROOT.parent / "shared" / "data" / "ocha_china_provinces_2020_simplified.geojson"
PARAMS = load_params()

# Grid region of each mainland province, typed here from the 2010 regional grids (China Electricity Council
# 2011; State Grid / China Southern Power Grid): the independent list the parameter table is checked against.
GRID_BY_PROVINCE = {
    "North": "Beijing Tianjin Hebei Shanxi Shandong",
    "Northeast": "Liaoning Jilin Heilongjiang",
    "East": "Shanghai Jiangsu Zhejiang Anhui Fujian",
    "Central": "Henan Hubei Hunan Jiangxi Sichuan Chongqing",
    "Northwest": "Shaanxi Gansu Qinghai Ningxia Xinjiang Tibet",
    "South": "Guangdong Guangxi Yunnan Guizhou Hainan",
}
EXPECTED_REGION = {p: region for region, names in GRID_BY_PROVINCE.items() for p in names.split()}
EXPECTED_REGION["Inner Mongolia"] = "North"


def _ocha_names():
    if not OCHA.exists():
        pytest.skip(f"{OCHA} not present")
    features = json.loads(OCHA.read_text(encoding="utf-8"))["features"]
    return [(f["properties"]["ADM1_EN"], f["properties"]["ADM1_ZH"], f["properties"]["ADM1_PCODE"]) for f in features]


def test_every_ocha_name_maps_to_a_contract_province_and_its_grid_region():
    rows = _ocha_names()
    assert len(rows) == 34
    mainland = [(en, zh) for en, zh, pcode in rows if pcode not in ("CN071", "CN081", "CN082")]
    assert len(mainland) == 31
    for en, zh in mainland:
        name = normalise_province(en)
        assert name in PROVINCES and name in EXPECTED_REGION, en
        assert normalise_province(zh) == name, (zh, en)
        region = grid_region_of(pd.Series([en]), None, PARAMS).iloc[0]
        assert region == EXPECTED_REGION[name], (en, region)
    assert sorted(normalise_province(en) for en, _ in mainland) == sorted(EXPECTED_REGION)


@pytest.mark.parametrize("variant, name", [
    ("Xizang Autonomous Region", "Tibet"), ("Xizang", "Tibet"), ("Tibet", "Tibet"), ("西藏自治区", "Tibet"),
    ("Inner Mongolia", "Inner Mongolia"), ("Nei Mongol", "Inner Mongolia"), ("Nei Mongol Autonomous Region",
                                                                             "Inner Mongolia"),
    ("InnerMongolia", "Inner Mongolia"), ("Neimenggu", "Inner Mongolia"),
    ("Guangxi Zhuang", "Guangxi"), ("Guangxi Zhuang Autonomous Region", "Guangxi"), ("广西壮族自治区", "Guangxi"),
    ("Ningxia Hui", "Ningxia"), ("Xinjiang Uygur", "Xinjiang"), ("Xinjiang Uyghur Autonomous Region", "Xinjiang"),
    ("hebei province", "Hebei"), ("  Hebei  ", "Hebei"), ("Gansu province", "Gansu"), ("Beijing Shi", "Beijing"),
    ("Shaanxi", "Shaanxi"), ("Shanxi", "Shanxi"), ("Macau", "Macao"), ("Hong Kong SAR", "Hong Kong"),
])
def test_common_variants(variant, name):
    assert normalise_province(variant) == name


def test_xizang_is_in_the_northwest_grid_not_the_default():
    regions = grid_region_of(pd.Series(["Xizang Autonomous Region", "Nei Mongol", "Atlantis"]), None, PARAMS)
    assert list(regions) == ["Northwest", "North", PARAMS.get("grid.default_region")]


def test_missing_and_unknown_names():
    assert normalise_province(None) is None and normalise_province(float("nan")) is None
    assert normalise_province(pd.NA) is None and normalise_province("") is None
    assert normalise_province("Atlantis Province") == "Atlantis"


def test_parameter_tables_and_entry_points_use_the_vocabulary():
    assert set(PARAMS.get("grid.province_region")) == set(EXPECTED_REGION)
    assert set(PARAMS.get("grid.province_region").values()) == set(PARAMS.get("grid.regions"))
    assert set(PARAMS.get("sectors.sink_industries")) <= set(vocabulary.SECTORS)
    assert set(PARAMS.get("sectors.point_source_sectors")) <= set(vocabulary.SECTORS)
    run = next(a for a in cli._parser()._subparsers._group_actions[0].choices["run"]._actions if a.dest == "scenario")
    assert tuple(run.choices) == vocabulary.SCENARIOS
    spec = importlib.util.spec_from_file_location("definitions", ROOT / "processing" / "definitions.py")
    definitions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(definitions)
    assert {code for code, *_ in definitions.SCENARIOS} == set(vocabulary.SCENARIOS)
    assert {code for code, *_ in definitions.MODES} == set(vocabulary.MODES)
