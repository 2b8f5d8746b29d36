"""Source–sink pairs within the fence line, distances in metres (SPEC §3 "Fence line").

Point sinks are matched with two KD-trees in one dual-tree traversal (``scipy.spatial.cKDTree``), polygon and
line sinks with a shapely STRtree ``dwithin`` query; the distance is point to polygon edge, 0 when the source
lies inside. Geometry is in the metric study CRS; whenever that CRS is known (UTM or a national Albers conic,
whose scale errors are 0.04 % to a few %), the candidate pairs are re-measured on the WGS 84 ellipsoid so the
fence line is exact: point pairs from their chord (:func:`_point_geodesic_m`, each point projected once),
other pairs between their nearest points (:func:`uis_qgis.geo.true_distance_m`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from scipy.spatial import cKDTree

from . import geo

PAIR_COLUMNS = ["source", "sink", "dist_m"]
SCALE_MARGIN = 1.05  # candidate search radius factor before exact re-measurement (conic scale error < 5 %)


def _needs_true_distance(crs) -> bool:
    """Every known CRS is re-measured: even UTM is 0.04 % short on its central meridian and up to ~0.1 %
    long at a zone's edge, enough to move a pair across a 30 km fence line."""
    return crs is not None


def point_pairs(source_xy: np.ndarray, sink_xy: np.ndarray, radius_m: float) -> tuple:
    """All (source, sink) index pairs with Euclidean distance ≤ ``radius_m``, and the distances (m).

    One dual-tree traversal of two KD-trees (``cKDTree.sparse_distance_matrix``), returned as arrays without
    Python lists.
    """
    if len(source_xy) == 0 or len(sink_xy) == 0:
        return np.empty(0, int), np.empty(0, int), np.empty(0)
    hits = cKDTree(source_xy).sparse_distance_matrix(cKDTree(sink_xy), radius_m, output_type="ndarray")
    return hits["i"], hits["j"], hits["v"]


def geometry_pairs(sources, sinks, radius_m: float) -> tuple:
    """All (source point, sink geometry) pairs within ``radius_m`` (point to nearest edge, 0 inside)."""
    sources, sinks = np.asarray(sources), np.asarray(sinks)
    if len(sources) == 0 or len(sinks) == 0:
        return np.empty(0, int), np.empty(0, int), np.empty(0)
    src, snk = shapely.STRtree(sinks).query(sources, predicate="dwithin", distance=radius_m)
    return src, snk, shapely.distance(sources[src], sinks[snk])


def fence_line_pairs(sources, sinks, fence_line_m: float, crs=None) -> pd.DataFrame:
    """Pairs of a source (point) and a sink (point, polygon or line) no farther apart than ``fence_line_m``.

    Parameters
    ----------
    sources, sinks : GeoSeries or array of shapely geometries
        Sources are points; geometry in metres.
    fence_line_m : float
        Maximum source–sink distance, m (paper: 30 km).
    crs : pyproj CRS, optional
        CRS of the geometry; if given, distances are measured on the ellipsoid.

    Returns
    -------
    DataFrame
        ``source``, ``sink`` (positional indices into the inputs) and ``dist_m``, sorted by source then sink.

    References
    ----------
    Ramaswami et al. 2017, main text and Methods (c): waste heat conveyed up to 30 km fence-line distances.
    """
    sources, sinks = np.asarray(sources), np.asarray(sinks)
    exact = _needs_true_distance(crs)
    radius_m = fence_line_m * (SCALE_MARGIN if exact else 1.0)
    points = len(sinks) and np.all(shapely.get_type_id(sinks) == shapely.GeometryType.POINT)
    if points:
        source_xy, sink_xy = shapely.get_coordinates(sources), shapely.get_coordinates(sinks)
        src, snk, _ = point_pairs(source_xy, sink_xy, radius_m)
        # sorting the unique (source, sink) keys alone is cheaper than an argsort and three gathers; the
        # distances are then measured in that order
        src, snk = np.divmod(np.sort(src * max(len(sinks), 1) + snk), max(len(sinks), 1))
        dist = (_point_geodesic_m if exact else _planar_m)(source_xy, sink_xy, src, snk, crs)
    else:
        src, snk, dist = geometry_pairs(sources, sinks, radius_m)
        order = np.argsort(src * max(len(sinks), 1) + snk)  # (source, sink) keys are unique
        src, snk, dist = src[order], snk[order], dist[order]
        if exact and len(src):
            dist = _ellipsoidal_distance_m(sources[src], sinks[snk], crs)
    if exact:
        keep = dist <= fence_line_m
        src, snk, dist = src[keep], snk[keep], dist[keep]
    return pd.DataFrame({"source": src, "sink": snk, "dist_m": dist})


def _planar_m(source_xy, sink_xy, src, snk, _crs=None) -> np.ndarray:
    """Euclidean distance (m) of pairs sorted by source."""
    at_source = _repeat_for(src, len(source_xy))
    return np.hypot(sink_xy[snk, 0] - at_source(source_xy[:, 0]), sink_xy[snk, 1] - at_source(source_xy[:, 1]))


