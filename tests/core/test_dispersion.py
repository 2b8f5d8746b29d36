"""Dispersion: SPEC §6 validation cases, analytic limits, symmetry, linearity, FFT vs direct, outputs."""
import math

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from shapely.geometry import Point, box

from uis_qgis import dispersion as dsp
from uis_qgis import grid as grid_mod
from uis_qgis.io import read_wind_rose, write_geotiff
from uis_qgis.feedback import Cancelled, Feedback
from uis_qgis.met import WindRose
from uis_qgis.params import load_params
from uis_qgis.validate import InputError

A, B, C, D, E, F = range(6)
CRS = "EPSG:32650"


@pytest.fixture(scope="module")
def params():
    return load_params()


@pytest.fixture(scope="module")
def small(params):
    """Short cutoff and coarse near-field sub-grid so grid tests stay fast."""
    return params.with_overrides({"dispersion": {"cutoff_m": 8000.0, "kernel_subcells_near": 16}})


def one_class_rose(stability=D, speed_class=2, speed_m_s=5.0, sectors=None, mixing_height_m=10000.0):
    freq = np.zeros((16, 6, 6))
    sectors = range(16) if sectors is None else sectors
    for k in sectors:
        freq[k, speed_class, stability] = 1.0 / len(sectors)
    speeds = np.array([1.5, 2.5, 4.3, 6.8, 9.5, 12.5])
    speeds[speed_class] = speed_m_s
    return WindRose(freq, speeds, np.full(6, mixing_height_m))


@pytest.fixture(scope="module")
def beijing_rose():
    from pathlib import Path

    return read_wind_rose(Path(__file__).resolve().parents[2] / "resources/sample/met_rose_beijing.csv")


# ------------------------------------------------------------------ SPEC §6 validation cases
def test_de_visscher_centreline_and_offaxis(params):
    # Q=100 g/s, he=90 m, u=7 m/s, D, Briggs rural, x=1500 m
    sy, sz = dsp.sigmas_m(1500.0, D, "rural", params)
    # hand: sy = 0.08*1500/sqrt(1+0.15) = 111.90 m; sz = 0.06*1500/sqrt(1+2.25) = 49.92 m
    assert sy == pytest.approx(0.08 * 1500 / math.sqrt(1.15))
    assert sz == pytest.approx(0.06 * 1500 / math.sqrt(3.25))
    assert dsp.gaussian_plume_ug_m3(100, 7, sy, sz, 0.0, 90) == pytest.approx(160.3, abs=0.05)
    assert dsp.gaussian_plume_ug_m3(100, 7, sy, sz, 100.0, 90) == pytest.approx(107.5, abs=0.05)


def test_de_visscher_low_stack(params):
    sy, sz = dsp.sigmas_m(1000.0, D, "rural", params)
    assert dsp.gaussian_plume_ug_m3(5, 2, sy, sz, 0.0, 30) == pytest.approx(201.14, abs=0.01)


def test_briggs_gradual_rise_example(params):
    # F_b = 12.539 < 55: x_f = 49 F^(5/8) = 238.0 m; dh(1000) = 1.6 F^(1/3) x_f^(2/3) / u = 47.59 m
    assert dsp.final_rise_distance_m(12.539, params) == pytest.approx(238.0, abs=0.05)
    assert dsp.gradual_rise_m(12.539, 3.0, 1000.0, params) == pytest.approx(47.59, abs=0.005)
    # before x_f the 2/3 law: 1.6 * 12.539^(1/3) * 100^(2/3) / 3 = 1.6 * 2.3238 * 21.544 / 3 = 26.70 m
    assert dsp.gradual_rise_m(12.539, 3.0, 100.0, params) == pytest.approx(26.70, abs=0.01)
    # F >= 55: x_f = 119 F^(2/5); F = 100 -> 119 * 6.3096 = 750.8 m
    assert dsp.final_rise_distance_m(100.0, params) == pytest.approx(750.8, abs=0.1)


