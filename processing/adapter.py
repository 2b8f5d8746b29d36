"""The one adapter between QGIS and the core: feature sources → GeoDataFrames, GeoDataFrames → feature sinks.

Geometry travels as WKB, the CRS as its authority id (or WKT when it has none), attributes as Python values
(text stays Unicode, so Chinese names survive the round trip; QGIS NULL ↔ ``None``/NaN).
"""
from __future__ import annotations

import math
import os

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsVectorFileWriter,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

WKB_TYPES = {
    "Point": QgsWkbTypes.Point, "LineString": QgsWkbTypes.LineString, "Polygon": QgsWkbTypes.Polygon,
    "MultiPoint": QgsWkbTypes.MultiPoint, "MultiLineString": QgsWkbTypes.MultiLineString,
    "MultiPolygon": QgsWkbTypes.MultiPolygon,
}


def _python_value(value):
    """A QGIS attribute value as a plain Python value (NULL → None, dates → ISO text)."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, (QDate, QDateTime)):
        return value.toString("yyyy-MM-ddTHH:mm:ss" if isinstance(value, QDateTime) else "yyyy-MM-dd")
    return value


def pyproj_crs(crs: QgsCoordinateReferenceSystem) -> CRS | None:
    """pyproj CRS of a QGIS CRS (``None`` when the layer has no valid CRS)."""
    if not crs.isValid():
        return None
    authid = crs.authid()
    if authid and not authid.upper().startswith("USER:"):
        return CRS.from_user_input(authid)
    return CRS.from_wkt(crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED))


def qgis_crs(crs: CRS | None) -> QgsCoordinateReferenceSystem:
    """QGIS CRS of a pyproj CRS, through its EPSG code when it has one, else WKT."""
    if crs is None:
        return QgsCoordinateReferenceSystem()
    authority = crs.to_authority()
    if authority is not None:
        return QgsCoordinateReferenceSystem(f"{authority[0]}:{authority[1]}")
    return QgsCoordinateReferenceSystem.fromWkt(crs.to_wkt())


def source_to_gdf(source, feedback=None) -> gpd.GeoDataFrame:
    """All features of a ``QgsFeatureSource`` (or vector layer) as a GeoDataFrame in the source's CRS.

    Parameters
    ----------
    source : QgsFeatureSource or QgsVectorLayer
        Features to copy; the source itself is never modified.
    feedback : QgsFeedback, optional
        Checked for cancellation while reading.
    """
    names = source.fields().names()
    rows, wkbs = [], []
    for feature in source.getFeatures():
        if feedback is not None and feedback.isCanceled():
            break
        rows.append([_python_value(v) for v in feature.attributes()])
        geom = feature.geometry()
        wkbs.append(None if geom.isNull() or geom.isEmpty() else bytes(geom.asWkb()))
    frame = pd.DataFrame(rows, columns=names) if rows else pd.DataFrame({n: [] for n in names})
    geometry = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else []
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index),
                            crs=pyproj_crs(source.sourceCrs()))


if Qgis.QGIS_VERSION_INT >= 33800:  # QGIS 3.38+ and QGIS 4 (Qt6) type fields by QMetaType
    from qgis.PyQt.QtCore import QMetaType

    FIELD_TYPES = {"bool": QMetaType.Type.Bool, "int64": QMetaType.Type.LongLong, "double": QMetaType.Type.Double,
                   "text": QMetaType.Type.QString}
else:  # QGIS 3.22–3.36 take only QVariant.Type
    FIELD_TYPES = {"bool": QVariant.Bool, "int64": QVariant.LongLong, "double": QVariant.Double,
                   "text": QVariant.String}


def _field_type(series: pd.Series):
    if pd.api.types.is_bool_dtype(series):
        return FIELD_TYPES["bool"]
    if pd.api.types.is_integer_dtype(series):
        return FIELD_TYPES["int64"]
    if pd.api.types.is_numeric_dtype(series):
        return FIELD_TYPES["double"]
    return FIELD_TYPES["text"]


def fields_for(df: pd.DataFrame) -> QgsFields:
    """QGIS fields typed from a DataFrame's dtypes (bool, 64-bit integer, double, else text)."""
    fields = QgsFields()
    geometry_name = df.geometry.name if isinstance(df, gpd.GeoDataFrame) else None
    for name in df.columns:
        if name != geometry_name:
            fields.append(QgsField(str(name), _field_type(df[name])))
    return fields


def wkb_type_for(df: pd.DataFrame, default=QgsWkbTypes.NoGeometry, mixed=None) -> QgsWkbTypes.Type:
    """One QGIS geometry type for a frame: ``NoGeometry`` for tables, the Multi type when parts are mixed,
    ``default`` when a layer has no geometry to tell (e.g. no heat link found); points mixed with polygons
    are an error unless a ``mixed`` type (e.g. ``Unknown``, any geometry in a GeoPackage) is given."""
    if not isinstance(df, gpd.GeoDataFrame):
        return QgsWkbTypes.NoGeometry
    kinds = set(df.geometry.dropna().geom_type)
    if not kinds:
        return default
    base = {k.replace("Multi", "") for k in kinds}
    if len(base) > 1 and mixed is not None:
        return mixed
    if len(base) > 1:
        raise ValueError(f"cannot write mixed geometry types {sorted(kinds)} into one layer")
    (name,) = base
    return WKB_TYPES[("Multi" + name) if len(kinds) > 1 or kinds.pop().startswith("Multi") else name]


