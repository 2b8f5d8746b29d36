"""pytest-qgis fixtures for the plugin tests.

The repository root is the plugin folder; here it is imported as the package ``uisqgis`` — the folder name
it gets when installed (scripts/package.py) — so every plugin import is exercised the way QGIS does it.
QGIS's Processing framework is put first on ``sys.path``: ``python -m pytest`` from the repository root puts
the root on ``sys.path``, where the plugin's own ``processing/`` folder would otherwise hide QGIS's.
"""
from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

REPO = Path(__file__).resolve().parents[2]
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"

if sys.path[:1] != [QGIS_PYTHON_PLUGINS]:
    sys.path.insert(0, QGIS_PYTHON_PLUGINS)
sys.path.append(str(REPO / "scripts"))
from plugin_package import load_plugin_package  # noqa: E402


@pytest.fixture(scope="session")
def plugin_package():
    return load_plugin_package()


@pytest.fixture(scope="session")
def provider(qgis_app, qgis_processing, plugin_package):
    """The plugin loaded as QGIS loads it: classFactory → initProcessing; unloaded at the end."""
    plugin = plugin_package.classFactory(None)
    plugin.initProcessing()
    yield plugin.provider
    plugin.unload()


@pytest.fixture()
def synthetic_gpkg(tmp_path):
    """A tiny study region near Tangshan in EPSG:4326: 3 plants (steel source, food sink, power) + 1 city.

    Steel and food plant are ~8.5 km apart (0.1° of longitude at 39.6°N), well inside the 30 km fence line.
    """
    path = tmp_path / "inputs.gpkg"
    plants = gpd.GeoDataFrame(
        {"plant_id": ["P1", "P2", "P3"], "name": ["唐山钢铁", "食品厂", "电厂"],
         "sector": ["steel", "food", "power"], "fuel_tce": [2.0e6, 5.0e4, 1.0e6]},
        geometry=[Point(118.10, 39.60), Point(118.20, 39.60), Point(118.15, 39.65)], crs="EPSG:4326")
    cities = gpd.GeoDataFrame(
        {"city_id": ["C1"], "name": ["唐山"], "population": [7.7e6]},
        geometry=[box(117.9, 39.4, 118.4, 39.8)], crs="EPSG:4326")
    plants.to_file(path, layer="plants", driver="GPKG")
    cities.to_file(path, layer="cities", driver="GPKG")
    return path


def layer_uri(gpkg: Path, layer: str) -> str:
    return f"{gpkg}|layername={layer}"