def test_sector_average_check(params):
    # Q=100, u=5, H=50, R=2000, D rural, f=1: 2.032 Q exp(-H^2/2sz^2)/(u sz R), sz = 0.12*2000/2 = 60 m
    _, sz = dsp.sigmas_m(2000.0, D, "rural", params)
    assert sz == pytest.approx(60.0)
    expected = 2.032 * 100 * math.exp(-50 ** 2 / (2 * 60 ** 2)) / (5 * 60 * 2000) * 1e6
    assert expected == pytest.approx(239.3, abs=0.05)
    assert dsp.sector_average_ug_m3(100, 5, sz, 50, 2000) == pytest.approx(239.3, abs=0.05)


def test_buoyancy_flux_hand(params):
    # F = g v d^2 (Ts - Ta) / (4 Ts) = 9.80665 * 10 * 2^2 * (400 - 290) / (4 * 400) = 26.968 m4/s3
    assert dsp.buoyancy_flux_m4_s3(10.0, 2.0, 400.0, 290.0, 9.80665) == pytest.approx(26.968, abs=1e-3)
    assert dsp.buoyancy_flux_m4_s3(10.0, 2.0, 280.0, 290.0, 9.80665) == 0.0


def test_stable_rise_hand(params):
    # class F: s = g * 0.035 / Ta = 9.80665 * 0.035 / 286.8 = 1.19676e-3 s^-2
    # final = 2.6 (F / (u s))^(1/3) = 2.6 * (12.539 / (3 * 1.19676e-3))^(1/3) = 2.6 * 15.170 = 39.44 m
    # x_f = 2.0715 u / sqrt(s) = 2.0715 * 3 / 0.034594 = 179.6 m; 2/3-law at 100 m = 26.70 m (< final)
    assert dsp.plume_rise_m(12.539, 3.0, 5000.0, F, params) == pytest.approx(39.44, abs=0.02)
    assert dsp.plume_rise_m(12.539, 3.0, 100.0, F, params) == pytest.approx(26.70, abs=0.01)


# ------------------------------------------------------------------ analytic limits
def test_sector_average_is_crosswind_integral_over_arc(params):
    # C_sector(R) = (integral over y of the plume) / (R * 2pi/16): checks the sector form against the plume
    sy, sz = dsp.sigmas_m(3000.0, C, "rural", params)
    y = np.linspace(-8 * sy, 8 * sy, 20001)
    integral = np.trapezoid(dsp.gaussian_plume_ug_m3(50, 4, sy, sz, y, 80), y)
    assert dsp.sector_average_ug_m3(50, 4, sz, 80, 3000) == pytest.approx(integral / (3000 * 2 * math.pi / 16),
                                                                          rel=1e-6)


def test_reflections_tend_to_uniform_mixing():
    # Poisson summation: image sum between ground and lid -> 1/zi when sz is large against zi
    zi = 800.0
    assert dsp.vertical_term_per_m(1.5 * zi, 100.0, zi, uniform_ratio=1.6) == pytest.approx(1 / zi, rel=1e-4)
    assert dsp.vertical_term_per_m(1.7 * zi, 100.0, zi) == pytest.approx(1 / zi, rel=1e-12)  # switched
    # no lid, sz small against h: reduces to 2 exp(-h^2/2sz^2)/(sqrt(2pi) sz)
    assert dsp.vertical_term_per_m(40.0, 90.0) == pytest.approx(
        2 * math.exp(-90 ** 2 / (2 * 40 ** 2)) / (math.sqrt(2 * math.pi) * 40))
    assert dsp.vertical_term_per_m(100.0, 900.0, zi) == 0.0  # plume above the lid


def test_decay_half_life():
    # x = u T_half -> factor 1/2
    assert dsp.decay_factor(3600.0 * 4, 4.0, 3600.0) == pytest.approx(0.5)
    assert dsp.decay_factor(1e5, 1.0, 0.0) == 1.0