def _qgis_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if not math.isfinite(value) else float(value)
    return value if isinstance(value, (int, str)) else str(value)


def write_gdf(sink: QgsFeatureSink, df: pd.DataFrame, fields: QgsFields, wkb_type, feedback=None) -> int:
    """Add every row of ``df`` to ``sink`` (created with :func:`fields_for`/:func:`wkb_type_for`).

    Returns the number of features written; stops early when ``feedback`` is cancelled.
    """
    geometry_name = df.geometry.name if isinstance(df, gpd.GeoDataFrame) else None
    columns = [c for c in df.columns if c != geometry_name]
    multi = QgsWkbTypes.isMultiType(wkb_type)
    wkbs = None
    if geometry_name and wkb_type != QgsWkbTypes.NoGeometry:
        # explicit dimension: under qgis_process shapely may run on QGIS's older GEOS, which rejects 4
        wkbs = shapely.to_wkb(np.asarray(df.geometry.array, dtype=object), output_dimension=3)
    written = 0
    for i, values in enumerate(df[columns].itertuples(index=False, name=None)):
        if feedback is not None and feedback.isCanceled():
            break
        feature = QgsFeature(fields)
        feature.setAttributes([_qgis_value(v) for v in values])
        if wkbs is not None and wkbs[i] is not None:
            geom = QgsGeometry()
            geom.fromWkb(wkbs[i])
            if multi and not geom.isMultipart():
                geom.convertToMultiType()
            feature.setGeometry(geom)
        sink.addFeature(feature, QgsFeatureSink.FastInsert)
        written += 1
    return written


def write_gpkg_layer(gdf: gpd.GeoDataFrame, path, layer: str) -> None:
    """Add ``gdf`` as layer ``layer`` of the GeoPackage ``path`` through QGIS's own writer.

    The layer writer of :func:`uis_qgis.io.write_results` inside QGIS: there pip's shapely is bound to QGIS's
    GEOS and cannot write WKB through geopandas/pyogrio ("WKB output dimension must be 2 or 3").
    """
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteLayer if os.path.exists(path)
                                    else QgsVectorFileWriter.CreateOrOverwriteFile)
    fields, wkb_type = fields_for(gdf), wkb_type_for(gdf, QgsWkbTypes.Unknown, mixed=QgsWkbTypes.Unknown)
    writer = QgsVectorFileWriter.create(str(path), fields, wkb_type, qgis_crs(gdf.crs),
                                        QgsCoordinateTransformContext(), options)  # no reprojection
    try:
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise OSError(f"cannot write layer {layer} to {path}: {writer.errorMessage()}")
        write_gdf(writer, gdf, fields, wkb_type)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise OSError(f"cannot write layer {layer} to {path}: {writer.errorMessage()}")
    finally:
        del writer  # closes the file


RASTER_DTYPES = {Qgis.Byte: "uint8", Qgis.UInt16: "uint16", Qgis.Int16: "int16", Qgis.UInt32: "uint32",
                 Qgis.Int32: "int32", Qgis.Float32: "float32", Qgis.Float64: "float64"}


def raster_layer_to_raster(layer, name: str = "raster"):
    """Band 1 of any QGIS raster layer (file, GeoPackage table, WMS-free provider…) as the core's
    :class:`uis_qgis.grid.Raster`, read through QGIS's provider (nodata → NaN).

    Raises the core's ``InputError`` naming the layer for rotated or non-square cells, a missing CRS or an
    unsupported data type.
    """
    from ..uis_qgis.grid import GridSpec, Raster
    from ..uis_qgis.validate import InputError, Problem

    provider = layer.dataProvider()
    extent, width, height = layer.extent(), layer.width(), layer.height()
    cell_x, cell_y = layer.rasterUnitsPerPixelX(), layer.rasterUnitsPerPixelY()
    if abs(cell_x - cell_y) > 1e-9 * cell_x:
        raise InputError([Problem(name, "", (), "must be a north-up grid of square cells")])
    if not layer.crs().isValid():
        raise InputError([Problem(name, "", (), "has no CRS; set the raster's CRS")])
    block = provider.block(1, extent, width, height)
    dtype = RASTER_DTYPES.get(block.dataType())
    if dtype is None:
        raise InputError([Problem(name, "", (), f"has an unsupported data type ({block.dataType()})")])
    array = np.frombuffer(bytes(block.data()), dtype=dtype).reshape(height, width).astype("float64")
    if provider.sourceHasNoDataValue(1):
        array[array == provider.sourceNoDataValue(1)] = np.nan
    return Raster(array, GridSpec((extent.xMinimum(), extent.yMaximum()), float(cell_x), array.shape,
                                  pyproj_crs(layer.crs())))
