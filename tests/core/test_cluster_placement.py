"""Issue 11 item 6: city industry clusters sit on the rim of the built-up area (not all on the seed place), so
step-B links (medium-grade heat to sink industries) have positive, varied lengths."""
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
from shapely.geometry import box

from uis_qgis import contract, symbiosis
from uis_qgis.params import load_params

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "sample" / "sample.gpkg"
PARAMS = load_params()


def test_rim_rule_by_hand():
    sys.path.insert(0, str(REPO / "scripts"))
    from inputs import plants

    # a 1-million city: built-up disc of 1e6 × 100 m² → radius √(1e8/π) = 5,641.9 m around the seed
    cities = gpd.GeoDataFrame({"city_id": ["CN2"], "population": [1e6], "seed_lon": [117.0], "seed_lat": [39.0]},
                              geometry=[box(-1e5, -1e5, 1e5, 1e5)], crs="EPSG:32650")
    seed = gpd.GeoSeries(gpd.points_from_xy([117.0], [39.0]), crs="EPSG:4326").to_crs("EPSG:32650").iloc[0]
    cities = cities.set_geometry([box(seed.x - 1e5, seed.y - 1e5, seed.x + 1e5, seed.y + 1e5)])
    where = plants.cluster_points(cities, ["paper", "cement", "food", "textile", "chemical"], PARAMS)
    radius = np.sqrt(1e6 * 100.0 / np.pi)
    for k, sector in enumerate(["cement", "chemical", "food", "paper", "textile"]):
        bearing = np.radians((2 * 137.50776405003785) % 360.0 + 72.0 * k)
        point = where[("CN2", sector)]
        assert point.x == pytest.approx(seed.x + radius * np.sin(bearing), abs=1e-6)
        assert point.y == pytest.approx(seed.y + radius * np.cos(bearing), abs=1e-6)


def test_a_rim_point_outside_the_territory_is_pulled_towards_the_seed():
    sys.path.insert(0, str(REPO / "scripts"))
    from inputs import plants

    seed = gpd.GeoSeries(gpd.points_from_xy([117.0], [39.0]), crs="EPSG:4326").to_crs("EPSG:32650").iloc[0]
    tiny = box(seed.x - 10, seed.y - 10, seed.x + 10, seed.y + 10)  # 20 m territory: every rim point is outside
    cities = gpd.GeoDataFrame({"city_id": ["CN7"], "population": [1e6], "seed_lon": [117.0], "seed_lat": [39.0]},
                              geometry=[tiny], crs="EPSG:32650")
    where = plants.cluster_points(cities, ["cement"], PARAMS)
    assert where[("CN7", "cement")].distance(seed) < 1e-6


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample not built")
def test_step_b_links_on_the_sample_have_positive_varied_lengths():
    layers = {name: gpd.read_file(SAMPLE, layer=name) for name, _ in pyogrio.list_layers(SAMPLE)}
    checked = contract.check_inputs(layers, PARAMS)
    links = symbiosis.assess(checked.layers, PARAMS, "fyp").heat_links
    step_b = links[links["step"] == "B"]
    assert len(step_b) >= 3
    assert (step_b["dist_m"] > 0).all()
    assert step_b["dist_m"].round(0).nunique() >= 3
    assert (step_b["dist_m"] <= PARAMS.get("cascade.fence_line_m")).all()
