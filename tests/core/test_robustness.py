"""Messy real data (issue 7): a battery of broken inputs through the whole core pipeline.

Every case goes the way a user's data goes: written to a GeoPackage, read by :func:`uis_qgis.io.read_inputs`,
run by :func:`uis_qgis.model.run_assessment`, written by :func:`uis_qgis.io.write_results`. Broken inputs must
stop with an :class:`InputError` naming layer, field and ids, leave NOTHING in the output folder (no temporary
folder either) and leave the input file byte-identical. Inputs that are merely unusual (geographic or mixed
CRSs, repaired polygons, Chinese ids, plants far from every city) must run, with a warning where due.

The case table :data:`BROKEN` is shared with ``tests/e2e/test_robustness_cli.py`` and
``tests/qgis/test_robustness_qgis.py`` (imported from this file), so the three front ends see the same data.
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPoint, Point, Polygon, box

sys.path.insert(0, str(Path(__file__).resolve().parent))
from symbiosis_fixtures import region  # noqa: E402

WGS84 = "EPSG:4326"
FAR_AWAY_DEG = 5.0  # ~430 km east at 40°N: far beyond every city of the fixture region


def good_layers() -> dict:
    """A small valid region (10 plants of every role, 2 cities, cores, DES, provinces) in EPSG:4326."""
    return {name: gdf.to_crs(WGS84) for name, gdf in region(0, 10).items()}


@dataclass(frozen=True)
class Broken:
    """One broken input: how to break the good layers and what the message must name."""

    name: str
    breaks: Callable[[dict], dict]
    layer: str
    field: str
    ids: tuple
    says: str
    rename: dict | None = None  # GeoPackage layer names to use instead of the SPEC's (a typo)
    qgis_says: str | None = None  # what the message says when QGIS reads the file (it may see the data otherwise)
    qgis_stops: str | None = None  # QGIS Processing itself refuses the source, with this message (regex)


def _set(layer: str, column: str, row_id: str, value, as_text: bool = False):
    def apply(layers):
        gdf = layers[layer].copy()
        id_field = gdf.columns[0]
        if as_text:
            gdf[column] = gdf[column].map(lambda v: f"{v:.1f}")
        gdf[column] = gdf[column].astype(object)
        gdf.loc[gdf[id_field] == row_id, column] = value
        if not as_text:
            gdf[column] = gdf[column].astype(type(value) if not isinstance(value, str) else object)
        return dict(layers, **{layer: gdf})
    return apply


def _geometry(layer: str, row_id: str, geom):
    def apply(layers):
        gdf = layers[layer].copy()
        gdf.loc[gdf[gdf.columns[0]] == row_id, gdf.geometry.name] = geom
        return dict(layers, **{layer: gdf})
    return apply


def _drop_field(layer, column):
    return lambda layers: dict(layers, **{layer: layers[layer].drop(columns=column)})


def _empty(layer):
    return lambda layers: dict(layers, **{layer: layers[layer].iloc[0:0]})


def _rename_id(layer, old, new):
    def apply(layers):
        gdf = layers[layer].copy()
        gdf[gdf.columns[0]] = gdf[gdf.columns[0]].replace(old, new)
        return dict(layers, **{layer: gdf})
    return apply


def _plants_as_polygons(layers):
    plants = layers["plants"].copy()
    squares = [box(p.x - 0.01, p.y - 0.01, p.x + 0.01, p.y + 0.01) for p in plants.geometry]
    return dict(layers, plants=plants.set_geometry(squares, crs=WGS84))


LOCAL_CRS = ('ENGCRS["Undefined",EDATUM["Unknown engineering datum"],CS[Cartesian,2],'
             'AXIS["x",unspecified,ORDER[1],LENGTHUNIT["metre",1]],AXIS["y",unspecified,ORDER[2],'
             'LENGTHUNIT["metre",1]]]')  # what QGIS reports for a GeoPackage layer with an undefined SRS


def _no_crs(layer, crs=None):
    return lambda layers: dict(layers, **{layer: layers[layer].set_crs(crs, allow_override=True)})


def _swap_lonlat(layers):
    plants = layers["plants"].copy()
    return dict(layers, plants=plants.set_geometry([Point(p.y, p.x) for p in plants.geometry], crs=WGS84))


def _identity(layers):
    return layers


ALL_PLANTS = tuple(f"p{i:02d}" for i in range(10))
BROKEN = [
    Broken("missing_required_field", _drop_field("plants", "fuel_tce"), "plants", "fuel_tce", (), "missing"),
    Broken("decimal_comma_text", _set("plants", "fuel_tce", "p03", "1,2", as_text=True),
           "plants", "fuel_tce", ("p03",), "text that is not a number"),
    Broken("n_a_text", _set("plants", "fuel_tce", "p04", "n/a", as_text=True),
           "plants", "fuel_tce", ("p04",), "text that is not a number"),
    Broken("nan", _set("plants", "fuel_tce", "p02", np.nan), "plants", "fuel_tce", ("p02",), "empty or NaN"),
    Broken("infinite", _set("plants", "fuel_tce", "p05", np.inf), "plants", "fuel_tce", ("p05",), "infinite"),
    Broken("negative", _set("plants", "fuel_tce", "p06", -5.0), "plants", "fuel_tce", ("p06",), "negative"),
    Broken("plant_burns_more_than_china", _set("plants", "fuel_tce", "p07", 1.0e10),
           "plants", "fuel_tce", ("p07",), "implausibly large"),
    Broken("city_bigger_than_china", _set("cities", "population", "c2", 2.0e9),
           "cities", "population", ("c2",), "implausibly large"),
    Broken("empty_layer", _empty("plants"), "plants", "", (), "is empty"),
    Broken("duplicate_ids", _rename_id("plants", "p01", "p00"), "plants", "plant_id", ("p00",), "duplicate"),
    Broken("chinese_duplicate_ids", lambda ls: _rename_id("plants", "p01", "唐山钢铁")(
        _rename_id("plants", "p00", "唐山钢铁")(ls)), "plants", "plant_id", ("唐山钢铁",), "duplicate"),
    Broken("empty_geometry", _geometry("plants", "p08", Point()), "plants", "geometry", ("p08",), "empty"),
    Broken("wrong_geometry_type", _plants_as_polygons, "plants", "geometry", ALL_PLANTS, "must be Point"),
    Broken("unknown_sector", _set("plants", "sector", "p09", "steal"), "plants", "sector", ("p09",),
           "unknown sector"),
    Broken("no_crs", _no_crs("cities"), "cities", "geometry", (), "no CRS"),
    Broken("undefined_local_crs", _no_crs("cities", LOCAL_CRS), "cities", "geometry", (),
           "no CRS that places it on the Earth"),
    Broken("swapped_lon_lat", _swap_lonlat, "plants", "geometry", ALL_PLANTS, "swapped"),
    Broken("core_refers_to_unknown_city", _set("urban_cores", "city_id", "k2", "c9"),
           "urban_cores", "city_id", ("k2",), "refers to cities not in the cities layer (c9)"),
    Broken("layer_name_typo", _identity, "plants", "", (), "required", rename={"plants": "plant"}),
    # issue 14 #3: geometry edge cases
    Broken("nan_coordinate", _geometry("plants", "p02", Point(np.nan, 39.7)), "plants", "geometry", ("p02",),
           "NaN or infinite coordinates", qgis_says="empty or missing geometry"),  # QGIS reads a NaN point as empty
    Broken("infinite_coordinate", _geometry("plants", "p05", Point(117.2, np.inf)), "plants", "geometry",
           ("p05",), "NaN or infinite coordinates"),
    Broken("nan_city_vertex", lambda ls: _geometry("cities", "c1", Polygon(
        [(116.9, 39.6), (117.1, np.nan), (117.1, 39.8), (116.9, 39.8)]))(ls), "cities", "geometry", ("c1",),
           "NaN or infinite coordinates", qgis_stops="Feature \\(1\\) from .* has invalid geometry"),
    Broken("multipoint_plant_of_two_parts", lambda ls: _geometry("plants", "p03", MultiPoint(
        [ls["plants"].geometry.iloc[3], ls["plants"].geometry.iloc[4]]))(ls), "plants", "geometry", ("p03",),
           "MultiPoint of several parts"),
]


def write_gpkg(path: Path, layers: dict, rename: dict | None = None) -> Path:
    """Write every non-None layer into one GeoPackage (layer names optionally misspelt)."""
    for name, gdf in layers.items():
        if gdf is not None:
            gdf.to_file(path, layer=(rename or {}).get(name, name), driver="GPKG", engine="pyogrio")
    return path


def broken_gpkg(folder: Path, case: Broken) -> Path:
    return write_gpkg(folder / "inputs.gpkg", case.breaks(good_layers()), case.rename)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def assert_names(message: str, case: Broken) -> None:
    """The message names the layer, the field and every offending id, and says what is wrong."""
    assert f"layer '{case.layer}'" in message, message
    if case.field:
        assert f"field '{case.field}'" in message, message
    for i in case.ids:
        assert str(i) in message, (i, message)
    assert case.says in message, message


# ------------------------------------------------------------------------------------------- the core path
from uis_qgis.feedback import Feedback  # noqa: E402
from uis_qgis.io import read_inputs, write_results  # noqa: E402
from uis_qgis.contract import check_inputs  # noqa: E402
from uis_qgis.model import AssessmentOptions, run_assessment  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402
from uis_qgis.validate import InputError  # noqa: E402

PARAMS = load_params()
FAST = dict(dispersion=False, health=False, report=False)


def pipeline(gpkg: Path, out: Path, feedback: Feedback | None = None, **kwargs):
    """read → run → write, as the CLI does it; returns the results."""
    results = run_assessment(read_inputs(gpkg), PARAMS, AssessmentOptions(**dict(FAST, **kwargs)), feedback)
    write_results(results, out, feedback)
    return results


@pytest.mark.parametrize("case", BROKEN, ids=[c.name for c in BROKEN])
def test_broken_input_stops_names_it_and_writes_nothing(tmp_path, case):
    gpkg = broken_gpkg(tmp_path, case)
    before = sha256(gpkg)
    with pytest.raises(InputError) as err:
        pipeline(gpkg, tmp_path / "out")
    assert_names(str(err.value), case)
    assert any(p.layer == case.layer and p.field == case.field and set(case.ids) <= set(map(str, p.ids))
               for p in err.value.problems), err.value.problems
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs.gpkg"]  # no output, no temporary folder
    assert sha256(gpkg) == before


def test_each_problem_reported_once_and_all_at_once():
    layers = _set("plants", "fuel_tce", "p04", "n/a", as_text=True)(_rename_id("plants", "p01", "p00")(
        _set("cities", "population", "c2", -1.0)(good_layers())))
    with pytest.raises(InputError) as err:
        check_inputs(layers, PARAMS)
    keys = [(p.layer, p.field) for p in err.value.problems]
    assert sorted(keys) == [("cities", "population"), ("plants", "fuel_tce"), ("plants", "plant_id")]


def test_thousands_separator_is_a_number_but_decimal_comma_is_not():
    layers = good_layers()
    plants = layers["plants"].copy()
    plants["fuel_tce"] = [f"{v:,.0f}" for v in plants["fuel_tce"]]  # "123,456" as Excel exports it
    cleaned = check_inputs(dict(layers, plants=plants), PARAMS).layers
    np.testing.assert_array_equal(cleaned["plants"]["fuel_tce"], layers["plants"]["fuel_tce"].round(0))


# --------------------------------------------------------------------------------- unusual but valid inputs
def _comparable(results) -> dict:
    """Result tables without geometry, rows sorted by their ids, for comparing two runs."""
    keys = {"heat_links": ["source_id", "sink_id", "grade", "step"], "plant_results": ["plant_id"],
            "city_results": ["city_id"], "heat_sinks": ["sink_id"]}
    out = {}
    for name, cols in keys.items():
        df = pd.DataFrame(results.layers[name].drop(columns="geometry"))
        out[name] = df.sort_values(cols, kind="mergesort").reset_index(drop=True)
    out.update({name: results.tables[name] for name in ("summary", "province_results", "nation_results")})
    return out


def assert_same_results(a, b, rtol=1e-7):
    ca, cb = _comparable(a), _comparable(b)
    for name in ca:
        pd.testing.assert_frame_equal(ca[name], cb[name], check_exact=False, rtol=rtol, obj=name)


def _run_ok(tmp_path: Path, layers: dict, name: str = "inputs.gpkg"):
    gpkg = write_gpkg(tmp_path / name, layers)
    before = sha256(gpkg)
    results = pipeline(gpkg, tmp_path / f"out_{Path(name).stem}")
    assert sha256(gpkg) == before
    assert (tmp_path / f"out_{Path(name).stem}" / "results.gpkg").exists()
    return results


def test_geographic_crs_gives_the_same_results_as_utm(tmp_path):
    layers = good_layers()
    utm = {k: v.to_crs("EPSG:32650") for k, v in layers.items()}
    assert_same_results(_run_ok(tmp_path, layers, "wgs84.gpkg"), _run_ok(tmp_path, utm, "utm.gpkg"))


def test_mixed_crs_across_layers_gives_the_same_results(tmp_path):
    layers = good_layers()
    mixed = dict(layers, cities=layers["cities"].to_crs("EPSG:3857"),  # web mercator
                 urban_cores=layers["urban_cores"].to_crs("EPSG:32650"),  # UTM 50N
                 district_heating=layers["district_heating"].to_crs("EPSG:4490"),  # CGCS2000 geographic
                 provinces=layers["provinces"].to_crs("EPSG:4547"))  # CGCS2000 / 3-degree Gauss-Krüger 114°E
    a, b = _run_ok(tmp_path, layers, "one.gpkg"), _run_ok(tmp_path, mixed, "mixed.gpkg")
    assert a.crs == b.crs
    assert len(a.layers["heat_links"]) > 0
    assert_same_results(a, b)


def test_invalid_polygon_is_repaired_and_reported(tmp_path):
    layers = good_layers()
    cities = layers["cities"].copy()
    x0, y0, x1, y1 = cities.geometry.iloc[1].bounds
    cities.loc[1, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])  # bow-tie
    assert not cities.geometry.is_valid.all()
    results = _run_ok(tmp_path, dict(layers, cities=cities))
    (warning,) = [w for w in results.warnings if "invalid" in w]
    assert "layer 'cities', field 'geometry'" in warning and "c2" in warning and "repaired" in warning
    city = results.layers["city_results"].set_index("city_id").loc["c2"]
    assert city.geometry.is_valid and city["population"] == 500_000


def test_plant_far_from_every_city_is_a_warning_not_an_error(tmp_path):
    layers = good_layers()
    plants = layers["plants"].copy()
    first = plants.geometry.iloc[0]
    plants.loc[plants["plant_id"] == "p00", "geometry"] = Point(first.x + FAR_AWAY_DEG, first.y)
    results = _run_ok(tmp_path, dict(layers, plants=plants))
    (warning,) = [w for w in results.warnings if "farther than" in w]
    assert "layer 'plants', field 'geometry'" in warning and "(ids: p00)" in warning
    assert "p00" in set(results.layers["plant_results"]["plant_id"])


def test_chinese_names_and_ids_survive_the_round_trip(tmp_path):
    import geopandas as gpd

    layers = good_layers()
    zh = {f"p{i:02d}": f"唐山工厂{i}号" for i in range(10)}
    plants = layers["plants"].assign(plant_id=layers["plants"]["plant_id"].map(zh),
                                     name=[f"冀东{i}厂" for i in range(10)])
    cities = layers["cities"].assign(city_id=["唐山市", "天津市"], name=["唐山", "天津"])
    cores = layers["urban_cores"].assign(city_id=["唐山市", "天津市"], core_id=["唐山核心", "天津核心"])
    results = _run_ok(tmp_path, dict(layers, plants=plants, cities=cities, urban_cores=cores))
    back = gpd.read_file(tmp_path / "out_inputs" / "results.gpkg", layer="plant_results")
    assert set(back["plant_id"]) == set(zh.values()) and "冀东3厂" in set(back["name"])
    assert set(gpd.read_file(tmp_path / "out_inputs" / "results.gpkg", layer="city_results")["city_id"]) == {
        "唐山市", "天津市"}
    links = pd.read_csv(tmp_path / "out_inputs" / "summary.csv", encoding="utf-8")
    assert len(links) and set(results.layers["heat_links"]["source_id"]) <= set(zh.values())


# ------------------------------------------------------------------------------------------------ cancelling
CANCEL_WITHIN_S = 2.0  # issue 7: "cancel in QGIS stops within a second or two at any step"
CANCEL_AT = (0.0, 0.1, 0.3, 0.5, 0.7, 0.86, 0.92)  # inputs, symbiosis, dispersion, health, report (0.92)

class CancelAt(Feedback):
    """Asks to cancel at the first progress report at or beyond ``fraction``; records when."""

    def __init__(self, fraction: float):
        self.fraction, self.asked_at, self.seen = fraction, None, []

    def progress(self, fraction, message=""):
        import time

        self.seen.append(fraction)
        if self.asked_at is None and fraction >= self.fraction:
            self.asked_at = time.perf_counter()

    def is_cancelled(self):
        return self.asked_at is not None


@pytest.mark.parametrize("fraction", CANCEL_AT)
def test_cancel_at_any_step_stops_quickly_and_writes_nothing(tmp_path, fraction):
    import time

    from uis_qgis.feedback import Cancelled

    gpkg = write_gpkg(tmp_path / "inputs.gpkg", good_layers())
    feedback = CancelAt(fraction)
    with pytest.raises(Cancelled):
        pipeline(gpkg, tmp_path / "out", feedback, dispersion=True, health=True, report=True)
    stop_s = time.perf_counter() - feedback.asked_at
    print(f"cancel at {fraction:.2f} (progress seen up to {max(feedback.seen):.3f}): stopped after {stop_s:.3f} s")
    assert stop_s < CANCEL_WITHIN_S
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs.gpkg"]


def test_cli_missing_wind_rose_is_an_input_error_and_writes_nothing(tmp_path, capsys):
    from uis_qgis import cli

    code = cli.main(["run", "--inputs", "resources/sample/sample.gpkg", "--out", str(tmp_path / "out"),
                     "--rose", str(tmp_path / "none.csv"), "--quiet"])
    assert code == 2 and "wind rose file not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# ============================================================================ issue 14: any region, any file
from uis_qgis import io as uis_io  # noqa: E402
from uis_qgis.io import OutputError, check_output_location, read_layer  # noqa: E402


def _cut(fraction: float):
    def apply(data: bytes) -> bytes:
        return data[:max(1, int(len(data) * fraction))]
    return apply


# file damage -> what the message must say (the file's path is always named)
UNREADABLE = {
    "zero_bytes": (lambda data: b"", "is empty (0 bytes)"),
    "truncated_to_one_page": (lambda data: data[:4096], "is damaged"),
    "truncated_to_half": (_cut(0.5), "is damaged"),
    "last_byte_missing": (lambda data: data[:-1], "is damaged"),
    "text_file": (lambda data: "plant_id;sector;fuel_tce\n".encode() * 3, "is not a GeoPackage"),
    "png_bytes": (lambda data: b"\x89PNG\r\n\x1a\n" + bytes(200), "is not a GeoPackage"),
    "sqlite_header_then_garbage": (lambda data: data[:16] + bytes(5000), "is damaged"),
}


@pytest.mark.parametrize("damage", sorted(UNREADABLE), ids=sorted(UNREADABLE))
def test_unreadable_file_is_an_input_error_naming_the_file(tmp_path, damage):
    make, says = UNREADABLE[damage]
    good = write_gpkg(tmp_path / "good.gpkg", good_layers())
    bad = tmp_path / "inputs.gpkg"
    bad.write_bytes(make(good.read_bytes()))
    before = sha256(bad)
    for read in (lambda: read_inputs(bad), lambda: read_layer(bad, None, "plants")):
        with pytest.raises(InputError) as err:
            read()
        assert str(bad) in str(err.value) and says in str(err.value), str(err.value)
    assert sha256(bad) == before


def hold_exclusive_lock(path: Path):
    """Another process holding an exclusive SQLite lock on ``path`` (as a program writing the GeoPackage)."""
    import subprocess

    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
        "c.execute('SELECT count(*) FROM sqlite_master').fetchall()\n"
        "print('locked', flush=True); time.sleep(120)\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_locked_file_is_an_input_error_naming_the_file(tmp_path):
    import time

    gpkg = write_gpkg(tmp_path / "inputs.gpkg", good_layers())
    before = sha256(gpkg)
    holder = hold_exclusive_lock(gpkg)
    try:
        start = time.perf_counter()
        with pytest.raises(InputError, match="is locked by another program") as err:
            read_inputs(gpkg)
        assert str(gpkg) in str(err.value)
        assert time.perf_counter() - start < uis_io.LOCK_WAIT_S + 8.0  # not GDAL's long retries (~20 s)
    finally:
        holder.kill()
        holder.wait()
    assert sha256(gpkg) == before
    assert len(read_inputs(gpkg)["plants"]) == 10  # readable again once the lock is gone


def test_plants_table_without_geometry_is_a_clear_error(tmp_path):
    table = tmp_path / "plants.csv"
    pd.DataFrame(good_layers()["plants"].drop(columns="geometry")).to_csv(table, index=False)
    plants = read_layer(table, None, "plants")
    with pytest.raises(InputError) as err:
        check_inputs(dict(good_layers(), plants=plants), PARAMS)
    assert "layer 'plants', field 'geometry': has no geometry column" in str(err.value)


# ------------------------------------------------------------------------------------ output locations (#4)
def _listing(folder: Path) -> list:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _bad_output(tmp: Path, kind: str) -> Path:
    if kind == "existing_file":
        (tmp / "results.txt").write_text("not a folder")
        return tmp / "results.txt"
    if kind == "file_in_the_way":
        (tmp / "afile").write_text("x")
        return tmp / "afile" / "sub" / "out"
    if kind == "name_too_long":
        return tmp / ("n" * 256)
    if kind == "path_too_long":
        return tmp.joinpath(*["d" * 200] * 21)
    raise ValueError(kind)


OUTPUT_CASES = {"existing_file": "is an existing file", "file_in_the_way": "is a file, so",
                "name_too_long": "more than the file system allows", "path_too_long": "is too long for the file system"}


@pytest.mark.parametrize("kind", sorted(OUTPUT_CASES), ids=sorted(OUTPUT_CASES))
def test_unusable_output_location_is_reported_and_nothing_is_created(tmp_path, kind):
    out = _bad_output(tmp_path, kind)
    before = _listing(tmp_path)
    with pytest.raises(OutputError, match=OUTPUT_CASES[kind]) as err:
        check_output_location(out, "--out")
    assert str(err.value).startswith("--out: ")
    assert isinstance(err.value, InputError)  # every front end reports it like bad input
    assert _listing(tmp_path) == before


def test_longest_legal_folder_name_works_end_to_end(tmp_path):
    """255 bytes is legal; with the old '.<name>.tmp-XXXXXXXX' temporary folder it failed after the run."""
    out = tmp_path / ("r" * 255)
    gpkg = write_gpkg(tmp_path / "inputs.gpkg", good_layers())
    assert check_output_location(out) == out
    pipeline(gpkg, out)
    assert (out / "results.gpkg").exists() and (out / "summary.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["inputs.gpkg", out.name])  # no temporary left


def test_existing_writable_folder_passes_the_check_unchanged(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.csv").write_text("kept")
    assert check_output_location(out) == out
    assert _listing(tmp_path) == ["out", "out/old.csv"]


def without_root_override(*command: str) -> list:
    """``command`` run with the file-permission override of root dropped (CI runs tests as root), so a
    read-only folder is read-only; ``setpriv`` from util-linux."""
    import shutil

    if os.geteuid() != 0:
        return list(command)
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to test read-only folders as root")
    return ["setpriv", "--inh-caps=-dac_override", "--bounding-set=-dac_override", "--", *command]


def run_in_read_only(tmp_path: Path, where: str, command) -> tuple:
    """Run ``command(out)`` (a subprocess argument list) with ``out`` a read-only folder (``where="folder"``) or
    a new folder in one (``"parent"``); returns ``(folder, finished process)``."""
    import subprocess

    locked = tmp_path / "readonly"
    locked.mkdir(exist_ok=True)
    out = locked if where == "folder" else locked / "new_out"
    locked.chmod(0o555)
    try:
        done = subprocess.run(without_root_override(*command(out)), capture_output=True, text=True,
                              encoding="utf-8", cwd=Path(__file__).resolve().parents[2], timeout=300)
    finally:
        locked.chmod(0o755)
    if done.returncode == 1 and "Operation not permitted" in done.stderr:
        pytest.skip(f"cannot drop capabilities here: {done.stderr.strip()[-200:]}")
    return locked, done


@pytest.mark.parametrize("where", ["folder", "parent"])
def test_read_only_output_location_is_reported_before_any_work(tmp_path, where):
    code = ("import sys; from uis_qgis.io import check_output_location, OutputError\n"
            "try:\n    check_output_location(sys.argv[1])\nexcept OutputError as e:\n    print(e); sys.exit(2)\n")
    locked, done = run_in_read_only(tmp_path, where, lambda out: [sys.executable, "-c", code, str(out)])
    assert done.returncode == 2, done.stderr
    assert f"cannot write in {locked}" in done.stdout and "Permission denied" in done.stdout
    assert _listing(tmp_path) == ["readonly"]


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_geopackage_in_a_read_only_folder_is_read(tmp_path, journal):
    """A WAL GeoPackage (as QGIS leaves them) in a read-only folder: SQLite alone cannot open it read-only, GDAL
    can; the file check must not call it unreadable."""
    import sqlite3

    (tmp_path / "readonly").mkdir()
    gpkg = write_gpkg(tmp_path / "readonly" / "inputs.gpkg", good_layers())
    con = sqlite3.connect(gpkg)
    assert con.execute(f"PRAGMA journal_mode={journal}").fetchone()[0] == journal
    con.close()
    before = sha256(gpkg)
    code = "import sys; from uis_qgis.io import read_inputs; print(len(read_inputs(sys.argv[1])['plants']))"
    _, done = run_in_read_only(tmp_path, "folder", lambda out: [sys.executable, "-c", code, str(gpkg)])
    assert done.returncode == 0 and done.stdout.split()[-1] == "10", done.stderr
    assert sha256(gpkg) == before


# --------------------------------------------------------------------------------------------- shapefiles (#5)
def write_shapefiles(folder: Path, layers: dict) -> dict:
    """Every layer as its own shapefile (field names cut to 10 characters by GDAL); ``{layer: path}``."""
    import warnings

    folder.mkdir(exist_ok=True)
    paths = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL's "Normalized/laundered field name" notes
        for name, gdf in layers.items():
            paths[name] = folder / f"{name}.shp"
            gdf.to_file(paths[name], engine="pyogrio")
    return paths


def _with_long_fields(layers: dict) -> dict:
    """The good layers with optional fields whose names are longer than 10 characters."""
    plants = layers["plants"].assign(stack_height_m=[60.0 + 10 * i for i in range(10)],
                                     production_t=[1e5 * (i + 1) for i in range(10)],
                                     grid_region=["North China"] * 10)
    cities = layers["cities"].assign(core_floor_area_m2=[3e7, 1e7], observed_pm25=[85.0, np.nan])
    des = layers["district_heating"].assign(boiler_efficiency=[0.7, 0.8])
    provinces = layers["provinces"].assign(fly_ash_reuse_rate=[0.6, 0.7])
    return dict(layers, plants=plants, cities=cities, district_heating=des, provinces=provinces)


def test_shapefile_names_cut_to_10_characters_give_the_same_results(tmp_path):
    layers = _with_long_fields(good_layers())
    shp = write_shapefiles(tmp_path / "shp", layers)
    read = {name: read_layer(path, None, name) for name, path in shp.items()}
    assert "heat_suppl" in read["district_heating"] and "stack_heig" in read["plants"]  # GDAL did cut them
    from_shp = run_assessment(read, PARAMS, AssessmentOptions(**FAST))
    from_gpkg = _run_ok(tmp_path, layers)
    assert_same_results(from_gpkg, from_shp, rtol=1e-6)
    renamed = {w for w in from_shp.warnings if "read from the field" in w}
    for full, cut in (("heat_supplied_gj", "heat_suppl"), ("stack_height_m", "stack_heig"),
                      ("core_floor_area_m2", "core_floor"), ("grid_region", "grid_regio"),
                      ("fly_ash_reuse_rate", "fly_ash_re"), ("boiler_efficiency", "boiler_eff")):
        assert any(f"field '{full}': read from the field '{cut}'" in w for w in renamed), (full, renamed)
    assert set(read["district_heating"].columns) >= {"heat_suppl"}  # the layer read is not modified


def test_unknown_10_character_shapefile_field_is_warned_as_ignored(tmp_path):
    layers = good_layers()
    plants = layers["plants"].assign(co2_base_t=1.0e5, stack_heig=50.0)
    shp = write_shapefiles(tmp_path / "shp", dict(layers, plants=plants))
    _, warnings = contract_check({name: read_layer(p, None, name) for name, p in shp.items()})
    ignored = [w for w in warnings if "is not a field the model reads" in w]
    assert any("field 'co2_base_t'" in w for w in ignored), warnings
    assert not any("stack_heig'" in w and "ignored" in w for w in warnings)  # recognised, not ignored


def test_upper_case_shapefile_names_are_recognised(tmp_path):
    layers = good_layers()
    upper = {name: gdf.rename(columns={c: c.upper() for c in gdf.columns if c != "geometry"})
             for name, gdf in layers.items()}
    shp = write_shapefiles(tmp_path / "shp", upper)
    read = {name: read_layer(p, None, name) for name, p in shp.items()}
    assert "HEAT_SUPPL" in read["district_heating"]
    assert_same_results(_run_ok(tmp_path, layers), run_assessment(read, PARAMS, AssessmentOptions(**FAST)),
                        rtol=1e-6)


def contract_check(layers: dict) -> tuple:
    checked = check_inputs(layers, PARAMS)
    return checked.layers, [str(w) for w in checked.warnings]


# ------------------------------------------------------------------------------ empty optional layers (#1)
@pytest.mark.parametrize("layer", ["district_heating", "urban_cores", "provinces"])
def test_empty_optional_layer_means_none(tmp_path, layer):
    layers = good_layers()
    empty = _run_ok(tmp_path, dict(layers, **{layer: layers[layer].iloc[0:0]}), "empty.gpkg")
    absent = run_assessment(dict(layers, **{layer: None}), PARAMS, AssessmentOptions(**FAST))
    assert_same_results(empty, absent)


def test_empty_required_layer_is_still_an_error():
    layers = good_layers()
    with pytest.raises(InputError, match="layer 'cities': is empty"):
        check_inputs(dict(layers, cities=layers["cities"].iloc[0:0]), PARAMS)


# ---------------------------------------------------------------------------------------- cities as points (#6)
def _as_points(cities, area_km2):
    metric = cities.to_crs("EPSG:32650")
    return cities.assign(area_km2=area_km2).set_geometry(metric.centroid.to_crs(cities.crs))


def test_city_points_with_area_become_circles_of_that_area_on_the_ellipsoid():
    from pyproj import Geod

    cities = good_layers()["cities"]
    points = _as_points(cities, [400.0, 256.0])
    checked = check_inputs(dict(good_layers(), cities=points), PARAMS).layers["cities"].to_crs(WGS84)
    geod = Geod(ellps="WGS84")
    area_km2 = [abs(geod.geometry_area_perimeter(g)[0]) / 1e6 for g in checked.geometry]
    np.testing.assert_allclose(area_km2, [400.0, 256.0], rtol=1e-6)
    centres = checked.to_crs("EPSG:32650").centroid
    np.testing.assert_allclose(np.c_[centres.x, centres.y],
                               np.c_[points.to_crs("EPSG:32650").geometry.x, points.to_crs("EPSG:32650").geometry.y],
                               atol=1.0)
    assert points.geometry.geom_type.eq("Point").all()  # the input is not modified


def test_city_points_run_like_their_circles_given_as_polygons():
    layers = good_layers()
    points = _as_points(layers["cities"], [400.0, 256.0])
    circles = check_inputs(dict(layers, cities=points), PARAMS).layers["cities"].to_crs(WGS84)
    a = run_assessment(dict(layers, cities=points), PARAMS, AssessmentOptions(**FAST))
    b = run_assessment(dict(layers, cities=circles), PARAMS, AssessmentOptions(**FAST))
    assert_same_results(a, b, rtol=1e-6)


def test_city_point_without_area_is_an_error_naming_it():
    cities = good_layers()["cities"]
    points = _as_points(cities, [400.0, np.nan])
    with pytest.raises(InputError) as err:
        check_inputs(dict(good_layers(), cities=points), PARAMS)
    assert "layer 'cities', field 'area_km2': must be > 0 (km²) for cities given as points" in str(err.value)
    assert "(ids: c2)" in str(err.value)


# --------------------------------------------------------------------- far from China, across ±180° (#3)
def _moved(layers: dict, dlon: float, dlat: float = 0.0) -> dict:
    return {k: None if v is None else v.set_geometry(v.geometry.translate(dlon, dlat)) for k, v in layers.items()}


def _wrapped(layers: dict, dlon: float) -> dict:
    """Layers moved east by ``dlon`` with every feature east of 180° written at its longitude − 360°."""
    from shapely import affinity

    out = {}
    for name, gdf in _moved(layers, dlon).items():
        out[name] = None if gdf is None else gdf.set_geometry([affinity.translate(g, -360.0 if g.centroid.x > 180.0 else 0.0)
                                      for g in gdf.geometry], crs=gdf.crs)
    return out


def test_region_across_the_antimeridian_runs_like_the_same_region_anywhere():
    """Moving every feature by the same longitude keeps all ellipsoidal distances: same links and CO2."""
    layers = dict(good_layers(), provinces=None)  # a province polygon cut at 180° would be two features
    centre = float(layers["cities"].total_bounds[[0, 2]].mean())
    wrapped = _wrapped(layers, 180.0 - centre)
    lon = np.concatenate([g.geometry.bounds[["minx", "maxx"]].to_numpy().ravel()
                          for g in wrapped.values() if g is not None])
    assert lon.min() < -179.0 and lon.max() > 179.0  # the region really straddles ±180°
    a = run_assessment(layers, PARAMS, AssessmentOptions(**FAST))
    b = run_assessment(wrapped, PARAMS, AssessmentOptions(**FAST))
    assert b.crs.to_epsg() in (32601, 32660)  # a UTM zone at the antimeridian, not a whole-globe projection
    assert len(a.layers["heat_links"]) == len(b.layers["heat_links"]) > 0
    assert_same_results(a, b, rtol=1e-3)


@pytest.mark.parametrize("lon,lat", [(-63.0, -20.0), (10.0, 60.0), (20.0, 80.0), (0.0, 0.0)],
                         ids=["south_america", "scandinavia", "svalbard", "null_island"])
def test_region_far_outside_china_runs(lon, lat):
    layers = good_layers()
    bounds = layers["cities"].total_bounds
    moved = _moved(layers, lon - (bounds[0] + bounds[2]) / 2, lat - (bounds[1] + bounds[3]) / 2)
    results = run_assessment(moved, PARAMS, AssessmentOptions(dispersion=True, health=True, report=False))
    summary = results.tables["summary"]
    assert np.isfinite(summary["value"].to_numpy(float)).all()
    assert len(results.layers["heat_links"]) > 0
    for raster in results.rasters.values():
        assert np.isfinite(raster.array).all()
