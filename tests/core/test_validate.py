"""Input checks: every mistake gets a message naming layer, field and ids; inputs are never modified."""
import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, Polygon

from uis_qgis.validate import InputError, LayerSchema, check_layer, clean_layer, raise_errors, to_number

SCHEMA = LayerSchema("plants", "plant_id", required_numeric=("fuel_tce",), required_text=("sector",),
                     nonnegative=("fuel_tce",))


def plants(**cols):
    base = {"plant_id": ["p1", "p2", "p3"], "sector": ["steel", "power", "food"], "fuel_tce": [1.0, 2.0, 3.0]}
    base.update(cols)
    return gpd.GeoDataFrame(base, geometry=[Point(0, 0), Point(1, 1), Point(2, 2)], crs=32650)


def messages(gdf, schema=SCHEMA):
    return [str(p) for p in check_layer(gdf, schema) if p.severity == "error"]


def test_clean_layer_passes():
    assert messages(plants()) == []


def test_missing_field_named():
    gdf = plants().drop(columns="fuel_tce")
    (msg,) = messages(gdf)
    assert "layer 'plants'" in msg and "field 'fuel_tce'" in msg and "missing" in msg


def test_text_in_number_field_names_ids():
    gdf = plants(fuel_tce=["1.5", "lots", "3"])
    (msg,) = messages(gdf)
    assert "fuel_tce" in msg and "p2" in msg and "text" in msg and "p1" not in msg


def test_nan_negative_infinite():
    msgs = " | ".join(messages(plants(fuel_tce=[np.nan, -1.0, np.inf])))
    assert "empty or NaN; give a value for every feature (ids: p1)" in msgs
    assert "negative" in msgs and "(ids: p2)" in msgs
    assert "infinite (ids: p3)" in msgs


def test_duplicate_and_blank_ids():
    msgs = " | ".join(messages(plants(plant_id=["a", "a", ""])))
    assert "duplicate ids" in msgs and "(ids: a)" in msgs
    assert "empty for the features at these row numbers (ids: 2)" in msgs


def test_empty_layer_and_no_crs():
    assert "is empty" in messages(plants().iloc[0:0])[0]
    gdf = plants()
    gdf = gdf.set_crs(None, allow_override=True)
    assert any("no CRS" in m for m in messages(gdf))


def test_wrong_and_empty_geometry():
    gdf = plants()
    gdf.loc[0, "geometry"] = Polygon([(0, 0), (1, 0), (1, 1)])
    gdf.loc[1, "geometry"] = Point()
    msgs = " | ".join(messages(gdf))
    assert "must be Point geometry (ids: p1)" in msgs and "empty or missing geometry (ids: p2)" in msgs


def test_invalid_polygon_is_warning_and_repaired_without_touching_input():
    schema = LayerSchema("cities", "city_id", geometry=("Polygon",))
    bowtie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    gdf = gpd.GeoDataFrame({"city_id": ["c1"]}, geometry=[bowtie], crs=32650)
    problems = check_layer(gdf, schema)
    assert [p.severity for p in problems] == ["warning"] and "c1" in str(problems[0])
    assert raise_errors(problems) == problems
    fixed = clean_layer(gdf, schema)
    assert fixed.geometry.is_valid.all() and not gdf.geometry.is_valid.all()


def test_chinese_text_ids_survive():
    gdf = plants(plant_id=["唐山钢铁", "唐山钢铁", "天津"])
    with pytest.raises(InputError, match="唐山钢铁"):
        raise_errors(check_layer(gdf, SCHEMA))


def test_to_number_accepts_thousand_separators_and_blank():
    import pandas as pd

    out = to_number(pd.Series(["1,200", " 3.5 ", None, "x"]))
    assert out.iloc[0] == 1200 and out.iloc[1] == 3.5 and np.isnan(out.iloc[2]) and np.isnan(out.iloc[3])
