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
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon, box

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