def test_uniform_rose_point_source_is_radially_symmetric_and_matches_full_circle(params):
    rose = one_class_rose(D, speed_class=2, speed_m_s=5.0)
    rel = dsp.Release(height_m=50.0, buoyancy_flux_m4_s3=0.0, scheme="rural")
    p = params.with_overrides({"dispersion.wind_profile_exponent.rural": [0, 0, 0, 0, 0, 0]})
    pts = np.array([[2000, 0], [0, -2000], [-1200, 1600], [1414.2135623730951, -1414.2135623730951]])
    conc = dsp.climatological_ug_m3(pts[:, 0], pts[:, 1], 100.0, rel, rose, p)
    np.testing.assert_allclose(conc, conc[0], rtol=1e-9)
    # the sector check value spread over 16 sectors: 239.3 / 16
    assert conc[0] == pytest.approx(239.294 / 16, rel=1e-4)


def test_single_direction_plume_goes_downwind(params, small):
    # wind only from the north -> concentrations only south of the source (rows grow southward)
    rose = one_class_rose(D, sectors=[0])
    grid = dsp.GridSpec((0.0, 20000.0), 1000.0, (20, 20), CRS)
    pts = gpd.GeoDataFrame({"pm25_t": [100.0], "sector": ["power"]}, geometry=[Point(10500, 10500)], crs=CRS)
    out = dsp.concentration_grid(None, pts, grid, rose, small, "pm25_t")
    row, col = grid.index_of(10500, 10500)
    assert out[:row + 1].max() <= 1e-12 * out.max()  # 0 up to FFT round-off
    assert out[row + 3, col] > 0 and out[row + 3, col] == out[row + 1:, :].max(axis=1)[2]


# ------------------------------------------------------------------ kernel
def test_kernel_symmetry_for_uniform_rose(small):
    k = dsp.area_kernel_ug_m3(1000.0, one_class_rose(B, speed_m_s=3.0), small)
    np.testing.assert_allclose(k, k.T, rtol=1e-10, atol=0)
    np.testing.assert_allclose(k, k[::-1, :], rtol=1e-10, atol=0)
    np.testing.assert_allclose(k, k[:, ::-1], rtol=1e-10, atol=0)
    assert k.argmax() == k.size // 2  # peak on its own cell, finite (no R=0 singularity)
    assert np.isfinite(k).all()


def test_self_cell_kernel_converges(params, beijing_rose):
    base = params.with_overrides({"dispersion.cutoff_m": 3000.0})
    k64 = dsp.area_kernel_ug_m3(1000.0, beijing_rose, base)
    k128 = dsp.area_kernel_ug_m3(1000.0, beijing_rose,
                                 base.with_overrides({"dispersion.kernel_subcells_near": 128}))
    m = k64.shape[0] // 2
    assert abs(k128[m, m] - k64[m, m]) / k128[m, m] < 0.01


# ------------------------------------------------------------------ grid model
def _sources():
    area = gpd.GeoDataFrame({"city_id": ["a", "b"], "pm25_t": [3000.0, 1500.0]},
                            geometry=[box(6000, 6000, 11000, 10000), box(15300, 12200, 17800, 15100)], crs=CRS)
    pts = gpd.GeoDataFrame({"plant_id": ["p1", "p2"], "sector": ["power", "steel"], "pm25_t": [800.0, 400.0],
                            "stack_height_m": [np.nan, 60.0]},
                           geometry=[Point(9200, 14100), Point(18000, 7000)], crs=CRS)
    return area, pts


def test_fft_matches_direct_summation(small, beijing_rose):
    area, _ = _sources()
    grid = dsp.GridSpec((0.0, 24000.0), 1000.0, (24, 26), CRS)
    emission = dsp.emission_grid_g_s(area, grid, "pm25_t", small)
    kernel = dsp.area_kernel_ug_m3(grid.cell_m, beijing_rose, small)
    fft = dsp.convolve_tiled(emission, kernel, tile=7)  # small tiles exercise the overlap-add seams
    direct = dsp.area_concentration_direct_ug_m3(emission, grid, beijing_rose, small)
    big = direct > 0.01 * direct.max()
    assert big.sum() > 100
    assert np.max(np.abs(fft[big] - direct[big]) / direct[big]) <= 0.01


