"""Input checks shared by every entry point (Processing algorithms, CLI, Python API).

Each problem names the layer, the field and the offending ids, and says what to do. All problems of a layer
are collected first, then raised together as one :class:`InputError`, before anything is computed or written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import shapely

MAX_IDS_SHOWN = 10


@dataclass(frozen=True)
class Problem:
    layer: str
    field: str
    ids: tuple = ()
    message: str = ""
    severity: str = "error"  # "error" stops the run, "warning" is reported and the run goes on

    def __str__(self) -> str:
        ids = ""
        if self.ids:
            shown = ", ".join(str(i) for i in self.ids[:MAX_IDS_SHOWN])
            more = f" and {len(self.ids) - MAX_IDS_SHOWN} more" if len(self.ids) > MAX_IDS_SHOWN else ""
            ids = f" (ids: {shown}{more})"
        where = f"layer '{self.layer}'" + (f", field '{self.field}'" if self.field else "")
        return f"{where}: {self.message}{ids}"


class InputError(ValueError):
    """Bad input: carries every :class:`Problem` found; its text names layers, fields and ids."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass
class LayerSchema:
    """What a layer must hold: an id field, required numeric/text fields, optional numeric fields."""

    name: str
    id_field: str
    required_numeric: tuple = ()
    required_text: tuple = ()
    optional_numeric: tuple = ()
    geometry: tuple = ("Point",)  # accepted geometry base types
    nonnegative: tuple = field(default=())  # numeric fields that must be >= 0
    optional_text: tuple = ()  # text fields the model reads when present

    def field_names(self) -> tuple:
        """Every field the model reads from this layer."""
        return ((self.id_field,) + tuple(self.required_numeric) + tuple(self.required_text)
                + tuple(self.optional_numeric) + tuple(self.optional_text))


def _ids(df: pd.DataFrame, id_field: str, mask) -> tuple:
    if id_field in df.columns:
        return tuple(df.loc[mask, id_field].tolist())
    return tuple(np.flatnonzero(np.asarray(mask)).tolist())


THOUSANDS_GROUPED = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?"  # "1,200" or "12,345.5"; not "1,2" (decimal comma?)


def to_number(series: pd.Series) -> pd.Series:
    """Numbers from a column that may hold text (Excel-born layers); unparsable entries become NaN.

    Commas are accepted only as thousands separators in groups of three digits: ``"1,200"`` is 1200, while
    ``"1,2"`` (a decimal comma, or a typo) is not a number — guessing would give a silently wrong value.
    """
    if pd.api.types.is_bool_dtype(series):
        return series.astype(float)
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float)
    text = series.astype("string").str.strip()
    grouped = text.str.fullmatch(THOUSANDS_GROUPED).fillna(False).astype(bool)
    text = text.where(~grouped, text.str.replace(",", "", regex=False))
    return pd.to_numeric(text, errors="coerce").astype(float)


def _numeric_problems(df, schema: LayerSchema, col: str, required: bool) -> list[Problem]:
    raw = df[col]
    values = to_number(raw)
    blank = raw.isna() | raw.astype("string").str.strip().eq("")
    problems = []
    text = values.isna() & ~blank
    if text.any():
        problems.append(Problem(schema.name, col, _ids(df, schema.id_field, text),
                                "holds text that is not a number; fix the values or the field type"))
    if required and blank.any():
        problems.append(Problem(schema.name, col, _ids(df, schema.id_field, blank),
                                "is empty or NaN; give a value for every feature"))
    inf = np.isinf(values)
    if inf.any():
        problems.append(Problem(schema.name, col, _ids(df, schema.id_field, inf), "is infinite"))
    if col in schema.nonnegative:
        neg = values < 0
        if neg.any():
            problems.append(Problem(schema.name, col, _ids(df, schema.id_field, neg),
                                    "is negative; quantities must be >= 0"))
    return problems


def has_geometry(gdf) -> bool:
    """Whether a layer has an active geometry column (a table read from a CSV or spreadsheet has none)."""
    try:
        return gdf.geometry is not None
    except AttributeError:
        return False


def _nonfinite(geom) -> np.ndarray:
    """Mask of geometries with a NaN or infinite coordinate (GEOS cannot compute with them)."""
    coords, index = shapely.get_coordinates(np.asarray(geom.array, dtype=object), return_index=True)
    bad = np.zeros(len(geom), bool)
    bad[index[~np.isfinite(coords).all(axis=1)]] = True
    return bad


