"""Readers of the raw files in ``../shared/data`` with province names normalised to the data contract.

Province names follow OCHA ``ADM1_EN`` without its administrative suffix (``Hebei``, ``Inner Mongolia``),
the form of DEVELOPERS.md's data contract; GEM, CEADs and Natural Earth spellings are mapped onto it.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from uis_qgis.vocabulary import normalise_province

FILES = {
    "coal": "gem_coal_plant_tracker_2023-07_china_units.csv",
    "steel_plants": "gem_iron_steel_tracker_2025-09_china_plants.csv",
    "steel_capacities": "gem_iron_steel_tracker_2025-09_china_capacities.csv",
    "ne_places": "natural_earth_10m_populated_places_china.csv",
    "ne_urban": "natural_earth_50m_urban_areas_china_bbox.geojson",
    "geonames": "geonames_cities15000_china.csv",
    "provinces": "ocha_china_provinces_2020_simplified.geojson",
    "uci": "uci_beijing_dongsi_hourly_2013-2017.csv",
    "ceads": "ceads_2012_province_sector_co2_mt.csv",
}
NOT_MAINLAND_PCODES = ("CN071", "CN081", "CN082")  # Taiwan, Hong Kong, Macao


def path_of(data_dir: Path, key: str) -> Path:
    path = Path(data_dir) / FILES[key]
    if not path.exists():
        raise FileNotFoundError(f"input file missing: {path}")
    return path


def read_csv(data_dir: Path, key: str) -> pd.DataFrame:
    return pd.read_csv(path_of(data_dir, key), encoding="utf-8")


def read_provinces(data_dir: Path) -> gpd.GeoDataFrame:
    """Mainland provinces (31): province, province_zh, adm1_pcode, geometry (EPSG:4326)."""
    raw = gpd.read_file(path_of(data_dir, "provinces"))
    raw = raw[~raw["ADM1_PCODE"].isin(NOT_MAINLAND_PCODES)]
    out = gpd.GeoDataFrame(
        {"province": raw["ADM1_EN"].map(normalise_province), "province_zh": raw["ADM1_ZH"],
         "adm1_pcode": raw["ADM1_PCODE"]},
        geometry=raw.geometry.make_valid(), crs="EPSG:4326")
    return out.sort_values("adm1_pcode").reset_index(drop=True)


def read_urban_areas(data_dir: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(path_of(data_dir, "ne_urban"))
    return gpd.GeoDataFrame({"ne_area_sqkm": raw["area_sqkm"]}, geometry=raw.geometry.make_valid(),
                            crs="EPSG:4326")
