"""Build the shipped layer styles ``resources/styles/*.qml`` with PyQGIS (run again after changing them).

Result styles (applied by the algorithms' layer post-processors):
heat links as arrows, width ∝ √heat_gj and colour by grade; result plants by sector, size ∝ √(waste heat
available); cities by % CO2 reduction and by co-benefit quadrant; PM2.5 concentration and difference rasters.
Input styles (used by the sample project): plants by sector sized by fuel, cities, urban cores, district
heating, provinces.

Usage: ``QT_QPA_PLATFORM=offscreen python scripts/build_styles.py``
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import rasterio
from qgis.core import (
    QgsApplication,
    QgsArrowSymbolLayer,
    QgsCategorizedSymbolRenderer,
    QgsClassificationRange,
    QgsColorRampShader,
    QgsFillSymbol,
    QgsGradientColorRamp,
    QgsGradientStop,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRasterLayer,
    QgsRasterShader,
    QgsRendererCategory,
    QgsRendererRange,
    QgsSingleBandPseudoColorRenderer,
    QgsSingleSymbolRenderer,
    QgsSymbolLayer,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

STYLES = Path(__file__).resolve().parent.parent / "resources" / "styles"

GRADE_COLOURS = {"high": "#b2182b", "medium": "#ef8a62", "low": "#f4c542"}
SECTOR_COLOURS = {"power": "#4d4d4d", "steel": "#3b5b92", "cement": "#a6761d", "chemical": "#7b3294",
                  "paper": "#1b9e77", "food": "#e7298a", "textile": "#66a61e", "other": "#999999"}
QUADRANT_COLOURS = {"High-High": "#1a9641", "High CO2-Low health": "#a6d96a", "Low CO2-High health": "#fdae61",
                    "Low-Low": "#d7191c", "unknown": "#d9d9d9"}
CO2_REDUCTION_CLASSES_PCT = (0.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0)
DEATHS_AVOIDED_CLASSES = (0.0, 1.0, 10.0, 50.0, 100.0, 500.0, 1000.0, 1.0e6)  # deaths/yr per city, log-like
PM25_CLASSES_UG_M3 = (0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
PM25_DIFF_CLASSES_UG_M3 = (-10.0, -5.0, -2.0, -1.0, 0.0, 1.0, 2.0, 5.0, 10.0)  # symmetric: 0 is white
LABEL_FONT = "DejaVu Sans"  # installed with QGIS on Debian; QGIS substitutes its default where missing
HEAT_AVAILABLE = ('coalesce("heat_high_avail_gj", 0) + coalesce("heat_medium_avail_gj", 0) + '
                  'coalesce("heat_low_avail_gj", 0)')


def _sqrt_scale(expression: str, low_mm: float, high_mm: float) -> str:
    """Symbol size growing with the square root of ``expression`` from ``low_mm`` to ``high_mm`` (largest)."""
    return (f"scale_linear(sqrt({expression}), 0, sqrt(maximum({expression})), {low_mm}, {high_mm})")


def _memory_layer(geometry: str, fields: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:4326&{fields}", "style", "memory")
    assert layer.isValid(), fields
    return layer


def _arrow_symbol(colour: str) -> QgsLineSymbol:
    arrow = QgsArrowSymbolLayer()
    arrow.setIsCurved(False)
    arrow.setIsRepeated(False)
    arrow.setHeadType(QgsArrowSymbolLayer.HeadSingle)
    arrow.setArrowType(QgsArrowSymbolLayer.ArrowPlain)
    width = QgsProperty.fromExpression(_sqrt_scale('"heat_gj"', 0.3, 3.0))
    arrow.setDataDefinedProperty(QgsSymbolLayer.PropertyArrowWidth, width)
    arrow.setDataDefinedProperty(QgsSymbolLayer.PropertyArrowStartWidth, width)
    arrow.setDataDefinedProperty(QgsSymbolLayer.PropertyArrowHeadLength,
                                 QgsProperty.fromExpression(_sqrt_scale('"heat_gj"', 1.5, 5.0)))
    arrow.setDataDefinedProperty(QgsSymbolLayer.PropertyArrowHeadThickness,
                                 QgsProperty.fromExpression(_sqrt_scale('"heat_gj"', 1.0, 3.5)))
    fill = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#ffffff", "outline_width": "0.1"})
    arrow.setSubSymbol(fill)
    symbol = QgsLineSymbol()
    symbol.changeSymbolLayer(0, arrow)
    return symbol


def heat_links() -> QgsVectorLayer:
    layer = _memory_layer("LineString", "field=grade:string&field=heat_gj:double")
    categories = [QgsRendererCategory(g, _arrow_symbol(c), f"{g} grade") for g, c in GRADE_COLOURS.items()]
    layer.setRenderer(QgsCategorizedSymbolRenderer("grade", categories))
    return layer


def _sector_points(size_expression: str) -> QgsCategorizedSymbolRenderer:
    categories = []
    for sector, colour in SECTOR_COLOURS.items():
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": colour, "outline_color": "#ffffff",
                                               "outline_width": "0.2"})
        symbol.setDataDefinedSize(QgsProperty.fromExpression(size_expression))
        categories.append(QgsRendererCategory(sector, symbol, sector))
    return QgsCategorizedSymbolRenderer("sector", categories)


def plants_results() -> QgsVectorLayer:
    layer = _memory_layer("Point", "field=sector:string&field=heat_high_avail_gj:double&"
                                   "field=heat_medium_avail_gj:double&field=heat_low_avail_gj:double")
    layer.setRenderer(_sector_points(_sqrt_scale(HEAT_AVAILABLE, 1.2, 9.0)))
    return layer


def plants_inputs() -> QgsVectorLayer:
    layer = _memory_layer("Point", "field=sector:string&field=fuel_tce:double")
    layer.setRenderer(_sector_points(_sqrt_scale('coalesce("fuel_tce", 0)', 1.2, 8.0)))
    return layer


def _polygon(colour: str, outline: str = "#636363", width: str = "0.3", style: str = "solid") -> QgsFillSymbol:
    return QgsFillSymbol.createSimple({"color": colour, "outline_color": outline, "outline_width": width,
                                       "style": style})


def _label(layer: QgsVectorLayer, field: str) -> None:
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    text = QgsTextFormat()
    text.setFont(QFont(LABEL_FONT))
    text.setSize(8)
    text.buffer().setEnabled(True)
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def _graduated_cities(field: str, bounds: tuple, low: str, high: str, unit: str = "") -> QgsVectorLayer:
    """Cities coloured by ``field`` in the classes ``bounds`` on a ``low`` → ``high`` ramp, labelled by name."""
    layer = _memory_layer("MultiPolygon", f"field={field}:double&field=name:string")
    ramp = QgsGradientColorRamp(QColor(low), QColor(high))
    ranges = []
    for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
        colour = ramp.color(i / (len(bounds) - 2)).name()
        ranges.append(QgsRendererRange(QgsClassificationRange(f"{lo:g}–{hi:g}{unit}", lo, hi),
                                       _polygon(colour, "#ffffff")))
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    renderer.setSourceColorRamp(ramp)
    layer.setRenderer(renderer)
    _label(layer, "name")
    return layer


def cities_co2_reduction() -> QgsVectorLayer:
    return _graduated_cities("co2_reduction_pct", CO2_REDUCTION_CLASSES_PCT, "#edf8e9", "#006d2c", " %")


def cities_cobenefit() -> QgsVectorLayer:
    layer = _memory_layer("MultiPolygon", "field=cobenefit_quadrant:string&field=name:string")
    categories = [QgsRendererCategory(q, _polygon(c, "#ffffff"), q) for q, c in QUADRANT_COLOURS.items()]
    layer.setRenderer(QgsCategorizedSymbolRenderer("cobenefit_quadrant", categories))
    _label(layer, "name")
    return layer


QUADRANT_PROBABILITY_CLASSES = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)


def cities_quadrant_probability() -> QgsVectorLayer:
    """Probability over the uncertainty draws that a city is High-High (above average on CO2 and health)."""
    return _graduated_cities("p_high_high", QUADRANT_PROBABILITY_CLASSES, "#f7f7f7", "#1b7837")


def cities_deaths_avoided() -> QgsVectorLayer:
    return _graduated_cities("deaths_avoided_central", DEATHS_AVOIDED_CLASSES, "#fee5d9", "#a50f15")


def cities_inputs() -> QgsVectorLayer:
    layer = _memory_layer("MultiPolygon", "field=name:string")
    layer.setRenderer(QgsSingleSymbolRenderer(_polygon("#f7f7f7", "#525252", "0.4")))
    layer.setOpacity(0.8)
    _label(layer, "name")
    return layer


def outline_layer(colour: str, fill: str, width: str, style: str = "solid") -> QgsVectorLayer:
    layer = _memory_layer("MultiPolygon", "field=id:string")
    layer.setRenderer(QgsSingleSymbolRenderer(_polygon(fill, colour, width, style)))
    return layer


def _raster_layer(folder: Path) -> QgsRasterLayer:
    path = folder / "style.tif"
    with rasterio.open(path, "w", driver="GTiff", height=2, width=2, count=1, dtype="float32",
                       crs="EPSG:4326", transform=rasterio.transform.from_origin(0, 2, 1, 1)) as dst:
        dst.write(np.zeros((1, 2, 2), dtype=np.float32))
    return QgsRasterLayer(str(path), "style")


def pseudocolour(folder: Path, bounds, colours: tuple[str, str, str]) -> QgsRasterLayer:
    """Discrete pseudocolour raster style with class ``bounds`` and a three-colour ramp (low, mid, high)."""
    layer = _raster_layer(folder)
    ramp = QgsGradientColorRamp(QColor(colours[0]), QColor(colours[2]))
    ramp.setStops([QgsGradientStop(0.5, QColor(colours[1]))])
    items = [QgsColorRampShader.ColorRampItem(v, ramp.color(i / (len(bounds) - 1)), f"{v:g}")
             for i, v in enumerate(bounds)]
    shader_fn = QgsColorRampShader(bounds[0], bounds[-1], ramp, QgsColorRampShader.Interpolated)
    shader_fn.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_fn)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(bounds[0])
    renderer.setClassificationMax(bounds[-1])
    layer.setRenderer(renderer)
    layer.setOpacity(0.75)
    return layer


def build(out: Path = STYLES) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        styles = {
            "heat_links.qml": heat_links(),
            "plants_results.qml": plants_results(),
            "cities_co2_reduction.qml": cities_co2_reduction(),
            "cities_cobenefit.qml": cities_cobenefit(),
            "cities_deaths_avoided.qml": cities_deaths_avoided(),
            "cities_quadrant_probability.qml": cities_quadrant_probability(),
            "plants_inputs.qml": plants_inputs(),
            "cities_inputs.qml": cities_inputs(),
            "urban_cores.qml": outline_layer("#8c510a", "#f6e8c3", "0.2"),
            "district_heating.qml": outline_layer("#b2182b", "#fddbc7", "0.3", "b_diagonal"),
            "provinces.qml": outline_layer("#252525", "#ffffff", "0.8", "no"),
            "pm25.qml": pseudocolour(Path(tmp), PM25_CLASSES_UG_M3, ("#ffffcc", "#fd8d3c", "#800026")),
            "pm25_difference.qml": pseudocolour(Path(tmp), PM25_DIFF_CLASSES_UG_M3,
                                                ("#2166ac", "#f7f7f7", "#b2182b")),
        }
        written = []
        for name, layer in styles.items():
            message, ok = layer.saveNamedStyle(str(out / name))
            if not ok:
                raise RuntimeError(f"{name}: {message}")
            written.append(out / name)
    return written


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    for path in build():
        print(path.relative_to(STYLES.parent.parent))
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
