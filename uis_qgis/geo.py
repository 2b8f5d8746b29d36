"""The one CRS helper: every distance and area of the model is computed in metres in a projected CRS.

Choice of projection for a study area (documented in docs and the report):

* extent no wider than one UTM zone plus margin (``<= 8°`` of longitude): the UTM zone of the extent's centre
  (WGS 84 / UTM, EPSG:326xx north, 327xx south). Scale error below 0.1 % inside the zone, ~0.4 % at 4° off.
* wider extents (a province spanning zones, a national run): an Albers equal-area conic fitted to the
  extent (standard parallels at 1/6 and 5/6 of its latitude span). Areas are exact; projected distances
  carry the local scale error of the conic (up to ~2.5 % at the far west of China), so distances that decide
  the fence line use :func:`true_distance_m`, which measures on the WGS 84 ellipsoid.
"""
from __future__ import annotations

import numpy as np
from pyproj import CRS, Transformer
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import AlbersEqualAreaConversion

WGS84 = CRS.from_epsg(4326)
MAX_UTM_SPAN_DEG = 8.0


def lonlat_bounds(gdfs) -> tuple[float, float, float, float]:
    """(minlon, minlat, maxlon, maxlat) of all non-empty layers, in WGS 84.

    An area straddling the antimeridian (features on both sides of ±180°) gets the narrow extent across it,
    with ``maxlon`` beyond 180° (e.g. 179.5 … 180.5), not the whole-globe span between its two sides.
    """
    boxes = []
    for gdf in gdfs:
        if gdf is None or len(gdf) == 0 or gdf.crs is None:
            continue
        b = gdf.to_crs(WGS84).geometry.bounds.to_numpy(float)
        boxes.append(b[np.isfinite(b).all(axis=1)])
    arr = np.concatenate(boxes) if boxes else np.empty((0, 4))
    if not len(arr):
        raise ValueError("no layer with a CRS and a finite extent to choose a projection from")
    east = arr.copy()
    east[:, [0, 2]] = np.where(arr[:, [0]] < 0.0, arr[:, [0, 2]] + 360.0, arr[:, [0, 2]])
    if east[:, 2].max() - east[:, 0].min() < arr[:, 2].max() - arr[:, 0].min():
        arr = east
    return float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 2].max()), float(arr[:, 3].max())


def study_crs(bounds: tuple[float, float, float, float]) -> CRS:
    """Projected CRS in metres for a study area given by its WGS 84 bounds (see module docstring)."""
    minlon, minlat, maxlon, maxlat = bounds
    lon0, lat0 = (minlon + maxlon) / 2.0, (minlat + maxlat) / 2.0
    if maxlon - minlon <= MAX_UTM_SPAN_DEG:
        zone = int(np.floor((lon0 + 180.0) / 6.0)) % 60 + 1
        return CRS.from_epsg((32600 if lat0 >= 0 else 32700) + zone)
    span = maxlat - minlat
    lat1, lat2 = minlat + span / 6.0, maxlat - span / 6.0
    conversion = AlbersEqualAreaConversion(round(lat1, 4), round(lat2, 4), round(lat0, 4), round(lon0, 4))
    return ProjectedCRS(conversion, name=f"WGS 84 / Albers equal-area fitted to the study area "
                                         f"(lat_1={lat1:.2f}, lat_2={lat2:.2f}, lon_0={lon0:.2f})")


def to_metric(gdfs: dict, crs: CRS | None = None) -> tuple[dict, CRS]:
    """Reproject every layer of ``{name: GeoDataFrame}`` (None allowed) to one metric CRS.

    Returns the reprojected copies and the CRS used; inputs are not modified.
    """
    if crs is None:
        crs = study_crs(lonlat_bounds(gdfs.values()))
    return {k: (None if v is None else v.to_crs(crs)) for k, v in gdfs.items()}, crs


def geodesic_distance_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """WGS 84 ellipsoidal distance in metres (vectorised), for checks of projected distances."""
    from pyproj import Geod

    _, _, dist = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist)


def true_distance_m(crs: CRS, x1, y1, x2, y2) -> np.ndarray:
    """Ellipsoidal distance in metres between projected points ``(x1, y1)`` and ``(x2, y2)`` in ``crs``.

    Removes the scale error of the study projection (exact for UTM and conic alike); vectorised.
    """
    to_ll = transformer(CRS.from_user_input(crs), WGS84)
    lon1, lat1 = to_ll.transform(np.asarray(x1, float), np.asarray(y1, float))
    lon2, lat2 = to_ll.transform(np.asarray(x2, float), np.asarray(y2, float))
    return geodesic_distance_m(lon1, lat1, lon2, lat2)


def transformer(src: CRS, dst: CRS) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)
