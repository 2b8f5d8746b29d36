"""Build the sample QGIS project ``resources/sample/sample.qgs``: the sample region's layers, styled.

The project refers to ``sample.gpkg`` by a relative path, so it opens wherever the plugin is installed.
Run after the sample GeoPackage or the styles change:
``QT_QPA_PLATFORM=offscreen python scripts/build_sample_project.py``
"""
from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsProject, QgsReferencedRectangle, QgsVectorLayer

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_GPKG = RESOURCES / "sample" / "sample.gpkg"
PROJECT = RESOURCES / "sample" / "sample.qgs"
PROJECT_TITLE = "UIS-QGIS sample region: Tangshan, Tianjin, east Beijing"
PROJECT_CRS = "EPSG:32650"  # WGS 84 / UTM 50N: the zone of the sample's centre (uis_qgis.geo.study_crs)
# (GeoPackage layer, name in the project, style) — drawn bottom to top
LAYERS = (
    ("provinces", "Provinces", "provinces.qml"),
    ("cities", "Cities", "cities_inputs.qml"),
    ("urban_cores", "Urban cores", "urban_cores.qml"),
    ("district_heating", "District heating (existing)", "district_heating.qml"),
    ("plants", "Plants", "plants_inputs.qml"),
)


def build(gpkg: Path = SAMPLE_GPKG, out: Path = PROJECT) -> QgsProject:
    """Write the project; returns it (layers valid, styled, relative paths)."""
    project = QgsProject()
    project.setTitle(PROJECT_TITLE)
    project.setCrs(QgsCoordinateReferenceSystem(PROJECT_CRS))
    root = project.layerTreeRoot()
    for layer_name, display, qml in LAYERS:
        layer = QgsVectorLayer(f"{gpkg}|layername={layer_name}", display, "ogr")
        if not layer.isValid():
            raise RuntimeError(f"{gpkg} has no valid layer '{layer_name}'")
        message, ok = layer.loadNamedStyle(str(RESOURCES / "styles" / qml))
        if not ok:
            raise RuntimeError(f"style {qml}: {message}")
        project.addMapLayer(layer, False)
        root.insertLayer(0, layer)
    cities = project.mapLayersByName("Cities")[0]
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(cities.extent(), cities.crs()))
    if not project.write(str(out)):
        raise RuntimeError(f"could not write {out}")
    return project


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    project = build()
    print(f"{PROJECT}: {len(project.mapLayers())} layers")
    project.clear()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
