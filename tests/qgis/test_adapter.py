"""processing/adapter.py: QGIS features ↔ GeoDataFrames, both directions."""
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import CRS
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer, QgsWkbTypes
from shapely.geometry import LineString, MultiPolygon, Point, box


@pytest.fixture()
def adapter(plugin_package, qgis_app):
    from uisqgis.processing import adapter

    return adapter


def _memory_layer(adapter, gdf, uri_geometry):
    fields = adapter.fields_for(gdf)
    layer = QgsVectorLayer(f"{uri_geometry}?crs={gdf.crs.to_string()}", "mem", "memory")
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    written = adapter.write_gdf(layer.dataProvider(), gdf, layer.fields(), adapter.wkb_type_for(gdf))
    return layer, written


def test_round_trip_keeps_text_numbers_nulls_geometry_and_crs(adapter):
    gdf = gpd.GeoDataFrame(
        {"plant_id": ["a", "b"], "name": ["唐山钢铁厂", None], "fuel_tce": [1.5e6, np.nan],
         "units": np.array([3, 7], dtype="int64"), "chp": [True, False]},
        geometry=[Point(500000.0, 4400000.0), Point(510000.5, 4410000.25)], crs="EPSG:32650")
    layer, written = _memory_layer(adapter, gdf, "Point")
    assert written == 2
    back = adapter.source_to_gdf(layer)
    assert back.crs == CRS.from_epsg(32650)
    assert back.loc[0, "name"] == "唐山钢铁厂" and pd.isna(back.loc[1, "name"])
    assert back.loc[0, "fuel_tce"] == 1.5e6 and pd.isna(back.loc[1, "fuel_tce"])
    assert list(back["units"]) == [3, 7]
    assert list(back["chp"]) == [True, False]
    assert back.geometry[1].equals_exact(Point(510000.5, 4410000.25), 1e-9)


def test_field_types_follow_dtypes(adapter):
    df = pd.DataFrame({"i": np.array([1], dtype="int64"), "f": [1.0], "b": [True], "s": ["x"]})
    types = [f.type() for f in adapter.fields_for(df)]
    from qgis.PyQt.QtCore import QVariant

    assert types == [QVariant.LongLong, QVariant.Double, QVariant.Bool, QVariant.String]
    assert adapter.wkb_type_for(df) == QgsWkbTypes.NoGeometry


def test_mixed_single_and_multi_polygons_become_multi(adapter):
    gdf = gpd.GeoDataFrame({"city_id": ["c1", "c2"]},
                           geometry=[box(0, 0, 1, 1), MultiPolygon([box(2, 2, 3, 3), box(4, 4, 5, 5)])],
                           crs="EPSG:4326")
    assert adapter.wkb_type_for(gdf) == QgsWkbTypes.MultiPolygon
    layer, _ = _memory_layer(adapter, gdf, "MultiPolygon")
    areas = [f.geometry().area() for f in layer.getFeatures()]
    assert areas == pytest.approx([1.0, 2.0])


def test_empty_layer_takes_declared_geometry(adapter):
    empty = gpd.GeoDataFrame({"heat_gj": []}, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    assert adapter.wkb_type_for(empty, QgsWkbTypes.LineString) == QgsWkbTypes.LineString


def test_infinite_and_nan_floats_become_null(adapter):
    gdf = gpd.GeoDataFrame({"v": [math.inf, np.nan, 2.5]},
                           geometry=[LineString([(0, 0), (1, 1)])] * 3, crs="EPSG:4326")
    layer, _ = _memory_layer(adapter, gdf, "LineString")
    assert [f["v"] for f in layer.getFeatures()][2] == 2.5
    assert adapter.source_to_gdf(layer)["v"].isna().tolist() == [True, True, False]


def test_crs_without_epsg_code_goes_through_wkt(adapter):
    custom = CRS.from_proj4("+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m")
    qcrs = adapter.qgis_crs(custom)
    assert qcrs.isValid() and qcrs.mapUnits() == 0  # QgsUnitTypes.DistanceMeters
    assert adapter.pyproj_crs(qcrs).equals(custom, ignore_axis_order=True)
    assert adapter.pyproj_crs(QgsCoordinateReferenceSystem("EPSG:4326")) == CRS.from_epsg(4326)


def test_qgis_gpkg_writer_keeps_layers_text_crs_and_mixed_geometry(adapter, tmp_path):
    """The results-folder writer used inside QGIS (issue 13 #1): two layers in one GeoPackage, mixed sinks."""
    sinks = gpd.GeoDataFrame({"sink_id": ["s1", "s2"], "name": ["食品厂", "城区"], "demand_gj": [1.0, 2.5]},
                             geometry=[Point(500000.0, 4400000.0), box(0, 0, 10, 10)], crs="EPSG:32650")
    links = gpd.GeoDataFrame({"heat_gj": [3.0]}, geometry=[LineString([(0, 0), (5, 5)])], crs="EPSG:32650")
    path = tmp_path / "results.gpkg"
    adapter.write_gpkg_layer(sinks, path, "heat_sinks")
    adapter.write_gpkg_layer(links, path, "heat_links")
    back = gpd.read_file(path, layer="heat_sinks")
    assert list(back["name"]) == ["食品厂", "城区"] and back.crs == CRS.from_epsg(32650)
    assert list(back.geom_type) == ["Point", "Polygon"] and back.geometry.geom_equals(sinks.geometry).all()
    assert gpd.read_file(path, layer="heat_links").geometry.iloc[0].equals(links.geometry.iloc[0])
