"""Shipped styles and the sample project: they load in QGIS and style what they claim to."""
from pathlib import Path

import geopandas as gpd
import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)

REPO = Path(__file__).resolve().parents[2]
STYLES = REPO / "resources" / "styles"
SAMPLE = REPO / "resources" / "sample"


@pytest.mark.parametrize("qml, geometry, field, kind", [
    ("heat_links.qml", "LineString", "grade", "categorizedSymbol"),
    ("plants_results.qml", "Point", "sector", "categorizedSymbol"),
    ("plants_inputs.qml", "Point", "sector", "categorizedSymbol"),
    ("cities_co2_reduction.qml", "MultiPolygon", "co2_reduction_pct", "graduatedSymbol"),
    ("cities_cobenefit.qml", "MultiPolygon", "cobenefit_quadrant", "categorizedSymbol"),
])
def test_style_loader_applies_vector_style(provider, qml, geometry, field, kind):
    from uisqgis.processing.base import StyleLoader

    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:32650&field={field}:string", "out", "memory")
    StyleLoader(qml, "Styled").postProcessLayer(layer, QgsProcessingContext(), QgsProcessingFeedback())
    assert layer.renderer().type() == kind
    assert layer.renderer().classAttribute() == field
    assert layer.name() == "Styled"


def test_heat_link_arrows_scale_with_heat(provider):
    text = (STYLES / "heat_links.qml").read_text(encoding="utf-8")
    assert 'class="ArrowLine"' in text and "heat_gj" in text
    for grade in ("high", "medium", "low"):
        assert f'value="{grade}"' in text


@pytest.mark.parametrize("qml", ["pm25.qml", "pm25_difference.qml"])
def test_raster_styles_are_pseudocolour(provider, tmp_path, qml):
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    path = tmp_path / "pm25.tif"
    with rasterio.open(path, "w", driver="GTiff", height=3, width=3, count=1, dtype="float32",
                       crs="EPSG:32650", transform=from_origin(500000, 4400000, 1000, 1000)) as dst:
        dst.write(np.arange(9, dtype=np.float32).reshape(1, 3, 3))
    layer = QgsRasterLayer(str(path), "pm25")
    _message, ok = layer.loadNamedStyle(str(STYLES / qml))
    assert ok and layer.renderer().type() == "singlebandpseudocolor"


def test_sample_project_opens_with_styled_layers_and_relative_paths(provider):
    project = QgsProject()
    assert project.read(str(SAMPLE / "sample.qgs"))
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    assert set(layers) == {"Provinces", "Cities", "Urban cores", "District heating (existing)", "Plants"}
    assert all(layer.isValid() for layer in layers.values())
    plants = layers["Plants"]
    assert plants.renderer().type() == "categorizedSymbol"
    styled = {c.value() for c in plants.renderer().categories()}
    present = set(gpd.read_file(SAMPLE / "sample.gpkg", layer="plants")["sector"])
    assert present <= styled
    assert "./sample.gpkg" in (SAMPLE / "sample.qgs").read_text(encoding="utf-8")
    project.clear()