def _multipart_problems(gdf, schema: LayerSchema, ok) -> list[Problem]:
    """Point layers: a MultiPoint of several parts is not one location (a single part is accepted)."""
    if tuple(schema.geometry) != ("Point",):
        return []
    parts = shapely.get_num_geometries(np.asarray(gdf.geometry.array, dtype=object))
    several = np.asarray(ok) & (parts > 1)
    if not several.any():
        return []
    return [Problem(schema.name, "geometry", _ids(gdf, schema.id_field, several),
                    f"is a MultiPoint of several parts (up to {int(parts[several].max())}); each feature must be "
                    "one point — split them (QGIS: Multipart to singleparts) and give each part its own id")]


def _geometry_problems(gdf, schema: LayerSchema) -> list[Problem]:
    if not has_geometry(gdf):
        return [Problem(schema.name, "geometry", (),
                        f"has no geometry column (a table?); it must be a layer of {' or '.join(schema.geometry)} "
                        "features — e.g. make points from its longitude/latitude columns first")]
    geom = gdf.geometry
    problems = []
    empty = geom.isna() | geom.is_empty
    if empty.any():
        problems.append(Problem(schema.name, "geometry", _ids(gdf, schema.id_field, empty),
                                "has empty or missing geometry"))
    nonfinite = ~empty & _nonfinite(geom)
    if nonfinite.any():
        problems.append(Problem(schema.name, "geometry", _ids(gdf, schema.id_field, nonfinite),
                                "has NaN or infinite coordinates; fix or remove these features"))
    types = geom.geom_type.fillna("").str.replace("Multi", "", regex=False)
    wrong = ~empty & ~nonfinite & ~types.isin(schema.geometry)
    if wrong.any():
        problems.append(Problem(schema.name, "geometry", _ids(gdf, schema.id_field, wrong),
                                f"must be {' or '.join(schema.geometry)} geometry"))
    usable = ~empty & ~nonfinite & ~wrong
    problems += _multipart_problems(gdf, schema, usable)
    invalid = usable.copy()
    invalid[usable] = ~geom[usable].is_valid  # validity of NaN coordinates is not computable
    if invalid.any():
        problems.append(Problem(schema.name, "geometry", _ids(gdf, schema.id_field, invalid),
                                "is invalid (self-intersection?); it was repaired with make_valid",
                                severity="warning"))
    if gdf.crs is None:
        problems.append(Problem(schema.name, "geometry", (), "has no CRS; set the layer's CRS"))
    elif not (gdf.crs.is_geographic or gdf.crs.is_projected):  # e.g. a GeoPackage's "Undefined" SRS in QGIS
        problems.append(Problem(schema.name, "geometry", (),
                                f"has no CRS that places it on the Earth ('{gdf.crs.name}'); set the layer's CRS"))
    elif gdf.crs.is_geographic:
        problems += _lonlat_range_problems(gdf, schema, empty)
    return problems


def _lonlat_range_problems(gdf, schema: LayerSchema, empty) -> list[Problem]:
    """Coordinates of a geographic layer outside ±180° longitude / ±90° latitude (swapped or wrong CRS)."""
    bounds = gdf.geometry.bounds.to_numpy(float)
    outside = ~np.asarray(empty) & ((np.abs(bounds[:, [0, 2]]) > 180.0).any(axis=1)
                                    | (np.abs(bounds[:, [1, 3]]) > 90.0).any(axis=1))
    if not outside.any():
        return []
    return [Problem(schema.name, "geometry", _ids(gdf, schema.id_field, outside),
                    f"has coordinates outside longitude ±180° / latitude ±90° of its CRS ({gdf.crs.name}); "
                    "are longitude and latitude swapped, or is the layer's CRS wrong? (longitudes east of 180° are "
                    "written −180° … 0°)")]


def bound_problems(gdf, schema: LayerSchema, col: str, max_value: float, why: str) -> list[Problem]:
    """Values of ``col`` above a plausibility bound ``max_value`` (``why`` says where the bound comes from)."""
    if gdf is None or col not in gdf.columns:
        return []
    too_big = to_number(gdf[col]) > max_value
    if not too_big.any():
        return []
    return [Problem(schema.name, col, _ids(gdf, schema.id_field, too_big),
                    f"is implausibly large (> {max_value:.4g}, {why}); check the unit and the value")]


