"""Reading input layers and writing results — the only module of the core that touches files.

Results are written completely or not at all: everything goes to a hidden temporary folder beside the
destination and is moved into place only when every file has been written.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from .feedback import Feedback
from .grid import NODATA
from .validate import InputError, Problem
from .vocabulary import INPUT_LAYERS

if TYPE_CHECKING:
    from .eeio import IOTable
    from .params import Params

RESULTS_GPKG = "results.gpkg"


def read_layer(path: str | Path, layer: str | None = None, name: str = "layer") -> gpd.GeoDataFrame:
    """One vector layer from any OGR source; a missing, unreadable or locked file, or a missing layer, is an
    :class:`InputError` naming the file."""
    path = Path(path)
    if layer is not None and layer not in list_layers(path, name):
        raise InputError([Problem(name, "", (), f"{path.name} has no layer '{layer}'")])
    if layer is None:
        check_readable(path, name)
    return _read(path, layer, name)


def _read(path: Path, layer: str | None, name: str) -> gpd.GeoDataFrame:
    import warnings

    try:
        with warnings.catch_warnings():  # NaN coordinates: the input check names the features instead
            warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
            return gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # an unreadable file must be a clear message, not a traceback
        raise _unreadable(path, name, exc) from exc


SQLITE_HEADER = b"SQLite format 3\x00"  # first 16 bytes of every SQLite file, so of every GeoPackage
LOCK_WAIT_S = 1.0  # how long to wait for another program's lock on a GeoPackage before reporting it


def _unreadable(path: Path, name: str, exc: Exception) -> InputError:
    """The :class:`InputError` for a file GDAL or SQLite could not read, saying why in a user's words."""
    text = str(exc)
    if "locked" in text:
        why = ("is locked by another program (being written by QGIS, a script or another run?); close it there "
               "or wait until it is written, then run again")
    elif "malformed" in text or "not a database" in text or "database disk image" in text:
        why = "is damaged (truncated or corrupt) and cannot be read; copy it again from its source"
    elif "not recognized as being in a supported file format" in text:
        why = "is not a GeoPackage or another vector format GDAL can read (shapefile, GeoJSON, …)"
    else:
        why = f"cannot be read: {text}"
    return InputError([Problem(name, "", (), f"file {path} {why}")])


def check_readable(path: str | Path, name: str = "inputs") -> None:
    """:class:`InputError` naming ``path`` when it is missing, empty (0 bytes), or a GeoPackage that is locked by
    another program or damaged (SQLite ``quick_check``, read-only: the file is not modified)."""
    import sqlite3

    path = Path(path)
    if not path.exists():
        raise InputError([Problem(name, "", (), f"file not found: {path}")])
    if path.is_dir():
        return  # a folder of shapefiles is an OGR source too
    if path.stat().st_size == 0:
        raise InputError([Problem(name, "", (), f"file {path} is empty (0 bytes); copy it again from its source")])
    try:
        with path.open("rb") as head:
            if head.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT_S)
        try:
            verdict = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except OSError as exc:
        raise _unreadable(path, name, exc) from exc
    except sqlite3.Error as exc:
        if any(word in str(exc) for word in ("locked", "malformed", "not a database")):
            raise _unreadable(path, name, exc) from exc
        return  # e.g. a WAL GeoPackage in a read-only folder: SQLite cannot judge it read-only, GDAL can read it
    if verdict != [("ok",)]:
        raise _unreadable(path, name, sqlite3.DatabaseError(f"database disk image is malformed: {verdict[0][0]}"))


def read_raster(path: str | Path, name: str = "raster"):
    """A single-band north-up GeoTIFF as a :class:`uis_qgis.grid.Raster` (nodata → NaN)."""
    import numpy as np
    import rasterio

    from .grid import GridSpec, Raster

    if not Path(path).exists():
        raise InputError([Problem(name, "", (), f"file not found: {path}")])
    with rasterio.open(path) as src:
        t = src.transform
        if t.b != 0 or t.d != 0 or t.e >= 0 or abs(abs(t.e) - t.a) > 1e-9 * t.a:
            raise InputError([Problem(name, "", (), "must be a north-up grid of square cells")])
        if src.crs is None:
            raise InputError([Problem(name, "", (), "has no CRS; set the raster's CRS")])
        array = src.read(1, masked=True).astype("float64").filled(np.nan)
        return Raster(array, GridSpec((t.c, t.f), float(t.a), array.shape, src.crs))