def test_emission_grid_conserves_mass(params):
    area, _ = _sources()
    grid = dsp.GridSpec((0.0, 24000.0), 1000.0, (24, 26), CRS)
    e = dsp.emission_grid_g_s(area, grid, "pm25_t", params)
    assert e.sum() == pytest.approx((3000.0 + 1500.0) * 1e6 / 31557600.0, rel=1e-12)
    # cell-aligned 5 km x 4 km polygon: 20 cells of 3000/20 t/yr each
    assert e[14:18, 6:11] == pytest.approx(np.full((4, 5), 150.0 * 1e6 / 31557600.0))
    # a polygon half off the western edge keeps half its emission, on the two on-grid columns
    half = gpd.GeoDataFrame({"pm25_t": [1000.0]}, geometry=[box(-2000, 0, 2000, 4000)], crs=CRS)
    e = dsp.emission_grid_g_s(half, grid, "pm25_t", params)
    assert e.sum() == pytest.approx(500.0 * 1e6 / 31557600.0, rel=1e-9)
    assert e[:, 2:].sum() == 0.0


def test_linearity_and_cancel(small, beijing_rose):
    area, pts = _sources()
    grid = dsp.GridSpec((0.0, 24000.0), 1000.0, (24, 26), CRS)
    once = dsp.concentration_grid(area, pts, grid, beijing_rose, small, "pm25_t")
    area2, pts2 = area.copy(), pts.copy()
    area2["pm25_t"] *= 2
    pts2["pm25_t"] *= 2
    twice = dsp.concentration_grid(area2, pts2, grid, beijing_rose, small, "pm25_t")
    assert once.dtype == np.float32 and once.max() > 0
    np.testing.assert_allclose(twice, 2 * once, rtol=1e-5)
    # superposition: area + points = total
    only_area = dsp.concentration_grid(area, None, grid, beijing_rose, small, "pm25_t")
    only_pts = dsp.concentration_grid(None, pts, grid, beijing_rose, small, "pm25_t")
    np.testing.assert_allclose(only_area + only_pts, once, rtol=1e-5, atol=1e-7)

    class Stop(Feedback):
        def is_cancelled(self):
            return True

    with pytest.raises(Cancelled):
        dsp.concentration_grid(area, pts, grid, beijing_rose, small, "pm25_t", feedback=Stop())


def test_rose_per_group_equals_single_rose(small, beijing_rose):
    area, pts = _sources()
    area["rose"], pts["rose"] = ["x", "y"], ["y", "x"]
    grid = dsp.GridSpec((0.0, 24000.0), 1000.0, (24, 26), CRS)
    single = dsp.concentration_grid(area, pts, grid, beijing_rose, small, "pm25_t")
    split = dsp.concentration_grid(area, pts, grid, {"x": beijing_rose, "y": beijing_rose}, small, "pm25_t",
                                   rose_col="rose")
    np.testing.assert_allclose(split, single, rtol=1e-5, atol=1e-9)
    with pytest.raises(InputError, match=r"area_sources', field 'rose'.*ids: 1"):
        dsp.concentration_grid(area, pts, grid, {"x": beijing_rose}, small, "pm25_t", rose_col="rose")


def test_bad_emissions_named(small, beijing_rose):
    area, pts = _sources()
    pts.loc[1, "pm25_t"] = -1.0
    grid = dsp.GridSpec((0.0, 24000.0), 1000.0, (24, 26), CRS)
    with pytest.raises(InputError, match=r"point_sources', field 'pm25_t'.*ids: 1"):
        dsp.concentration_grid(area, pts, grid, beijing_rose, small, "pm25_t")
    # floating-point round-off of an upstream difference counts as zero
    pts.loc[1, "pm25_t"] = -5.7e-14
    with_roundoff = dsp.concentration_grid(area, pts, grid, beijing_rose, small, "pm25_t")
    pts.loc[1, "pm25_t"] = 0.0
    np.testing.assert_array_equal(with_roundoff, dsp.concentration_grid(area, pts, grid, beijing_rose, small,
                                                                        "pm25_t"))


