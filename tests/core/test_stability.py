"""Stability from met data (uis_qgis.met): Golder (1972) classes from L and z0, Turner's NRI with clouds."""
import numpy as np
import pandas as pd
import pytest

from uis_qgis import met
from uis_qgis.params import load_params

A, B, C, D, E, F = range(6)


@pytest.fixture(scope="module")
def params():
    return load_params()


@pytest.mark.parametrize("z0", [0.001, 0.01, 0.1, 0.5, 1.0])
def test_golder_classes_agree_with_pasquills_fit_of_the_same_nomogram(params, z0):
    """Pasquill (1974) fitted Golder's class curves as L(z0) = ±k z0^m (A −11.4 z0^0.10, B −26 z0^0.17,
    C −123 z0^0.30, E +123 z0^0.30, F +26 z0^0.17; D: |L| infinite): a second, independent fit must fall in
    the same bands as Seinfeld & Pandis' lines."""
    lengths = [-11.4 * z0 ** 0.10, -26.0 * z0 ** 0.17, -123.0 * z0 ** 0.30, np.inf, 123.0 * z0 ** 0.30,
               26.0 * z0 ** 0.17]
    assert met.golder_stability(1.0 / np.array(lengths), z0, params).tolist() == [A, B, C, D, E, F]


def test_golder_class_lines_and_bands(params):
    z0 = 0.1  # log10 = -1: centres A -0.125, B -0.066, C -0.020, D 0, E 0.022, F 0.071 (1/m)
    centres = np.array([-0.125, -0.066, -0.020, 0.0, 0.022, 0.071])
    assert met.golder_stability(centres, z0, params).tolist() == [A, B, C, D, E, F]
    # band edges halfway between lines: A|B at -0.0955, E|F at 0.0465
    assert met.golder_stability([-0.0956, -0.0954, 0.0464, 0.0466, -1.0, 1.0, np.nan], z0, params).tolist() == \
        [A, B, E, F, A, F, -1]
    # z0 above 1 m is capped (the fitted lines would leave the class order)
    assert met.golder_stability([0.003], 5.0, params).tolist() == met.golder_stability([0.003], 1.0, params).tolist()
    with pytest.raises(ValueError, match="roughness"):
        met.golder_stability([0.0], 0.0, params)


def test_turner_nri_with_clouds_hand_cases(params):
    """EPA-454/R-99-005 Table 6-6 by hand: solar altitude 70° → insolation class 4, 10° → 1."""
    elev = np.array([70, 70, 70, 70, 70, 70, 10, -20, -20, -20])
    day = np.array([1, 1, 1, 1, 1, 1, 1, 0, 0, 0], bool)
    cover = np.array([3, 8, 8, 8, 10, 10, 8, 3, 7, 10])
    ceiling = np.array([np.nan, 5000, 10000, np.nan, np.nan, 5000, 5000, np.nan, np.nan, 3000])
    nri = met.cloud_net_radiation_index(elev, day, cover, ceiling, params)
    assert nri.tolist() == [4, 2, 3, 4, 3, 0, 1, -2, -1, 0]


def test_rose_uses_golder_where_l_is_given_and_turner_elsewhere(params):
    times = pd.date_range("2015-06-01 00:00", periods=48, freq="h")
    df = pd.DataFrame({"time": times, "speed": 3.0, "dir": "N",
                       "L": [-5.0] * 24 + [np.nan] * 24})  # first day very unstable by L, second by Turner
    rose = met.wind_rose_from_hourly(df, "speed", "dir", "time", 39.9, 116.4, params, obukhov_col="L")
    assert rose.meta["hours_golder"] == 24 and rose.meta["hours_turner_clear"] == 24
    turner_only = met.wind_rose_from_hourly(df.iloc[24:], "speed", "dir", "time", 39.9, 116.4, params)
    # 24 Golder hours at 1/L = -0.2 (class A at z0 = 1 m) + the second day's Turner classes
    expected = np.zeros(6)
    expected[A] = 24
    expected += turner_only.stability_frequency() * 24
    assert rose.stability_frequency() * 48 == pytest.approx(expected)


def test_rose_with_cloud_cover_moves_night_hours_to_neutral_side(params):
    times = pd.date_range("2015-01-10 00:00", periods=24, freq="h")
    clear = pd.DataFrame({"time": times, "speed": 2.0, "dir": "W", "cloud": 0.0})
    overcast = clear.assign(cloud=8.0)
    a = met.wind_rose_from_hourly(clear, "speed", "dir", "time", 39.9, 116.4, params, cloud_col="cloud")
    b = met.wind_rose_from_hourly(overcast, "speed", "dir", "time", 39.9, 116.4, params, cloud_col="cloud")
    assert a.meta["hours_turner_cloud"] == 24
    # 2 m/s = 4 kt: NRI -2 → F, NRI -1 → E (Turner table row 2)
    assert a.stability_frequency()[F] > 0 and b.stability_frequency()[F] == 0
    assert b.stability_frequency()[E] == pytest.approx(a.stability_frequency()[F])
