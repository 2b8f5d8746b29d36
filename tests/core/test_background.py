"""Background PM2.5 from monitors (uis_qgis.background): hand-checked IDW, leave-one-out, matching, fallback."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from uis_qgis import background as bg
from uis_qgis.params import load_params

UTM50 = "EPSG:32650"


@pytest.fixture(scope="module")
def params():
    return load_params()


def test_idw_hand_values():
    known = [[0.0, 0.0], [10.0, 0.0]]
    values, used = bg.idw_ug_m3(known, [10.0, 20.0], [[0.0, 0.0], [5.0, 0.0], [2.5, 0.0], [100.0, 0.0]], 2.0, 50.0)
    # at 2.5 m: weights 1/2.5² and 1/7.5², (10/6.25 + 20/56.25) / (1/6.25 + 1/56.25) = 11
    assert values[:3] == pytest.approx([10.0, 15.0, 11.0])
    assert np.isnan(values[3]) and used.tolist() == [2, 2, 2, 0]


def test_idw_between_extremes_and_never_negative():
    rng = np.random.default_rng(3)
    known = rng.uniform(0, 1000, (30, 2))
    residual = np.maximum(rng.normal(5, 10, 30), 0.0)
    values, _ = bg.idw_ug_m3(known, residual, rng.uniform(0, 1000, (500, 2)), 2.0, np.inf)
    assert values.min() >= residual.min() - 1e-12 and values.max() <= residual.max() + 1e-12
    assert (values >= 0).all()


def test_idw_blocks_give_the_same_answer():
    rng = np.random.default_rng(4)
    known, vals = rng.uniform(0, 1e5, (12, 2)), rng.uniform(0, 50, 12)
    query = rng.uniform(0, 1e5, (bg.IDW_BLOCK + 17, 2))
    whole, _ = bg.idw_ug_m3(known, vals, query, 2.0, 4e4)
    one, _ = bg.idw_ug_m3(known, vals, query[-1:], 2.0, 4e4)
    assert whole[-1] == one[0] or (np.isnan(whole[-1]) and np.isnan(one[0]))


def test_leave_one_out_hand_values():
    # at x=0 from (10 → 20, 20 → 40): (20/100 + 40/400) / (1/100 + 1/400) = 24
    loo = bg.leave_one_out_ug_m3([[0, 0], [10, 0], [20, 0]], [10.0, 20.0, 40.0], 2.0, 50.0)
    assert loo == pytest.approx([24.0, 25.0, 18.0])


def test_regional_estimate_is_share_of_nearest_observations():
    est = bg.regional_estimate_ug_m3([[0, 0], [10, 0], [1000, 0]], [10.0, 20.0, 90.0], [[5, 0]], 2, 2.0, 0.5)
    assert est == pytest.approx([0.5 * 15.0])


def test_agreement_hand_values():
    score = bg.agreement([10.0, 20.0, 30.0], [12.0, 18.0, 36.0])
    assert score["n"] == 3
    assert score["mean_bias_ug_m3"] == pytest.approx(2.0)
    assert score["nmb"] == pytest.approx(6.0 / 60.0)
    assert score["nme"] == pytest.approx(10.0 / 60.0)
    assert score["r2"] == pytest.approx(np.corrcoef([10, 20, 30], [12, 18, 36])[0, 1] ** 2)


def test_load_monitors_year(params):
    m15 = bg.load_monitors(params).set_index("monitor")
    assert len(m15) == 122
    assert m15.loc["Tianjin", "observed_pm25_ug_m3"] == pytest.approx(69.07)
    assert bg.load_monitors(params, 2014).set_index("monitor").loc["Tianjin", "observed_pm25_ug_m3"] == pytest.approx(85.81)
    with pytest.raises(ValueError, match="base_year"):
        bg.load_monitors(params, 2013)


def _monitors_at(cities, names_obs, offsets_m=None):
    """Monitor table with monitors at the centres of the named cities (lon/lat from the metric CRS)."""
    rows = []
    for i, (city, obs) in enumerate(names_obs.items()):
        c = cities.set_index("city_id").geometry[city].centroid
        dx = 0.0 if offsets_m is None else offsets_m[i]
        rows.append({"monitor": f"m_{city}", "x": c.x + dx, "y": c.y, "observed_pm25_ug_m3": obs})
    df = pd.DataFrame(rows)
    ll = gpd.GeoSeries(gpd.points_from_xy(df["x"], df["y"]), crs=UTM50).to_crs("EPSG:4326")
    return df.assign(lon=ll.x, lat=ll.y)[["monitor", "lon", "lat", "observed_pm25_ug_m3"]]


@pytest.fixture
def cities():
    """Five 10 km squares along a line (x0 = 400 km, 40 km apart) and one 2000 km away."""
    x0, y0 = 400_000.0, 4_400_000.0
    geoms = [box(x0 + i * 40_000, y0, x0 + i * 40_000 + 10_000, y0 + 10_000) for i in range(5)]
    geoms.append(box(x0, y0 + 2_000_000, x0 + 10_000, y0 + 2_010_000))
    return gpd.GeoDataFrame({"city_id": [f"c{i}" for i in range(6)]}, geometry=geoms, crs=UTM50)


def test_city_background_monitor_user_interpolated_and_regional(cities, params):
    monitors = _monitors_at(cities, {"c0": 60.0, "c2": 40.0, "c4": 30.0})
    modelled = np.array([10.0, 5.0, 50.0, 5.0, 6.0, 1.0])  # c2: modelled exceeds its observation
    user = np.array([np.nan, np.nan, np.nan, np.nan, 36.0, np.nan])  # c4's own observation overrides its monitor
    p = params.with_overrides({"pm25.search_radius_m": 100_000.0})
    result = bg.city_background(cities, modelled, p, user_observed=user, monitors=monitors)
    b = result.background_ug_m3
    assert b[0] == pytest.approx(50.0)      # 60 − 10
    assert b[2] == pytest.approx(0.0)       # 40 − 50 < 0 → 0, never negative
    assert b[4] == pytest.approx(30.0)      # user's 36 − 6 (the monitor's 30 is not used)
    # c1 (x centre 445 km): residuals 50 at 405 km (40 km away), 0 at 485 km (40 km), 30 at c4 (120 km: beyond R)
    assert b[1] == pytest.approx(25.0, rel=1e-6)
    # c3 (centre 525 km): 0 at c2 (40 km), 30 at c4 (40 km), 50 at c0 (120 km, beyond R)
    assert b[3] == pytest.approx(15.0, rel=1e-6)
    assert list(result.source) == ["monitor", "interpolated", "monitor", "interpolated", "observed_pm25", "regional"]
    # c5 is 2000 km from everything: share × IDW of the 4 nearest monitors' observations
    share = p.get("pm25.regional_background_share")
    assert b[5] > 0 and b[5] == pytest.approx(share * np.average([60, 40, 30], weights=None), rel=0.05)
    assert len(result.warnings) == 1 and "c5" in result.warnings[0] and "regional" in result.warnings[0]
    table = result.comparison.set_index("city_id")
    assert list(table.index) == ["c0", "c2", "c4"]
    assert table.loc["c0", "modelled_total_ug_m3"] == pytest.approx(60.0)
    assert table.loc["c4", "observation"] == "observed_pm25" and table.loc["c4", "monitor"] == "m_c4"


def test_leave_one_out_never_uses_the_city_itself(cities, params):
    monitors = _monitors_at(cities, {"c0": 60.0, "c2": 40.0, "c4": 30.0})
    modelled = np.array([10.0, 5.0, 10.0, 5.0, 5.0, 1.0])
    p = params.with_overrides({"pm25.search_radius_m": 100_000.0})
    table = bg.city_background(cities, modelled, p, monitors=monitors).comparison.set_index("city_id")
    # c2 without its own monitor: c0 (residual 50) and c4 (25) both 80 km away → 37.5
    assert table.loc["c2", "background_loo_ug_m3"] == pytest.approx(37.5)
    assert table.loc["c2", "modelled_total_loo_ug_m3"] == pytest.approx(47.5)
    # c0 alone within 100 km of nobody else (c2 is 80 km away → inside): residual of c2 = 30
    assert table.loc["c0", "background_loo_ug_m3"] == pytest.approx(30.0)


def test_monitor_near_but_outside_a_city_is_matched(cities, params):
    monitors = _monitors_at(cities, {"c0": 60.0, "c1": 45.0}, offsets_m=[0.0, 9_000.0])  # c1's monitor 4 km outside
    far = _monitors_at(cities, {"c2": 50.0}, offsets_m=[22_000.0])  # 12 km from c2, 13 km from c3: nobody
    xy = bg.monitor_points(pd.concat([monitors, far]), UTM50)
    assert bg.match_monitors(xy, cities, 10_000.0).tolist() == [0, 1, -1]


def test_no_monitor_in_the_study_area_falls_back_with_a_warning(cities, params):
    monitors = bg.load_monitors(params)
    result = bg.city_background(cities.iloc[:2], np.array([5.0, 5.0]), params, monitors=monitors)
    assert (result.source == "regional").all() and result.comparison.empty
    assert result.warnings and "regional estimate" in result.warnings[0]
    assert (result.background_ug_m3 > 0).all()


def test_modelled_must_be_finite(cities, params):
    with pytest.raises(ValueError, match="modelled"):
        bg.city_background(cities, np.full(6, np.nan), params, monitors=bg.load_monitors(params))


def test_health_step_uses_the_monitor_background(cities, params):
    """A city's own observation anchors the background of every city within the radius and of the cells
    outside the cities; Base total = observation at the observed city; value of deaths = deaths × VSL."""
    from uis_qgis import health
    from uis_qgis.grid import Raster, grid_for

    grid = grid_for(tuple(cities.iloc[:5].total_bounds), 2000.0, 4000.0, UTM50)
    base, scen = Raster(np.full(grid.shape, 5.0), grid), Raster(np.full(grid.shape, 4.0), grid)
    near = cities.iloc[:5].assign(population=1e5)
    observed = np.array([60.0, np.nan, np.nan, np.nan, np.nan])
    step = health.assess(near, base, scen, params, observed_ug_m3=observed, population=np.full(grid.shape, 10.0))
    exposure = step.exposure
    assert exposure["pm25_background_ug_m3"].tolist() == pytest.approx([55.0] * 5)  # one observed city
    assert exposure.loc[0, "pm25_total_base_popw_ug_m3"] == pytest.approx(60.0)
    assert list(exposure["pm25_background_source"]) == ["observed_pm25"] + ["interpolated"] * 4
    assert step.background.comparison["city_id"].tolist() == ["c0"]
    cells = health.background_grid(near, exposure, grid, step.background, params)
    assert cells == pytest.approx(np.full(grid.shape, 55.0))
    vsl = params.get("valuation.vsl_million_cny.central")
    assert step.deaths["value_deaths_avoided_million_cny_central"].to_numpy() == pytest.approx(
        step.deaths["deaths_avoided_central"].to_numpy() * vsl)
    assert (step.deaths["deaths_avoided_central"] > 0).all()


def test_run_warns_when_the_region_has_no_monitor_city(cities, params):
    """A study area with no observed city: every background is the regional estimate, the health step warns
    through its feedback and the run copies the warning into its own list (model._observed_outputs); no
    observed-vs-modelled table is written."""
    from uis_qgis import health, model
    from uis_qgis.feedback import Feedback
    from uis_qgis.grid import Raster, grid_for

    class Collect(Feedback):
        def __init__(self):
            super().__init__()
            self.messages = []

        def warning(self, message: str) -> None:
            self.messages.append(message)

    far = cities.iloc[[5]].assign(population=1e5)  # 2000 km north of the others, no monitor within 300 km
    grid = grid_for(tuple(far.total_bounds), 2000.0, 4000.0, UTM50)
    base = Raster(np.full(grid.shape, 3.0), grid)
    feedback = Collect()
    step = health.assess(far, base, base, params, feedback=feedback)
    assert list(step.exposure["pm25_background_source"]) == ["regional"]
    assert feedback.messages and "regional estimate" in feedback.messages[0]
    tables = {}
    assert model._observed_outputs(tables, step.background) == step.background.warnings
    assert "pm25_observed_vs_modelled" not in tables
