"""The study grid: :class:`GridSpec`, grid construction, :class:`Raster`, zonal means and rasterised polygons.

Used by dispersion (concentration grids), health (per-cell exposure and deaths) and the orchestrator. Arrays
are (rows, cols) with row 0 the **northern** edge (GeoTIFF order); coordinates in metres of the grid's CRS.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from affine import Affine
from rasterio import features
from rasterio.windows import Window, from_bounds
from rasterio.windows import transform as window_transform

from .params import Params

NODATA = -9999.0


@dataclass(frozen=True)
class GridSpec:
    """Regular grid: ``origin`` = (x_min, y_max) of the top-left corner, square cells, (rows, cols).

    Row 0 is the northern edge (GeoTIFF order). Coordinates in metres of ``crs``.
    """

    origin: tuple
    cell_m: float
    shape: tuple
    crs: object = None

    @property
    def transform(self) -> Affine:
        return Affine(self.cell_m, 0.0, self.origin[0], 0.0, -self.cell_m, self.origin[1])

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x_min, y_min, x_max, y_max), m."""
        x0, y1 = self.origin
        return x0, y1 - self.shape[0] * self.cell_m, x0 + self.shape[1] * self.cell_m, y1

    def cell_centres(self) -> tuple[np.ndarray, np.ndarray]:
        """1-D x (per column) and y (per row, north to south) of cell centres, m."""
        x = self.origin[0] + (np.arange(self.shape[1]) + 0.5) * self.cell_m
        y = self.origin[1] - (np.arange(self.shape[0]) + 0.5) * self.cell_m
        return x, y

    def index_of(self, x_m, y_m) -> tuple[np.ndarray, np.ndarray]:
        """(row, col) of the cells holding points (may fall outside the grid)."""
        col = np.floor((np.asarray(x_m, float) - self.origin[0]) / self.cell_m).astype(np.int64)
        row = np.floor((self.origin[1] - np.asarray(y_m, float)) / self.cell_m).astype(np.int64)
        return row, col


@dataclass
class Raster:
    """A north-up grid of values (e.g. PM2.5 µg/m³) with its :class:`GridSpec`."""

    array: object
    grid: GridSpec
    nodata: float = NODATA


def grid_for(bounds_m, cell_m: float, margin_m: float, crs=None) -> GridSpec:
    """Grid covering ``bounds_m`` (x_min, y_min, x_max, y_max) plus ``margin_m``, snapped to multiples of
    ``cell_m``."""
    x0 = math.floor((bounds_m[0] - margin_m) / cell_m) * cell_m
    y0 = math.floor((bounds_m[1] - margin_m) / cell_m) * cell_m
    x1 = math.ceil((bounds_m[2] + margin_m) / cell_m) * cell_m
    y1 = math.ceil((bounds_m[3] + margin_m) / cell_m) * cell_m
    shape = (max(1, round((y1 - y0) / cell_m)), max(1, round((x1 - x0) / cell_m)))
    return GridSpec((x0, y1), float(cell_m), shape, crs)


def study_grid(bounds_m, params: Params, crs) -> GridSpec:
    """The PM2.5 grid over ``bounds_m`` (x_min, y_min, x_max, y_max in ``crs``): ``dispersion.cell_m`` cells
    with a ``dispersion.grid_margin_m`` margin."""
    return grid_for(tuple(bounds_m), float(params.get("dispersion.cell_m")),
                    float(params.get("dispersion.grid_margin_m")), crs)


def cell_window(bounds, grid: GridSpec):
    """(r0, r1, c0, c1) of the grid cells overlapping ``bounds`` (clipped), or None outside the grid."""
    win = from_bounds(*bounds, transform=grid.transform)
    r0, c0 = max(int(math.floor(win.row_off)), 0), max(int(math.floor(win.col_off)), 0)
    r1 = min(int(math.ceil(win.row_off + win.height)) + 1, grid.shape[0])
    c1 = min(int(math.ceil(win.col_off + win.width)) + 1, grid.shape[1])
    return None if r1 <= r0 or c1 <= c0 else (r0, r1, c0, c1)


def polygon_values(grid: GridSpec, geometries, values, fill: float) -> np.ndarray:
    """A float64 grid holding each polygon's value in the cells whose centre lies inside it, ``fill`` elsewhere
    (a later polygon wins where polygons overlap)."""
    return features.rasterize(zip(geometries, values), out_shape=grid.shape, transform=grid.transform,
                              dtype="float64", fill=fill)


def zonal_means(grid: GridSpec, array: np.ndarray, polygons, id_col: str,
                population: np.ndarray | None = None) -> pd.DataFrame:
    """Area-mean and population-weighted mean of ``array`` per polygon.

    A cell belongs to a polygon when its centre lies inside (cells touched are used for polygons smaller
    than a cell). Without a population raster the population is uniform within each polygon, so the
    population-weighted mean equals the area mean.

    Returns
    -------
    DataFrame with ``id_col``, ``n_cells``, ``pm25_area_mean_ug_m3``, ``pm25_pop_weighted_ug_m3``.
    """
    rows = []
    for pid, geom in zip(polygons[id_col], polygons.geometry):
        vals, weights = _cells_in(geom, grid, array, population)
        if vals is None or vals.size == 0:
            rows.append((pid, 0, np.nan, np.nan))
            continue
        pop_w = np.average(vals, weights=weights) if weights is not None and weights.sum() > 0 else vals.mean()
        rows.append((pid, int(vals.size), float(vals.mean()), float(pop_w)))
    return pd.DataFrame(rows, columns=[id_col, "n_cells", "pm25_area_mean_ug_m3", "pm25_pop_weighted_ug_m3"])


def _cells_in(geom, grid: GridSpec, array, population):
    if geom is None or geom.is_empty:
        return None, None
    box = cell_window(geom.bounds, grid)
    if box is None:
        return None, None
    r0, r1, c0, c1 = box
    tr = window_transform(Window(c0, r0, c1 - c0, r1 - r0), grid.transform)
    for touched in (False, True):
        mask = features.rasterize([(geom, 1)], out_shape=(r1 - r0, c1 - c0), transform=tr, fill=0,
                                  dtype="uint8", all_touched=touched).astype(bool)
        if mask.any():
            break
    vals = array[r0:r1, c0:c1][mask].astype(float)
    weights = None if population is None else population[r0:r1, c0:c1][mask].astype(float)
    ok = np.isfinite(vals)
    return vals[ok], (None if weights is None else weights[ok])
