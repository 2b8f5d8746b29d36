"""Column helpers shared by the symbiosis rooms (:mod:`~uis_qgis.sinks`, :mod:`~uis_qgis.ledgers`,
:mod:`~uis_qgis.symbiosis`): numbers and text from optional fields, attributes of the polygon holding a point."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely


def text_column(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), None)



def numeric_column(frame: pd.DataFrame, column: str, default=np.nan) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), default, dtype=float)
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
    return np.where(np.isfinite(values), values, default)



def polygon_attribute(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame | None, column: str) -> pd.Series:
    """Attribute of the (first, by sorted id) polygon containing each point; None outside every polygon."""
    out = pd.Series([None] * len(points), index=points.index, dtype=object)
    if polygons is None or len(polygons) == 0:
        return out
    pts, polys = np.asarray(points.values), np.asarray(polygons.geometry.values)
    hit_pt, hit_poly = shapely.STRtree(polys).query(pts, predicate="intersects")
    first = pd.Series(hit_poly).groupby(hit_pt).min()
    out.iloc[first.index.to_numpy()] = polygons[column].to_numpy(object)[first.to_numpy()]
    return out



def fill_missing(series: pd.Series, fallback: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), fallback)

