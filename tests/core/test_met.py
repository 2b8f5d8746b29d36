"""Wind rose builder: hand counts, Turner stability, calms, solar position, CSV round trip, shipped rose."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from uis_qgis import met
from uis_qgis.io import read_wind_rose, write_wind_rose
from uis_qgis.params import load_params
from uis_qgis.validate import InputError

ROOT = Path(__file__).resolve().parents[2]
UCI = ROOT.parent / "shared" / "data" / "uci_beijing_dongsi_hourly_2013-2017.csv"
LAT, LON = 39.93, 116.42
A, B, C, D, E, F = range(6)


@pytest.fixture(scope="module")
def params():
    return load_params()


def _tiny_table():
    # Beijing, around the June solstice. Noon: solar altitude about 90 - 39.9 + 23.4 = 73.5 deg > 60
    # -> insolation class 4 -> NRI 4 (clear). Midnight -> night, NRI -2 (clear, default).
    # Speeds in knots (x 1.943844, rounded): 1.0 m/s -> 2 kt (row "2,3"); 4.0 -> 8 kt (row "8,9");
    # 7.0 -> 14 kt (row ">=12"). Turner table: NRI 4: 1 (A), 2 (B), 3 (C); NRI -2: 7 (G -> F), 5 (E), 4 (D).
    # STAR classes: 1.0 -> class 1 (< 1.54), 4.0 -> class 3 (3.09-5.14), 7.0 -> class 4 (5.14-8.23).
    rows = [
        ("2016-06-21 12:00", 1.0, "N"),     # A, class 1, sector N (0)
        ("2016-06-22 12:00", 4.0, "E"),     # B, class 3, sector E (4)
        ("2016-06-23 12:00", 7.0, "S"),     # C, class 4, sector S (8)
        ("2016-06-21 00:00", 1.0, "N"),     # F, class 1, sector N (0)
        ("2016-06-22 00:00", 4.0, "W"),     # E, class 3, sector W (12)
        ("2016-06-23 00:00", 7.0, 22.5),    # D, class 4, sector NNE (1), direction in degrees
        ("2016-06-24 00:00", 0.2, None),    # calm: F at 0 kt, goes where class-1 F hours blow from (N)
        ("2016-06-24 12:00", np.nan, "N"),  # no speed: dropped
        ("2016-06-25 12:00", 3.0, "XYZ"),   # unknown direction, not calm: dropped
    ]
    return pd.DataFrame(rows, columns=["time", "speed", "dir"])


def test_tiny_table_reproduces_hand_counts(params):
    rose = met.wind_rose_from_hourly(_tiny_table(), "speed", "dir", "time", LAT, LON, params)
    expected = np.zeros((16, 6, 6))
    expected[0, 0, A] = 1
    expected[4, 2, B] = 1
    expected[8, 3, C] = 1
    expected[0, 0, F] = 2  # one observed + the calm hour
    expected[12, 2, E] = 1
    expected[1, 3, D] = 1
    np.testing.assert_allclose(rose.freq, expected / 7.0, atol=1e-12)
    assert rose.freq.sum() == pytest.approx(1.0)
    assert rose.n_hours == 7 and rose.meta["hours_dropped"] == 2
    assert rose.calm_fraction == pytest.approx(1 / 7)
    # class means from non-calm hours; empty classes fall back to the STAR defaults
    np.testing.assert_allclose(rose.mean_speed_m_s, [1.0, 2.46, 4.0, 7.0, 9.61, 12.52])


def test_calms_follow_class1_directions_of_same_stability(params):
    # two night class-1 F hours from E and one from W, two calm night hours -> calms split 2:1 E:W
    df = pd.DataFrame({"time": pd.to_datetime(["2016-01-10 02:00", "2016-01-11 02:00", "2016-01-12 02:00",
                                               "2016-01-13 02:00", "2016-01-14 02:00"]),
                       "speed": [1.0, 1.0, 1.0, 0.0, 0.3], "dir": ["E", "E", "W", None, "N"]})
    rose = met.wind_rose_from_hourly(df, "speed", "dir", "time", LAT, LON, params)
    assert rose.freq[4, 0, F] == pytest.approx((2 + 2 * 2 / 3) / 5)
    assert rose.freq[12, 0, F] == pytest.approx((1 + 2 * 1 / 3) / 5)
    assert rose.freq[0].sum() == 0.0  # the calm's recorded "N" is ignored


def test_turner_table_cells(params):
    # read off Turner (1964) / EPA-454/R-99-005 Table 6-4 (row, NRI) -> class, G merged into F
    speeds_kt = np.array([0, 3, 5, 6, 7, 9, 10, 11, 12, 12, 4])
    nri = np.array([-2, -1, 1, 4, 4, 3, 2, 0, 4, -2, 2])
    expected = np.array([F, F, D, B, B, C, D, D, C, D, C])
    speed_m_s = speeds_kt / 1.943844
    np.testing.assert_array_equal(met.turner_stability(speed_m_s, nri, params), expected)


def test_solar_altitude_at_solstice_noon_and_equinox(params):
    # solar noon at lon 116.42 in UTC+8: 12:00 + 4 min/deg x (120 - 116.42) deg = 12:14 mean solar time,
    # minus the equation of time (about -1.7 min on 21 June, -7.5 min on 20 March) -> 12:16 and 12:22 local
    elev, _ = met.solar_position(pd.to_datetime(["2016-06-21 12:16", "2016-03-20 12:22"]), LAT, LON, 8.0)
    assert elev[0] == pytest.approx(90 - LAT + 23.44, abs=0.3)
    assert elev[1] == pytest.approx(90 - LAT, abs=0.5)


def test_daytime_margin_one_hour(params):
    # equinox: sunrise ~06:00 solar time = 06:22 local (see above), sunset ~18:22 local.
    # 06:52 local is within an hour of sunrise -> night; 07:52 -> day; 17:52 within an hour of sunset -> night
    times = pd.to_datetime(["2016-03-20 06:52", "2016-03-20 07:52", "2016-03-20 17:52"])
    _, ha = met.solar_position(times, LAT, LON, 8.0)
    day = met.is_daytime(ha, times.dayofyear.to_numpy(), LAT, 1.0)
    np.testing.assert_array_equal(day, [False, True, False])


def test_csv_round_trip_and_validation(tmp_path, params):
    rose = met.wind_rose_from_hourly(_tiny_table(), "speed", "dir", "time", LAT, LON, params)
    path = tmp_path / "rose.csv"
    write_wind_rose(rose, path)
    back = read_wind_rose(path)
    np.testing.assert_allclose(back.freq, rose.freq, rtol=1e-9)
    np.testing.assert_allclose(back.mean_speed_m_s, rose.mean_speed_m_s)
    np.testing.assert_allclose(back.mixing_height_m, params.get("dispersion.met.mixing_height_m"))
    df = pd.read_csv(path)
    df.loc[0, "frequency"] += 0.5
    with pytest.raises(InputError, match="frequency.*sum to 1"):
        met.WindRose.from_frame(df)
    df = pd.read_csv(path).drop(columns="mixing_height_m")
    with pytest.raises(InputError, match="mixing_height_m"):
        met.WindRose.from_frame(df)


def test_shipped_beijing_rose_is_reproducible_and_normalised(params):
    shipped = read_wind_rose(ROOT / "resources" / "sample" / "met_rose_beijing.csv")
    assert shipped.freq.sum() == pytest.approx(1.0, abs=1e-9)
    if UCI.exists():
        df = pd.read_csv(UCI)
        rebuilt = met.wind_rose_from_hourly(df, "WSPM", "wd", ["year", "month", "day", "hour"], 39.929,
                                            116.417, params)
        np.testing.assert_allclose(shipped.freq, rebuilt.freq, atol=1e-9)
        # independent count of calm hours: speed < 0.5 m/s with a speed present
        assert rebuilt.meta["hours_calm"] == int((df["WSPM"] < 0.5).sum())


def test_observed_pm25_summary_matches_hourly_mean():
    obs = pd.read_csv(ROOT / "resources" / "sample" / "observed_pm25.csv")
    assert obs["source"].str.contains("UCI").all()
    if UCI.exists():
        df = pd.read_csv(UCI)
        first = df[(df.year == 2013) | ((df.year == 2014) & (df.month < 3))]["PM2.5"].mean()
        assert obs["pm25_ug_m3"].iloc[0] == pytest.approx(first, abs=0.01)
