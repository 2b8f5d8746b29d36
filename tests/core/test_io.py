"""Reading inputs and writing results completely or not at all."""
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from feedbacks import CancelAfter

from uis_qgis.feedback import Cancelled
from uis_qgis.io import read_inputs, write_results
from uis_qgis.model import Results
from uis_qgis.params import load_params
from uis_qgis.validate import InputError


def _results():
    pts = gpd.GeoDataFrame({"plant_id": ["b", "a"], "name": ["唐山", "天津"]},
                           geometry=[Point(1, 1), Point(0, 0)], crs=32650)
    return Results(layers={"plants": pts}, tables={"summary": pd.DataFrame({"quantity": ["x"], "value": [1.0]})},
                   params=load_params())


def test_write_then_read_round_trip_sorted_and_utf8(tmp_path):
    written = write_results(_results(), tmp_path / "out")
    back = gpd.read_file(tmp_path / "out" / "results.gpkg", layer="plants")
    assert list(back.plant_id) == ["a", "b"] and list(back.name) == ["天津", "唐山"]
    assert (tmp_path / "out" / "summary.csv").exists() and "parameters_used" in written
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left behind


def test_cancel_midway_leaves_nothing(tmp_path):
    with pytest.raises(Cancelled):
        write_results(_results(), tmp_path / "out", CancelAfter(1))
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_previous_outputs(tmp_path):
    out = tmp_path / "out"
    write_results(_results(), out)
    before = (out / "summary.csv").read_bytes()
    broken = _results()
    broken.tables["summary"] = object()  # not a DataFrame: writing fails
    with pytest.raises(Exception):
        write_results(broken, out)
    assert (out / "summary.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_identical_runs_write_identical_tables(tmp_path):
    write_results(_results(), tmp_path / "a")
    write_results(_results(), tmp_path / "b")
    for name in ("summary.csv", "parameters_used.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_read_inputs_missing_file_and_layer(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_inputs(plants=tmp_path / "nope.gpkg")
    path = tmp_path / "x.gpkg"
    _results().layers["plants"].to_file(path, layer="plants")
    layers = read_inputs(path)
    assert layers["plants"] is not None and layers["cities"] is None