def list_layers(path: str | Path, name: str = "inputs") -> list[str]:
    """Layer names of a vector file; a missing, unreadable or locked file is an :class:`InputError` naming it."""
    check_readable(path, name)
    try:
        return [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as exc:  # pyogrio's DataSourceError and GDAL's own errors
        raise _unreadable(Path(path), name, exc) from exc


def read_inputs(gpkg: str | Path | None = None, **paths) -> dict:
    """Input layers by name from one GeoPackage and/or separate files (``plants=…``, ``cities=…``).

    Layers of the GeoPackage named like :data:`INPUT_LAYERS` are read; a separate path given for a layer
    wins. Absent optional layers are ``None``. Returns ``{name: GeoDataFrame | None}``.
    """
    layers = {name: None for name in INPUT_LAYERS}
    if gpkg is not None:
        available = set(list_layers(gpkg, "inputs"))
        if not available:
            raise InputError([Problem("inputs", "", (), f"no layers readable in {gpkg}")])
        for name in INPUT_LAYERS:
            if name in available:
                layers[name] = _read(Path(gpkg), name, name)

    for name, path in paths.items():
        if name not in INPUT_LAYERS:
            raise ValueError(f"unknown input layer '{name}'; expected one of {', '.join(INPUT_LAYERS)}")
        if path:
            layers[name] = read_layer(path, None, name)
    return layers


def require_layers(layers: dict, names, gpkg=None) -> None:
    """:class:`InputError` for every required layer that is absent, listing what the GeoPackage does hold."""
    missing = [n for n in names if layers.get(n) is None]
    held = f" in {Path(gpkg).name}, whose layers are {', '.join(list_layers(gpkg))}" if gpkg else ""
    if missing:
        raise InputError([Problem(n, "", (), f"is required but was not found{held}; rename the layer or pass "
                                  f"--{n.replace('_', '-')} FILE") for n in missing])


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    """Deterministic row order: by the first id-like column when there is one."""
    keys = [c for c in df.columns if c.endswith("_id") or c in ("province", "grid_region", "scenario")]
    return df.sort_values(keys[:3], kind="mergesort").reset_index(drop=True) if keys else df


TEMP_NAME_CHARS = 32  # characters of the output folder's name kept in its hidden temporary folder's name
MAX_RESULT_FILE_CHARS = 64  # room kept for a result file's name in path-length checks (longest today: 27)


class OutputError(InputError):
    """An output location that cannot receive results, reported before anything is read or computed."""

    def __init__(self, message: str):
        super().__init__([Problem("output", "", (), message)])
        self.message = message

    def __str__(self) -> str:
        return self.message


def temp_prefix(out: Path) -> str:
    """Prefix of the hidden temporary folder written beside ``out``: short enough for any legal name of ``out``
    (``tempfile.mkdtemp`` adds 8 characters)."""
    return f".{out.name[:TEMP_NAME_CHARS]}.tmp-"


def _exists(path: Path) -> bool:
    """``path.exists()``, False for names the file system cannot even look up (too long)."""
    try:
        return path.exists()
    except OSError:
        return False


def _existing_folder(path: Path, what: str) -> Path:
    """The nearest existing folder above ``path`` (where missing folders will be created); errors for names the
    file system cannot hold and for a file in the way."""
    ancestor = path.parent
    while not _exists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"{what}: {ancestor} is a file, so {path} cannot be created inside it; choose another "
                          "location")
    name_max, path_max = os.pathconf(ancestor, "PC_NAME_MAX"), os.pathconf(ancestor, "PC_PATH_MAX")
    for part in path.relative_to(ancestor).parts:
        if len(os.fsencode(part)) > name_max:
            raise OutputError(f"{what}: the name '{part[:40]}…' is {len(os.fsencode(part))} bytes long, more than "
                              f"the file system allows ({name_max}); choose a shorter name")
    if len(os.fsencode(str(path))) + 1 + MAX_RESULT_FILE_CHARS > path_max:
        raise OutputError(f"{what}: the path {str(path)[:60]}… is too long for the file system ({path_max} bytes "
                          "with the result files' names); choose a shorter path")
    return ancestor


