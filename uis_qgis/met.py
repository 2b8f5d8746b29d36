"""Climatological meteorology for the long-term plume model: the wind rose (SPEC §1 *met*, §6).

A :class:`WindRose` is the joint frequency f(k, j, s) of 16 wind sectors (direction the wind blows
**from**, sector 0 centred on north, clockwise), 6 wind-speed classes (STAR classes) and 6 Pasquill–Gifford
stability classes A–F, with the mean wind speed per speed class and a mixing height per stability class —
the input of ISCLT / the Climatological Dispersion Model.

Stability scheme (hourly data without cloud cover)
---------------------------------------------------
Turner (1964): the class follows from the wind speed (knots) and a net radiation index (NRI). By day the NRI
is the insolation class from the solar altitude (> 60° → 4, 35–60° → 3, 15–35° → 2, ≤ 15° → 1); by night
(one hour before sunset to one hour after sunrise) it is −2 for clear and −1 for cloudy skies. The hourly
data carry no cloud cover, so days are taken as clear (NRI = insolation class) and nights get
``dispersion.met.night_net_radiation_index`` (default −2, clear). Turner's class 7 (G) is merged into F, as
US EPA regulatory practice does.

Calms (speed below ``dispersion.met.calm_threshold_m_s``) have no direction. They are counted in speed
class 1 with the stability of a speed of 0 kt and spread over the 16 sectors in proportion to the
non-calm class-1 directions of the same stability (STAR convention); if that stability has no class-1
hours, over all class-1 hours; if there are none, uniformly.

References
----------
Turner, D. B. (1964). A diffusion model for an urban area. J. Appl. Meteor. 3, 83–91.
US EPA (2000). Meteorological Monitoring Guidance for Regulatory Modeling Applications, EPA-454/R-99-005,
§6.4.1, Tables 6-4 to 6-6.
US EPA (1995). ISC3 User's Guide Vol. II, EPA-454/B-95-003b, §2.1.1 (STAR joint frequency functions).
Spencer, J. W. (1971). Fourier series representation of the position of the sun. Search 2(5), 172.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from .validate import InputError, Problem

N_SECTORS = 16
N_SPEED = 6
STABILITY = ("A", "B", "C", "D", "E", "F")
N_STAB = len(STABILITY)
SECTOR_WIDTH_DEG = 360.0 / N_SECTORS
DIRECTION_NAMES = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
                   "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
CSV_COLUMNS = ("sector", "direction_deg", "speed_class", "stability", "frequency", "mean_speed_m_s",
               "mixing_height_m")
FREQ_SUM_TOL = 1e-6
TURNER_G_CLASS = 7
LAYER = "met"


@dataclass
class WindRose:
    """Joint frequency of wind sector × speed class × stability class.

    Attributes
    ----------
    freq : ndarray, shape (16, 6, 6)
        f[k, j, s]: fraction of hours with wind **from** sector k (0 = N, clockwise, 22.5° each), speed class
        j (STAR classes 1..6) and stability s (A..F). Sums to 1.
    mean_speed_m_s : ndarray, shape (6,)
        Mean wind speed of each speed class at anemometer height, m/s.
    mixing_height_m : ndarray, shape (6,)
        Mixing height per stability class A..F, m.
    n_hours : int
        Number of hours the rose was built from (0 if unknown).
    calm_fraction : float
        Fraction of those hours that were calm.
    """

    freq: np.ndarray
    mean_speed_m_s: np.ndarray
    mixing_height_m: np.ndarray
    n_hours: int = 0
    calm_fraction: float = 0.0
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        self.freq = np.asarray(self.freq, dtype=float)
        self.mean_speed_m_s = np.asarray(self.mean_speed_m_s, dtype=float)
        self.mixing_height_m = np.asarray(self.mixing_height_m, dtype=float)
        problems = _rose_problems(self.freq, self.mean_speed_m_s, self.mixing_height_m)
        if problems:
            raise InputError(problems)

    def stability_frequency(self) -> np.ndarray:
        """Fraction of hours in each stability class A..F, shape (6,)."""
        return self.freq.sum(axis=(0, 1))

    def sector_frequency(self) -> np.ndarray:
        """Fraction of hours with wind from each of the 16 sectors, shape (16,)."""
        return self.freq.sum(axis=(1, 2))

    def to_frame(self) -> pd.DataFrame:
        """Long table, one row per (sector, speed class, stability); columns :data:`CSV_COLUMNS`."""
        k, j, s = np.meshgrid(np.arange(N_SECTORS), np.arange(N_SPEED), np.arange(N_STAB), indexing="ij")
        k, j, s = k.ravel(), j.ravel(), s.ravel()
        return pd.DataFrame({
            "sector": k + 1,
            "direction_deg": k * SECTOR_WIDTH_DEG,
            "speed_class": j + 1,
            "stability": np.array(STABILITY)[s],
            "frequency": self.freq[k, j, s],
            "mean_speed_m_s": self.mean_speed_m_s[j],
            "mixing_height_m": self.mixing_height_m[s],
        })

    @classmethod
    def from_frame(cls, df: pd.DataFrame, layer: str = LAYER) -> "WindRose":
        """Rose from a long table with :data:`CSV_COLUMNS` (the SPEC §1 *met* table)."""
        missing = [c for c in CSV_COLUMNS if c not in df.columns and c != "direction_deg"]
        if missing:
            raise InputError([Problem(layer, c, (), "required column missing from the wind rose table")
                              for c in missing])
        k = df["sector"].astype(int).to_numpy() - 1
        j = df["speed_class"].astype(int).to_numpy() - 1
        stab = df["stability"].astype(str).str.strip().str.upper()
        bad = ~stab.isin(STABILITY) | (k < 0) | (k >= N_SECTORS) | (j < 0) | (j >= N_SPEED)
        if bad.any():
            raise InputError([Problem(layer, "sector/speed_class/stability", tuple(np.flatnonzero(bad) + 1),
                                      "sector must be 1..16, speed_class 1..6, stability A..F (rows listed)")])
        s = stab.map({c: i for i, c in enumerate(STABILITY)}).to_numpy()
        freq = np.zeros((N_SECTORS, N_SPEED, N_STAB))
        np.add.at(freq, (k, j, s), df["frequency"].astype(float).to_numpy())
        speed = df.groupby(j)["mean_speed_m_s"].first().reindex(range(N_SPEED)).to_numpy(float)
        mix = df.groupby(s)["mixing_height_m"].first().reindex(range(N_STAB)).to_numpy(float)
        return cls(freq, speed, mix)


def _rose_problems(freq, speed, mix) -> list[Problem]:
    problems = []
    if freq.shape != (N_SECTORS, N_SPEED, N_STAB):
        return [Problem(LAYER, "frequency", (), f"shape must be (16, 6, 6), got {freq.shape}")]
    if not np.all(np.isfinite(freq)) or np.any(freq < 0):
        problems.append(Problem(LAYER, "frequency", (), "frequencies must be finite and >= 0"))
    elif abs(freq.sum() - 1.0) > FREQ_SUM_TOL:
        problems.append(Problem(LAYER, "frequency", (), f"frequencies must sum to 1, got {freq.sum():.6f}"))
    if speed.shape != (N_SPEED,) or not np.all(np.isfinite(speed)) or np.any(speed <= 0):
        problems.append(Problem(LAYER, "mean_speed_m_s", (), "six finite positive class mean speeds needed"))
    if mix.shape != (N_STAB,) or not np.all(np.isfinite(mix)) or np.any(mix <= 0):
        problems.append(Problem(LAYER, "mixing_height_m", (), "six finite positive mixing heights needed"))
    return problems


# ----------------------------------------------------------------------------------------------- sun
def solar_position(time_local: pd.DatetimeIndex | Sequence, lat_deg: float, lon_deg: float,
                   utc_offset_h: float) -> tuple[np.ndarray, np.ndarray]:
    """Solar elevation and hour angle for local standard times.

    Parameters
    ----------
    time_local : datetime-like sequence
        Local standard time of each observation.
    lat_deg, lon_deg : float
        Station latitude and longitude, degrees (east positive).
    utc_offset_h : float
        Offset of local standard time from UTC, hours.

    Returns
    -------
    elevation_deg, hour_angle_deg : ndarray
        Solar elevation above the horizon and hour angle (0 at solar noon), degrees.

    References
    ----------
    Spencer (1971): declination and equation of time as Fourier series of the day angle.
    """
    t = pd.DatetimeIndex(time_local)
    decl = declination_rad(t.dayofyear.to_numpy())
    gamma = _day_angle_rad(t.dayofyear.to_numpy())
    eot_min = 229.18 * (0.000075 + 0.001868 * np.cos(gamma) - 0.032077 * np.sin(gamma)
                        - 0.014615 * np.cos(2 * gamma) - 0.040849 * np.sin(2 * gamma))
    clock_h = t.hour.to_numpy() + t.minute.to_numpy() / 60.0
    solar_time_h = clock_h + (4.0 * (lon_deg - 15.0 * utc_offset_h) + eot_min) / 60.0
    hour_angle = 15.0 * (solar_time_h - 12.0)
    lat = math.radians(lat_deg)
    sin_el = np.sin(lat) * np.sin(decl) + np.cos(lat) * np.cos(decl) * np.cos(np.radians(hour_angle))
    return np.degrees(np.arcsin(np.clip(sin_el, -1.0, 1.0))), hour_angle


def _day_angle_rad(day_of_year: np.ndarray) -> np.ndarray:
    return 2.0 * np.pi * (day_of_year - 1) / 365.0


def declination_rad(day_of_year: np.ndarray) -> np.ndarray:
    """Solar declination (rad) for day of year 1..366 (Spencer 1971)."""
    g = _day_angle_rad(np.asarray(day_of_year, float))
    return (0.006918 - 0.399912 * np.cos(g) + 0.070257 * np.sin(g) - 0.006758 * np.cos(2 * g)
            + 0.000907 * np.sin(2 * g) - 0.002697 * np.cos(3 * g) + 0.00148 * np.sin(3 * g))


def is_daytime(hour_angle_deg: np.ndarray, day_of_year: np.ndarray, lat_deg: float,
               margin_h: float) -> np.ndarray:
    """True from ``margin_h`` hours after sunrise to ``margin_h`` hours before sunset.

    Sunrise/sunset hour angle ω0 = arccos(−tan φ tan δ) (sun centre at the horizon).

    References
    ----------
    US EPA (2000) EPA-454/R-99-005, Table 6-6 (night = one hour before sunset to one hour after sunrise).
    """
    decl = declination_rad(day_of_year)
    cos_w0 = np.clip(-np.tan(math.radians(lat_deg)) * np.tan(decl), -1.0, 1.0)
    half_day_deg = np.degrees(np.arccos(cos_w0))
    return np.abs(hour_angle_deg) <= half_day_deg - 15.0 * margin_h


# ----------------------------------------------------------------------------------------- stability
def net_radiation_index(elevation_deg: np.ndarray, daytime: np.ndarray, params) -> np.ndarray:
    """Turner net radiation index from solar altitude, assuming clear days and the configured night index.

    References
    ----------
    Turner (1964); EPA-454/R-99-005 Tables 6-5 and 6-6 (insolation class from solar altitude).
    """
    bounds = np.asarray(params.get("dispersion.met.insolation_elevation_deg"), float)
    insolation = 1 + np.searchsorted(bounds, elevation_deg, side="left")
    night = int(params.get("dispersion.met.night_net_radiation_index"))
    return np.where(daytime, insolation, night)


def turner_stability(speed_m_s: np.ndarray, nri: np.ndarray, params) -> np.ndarray:
    """Pasquill–Gifford class index 0..5 (A..F) from wind speed and net radiation index.

    Speeds are converted to whole knots as in Turner's table; class 7 (G) is merged into F.

    References
    ----------
    Turner (1964) J. Appl. Meteor. 3:83; EPA-454/R-99-005 Table 6-4.
    """
    kt = np.rint(np.asarray(speed_m_s, float) * params.get("dispersion.knots_per_m_s"))
    rows = np.searchsorted(np.asarray(params.get("dispersion.met.turner_speed_row_max_kt"), float), kt,
                           side="left")
    columns = np.asarray(params.get("dispersion.met.turner_nri_columns"), int)
    col = np.argmax(np.asarray(nri, int)[..., None] == columns, axis=-1)
    table = np.asarray(params.get("dispersion.met.turner_table"), int)
    cls = np.minimum(table[rows, col], TURNER_G_CLASS - 1)
    return cls - 1


def golder_stability(inverse_obukhov_length_per_m, roughness_m: float, params) -> np.ndarray:
    """Pasquill–Gifford class index 0..5 (A..F) from the Monin–Obukhov length and the roughness length.

    Golder (1972) related the classes to 1/L and z0 in a nomogram; Seinfeld & Pandis fit each class by the
    line ``1/L = a + b log10(z0)`` (``dispersion.met.golder_a_per_m``, ``golder_b_per_m``). An observation
    takes the class of the nearest line at its z0 (boundaries halfway between adjacent lines). z0 is capped
    at ``dispersion.met.golder_max_roughness_m`` (above 1 m the fitted lines of C, D and E cross).

    Parameters
    ----------
    inverse_obukhov_length_per_m : array_like
        1/L, 1/m (negative unstable, 0 neutral, positive stable); NaN gives −1 (no class).
    roughness_m : float
        Surface roughness length z0, m.
    params : Params

    References
    ----------
    Golder, D. (1972) Relations among stability parameters in the surface layer. Boundary-Layer Meteorol.
    3:47–58. Seinfeld, J. H. & Pandis, S. N. (2006) Atmospheric Chemistry and Physics, 2nd ed., Wiley,
    eq. 16.83 (fit of Golder's nomogram).
    """
    if not roughness_m > 0:
        raise ValueError(f"roughness length must be > 0 m, got {roughness_m}")
    log_z0 = math.log10(min(roughness_m, float(params.get("dispersion.met.golder_max_roughness_m"))))
    centre = (np.asarray(params.get("dispersion.met.golder_a_per_m"), float)
              + np.asarray(params.get("dispersion.met.golder_b_per_m"), float) * log_z0)
    bounds = (centre[1:] + centre[:-1]) / 2.0
    inv_l = np.asarray(inverse_obukhov_length_per_m, float)
    cls = np.searchsorted(bounds, inv_l, side="left")
    return np.where(np.isfinite(inv_l), cls, -1)


def cloud_net_radiation_index(elevation_deg: np.ndarray, daytime: np.ndarray, cloud_tenths: np.ndarray,
                              ceiling_ft: np.ndarray | None, params) -> np.ndarray:
    """Turner net radiation index with cloud cover (and ceiling height when known).

    Night: −2 for cloud cover ≤ 4/10, −1 above. Day: the insolation class from solar altitude, lowered by 2
    under a ceiling below 7,000 ft and by 1 under a ceiling of 7,000–16,000 ft when cover exceeds 5/10, or by
    1 at 10/10 cover with a ceiling ≥ 7,000 ft; never below 1. Overcast (10/10) with a ceiling below 7,000 ft
    gives 0 by day and night. An unknown ceiling is taken as high (≥ 16,000 ft).

    References
    ----------
    Turner (1964); US EPA (2000) EPA-454/R-99-005 §6.4.1 and Table 6-6 (procedure for the NRI).
    """
    cover = np.asarray(cloud_tenths, float)
    ceiling = np.full(cover.shape, np.inf) if ceiling_ft is None else np.where(
        np.isfinite(np.asarray(ceiling_ft, float)), np.asarray(ceiling_ft, float), np.inf)
    low, mid = params.get("dispersion.met.turner_ceiling_ft")
    insolation = net_radiation_index(elevation_deg, np.ones(cover.shape, bool), params)
    cut = np.where(ceiling < low, 2, np.where(ceiling < mid, 1, np.where(cover >= 10, 1, 0)))
    day = np.where(cover > 5, np.maximum(insolation - cut, 1), insolation)
    night = np.where(cover <= 4, -2, -1)
    nri = np.where(daytime, day, night)
    return np.where((cover >= 10) & (ceiling < low), 0, nri)


def speed_class(speed_m_s: np.ndarray, params) -> np.ndarray:
    """STAR speed class index 0..5 (upper bounds from ``dispersion.met.speed_class_upper_m_s``)."""
    upper = np.asarray(params.get("dispersion.met.speed_class_upper_m_s"), float)
    return np.searchsorted(upper, speed_m_s, side="left")


def sector_index(direction: pd.Series) -> np.ndarray:
    """Sector 0..15 from a 16-point compass name (``NNE``) or a direction in degrees (from); −1 if invalid."""
    names = {n: i for i, n in enumerate(DIRECTION_NAMES)}
    text = direction.astype("string").str.strip().str.upper()
    by_name = text.map(names)
    deg = pd.to_numeric(direction, errors="coerce")
    by_deg = np.floor(((deg % 360.0) + SECTOR_WIDTH_DEG / 2.0) / SECTOR_WIDTH_DEG) % N_SECTORS
    idx = by_name.astype("Float64").fillna(pd.Series(by_deg, index=direction.index).astype("Float64"))
    return idx.fillna(-1).astype(int).to_numpy()


# ------------------------------------------------------------------------------------------- the rose
def _times(df: pd.DataFrame, time_cols) -> pd.DatetimeIndex:
    if isinstance(time_cols, str):
        return pd.DatetimeIndex(pd.to_datetime(df[time_cols]))
    parts = df[list(time_cols)].rename(columns=dict(zip(time_cols, ("year", "month", "day", "hour"))))
    return pd.DatetimeIndex(pd.to_datetime(parts[["year", "month", "day", "hour"]]))


def wind_rose_from_hourly(df: pd.DataFrame, speed_col: str, dir_col: str, time_cols, lat: float, lon: float,
                          params, obukhov_col: str | None = None, cloud_col: str | None = None,
                          ceiling_col: str | None = None) -> WindRose:
    """Build the 16 × 6 × 6 wind rose from hourly wind observations.

    Parameters
    ----------
    df : DataFrame
        Hourly rows.
    speed_col : str
        Wind speed at anemometer height, m/s.
    dir_col : str
        Direction the wind blows from: 16-point compass names (``"NNE"``) or degrees.
    time_cols : str or sequence of 4 str
        One datetime column, or the (year, month, day, hour) columns; local standard time
        (offset ``dispersion.met.utc_offset_h``).
    lat, lon : float
        Station position, degrees.
    params : Params
        Uses the ``dispersion.met.*`` tables.
    obukhov_col : str, optional
        Monin–Obukhov length L (m): hours with a finite L get Golder's class (:func:`golder_stability`, z0 =
        ``dispersion.met.roughness_m``); the others Turner's.
    cloud_col, ceiling_col : str, optional
        Total cloud cover (tenths) and ceiling height (ft): Turner's net radiation index with clouds
        (:func:`cloud_net_radiation_index`) instead of clear skies, for hours with a cloud cover.

    Returns
    -------
    WindRose
        Frequencies over the valid hours (speed present; direction present unless calm), class mean speeds
        (observed non-calm hours; the STAR default where a class is empty), mixing heights from params.
        ``meta`` holds hour counts (valid, calm, dropped) and the hours classed by each scheme.

    References
    ----------
    Turner (1964); EPA-454/R-99-005 §6.4.1; ISC3 Vol. II §2.1.1 (STAR, calms); Golder (1972).
    """
    speed = pd.to_numeric(df[speed_col], errors="coerce").to_numpy(float)
    sector = sector_index(df[dir_col])
    calm = np.isfinite(speed) & (speed < params.get("dispersion.met.calm_threshold_m_s"))
    valid = np.isfinite(speed) & (speed >= 0) & (calm | (sector >= 0))
    times = _times(df, time_cols)
    if not valid.any():
        raise InputError([Problem(LAYER, speed_col, (), "no hour with a valid wind speed and direction")])
    elev, hour_angle = solar_position(times, lat, lon, params.get("dispersion.met.utc_offset_h"))
    day = is_daytime(hour_angle, times.dayofyear.to_numpy(), lat, params.get("dispersion.met.night_margin_h"))
    nri = net_radiation_index(elev, day, params)
    cloud = _column(df, cloud_col)
    cloudy = np.isfinite(cloud)
    if cloudy.any():
        nri = np.where(cloudy, cloud_net_radiation_index(elev, day, cloud, _column(df, ceiling_col), params), nri)
    stab = turner_stability(np.where(valid & ~calm, speed, 0.0), nri, params)
    length = _column(df, obukhov_col)
    with np.errstate(divide="ignore"):
        golder = golder_stability(np.where(np.isnan(length), np.nan, 1.0 / length),
                                  float(params.get("dispersion.met.roughness_m")), params)
    stab = np.where(golder >= 0, golder, stab)
    jcls = np.where(calm, 0, speed_class(speed, params))
    counts = _joint_counts(sector, jcls, stab, valid & ~calm)
    calm_by_stab = np.bincount(stab[valid & calm], minlength=N_STAB).astype(float)
    counts[:, 0, :] += _distribute_calms(counts[:, 0, :], calm_by_stab)
    n_valid = int(valid.sum())
    return WindRose(
        freq=counts / n_valid,
        mean_speed_m_s=_class_mean_speeds(speed, jcls, valid & ~calm, params),
        mixing_height_m=np.asarray(params.get("dispersion.met.mixing_height_m"), float),
        n_hours=n_valid,
        calm_fraction=float((valid & calm).sum() / n_valid),
        meta={"hours_total": int(len(df)), "hours_valid": n_valid, "hours_calm": int((valid & calm).sum()),
              "hours_dropped": int(len(df) - n_valid), "lat": lat, "lon": lon,
              "hours_golder": int((valid & (golder >= 0)).sum()),
              "hours_turner_cloud": int((valid & (golder < 0) & cloudy).sum()),
              "hours_turner_clear": int((valid & (golder < 0) & ~cloudy).sum())},
    )


def _column(df: pd.DataFrame, name: str | None) -> np.ndarray:
    """A numeric column as floats (NaN where missing or not numeric); all NaN when ``name`` is None."""
    if name is None:
        return np.full(len(df), np.nan)
    if name not in df.columns:
        raise InputError([Problem(LAYER, name, (), "column not found in the hourly met data")])
    return pd.to_numeric(df[name], errors="coerce").to_numpy(float)


def _joint_counts(sector, jcls, stab, mask) -> np.ndarray:
    counts = np.zeros((N_SECTORS, N_SPEED, N_STAB))
    np.add.at(counts, (sector[mask], jcls[mask], stab[mask]), 1.0)
    return counts


def _distribute_calms(class1: np.ndarray, calm_by_stab: np.ndarray) -> np.ndarray:
    """Calm counts (per stability) spread over sectors like the non-calm class-1 hours (STAR)."""
    total_dir = class1.sum(axis=1)
    fallback = total_dir / total_dir.sum() if total_dir.sum() > 0 else np.full(N_SECTORS, 1.0 / N_SECTORS)
    out = np.zeros_like(class1)
    for s in range(N_STAB):
        col = class1[:, s]
        share = col / col.sum() if col.sum() > 0 else fallback
        out[:, s] = calm_by_stab[s] * share
    return out


def _class_mean_speeds(speed, jcls, mask, params) -> np.ndarray:
    default = np.asarray(params.get("dispersion.met.speed_class_default_m_s"), float)
    sums = np.bincount(jcls[mask], weights=speed[mask], minlength=N_SPEED)
    n = np.bincount(jcls[mask], minlength=N_SPEED)
    return np.where(n > 0, sums / np.maximum(n, 1), default)
