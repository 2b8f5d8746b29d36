"""Attribution by source region and strategy (uis_qgis.attribution): hand cases and parts = whole."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from uis_qgis import attribution as att
from uis_qgis import dispersion
from uis_qgis.grid import grid_for, zonal_means
from uis_qgis.met import N_SECTORS, N_SPEED, N_STAB, WindRose
from uis_qgis.params import load_params
from uis_qgis.vocabulary import STRATEGY_GROUPS

UTM50 = "EPSG:32650"
OWN, OTHER_CITIES, ROP, OTHER_PROV = range(4)


def test_source_regions_hand_case():
    regions = att.source_regions(
        ["A", "B", "C"], ["P", "P", "Q"],
        ["A", "B", None, None, "A", None, "C"], ["P", "P", "P", "Q", "P", None, "Q"])
    assert regions.tolist() == [
        [OWN, OTHER_CITIES, ROP, OTHER_PROV, OWN, OTHER_PROV, OTHER_PROV],
        [OTHER_CITIES, OWN, ROP, OTHER_PROV, OTHER_CITIES, OTHER_PROV, OTHER_PROV],
        [OTHER_PROV, OTHER_PROV, OTHER_PROV, ROP, OTHER_PROV, OTHER_PROV, OWN],
    ]


def test_split_by_region_and_deaths_split_hand_values():
    matrix = np.array([[1.0, 2.0, 0.5], [0.0, 1.0, 4.0]])
    regions = np.array([[OWN, ROP, ROP], [OTHER_PROV, OWN, OTHER_CITIES]])
    parts = att.split_by_region(matrix, regions, [10.0, 1.0, 2.0])
    assert parts.tolist() == [[10.0, 0.0, 3.0, 0.0], [1.0, 8.0, 0.0, 0.0]]
    deaths = att.deaths_split([26.0, 0.0], np.array([[10.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0]]))
    assert deaths.tolist() == [[20.0, 0.0, 6.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
    signed = att.deaths_split([3.0], np.array([[4.0, -1.0]]))  # a part that adds PM2.5 adds deaths
    assert signed.tolist() == [[4.0, -1.0]]


def _rose() -> WindRose:
    """Wind equally from every sector, one speed class (mean 3 m/s), neutral (D)."""
    freq = np.zeros((N_SECTORS, N_SPEED, N_STAB))
    freq[:, 2, 3] = 1.0 / N_SECTORS
    return WindRose(freq, np.array([1.0, 2.5, 3.0, 5.0, 8.0, 11.0]), np.full(N_STAB, 1000.0))


@pytest.fixture(scope="module")
def case():
    """Two provinces (P west, Q east), three cities, two rest-of-province areas and three stacks."""
    params = load_params({"dispersion.cell_m": 2000.0, "dispersion.cutoff_m": 30000.0,
                          "dispersion.kernel_subcells_near": 8})
    x0, y0 = 400_000.0, 4_400_000.0
    cities = gpd.GeoDataFrame({
        "city_id": ["A", "B", "C"], "province": ["P", "P", "Q"]},
        geometry=[box(x0, y0, x0 + 10_000, y0 + 10_000), box(x0 + 16_000, y0, x0 + 26_000, y0 + 10_000),
                  box(x0 + 36_000, y0 + 2_000, x0 + 46_000, y0 + 12_000)], crs=UTM50)
    rop_p = box(x0 - 10_000, y0 - 10_000, x0 + 30_000, y0 + 20_000).difference(cities.geometry[0].union(cities.geometry[1]))
    rop_q = box(x0 + 30_000, y0 - 10_000, x0 + 60_000, y0 + 20_000).difference(cities.geometry[2])
    red = lambda e, h, m: {"pm25_red_efficiency_t": e, "pm25_red_heat_C_des_t": h, "pm25_red_material_t": m}  # noqa: E731
    area = gpd.GeoDataFrame([
        {"city_id": "A", "province": "P", "pm25_base_t": 900.0, "pm25_scen_t": 700.0, **red(120.0, 60.0, 20.0)},
        {"city_id": "B", "province": "P", "pm25_base_t": 400.0, "pm25_scen_t": 380.0, **red(10.0, 10.0, 0.0)},
        {"city_id": "C", "province": "Q", "pm25_base_t": 600.0, "pm25_scen_t": 500.0, **red(50.0, 30.0, 20.0)},
        {"city_id": None, "province": "P", "pm25_base_t": 2000.0, "pm25_scen_t": 1900.0, **red(100.0, 0.0, 0.0)},
        {"city_id": None, "province": "Q", "pm25_base_t": 1500.0, "pm25_scen_t": 1550.0, **red(-60.0, 0.0, 10.0)},
    ], geometry=list(cities.geometry) + [rop_p, rop_q], crs=UTM50)
    points = gpd.GeoDataFrame([
        {"plant_id": "s1", "sector": "power", "city_id": "A", "province": "P", "pm25_base_t": 300.0,
         "pm25_scen_t": 250.0, **red(50.0, 0.0, 0.0)},
        {"plant_id": "s2", "sector": "steel", "city_id": None, "province": "P", "pm25_base_t": 500.0,
         "pm25_scen_t": 420.0, **red(40.0, 40.0, 0.0)},
        {"plant_id": "s3", "sector": "cement", "city_id": None, "province": "Q", "pm25_base_t": 200.0,
         "pm25_scen_t": 150.0, **red(0.0, 0.0, 50.0)},
    ], geometry=[Point(x0 + 5_000, y0 + 5_000), Point(x0 + 12_000, y0 - 5_000), Point(x0 + 50_000, y0 + 15_000)],
        crs=UTM50)
    grid = grid_for(tuple(cities.total_bounds), params.get("dispersion.cell_m"), 12_000.0, UTM50)
    rose = _rose()
    weights = att.receptor_weights(grid, cities)
    matrix = att.source_receptor_matrix(area, points, grid, rose, params, weights)
    sources = pd.concat([area.drop(columns="geometry"), points.drop(columns=["geometry", "plant_id", "sector"])],
                        ignore_index=True)
    return dict(params=params, cities=cities, area=area, points=points, grid=grid, rose=rose, matrix=matrix,
                sources=sources)


def _city_means(case, column):
    conc = dispersion.concentration_grid(case["area"], case["points"], case["grid"], case["rose"], case["params"],
                                         column)
    return zonal_means(case["grid"], conc, case["cities"], "city_id")["pm25_pop_weighted_ug_m3"].to_numpy()


def test_matrix_reproduces_the_dispersion_run(case):
    """T @ E equals the city means of the full dispersion grid (float32 output) for Base and Scenario."""
    for column in ("pm25_base_t", "pm25_scen_t"):
        expected = _city_means(case, column)
        assert case["matrix"] @ case["sources"][column].to_numpy() == pytest.approx(expected, rel=1e-5)


def test_parts_sum_to_the_whole_within_0_1_percent(case):
    regions = att.source_regions(case["cities"]["city_id"], case["cities"]["province"],
                                 case["sources"]["city_id"], case["sources"]["province"])
    deaths = np.array([12.0, 3.0, -0.5])
    table = att.attribution_table(case["cities"]["city_id"], case["matrix"], regions, case["sources"], deaths)
    base, scen = _city_means(case, "pm25_base_t"), _city_means(case, "pm25_scen_t")
    increment = table[[f"pm25_increment_{r}_ug_m3" for r in att.REGIONS]].sum(axis=1).to_numpy()
    reduction = table[[f"pm25_reduction_{r}_ug_m3" for r in att.REGIONS]].sum(axis=1).to_numpy()
    by_strategy = table[[f"pm25_reduction_{g}_ug_m3" for g in STRATEGY_GROUPS]].sum(axis=1).to_numpy()
    assert increment == pytest.approx(base, rel=1e-3)
    assert reduction == pytest.approx(base - scen, rel=1e-3)
    assert by_strategy == pytest.approx(base - scen, rel=1e-3)
    for kind in (att.REGIONS, STRATEGY_GROUPS):
        total = table[[f"deaths_avoided_{k}" for k in kind]].sum(axis=1).to_numpy()
        assert total == pytest.approx(deaths, rel=1e-3)
    # every city gets something from each region that has sources upwind of it in this uniform rose
    assert (table["pm25_increment_own_ug_m3"] > 0).all()
    assert table.loc[2, "pm25_increment_other_cities_of_province_ug_m3"] == 0.0  # Q has one city only
    # C's rest of province (ROP Q) emits more in the scenario: its part of C's reduction is negative
    assert table.loc[2, "pm25_reduction_rest_of_province_ug_m3"] < 0


def test_own_part_equals_a_run_with_only_the_city_sources(case):
    """The 'own' increment of A is the dispersion of A's polygon and A's stack alone."""
    area, points = case["area"], case["points"]
    conc = dispersion.concentration_grid(area[area["city_id"] == "A"], points[points["city_id"] == "A"],
                                         case["grid"], case["rose"], case["params"], "pm25_base_t")
    alone = zonal_means(case["grid"], conc, case["cities"], "city_id")["pm25_pop_weighted_ug_m3"].to_numpy()
    regions = att.source_regions(case["cities"]["city_id"], case["cities"]["province"],
                                 case["sources"]["city_id"], case["sources"]["province"])
    parts = att.split_by_region(case["matrix"], regions, case["sources"]["pm25_base_t"])
    assert parts[0, OWN] == pytest.approx(alone[0], rel=1e-5)
    assert parts[1, OTHER_CITIES] > 0 and parts[1, OTHER_CITIES] == pytest.approx(alone[1], rel=1e-5)


def test_population_weights_rows_sum_to_one(case):
    pop = np.random.default_rng(1).uniform(0, 10, case["grid"].shape)
    w = att.receptor_weights(case["grid"], case["cities"], pop)
    assert np.asarray(w.sum(axis=1)).ravel() == pytest.approx([1.0, 1.0, 1.0])
    field = np.random.default_rng(2).uniform(0, 5, case["grid"].shape)
    expected = zonal_means(case["grid"], field, case["cities"], "city_id", population=pop)["pm25_pop_weighted_ug_m3"]
    assert w @ field.ravel() == pytest.approx(expected.to_numpy(), rel=1e-12)


def test_assess_is_the_table_on_the_cities_index(case):
    cities = case["cities"].set_index(pd.Index([10, 11, 12]))
    deaths = np.array([4.0, 2.0, 1.0])
    out = att.assess(cities, case["area"], case["points"], case["grid"], case["rose"], case["params"], deaths)
    assert list(out.index) == [10, 11, 12]
    total = out[[f"deaths_avoided_{r}" for r in att.REGIONS]].sum(axis=1).to_numpy()
    assert total == pytest.approx(deaths, rel=1e-9)
    assert "city_id" not in out


def test_stack_off_the_grid_edge_matches_the_dispersion_run(case):
    """A stack whose cloud-in-cell nodes leave the grid is summed directly by the operator; its column
    still reproduces a run with that stack alone."""
    x0, y0, x1, y1 = case["grid"].bounds
    edge = case["points"].iloc[[0]].assign(geometry=[Point(x0 - 300.0, (y0 + y1) / 2)], city_id=None)
    both = pd.concat([case["points"], edge], ignore_index=True)
    weights = att.receptor_weights(case["grid"], case["cities"])
    matrix = att.source_receptor_matrix(None, both, case["grid"], case["rose"], case["params"], weights)
    alone = dispersion.concentration_grid(None, edge, case["grid"], case["rose"], case["params"], "pm25_base_t")
    expected = zonal_means(case["grid"], alone, case["cities"], "city_id")["pm25_pop_weighted_ug_m3"].to_numpy()
    assert matrix[:, -1] * edge["pm25_base_t"].iloc[0] == pytest.approx(expected, rel=1e-5)
    assert expected.max() > 0