def _repeat_for(src: np.ndarray, n: int):
    """``values[src]`` for ``src`` sorted: a streaming repeat instead of a gather."""
    if np.any(src[1:] < src[:-1]):
        raise ValueError("pairs must be sorted by source")
    counts = np.bincount(src, minlength=n)
    return lambda values: np.repeat(values, counts)


def _ellipsoidal_distance_m(points, geoms, crs) -> np.ndarray:
    ends = shapely.get_coordinates(shapely.shortest_line(points, geoms)).reshape(-1, 2, 2)
    return geo.true_distance_m(crs, ends[:, 0, 0], ends[:, 0, 1], ends[:, 1, 0], ends[:, 1, 1])


WGS84_A_M = 6378137.0                   # semi-major axis (NIMA TR8350.2, WGS 84)
WGS84_E2 = (2 - 1 / 298.257223563) / 298.257223563  # first eccentricity squared, f (2 − f)


@dataclass(frozen=True)
class _OnEllipsoid:
    """Points on the WGS 84 ellipsoid, computed once per point: Earth-centred Cartesian position (m), the
    components of the local east (``ex``, ``ey``; its z is 0) and north unit vectors, and the inverse
    meridian and prime-vertical radii of curvature 1/M, 1/N (1/m)."""

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    ex: np.ndarray
    ey: np.ndarray
    nx: np.ndarray
    ny: np.ndarray
    nz: np.ndarray
    inv_m: np.ndarray
    inv_n: np.ndarray

    @classmethod
    def from_projected(cls, xy: np.ndarray, crs) -> _OnEllipsoid:
        lon, lat = geo.transformer(CRS.from_user_input(crs), geo.WGS84).transform(xy[:, 0], xy[:, 1])
        lam, phi = np.radians(lon), np.radians(lat)
        sl, cl, sp, cp = np.sin(lam), np.cos(lam), np.sin(phi), np.cos(phi)
        w = 1 - WGS84_E2 * sp ** 2
        n = WGS84_A_M / np.sqrt(w)
        return cls(n * cp * cl, n * cp * sl, n * (1 - WGS84_E2) * sp, -sl, cl, -sp * cl, -sp * sl, cp,
                   w ** 1.5 / (WGS84_A_M * (1 - WGS84_E2)), 1.0 / n)


def _point_geodesic_m(source_xy, sink_xy, src, snk, crs) -> np.ndarray:
    """WGS 84 distance (m) of short point pairs (≲ 100 km, ``src`` sorted) from their chord, to micrometres.

    Each point is placed on the ellipsoid once; per pair, the chord c between the Earth-centred positions is
    bent onto the normal section through the source: s = 2ρ asin(c / 2ρ) = c + c³/(24ρ²) + O(c⁵/ρ⁴), with
    Euler's 1/ρ = cos²α / M + sin²α / N (α the azimuth, M and N the meridian and prime-vertical radii),
    cos²α c² ≈ (chord · north)², sin²α c² ≈ (chord · east)². The bending adds ≈ 3 cm at 30 km; the terms
    left out are below 1 µm there. Against Karney's geodesics (``pyproj.Geod.inv``) the difference stays
    below 1e-5 m up to 33 km (tests/core/test_fenceline.py).

    References
    ----------
    Bowring, B. R. (1983) The geodesic inverse problem, Bull. Géodésique 57, 109–120 (short lines via the
    chord and normal section); Torge & Müller (2012) Geodesy, 4th ed., §4.2 (radii of curvature M, N,
    Euler's theorem).
    """
    a, b = _OnEllipsoid.from_projected(source_xy, crs), _OnEllipsoid.from_projected(sink_xy, crs)
    at_source = _repeat_for(src, len(source_xy))
    dx, dy, dz = b.x[snk] - at_source(a.x), b.y[snk] - at_source(a.y), b.z[snk] - at_source(a.z)
    chord = np.sqrt(dx * dx + dy * dy + dz * dz)
    de = dx * at_source(a.ex) + dy * at_source(a.ey)
    dn = dx * at_source(a.nx) + dy * at_source(a.ny) + dz * at_source(a.nz)
    bend = dn * dn * at_source(a.inv_m) + de * de * at_source(a.inv_n)  # c² / ρ
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(chord > 0, chord + bend * bend / (24.0 * chord), 0.0)


def naive_pairs(source_xy: np.ndarray, sink_xy: np.ndarray, radius_m: float) -> tuple:
    """All-pairs reference (O(n·m) distances), used by tests and the benchmark only."""
    d = np.hypot(source_xy[:, None, 0] - sink_xy[None, :, 0], source_xy[:, None, 1] - sink_xy[None, :, 1])
    src, snk = np.nonzero(d <= radius_m)
    return src, snk, d[src, snk]