def test_stack_defaults_fill_missing(params):
    _, pts = _sources()
    stacks = dsp.stack_parameters(pts, params)
    assert stacks.loc[0, "stack_height_m"] == params.get("dispersion.stack_defaults.power.stack_height_m")
    assert stacks.loc[1, "stack_height_m"] == 60.0
    assert stacks.loc[1, "exit_temp_k"] == params.get("dispersion.stack_defaults.steel.exit_temp_k")


# ------------------------------------------------------------------ outputs
def test_grid_for_snaps_and_covers():
    g = grid_mod.grid_for((1234.0, 5678.0, 20100.0, 9000.0), 1000.0, 2000.0, CRS)
    assert g.origin == (-1000.0, 11000.0) and g.shape == (8, 24)
    x0, y0, x1, y1 = g.bounds
    assert x0 <= 1234 - 2000 and y0 <= 5678 - 2000 and x1 >= 22100 and y1 >= 11000


def test_write_geotiff_round_trip(tmp_path):
    grid = dsp.GridSpec((500000.0, 4400000.0), 1000.0, (3, 4), CRS)
    arr = np.arange(12, dtype=np.float32).reshape(3, 4)
    arr[0, 0] = np.nan
    path = write_geotiff(tmp_path / "c.tif", arr, grid)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.tif"]
    with rasterio.open(path) as src:
        assert src.crs.to_epsg() == 32650 and src.nodata == grid_mod.NODATA
        assert src.transform.c == 500000.0 and src.transform.f == 4400000.0 and src.transform.e == -1000.0
        back = src.read(1, masked=True)
    assert back.mask[0, 0] and back[2, 3] == 11.0
    # the value of the north-west cell sits at its coordinates
    assert src.index(501500.0, 4399500.0) == (0, 1)


def test_zonal_means_area_and_population_weighted():
    grid = dsp.GridSpec((0.0, 4000.0), 1000.0, (4, 4), CRS)
    arr = np.arange(16, dtype=float).reshape(4, 4)
    pop = np.ones((4, 4))
    pop[0, 0] = 3.0
    polys = gpd.GeoDataFrame({"city_id": ["nw", "tiny", "out"]},
                             geometry=[box(0, 2000, 2000, 4000), box(3100, 100, 3300, 300),
                                       box(9000, 9000, 9500, 9500)], crs=CRS)
    z = grid_mod.zonal_means(grid, arr, polys, "city_id", population=pop).set_index("city_id")
    # nw covers cells (0,0)=0, (0,1)=1, (1,0)=4, (1,1)=5
    assert z.loc["nw", "pm25_area_mean_ug_m3"] == pytest.approx((0 + 1 + 4 + 5) / 4)
    assert z.loc["nw", "pm25_pop_weighted_ug_m3"] == pytest.approx((3 * 0 + 1 + 4 + 5) / 6)
    assert z.loc["tiny", "pm25_area_mean_ug_m3"] == 15.0  # smaller than a cell: the cell it touches
    assert z.loc["out", "n_cells"] == 0 and np.isnan(z.loc["out", "pm25_area_mean_ug_m3"])
    uniform = grid_mod.zonal_means(grid, arr, polys, "city_id").set_index("city_id")
    assert uniform.loc["nw", "pm25_pop_weighted_ug_m3"] == uniform.loc["nw", "pm25_area_mean_ug_m3"]


# ------------------------------------------------------------------ point stacks by FFT (issue 16)
def _stacks(rng, n, grid_span_m):
    """Stacks of the three point sectors at random positions, some with their own heights (not the sector
    default: they fall in other effective-height classes and are evaluated exactly in the near field)."""
    sectors = rng.choice(["power", "steel", "cement"], n)
    heights = np.where(rng.random(n) < 0.3, rng.uniform(40.0, 240.0, n), np.nan)
    xy = rng.uniform(0.0, grid_span_m, (n, 2))
    return gpd.GeoDataFrame({"sector": sectors, "stack_height_m": heights, "pm25_t": rng.uniform(50, 3000, n)},
                            geometry=[Point(x, y) for x, y in xy], crs=CRS)