def _probe_writable(folder: Path, out: Path, what: str) -> None:
    """Create and remove the hidden temporary folder the writer will use in ``folder``: a real write test."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=temp_prefix(out), dir=folder))
    except OSError as exc:
        raise OutputError(f"{what}: cannot write in {folder} ({exc.strerror}); choose a folder you can write "
                          "to") from exc


def check_output_location(out: str | Path, what: str = "--out") -> Path:
    """Check, before any work, that the results folder ``out`` can be written; return it as an absolute path.

    ``out`` must not be an existing file; the folders it is created in (and ``out`` itself when it exists) must
    be writable, which is tested by creating and removing the hidden temporary folder of
    :func:`write_results`; every name must fit the file system. Raises :class:`OutputError` naming ``what``
    (the option or parameter) and the path.
    """
    out = Path(out).expanduser().absolute()
    if _exists(out) and not out.is_dir():
        raise OutputError(f"{what}: {out} is an existing file; results go into a folder — give a folder name "
                          "(it is created when missing)")
    _probe_writable(_existing_folder(out, what), out, what)
    if _exists(out):
        _probe_writable(out, out, what)
    return out


def check_output_file(path: str | Path, what: str) -> Path:
    """Check, before any work, that the file ``path`` (e.g. the HTML report) can be written; absolute path back."""
    path = Path(path).expanduser().absolute()
    if _exists(path) and path.is_dir():
        raise OutputError(f"{what}: {path} is a folder; give a file name")
    _probe_writable(_existing_folder(path, what), path, what)
    return path


def write_gpkg_layer(gdf: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """Add ``gdf`` as layer ``layer`` of the GeoPackage ``path`` (pyogrio; the default layer writer)."""
    gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")


def _write_all(results, tmp: Path, feedback: Feedback, write_layer) -> dict[str, str]:
    written = {}
    n = max(1, len(results.layers) + len(results.tables) + len(results.rasters) + 1)
    done = 0
    for name, gdf in results.layers.items():
        feedback.check()
        write_layer(_sorted(gdf), tmp / RESULTS_GPKG, name)
        written[name] = f"{RESULTS_GPKG}|layername={name}"
        done += 1
        feedback.progress(done / n, f"wrote layer {name}")
    for name, df in results.tables.items():
        feedback.check()
        _sorted(df).to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8")
        written[name] = f"{name}.csv"
        done += 1
        feedback.progress(done / n, f"wrote table {name}")
    if results.rasters:
        for name, raster in results.rasters.items():
            feedback.check()
            write_geotiff(tmp / f"{name}.tif", raster.array, raster.grid)
            written[name] = f"{name}.tif"
            done += 1
            feedback.progress(done / n, f"wrote raster {name}")
    if results.report_html:
        (tmp / "report.html").write_text(results.report_html, encoding="utf-8")
        written["report"] = "report.html"
    pd.DataFrame(results.params.rows()).to_csv(tmp / "parameters_used.csv", index=False, encoding="utf-8")
    written["parameters_used"] = "parameters_used.csv"
    return written


def write_results(results, out_dir: str | Path, feedback: Feedback | None = None,
                  write_layer=write_gpkg_layer) -> dict[str, Path]:
    """Write layers (one GeoPackage), tables (CSV), rasters (GeoTIFF) and the report into ``out_dir``.

    All files are first written to a temporary folder in the same parent; only when all succeeded are
    they moved into ``out_dir`` (replacing older files of the same names). On failure or cancel nothing
    is left behind. ``write_layer(gdf, gpkg_path, layer_name)`` writes one layer: inside QGIS's own process the
    plugin passes one built on QGIS's writer (pip's shapely cannot write WKB there). Returns ``{name: path}``.
    """
    feedback = feedback or Feedback()
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(out_dir), dir=out_dir.parent))
    try:
        written = _write_all(results, tmp, feedback, write_layer)
        out_dir.mkdir(exist_ok=True)
        for fname in sorted({w.split("|")[0] for w in written.values()}):
            os.replace(tmp / fname, out_dir / fname)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {name: out_dir / rel for name, rel in written.items()}


def population_on_grid(path: str | Path, grid):
    """Persons per cell of ``grid`` (:class:`uis_qgis.grid.GridSpec`) from a population-count raster in any CRS
    and resolution.

    Counts are summed into the grid cells (``rasterio.warp.reproject`` with ``sum`` resampling); nodata and
    negative cells count as nobody. A missing file is an :class:`InputError`.
    """
    import numpy as np
    import rasterio
    from rasterio.warp import Resampling, reproject

    out = np.zeros(grid.shape, dtype="float64")
    if not Path(path).exists():
        raise InputError([Problem("population_raster", "", (), f"file not found: {path}")])
    with rasterio.open(path) as src:
        data = src.read(1, masked=True).astype("float64").filled(0.0)
        data[~np.isfinite(data) | (data < 0)] = 0.0
        reproject(data, out, src_transform=src.transform, src_crs=src.crs, dst_transform=grid.transform,
                  dst_crs=grid.crs, resampling=Resampling.sum, src_nodata=None, dst_nodata=None)
    return out


# ------------------------------------------------------------------------------------------ atomic writes
@contextmanager
def atomic_path(path: str | Path):
    """Write one file all or nothing: yields a new temporary path in the destination's folder (same suffix)
    for the writer to create (so the file gets the user's umask); when the block ends without error it
    replaces ``path`` (``os.replace``), otherwise it is removed.

    The one single-file atomic writer of the core (GeoTIFFs, the report, charts, wind roses);
    :func:`write_results` uses a temporary folder the same way for a whole set of files.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f"{temp_prefix(path)}{uuid.uuid4().hex[:8]}{path.suffix}"
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically (:func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_geotiff(path: str | Path, array, grid, nodata: float = NODATA) -> Path:
    """Write a float32 single-band GeoTIFF (deflate, tiled; NaN → ``nodata``) of ``array`` on ``grid``
    (:class:`uis_qgis.grid.GridSpec`) atomically."""
    import numpy as np
    import rasterio

    data = np.where(np.isfinite(array), array, nodata).astype(np.float32)
    profile = dict(driver="GTiff", height=grid.shape[0], width=grid.shape[1], count=1, dtype="float32",
                   crs=grid.crs, transform=grid.transform, nodata=nodata, compress="deflate", predictor=3,
                   tiled=grid.shape[0] >= 256 and grid.shape[1] >= 256)
    with atomic_path(path) as tmp:
        with rasterio.open(tmp, "w", **profile) as dst:
            dst.write(data, 1)
            dst.update_tags(units="ug/m3", quantity="annual mean primary PM2.5")
    return Path(path)


# ------------------------------------------------------------------------------------------ met and health
def read_wind_rose(path: str | Path):
    """A wind rose (:class:`uis_qgis.met.WindRose`) from its long CSV table (the layout of
    :meth:`~uis_qgis.met.WindRose.to_frame`, e.g. a user's rose); a missing file is an :class:`InputError`."""
    from .met import WindRose

    if not Path(path).is_file():
        raise InputError([Problem(Path(path).name, "", (), f"wind rose file not found: {path}")])
    return WindRose.from_frame(pd.read_csv(path, encoding="utf-8"), layer=Path(path).name)


def write_wind_rose(rose, path: str | Path) -> Path:
    """Write ``rose`` as the long table of :meth:`~uis_qgis.met.WindRose.to_frame` (UTF-8, 10 significant
    digits), atomically."""
    with atomic_path(path) as tmp:
        rose.to_frame().to_csv(tmp, index=False, float_format="%.10g", encoding="utf-8")
    return Path(path)


def default_rose(params):
    """The shipped climatology (SPEC §6 default met) named by ``general.default_wind_rose``."""
    from .data import data_path

    return read_wind_rose(data_path(params.get("general.default_wind_rose")))


def read_health_table(name: str | Path) -> pd.DataFrame:
    """A health table (GEMM / IER parameters, baseline deaths) as a fresh copy: ``name`` relative to
    ``uis_qgis/data/health`` or absolute. Each file is read once per session (cached by path and
    modification time)."""
    from .data import DATA_DIR

    path = Path(name) if Path(name).is_absolute() else DATA_DIR / "health" / name
    if not path.is_file():
        raise FileNotFoundError(f"health table not found: {path}")
    return read_table(path)


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV table (UTF-8) as a fresh copy; each file is read once per session (cached by path and
    modification time)."""
    path = Path(path)
    return _read_csv_cached(str(path), path.stat().st_mtime_ns).copy()


@lru_cache(maxsize=32)
def _read_csv_cached(path: str, _mtime_ns: int) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8")


# ------------------------------------------------------------------------------------ input–output tables (SPEC §9)
def read_io_csv(path: str | Path, params: Params | None = None) -> IOTable:
    """Read an n-sector table from the project's CSV layout.

    Layout: a ``sector`` column, one column per sector code holding Z (row sells to column), then
    ``final_demand``, ``co2_t`` and optionally ``value_added`` and ``total_output``. An optional first line
    ``# money_unit: 10^4 CNY`` names the money unit.

    Parameters
    ----------
    path : str or Path
        CSV file.
    params : Params, optional
        For ``eeio.balance_rel_tol``.

    Returns
    -------
    IOTable

    Raises
    ------
    InputError
        Missing file or columns, non-numbers, unbalanced rows; the message names the file, field and sectors.
    """
    path = Path(path)
    from .eeio import TABLE_COLUMNS, make_table
    from .params import load_params

    params = params or load_params()
    if not path.exists():
        raise InputError([Problem(path.name, "", (), f"file not found: {path}")])
    money_unit = _money_unit(path)
    df = pd.read_csv(path, comment="#", dtype={"sector": str})
    if "sector" not in df.columns:
        raise InputError([Problem(path.name, "sector", (), "is missing; add a sector column")])
    sectors = df["sector"].astype(str).str.strip().tolist()
    missing = [c for c in sectors + ["final_demand", "co2_t"] if c not in df.columns]
    if missing:
        raise InputError([Problem(path.name, c, (), "is missing; Z needs one column per sector code, plus "
                                                    "final_demand and co2_t") for c in missing])
    numeric = df[sectors + [c for c in TABLE_COLUMNS if c in df.columns]].apply(pd.to_numeric, errors="coerce")
    bad = [c for c in numeric.columns if numeric[c].isna().any()]
    if bad:
        raise InputError([Problem(path.name, c, tuple(df.loc[numeric[c].isna(), "sector"]), "is not a number")
                          for c in bad])
    optional = {c: numeric[c].to_numpy() for c in ("value_added", "total_output") if c in numeric.columns}
    return make_table(sectors, numeric[sectors].to_numpy(), numeric["final_demand"].to_numpy(),
                      numeric["co2_t"].to_numpy(), v=optional.get("value_added"), x=optional.get("total_output"),
                      money_unit=money_unit, rel_tol=params.get("eeio.balance_rel_tol"), name=path.name)


def _money_unit(path: Path, default: str = "10^4 CNY") -> str:
    with open(path, encoding="utf-8") as fh:
        first = fh.readline().strip()
    if first.startswith("#") and ":" in first:
        key, value = first.lstrip("# ").split(":", 1)
        if key.strip() == "money_unit":
            return value.strip()
    return default


def write_io_csv(table: IOTable, path: str | Path, source: str = "") -> None:
    """Write ``table`` in the layout of :func:`read_io_csv`: money unit on the first line, then the source."""
    from .eeio import table_to_frame

    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# money_unit: {table.money_unit}\n")
        if source:
            fh.write(f"# source: {source}\n")
        table_to_frame(table).to_csv(fh, index=False, float_format="%.10g")


def read_nbs_io_csv(path: str | Path, co2_t=None, origin: str = "Domestic") -> IOTable:
    """Read a national table of the NBS as packed in the ``ionet`` R package (``../shared/data``).

    Rows: sector codes (for the 2017 table, the block whose ``Origin`` is ``origin``), ``TVA`` value added;
    columns: sector codes, ``GO`` total output. Final demand is taken as f = GO − Z·1, i.e. final use net of
    imports and the statistical error in the competitive-import 2012 table (= ``TFU − IM + ERR``) and
    domestic final use in the non-competitive 2017 table (= ``TFU``), so that x = Z·1 + f holds exactly.

    Parameters
    ----------
    path : str or Path
        ``nbs_io_china_2012_139.csv`` or ``nbs_io_china_2017_42.csv``.
    co2_t : array_like, optional
        Direct CO2 by sector, t/yr (zeros when omitted).
    origin : str
        Which row block of a non-competitive table holds domestic deliveries.

    Returns
    -------
    IOTable
        Money unit 10^4 CNY.
    """
    from .eeio import make_table

    df = pd.read_csv(path, dtype={"Code": str})
    if "Origin" in df.columns:
        value_added = df[(df["Origin"] == "TOT") & (df["Code"] == "TVA")]
        df = pd.concat([df[df["Origin"] == origin], value_added])
    df = df.set_index("Code")
    sectors = [c for c in df.index if c.isdigit()]
    Z = df.loc[sectors, sectors].astype(float).to_numpy()
    x = df.loc[sectors, "GO"].astype(float).to_numpy()
    v = df.loc["TVA", sectors].astype(float).to_numpy()
    co2_t = np.zeros(len(sectors)) if co2_t is None else co2_t
    return make_table(sectors, Z, x - Z.sum(axis=1), co2_t, v=v, x=x, name=Path(path).name)


def read_map_csv(path: str | Path) -> dict:
    """Aggregation map ``{detailed code: group code}`` from a CSV with columns ``code`` and ``group``."""
    df = pd.read_csv(path, dtype=str)
    missing = [c for c in ("code", "group") if c not in df.columns]
    if missing:
        raise InputError([Problem(Path(path).name, c, (), "is missing") for c in missing])
    return dict(zip(df["code"].str.strip(), df["group"].str.strip()))


def read_ceads(path: str | Path) -> pd.DataFrame:
    """The CEADs provincial sector inventory CSV (``province``, ``sector``, ``co2_mt``) for
    :func:`uis_qgis.eeio.ceads_inventory_t`."""
    return pd.read_csv(path)


def national_table_13(io_path: str | Path, io_map_path: str | Path, ceads_path: str | Path,
                      ceads_map_path: str | Path | None = None):
    """A national 13-sector table (seed 002 Table 2) from an NBS table and the CEADs 2012 inventories."""
    from .eeio import MAP_CEADS, SECTORS_13, aggregate, ceads_inventory_t

    detailed = read_nbs_io_csv(io_path)
    table = aggregate(detailed, read_map_csv(io_map_path), SECTORS_13)
    return table.with_co2(ceads_inventory_t(read_ceads(ceads_path), read_map_csv(ceads_map_path or MAP_CEADS)))


def read_uis_options(path: str | Path) -> tuple[list, dict, dict]:
    """UIS options, factors and city metadata from an options TOML file (:func:`uis_qgis.eeio.options_from_doc`);
    a missing file is an :class:`InputError`."""
    import tomllib

    from .eeio import options_from_doc

    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise InputError([Problem(Path(path).name, "", (), f"file not found: {path}")]) from exc
    return options_from_doc(doc)


def run_eeio(io_path, options_path=None, map_path=None, symbiosis_path=None, params=None, feedback=None):
    """Files in, :class:`uis_qgis.eeio.EEIOResult` out: read the table (aggregate it), options and savings,
    then :func:`uis_qgis.eeio.assess`.

    ``options_path=None`` assesses the symbiosis savings alone (no preset options, no city total).
    """
    from . import eeio
    from .params import load_params

    params = params or load_params()
    table = read_io_csv(io_path, params)
    if map_path:
        table = eeio.aggregate(table, read_map_csv(map_path))
    options, factors, city = read_uis_options(options_path) if options_path is not None else ([], {}, {})
    balances = eeio.option_balances(options, factors)
    delta = eeio.inventory_changes(options, factors, table.sectors)
    if symbiosis_path:
        if not Path(symbiosis_path).is_file():
            raise InputError([Problem("symbiosis savings", "", (), f"file not found: {symbiosis_path}")])
        savings = pd.read_csv(symbiosis_path)
        delta = delta + eeio.inventory_changes_from_symbiosis(savings, None, params, table.sectors)
    return eeio.assess(table, delta, balances, city.get("total_co2_t"), feedback)


def write_eeio_outputs(result, params, out_dir) -> dict:
    """Write the EEIO tables (``eeio_*.csv``, ``parameters_used.csv``) atomically and the change chart.

    Returns ``{name: path}``.
    """
    from .eeio import eco_efficiency_figure
    from .model import Results

    tables = {"eeio_options": result.options, "eeio_inventory": result.inventory, "eeio_bau": result.bau,
              "eeio_uis": result.uis, "eeio_change": result.change, "eeio_summary": result.summary}
    written = write_results(Results(tables=tables, params=params), out_dir)
    chart = Path(out_dir) / "eco_efficiency_change.png"
    written["eco_efficiency_chart"] = write_figure(eco_efficiency_figure(result.change), chart)
    return written


def write_figure(fig, path: str | Path, dpi: int = 120) -> Path:
    """Save a matplotlib figure as PNG atomically and close it."""
    import matplotlib.pyplot as plt

    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format="png")
    plt.close(fig)
    return Path(path)