SHAPEFILE_NAME_CHARS = 10  # dBASE III field names hold 10 characters (ESRI Shapefile Technical Description, 1998)


def shapefile_names(columns, schema: LayerSchema) -> tuple[dict, list[Problem]]:
    """Field names cut to 10 characters or upper-cased (shapefiles, dBASE) mapped to the schema's names.

    Returns ``{found name: schema name}`` and a warning for each renamed field; when every name of the layer
    fits in 10 characters (a shapefile), also a warning for each 10-character name that matches no field the
    model reads, which is ignored.
    """
    known = schema.field_names()
    present = set(map(str, columns))
    renames, problems = {}, []
    for col in map(str, columns):
        low = col.lower()
        if col in known or (low in known and low in columns):
            continue
        full = [k for k in known if k not in present and (k == low or k[:SHAPEFILE_NAME_CHARS] == low)]
        if len(full) == 1:
            renames[col] = full[0]
            problems.append(Problem(schema.name, full[0], (), f"read from the field '{col}' (a shapefile name?)",
                                    severity="warning"))
    shapefile_like = all(len(str(c)) <= SHAPEFILE_NAME_CHARS for c in columns)
    for col in map(str, columns):
        if shapefile_like and len(col) == SHAPEFILE_NAME_CHARS and col not in renames and col.lower() not in known:
            problems.append(Problem(schema.name, col, (), "is not a field the model reads and is ignored (a name cut "
                                    "to 10 characters? the fields read are listed in the user guide)",
                                    severity="warning"))
    return renames, problems


def restore_field_names(gdf, schema: LayerSchema) -> tuple:
    """``gdf`` with shapefile-cut or upper-case field names restored to the schema's (a renamed copy; the input
    is not modified), and the warnings of :func:`shapefile_names`. Run before any other check of the layer."""
    if gdf is None:
        return None, []
    renames, problems = shapefile_names(gdf.columns, schema)
    return (gdf.rename(columns=renames) if renames else gdf), problems


def check_layer(gdf, schema: LayerSchema) -> list[Problem]:
    """All problems of one layer against its schema (none raised here)."""
    if gdf is None or len(gdf) == 0:
        return [Problem(schema.name, "", (), "is empty; it needs at least one feature")]
    problems = []
    required = (schema.id_field,) + tuple(schema.required_numeric) + tuple(schema.required_text)
    missing = [c for c in required if c not in gdf.columns]
    for col in missing:
        problems.append(Problem(schema.name, col, (), "is missing; add this field to the layer"))
    if schema.id_field in gdf.columns:
        ids = gdf[schema.id_field]
        blank = ids.isna() | ids.astype("string").str.strip().eq("")
        if blank.any():
            problems.append(Problem(schema.name, schema.id_field, tuple(np.flatnonzero(blank.values)),
                                    "is empty for the features at these row numbers"))
        dup = ids.duplicated(keep=False) & ~blank
        if dup.any():
            problems.append(Problem(schema.name, schema.id_field, tuple(sorted(set(ids[dup].astype(str)))),
                                    "has duplicate ids; ids must be unique"))
    for col in schema.required_numeric:
        if col in gdf.columns:
            problems += _numeric_problems(gdf, schema, col, required=True)
    for col in schema.optional_numeric:
        if col in gdf.columns:
            problems += _numeric_problems(gdf, schema, col, required=False)
    return problems + _geometry_problems(gdf, schema)


def raise_errors(problems: Iterable[Problem]) -> list[Problem]:
    """Raise :class:`InputError` if any problem is an error; return the warnings otherwise."""
    problems = list(problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return problems


def clean_layer(gdf, schema: LayerSchema):
    """Copy of a checked layer with numeric fields as floats and invalid geometries repaired.

    The input is never modified.
    """
    out = gdf.copy()
    for col in tuple(schema.required_numeric) + tuple(schema.optional_numeric):
        if col in out.columns:
            out[col] = to_number(out[col])
    out[schema.id_field] = out[schema.id_field].astype(str)
    if has_geometry(out):
        bad = ~out.geometry.is_valid
        if bad.any():
            out.loc[bad, out.geometry.name] = out.geometry[bad].make_valid()
        single = out.geometry.geom_type.eq("MultiPoint") & (out.geometry.count_geometries() == 1)
        if single.any():  # a MultiPoint of one part is that point
            out.loc[single, out.geometry.name] = shapely.get_geometry(out.geometry[single].array, 0)
    return out