def test_point_stacks_by_fft_within_one_percent_of_direct_summation(params, beijing_rose):
    # the criterion: <= 1 % wherever the concentration exceeds 1 % of the maximum; stacks near and on
    # the grid edge included (summed directly there)
    p = params.with_overrides({"dispersion.cutoff_m": 25000.0})
    grid = dsp.GridSpec((0.0, 60000.0), 1000.0, (60, 60), CRS)
    pts = _stacks(np.random.default_rng(11), 14, 60000.0)
    pts.loc[len(pts)] = ["steel", np.nan, 800.0, Point(200.0, 30500.0)]  # CIC nodes leave the grid
    fft = dsp.point_concentration_ug_m3(pts, grid, beijing_rose, p, "pm25_t")
    direct = dsp.point_concentration_direct_ug_m3(pts, grid, beijing_rose, p, "pm25_t")
    big = direct > 0.01 * direct.max()
    assert big.sum() > 500
    assert np.max(np.abs(fft[big] - direct[big]) / direct[big]) <= 0.01


def test_stack_classes_are_exact_for_identical_stacks_and_ignore_row_order():
    # bins of 1 % in ln(height): 100 and 100.3 m share bin floor(ln h / 0.01) = 460, 101.5 m is in 461
    h = np.array([210.0, 210.0, 100.0, 210.0, 100.3, 101.5])
    f = np.array([500.0, 500.0, 80.0, 500.0, 80.0, 80.0])
    labels, rep_h, rep_f = dsp.stack_classes(h, f, 0.01)
    assert labels[0] == labels[1] == labels[3] and (rep_h[labels[0]], rep_f[labels[0]]) == (210.0, 500.0)
    assert labels[2] == labels[4] and rep_h[labels[2]] == 100.0  # (lower) median member represents the class
    assert labels[5] != labels[2]
    order = np.array([5, 3, 1, 0, 4, 2])
    labels2, rep_h2, rep_f2 = dsp.stack_classes(h[order], f[order], 0.01)
    np.testing.assert_array_equal(rep_h2[labels2], rep_h[labels][order])
    np.testing.assert_array_equal(rep_f2[labels2], rep_f[labels][order])


def test_stack_operator_is_linear_and_serves_any_emission_vector(params, beijing_rose):
    p = params.with_overrides({"dispersion.cutoff_m": 15000.0})
    grid = dsp.GridSpec((0.0, 40000.0), 1000.0, (40, 40), CRS)
    pts = _stacks(np.random.default_rng(5), 6, 40000.0)
    op = dsp.stack_operator(pts, grid, beijing_rose, p)
    a, b = np.random.default_rng(1).uniform(0, 50, (2, len(pts)))
    np.testing.assert_allclose(op.concentration_ug_m3(a + 2 * b), op.concentration_ug_m3(a)
                               + 2 * op.concentration_ug_m3(b), rtol=1e-9, atol=1e-12)
    one = dsp.point_concentration_ug_m3(pts.assign(pm25_t=a * 31557600.0 / 1e6), grid, beijing_rose, p, "pm25_t")
    np.testing.assert_allclose(op.concentration_ug_m3(a), one, rtol=1e-12)


def test_near_field_table_equals_the_point_solution(params, beijing_rose):
    # tabulated along sector-boundary bearings (exact in bearing), log-spaced in distance
    rel = dsp.Release(210.0, 400.0, "rural")
    table = dsp._FineKernel.build(rel, 25000.0, int(params.get("dispersion.point_near_radial_nodes")),
                                  beijing_rose, params)
    rng = np.random.default_rng(2)
    r, bearing = rng.uniform(500.0, 24000.0, 400), rng.uniform(0.0, 2 * np.pi, 400)
    dx, dy = r * np.sin(bearing), r * np.cos(bearing)
    exact = dsp.climatological_ug_m3(dx, dy, 1.0, rel, beijing_rose, params)
    big = exact > 0.01 * exact.max()
    np.testing.assert_allclose(table.value(dx, dy)[big], exact[big], rtol=2e-3)
