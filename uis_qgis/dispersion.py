"""Annual-mean primary PM2.5 on a regular grid: long-term sector-averaged Gaussian plume (SPEC §6).

Physics (small functions below, each citing its equation):

* Briggs (1973) σy, σz for open country and urban areas (Gifford 1976 tabulation).
* Gaussian plume with ground and mixing-lid reflections; uniform vertical mixing once σz ≥ 1.6 z_i;
  a plume above the lid contributes nothing at ground level (ISC3).
* Long-term sector average (ISCLT / Climatological Dispersion Model): the frequency of each 22.5° sector
  is spread across it, C = f Q V / (√(2π) σz u Δθ R), with ISCLT's linear smoothing between adjacent sector
  centrelines (so a uniform rose gives a radially symmetric field and mass is conserved).
* Briggs (1971, 1972, 1975) buoyant plume rise with the gradual 2/3 law up to the final-rise distance;
  stable rise for E and F. Wind at stack height by the ISC power law. Optional first-order removal.

Numerics:

* Area sources: each polygon's emission spread uniformly over it and rasterised (conserving each polygon's
  total), then convolved with a translation-invariant climatological kernel by FFT overlap-add in tiles
  (bounded memory). The kernel value for an offset is the mean over the source cell of the point-source
  solution (midpoint rule, fine near the receptor), so there is no singularity at R = 0.
* Point stacks: summed directly on the cell centres within the cutoff distance.

Arrays are (rows, cols) with row 0 the **northern** edge (GeoTIFF order). Emissions in t/yr, output in µg/m³.

References
----------
Briggs, G. A. (1973). Diffusion estimation for small emissions. ATDL Contribution 79 (ATDL-106), NOAA.
Gifford, F. A. (1976). Turbulent diffusion-typing schemes: a review. Nucl. Saf. 17, 68–86.
Briggs, G. A. (1971, 1972, 1975). Plume rise: some recent analyses / predictions / chapter in Lectures on
Air Pollution and Environmental Impact Analyses, AMS.
US EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models, Vol. II,
EPA-454/B-95-003b (ISC3 below): eq. 1-1 (plume), 1-12/1-13 (final-rise distance), 1-16 (gradual rise),
1-22/1-23 (stable rise), 1-50 (vertical term with reflections), 1-56 (decay), §2.1 eq. 2-1 (ISCLT sector
average), §2.1.1 (sector smoothing).
De Visscher, A. (2014). Air Dispersion Modeling: Foundations and Applications. Wiley (worked examples).
Busse, A. D. & Zimmerman, J. R. (1973). User's guide for the Climatological Dispersion Model, EPA-R4-73-024.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd
from affine import Affine
from rasterio import features
from rasterio.windows import Window
from rasterio.windows import transform as window_transform
from scipy import fft as sp_fft

from .feedback import Feedback, StepFeedback
from .grid import GridSpec, cell_window
from .met import N_SECTORS, N_SPEED, N_STAB, SECTOR_WIDTH_DEG, WindRose
from .validate import InputError, Problem
from .vocabulary import G_PER_T, UG_PER_G

SQRT_2PI = math.sqrt(2.0 * math.pi)
SQRT2 = math.sqrt(2.0)
FFT_WORKERS = -1  # FFTs on every core (independent 1-D transforms: the result does not depend on the count)
SECTOR_WIDTH_RAD = math.radians(SECTOR_WIDTH_DEG)
STACK_FIELDS = ("stack_height_m", "stack_diameter_m", "exit_velocity_m_s", "exit_temp_k")
UNSTABLE_NEUTRAL = 4  # classes A..D (indices 0..3) use the convective/neutral rise and the mixing lid
EXP_UNDERFLOW_SIGMAS = 39.0  # exp(-39**2 / 2) underflows to 0.0 in float64


# ================================================================================ dispersion coefficients
def briggs_sigma_m(x_m, a, b, c):
    """Briggs (1973) dispersion parameter σ = a·x·(1 + b·x)^c, m.

    Parameters
    ----------
    x_m : array_like
        Downwind distance, m.
    a, b, c : float or array_like
        Coefficients of one stability class (``dispersion.briggs.<scheme>.sigma_[yz]_[abc]``).

    References
    ----------
    Briggs (1973); Gifford (1976) Table of Briggs' formulas; ISC3 Tables 1-1, 1-2 (urban).
    """
    x = np.asarray(x_m, float)
    return a * x * (1.0 + b * x) ** c


def sigmas_m(x_m, stability: int, scheme: str, params) -> tuple[np.ndarray, np.ndarray]:
    """(σy, σz) in m at distance ``x_m`` for stability index 0..5 (A..F) and scheme ``rural|urban``.

    References
    ----------
    Briggs (1973) open-country and urban formulas (Gifford 1976).
    """
    tab = params.group(f"dispersion.briggs.{scheme}")
    sy = briggs_sigma_m(x_m, tab["sigma_y_a"][stability], tab["sigma_y_b"][stability], tab["sigma_y_c"][stability])
    sz = briggs_sigma_m(x_m, tab["sigma_z_a"][stability], tab["sigma_z_b"][stability], tab["sigma_z_c"][stability])
    return sy, sz


# ================================================================================ vertical term and plume
def vertical_term_per_m(sigma_z_m, h_m, mixing_height_m=math.inf, z_m=0.0, n_reflections=4,
                        uniform_ratio=1.6):
    """Vertical distribution V/(√(2π) σz) in m⁻¹ with ground and mixing-lid reflections.

    V = Σ_{i=-N..N} [exp(−(z−h−2i z_i)²/2σz²) + exp(−(z+h−2i z_i)²/2σz²)] (only i = 0 without a lid).
    Once σz ≥ ``uniform_ratio`` · z_i the plume is mixed uniformly: the term becomes 1/z_i. A source above
    the lid (h > z_i) contributes nothing below it.

    Parameters
    ----------
    sigma_z_m : array_like
        Vertical dispersion parameter, m.
    h_m : array_like
        Effective release height, m.
    mixing_height_m : float
        Mixing height z_i, m (``inf``: no lid).
    z_m : float
        Receptor height, m.
    n_reflections : int
        Image pairs on each side (ISC3 uses 4).
    uniform_ratio : float
        σz / z_i at which uniform mixing is assumed (1.6).

    References
    ----------
    ISC3 Vol. II eq. 1-50 and §1.1.6 (uniform mixing for σz > 1.6 z_i); Turner (1970) Workbook eq. 5.8.
    """
    sz = np.asarray(sigma_z_m, float)
    h = np.asarray(h_m, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if not math.isfinite(mixing_height_m):
            v = np.exp(-0.5 * ((z_m - h) / sz) ** 2) + np.exp(-0.5 * ((z_m + h) / sz) ** 2)
            return np.where(sz > 0, v / (SQRT_2PI * sz), 0.0)
        v = np.zeros(np.broadcast(sz, h).shape)
        reach = EXP_UNDERFLOW_SIGMAS * float(np.max(sz, initial=0.0)) + float(np.max(h, initial=0.0)) + abs(z_m)
        for i in range(-n_reflections, n_reflections + 1):
            lid = 2.0 * i * mixing_height_m
            if abs(lid) > reach:  # both images are exactly 0.0 in float64: skip
                continue
            v = v + np.exp(-0.5 * ((z_m - h - lid) / sz) ** 2) + np.exp(-0.5 * ((z_m + h - lid) / sz) ** 2)
        out = np.where(sz > 0, v / (SQRT_2PI * sz), 0.0)
        out = np.where(sz >= uniform_ratio * mixing_height_m, 1.0 / mixing_height_m, out)
    return np.where(h > mixing_height_m, 0.0, out)


def gaussian_plume_ug_m3(q_g_s, u_m_s, sigma_y_m, sigma_z_m, y_m, h_m, mixing_height_m=math.inf, z_m=0.0,
                         n_reflections=4, uniform_ratio=1.6):
    """Steady Gaussian plume concentration, µg/m³.

    C = Q / u · exp(−y²/2σy²)/(√(2π) σy) · V/(√(2π) σz)

    References
    ----------
    ISC3 Vol. II eq. 1-1; De Visscher (2014) eq. 6.1 with ground reflection.
    """
    sy = np.asarray(sigma_y_m, float)
    lateral = np.exp(-0.5 * (np.asarray(y_m, float) / sy) ** 2) / (SQRT_2PI * sy)
    vert = vertical_term_per_m(sigma_z_m, h_m, mixing_height_m, z_m, n_reflections, uniform_ratio)
    return UG_PER_G * np.asarray(q_g_s, float) / np.asarray(u_m_s, float) * lateral * vert


def sector_average_ug_m3(q_g_s, u_m_s, sigma_z_m, h_m, r_m, freq=1.0, mixing_height_m=math.inf,
                         n_reflections=4, uniform_ratio=1.6, decay=1.0):
    """Long-term sector-averaged concentration for one sector / speed / stability, µg/m³.

    C = f · Q · V / (√(2π) σz · u · Δθ · R) · D, with Δθ = 2π/16 and D the decay factor.
    With V = 2 exp(−H²/2σz²) this is Turner's 2.032 f Q exp(−H²/2σz²)/(u σz R).

    References
    ----------
    ISC3 Vol. II eq. 2-1 (ISCLT); Turner (1970) Workbook eq. 5.13; Busse & Zimmerman (1973) CDM.
    """
    vert = vertical_term_per_m(sigma_z_m, h_m, mixing_height_m, 0.0, n_reflections, uniform_ratio)
    r = np.asarray(r_m, float)
    return UG_PER_G * freq * np.asarray(q_g_s, float) * vert * decay / (np.asarray(u_m_s, float)
                                                                        * SECTOR_WIDTH_RAD * r)


def decay_factor(x_m, u_m_s, half_life_s: float):
    """First-order removal exp(−ψ x/u), ψ = ln 2 / T½ (1 when ``half_life_s`` is 0 = off).

    References
    ----------
    ISC3 Vol. II eq. 1-56.
    """
    if not half_life_s:
        return np.ones(np.broadcast(np.asarray(x_m), np.asarray(u_m_s)).shape)
    psi = math.log(2.0) / half_life_s
    return np.exp(-psi * np.asarray(x_m, float) / np.asarray(u_m_s, float))


def wind_at_height_m_s(u_ref_m_s, height_m, ref_height_m, exponent):
    """Power-law wind profile u(z) = u_ref (z / z_ref)^p (z below z_ref keeps u_ref).

    References
    ----------
    ISC3 Vol. II eq. 1-6 (Irwin 1979 exponents).
    """
    ratio = np.maximum(np.asarray(height_m, float) / ref_height_m, 1.0)
    return np.asarray(u_ref_m_s, float) * ratio ** exponent


# ================================================================================ plume rise
def buoyancy_flux_m4_s3(exit_velocity_m_s, diameter_m, exit_temp_k, ambient_temp_k, gravity_m_s2):
    """Briggs buoyancy flux F_b = g v d² (T_s − T_a) / (4 T_s), m⁴/s³ (0 for a cold plume).

    References
    ----------
    Briggs (1975); ISC3 Vol. II eq. 1-8.
    """
    ts = np.asarray(exit_temp_k, float)
    f = gravity_m_s2 * np.asarray(exit_velocity_m_s, float) * np.asarray(diameter_m, float) ** 2 \
        * (ts - ambient_temp_k) / (4.0 * ts)
    return np.maximum(f, 0.0)


def final_rise_distance_m(f_b, params):
    """Distance to final rise x_f = 49 F^(5/8) (F < 55) or 119 F^(2/5) (F ≥ 55), m.

    References
    ----------
    Briggs (1971); ISC3 Vol. II eq. 1-12, 1-13.
    """
    pr = params.group("dispersion.plume_rise")
    f = np.asarray(f_b, float)
    return np.where(f < pr["flux_threshold_m4_s3"],
                    pr["xf_low_coefficient"] * f ** pr["xf_low_exponent"],
                    pr["xf_high_coefficient"] * f ** pr["xf_high_exponent"])


def gradual_rise_m(f_b, u_m_s, x_m, params):
    """Briggs 2/3-law rise Δh = 1.6 F^(1/3) min(x, x_f)^(2/3) / u for unstable and neutral hours, m.

    References
    ----------
    Briggs (1972); ISC3 Vol. II eq. 1-16 (gradual rise, capped at the final-rise distance).
    """
    f = np.asarray(f_b, float)
    x = np.minimum(np.asarray(x_m, float), final_rise_distance_m(f, params))
    coef = params.get("dispersion.plume_rise.gradual_coefficient")
    return coef * np.cbrt(f) * x ** (2.0 / 3.0) / np.asarray(u_m_s, float)


def stable_rise_m(f_b, u_m_s, x_m, stability_param_s2, params):
    """Stable buoyant rise, m: the 2/3 law up to x_f = 2.0715 u/√s, then 2.6 (F/(u s))^(1/3).

    ``stability_param_s2`` is s = g (∂θ/∂z) / T_a, s⁻².

    References
    ----------
    Briggs (1975); ISC3 Vol. II eq. 1-22, 1-23 and the gradual stable rise eq. 1-24.
    """
    pr = params.group("dispersion.plume_rise")
    f = np.asarray(f_b, float)
    u = np.asarray(u_m_s, float)
    final = pr["stable_coefficient"] * np.cbrt(f / (u * stability_param_s2))
    xf = pr["stable_distance_coefficient"] * u / math.sqrt(stability_param_s2)
    x = np.minimum(np.asarray(x_m, float), xf)
    gradual = pr["gradual_coefficient"] * np.cbrt(f) * x ** (2.0 / 3.0) / u
    return np.minimum(gradual, final)


def plume_rise_m(f_b, u_m_s, x_m, stability: int, params):
    """Plume rise for stability index 0..5: gradual Briggs rise (A–D), stable rise (E, F), m.

    References
    ----------
    ISC3 Vol. II §1.1.4 (Briggs plume rise).
    """
    gradient = params.get("dispersion.potential_temp_gradient_k_m")[stability]
    if stability < UNSTABLE_NEUTRAL or gradient <= 0:
        return gradual_rise_m(f_b, u_m_s, x_m, params)
    s = params.get("dispersion.gravity_m_s2") * gradient / params.get("dispersion.ambient_temp_k")
    return np.minimum(stable_rise_m(f_b, u_m_s, x_m, s, params), gradual_rise_m(f_b, u_m_s, x_m, params))


# ================================================================================ climatological field
def sector_weights(dx_m, dy_m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sector indices (k0, k1) of the wind directions bracketing the source→receptor bearing and weight of k1.

    The receptor at bearing φ (clockwise from north) is reached by wind **from** φ + 180°. Frequencies are
    interpolated linearly between adjacent sector centrelines (ISCLT sector smoothing).

    References
    ----------
    ISC3 Vol. II §2.1.1 (smoothing across sectors); Busse & Zimmerman (1973).
    """
    bearing = np.degrees(np.arctan2(dx_m, dy_m))
    wind_from = np.mod(bearing + 180.0, 360.0) / SECTOR_WIDTH_DEG
    k0 = np.floor(wind_from).astype(np.int64) % N_SECTORS
    w1 = wind_from - np.floor(wind_from)
    return k0, (k0 + 1) % N_SECTORS, w1


@dataclass(frozen=True)
class Release:
    """A source type for :func:`climatological_ug_m3`: height, buoyancy flux and σ scheme.

    ``height_m`` and ``buoyancy_flux_m4_s3`` are floats, or arrays broadcasting against the offsets (one
    source per row: several stacks evaluated in one call).
    """

    height_m: float | np.ndarray
    buoyancy_flux_m4_s3: float | np.ndarray = 0.0
    scheme: str = "rural"


def climatological_ug_m3(dx_m, dy_m, q_g_s: float, release: Release, rose: WindRose, params) -> np.ndarray:
    """Annual-mean concentration (µg/m³) at offsets (dx east, dy north) from one source.

    Σ over speed classes j and stability classes s of the smoothed sector frequency times the
    sector-averaged plume (:func:`sector_average_ug_m3`), with wind at release height, Briggs rise for a
    buoyant release, mixing height per class, optional decay. Receptors closer than
    ``dispersion.min_distance_m`` get 0.

    References
    ----------
    ISC3 Vol. II eq. 2-1 (ISCLT, summed over the STAR joint frequency function).
    """
    dx = np.asarray(dx_m, float)
    dy = np.asarray(dy_m, float)
    r = np.hypot(dx, dy)
    near = r < params.get("dispersion.min_distance_m")
    r_safe = np.where(near, 1.0, r)
    k0, k1, w1 = sector_weights(dx, dy)
    p = params.group("dispersion")
    exps = p["wind_profile_exponent"][release.scheme]
    total = np.zeros(r.shape)
    for s in range(N_STAB):
        _, sz = sigmas_m(r_safe, s, release.scheme, params)
        for j in range(N_SPEED):
            f_sector = rose.freq[:, j, s]
            if not f_sector.any():
                continue
            freq = (1.0 - w1) * f_sector[k0] + w1 * f_sector[k1]
            u = np.maximum(wind_at_height_m_s(rose.mean_speed_m_s[j], release.height_m, p["anemometer_height_m"],
                                              exps[s]), p["min_wind_speed_m_s"])
            h = release.height_m
            if np.any(release.buoyancy_flux_m4_s3 > 0):  # a zero flux rises 0 m (F^(1/3) = 0)
                h = h + plume_rise_m(release.buoyancy_flux_m4_s3, u, r_safe, s, params)
            total += sector_average_ug_m3(
                q_g_s, u, sz, h, r_safe, freq, rose.mixing_height_m[s], p["mixing_lid_reflections"],
                p["uniform_mixing_sigma_ratio"], decay_factor(r_safe, u, p["decay_half_life_s"]))
    return np.where(near, 0.0, total)


# ================================================================================ area sources
def t_per_yr_to_g_s(emission_t_yr, params):
    """Mass rate conversion t/yr → g/s (Julian year)."""
    return np.asarray(emission_t_yr, float) * G_PER_T / params.get("dispersion.seconds_per_year")


def _coverage(geom, grid: GridSpec, supersample: int):
    """((r0, c0), share of the polygon's area in each cell of its window) by sub-cell sampling.

    Shares sum to 1 for a polygon inside the grid (exact conservation); a polygon reaching past the grid edge
    keeps only the share of its area that lies on the grid.
    """
    box = cell_window(geom.bounds, grid)
    if box is None:
        return None
    r0, r1, c0, c1 = box
    sub = window_transform(Window(c0, r0, c1 - c0, r1 - r0), grid.transform) * Affine.scale(1.0 / supersample)
    fine = features.rasterize([(geom, 1)], out_shape=((r1 - r0) * supersample, (c1 - c0) * supersample),
                              transform=sub, fill=0, dtype="uint8")
    cover = fine.reshape(r1 - r0, supersample, c1 - c0, supersample).sum(axis=(1, 3)).astype(float)
    if cover.sum() == 0:
        return None
    gx0, gy0, gx1, gy1 = grid.bounds
    bx0, by0, bx1, by1 = geom.bounds
    inside = bx0 >= gx0 and by0 >= gy0 and bx1 <= gx1 and by1 <= gy1
    on_grid = 1.0 if inside else min(1.0, cover.sum() / supersample ** 2 * grid.cell_m ** 2 / geom.area)
    return (r0, c0), cover / cover.sum() * on_grid


def emission_grid_g_s(area_sources, grid: GridSpec, emission_col: str | None, params,
                      feedback: Feedback | None = None, coverage: tuple | None = None,
                      emission_t=None) -> np.ndarray:
    """Area-source emission rate per cell, g/s (float64, rows north→south).

    Each polygon's emission (t/yr; column ``emission_col``, or the array ``emission_t`` in layer order) is
    spread uniformly over the polygon: cells get it in proportion to their covered area
    (:func:`area_coverage`, computed here unless given).

    References
    ----------
    Ramaswami et al. (2017) Methods (e): emission intensity spread uniformly over each city / rest of
    province; SPEC §6.
    """
    polygon, cells, share = coverage or area_coverage(area_sources, grid, params, feedback)
    rates = t_per_yr_to_g_s(area_sources[emission_col].to_numpy(float) if emission_t is None else emission_t,
                            params)
    size = grid.shape[0] * grid.shape[1]
    return np.bincount(cells, weights=rates[polygon] * share, minlength=size).reshape(grid.shape)


def area_coverage(area_sources, grid: GridSpec, params, feedback: Feedback | None = None) -> tuple:
    """Where each polygon's emission goes: (polygon position, flat cell index, share), shares of a polygon
    summing to 1 (or to its on-grid fraction).

    Cells get a polygon's emission in proportion to their covered area (sub-cell sampling,
    ``dispersion.area_supersample``), renormalised so the polygon's total is conserved. A polygon too small
    to cover a sample point goes to the cell of its representative point. The share of a polygon lying
    outside the grid is dropped (the grid margin should prevent that). Independent of the emissions, so
    computed once for Base, Scenario and every uncertainty draw.
    """
    feedback = feedback or Feedback()
    supersample = int(params.get("dispersion.area_supersample"))
    polygon, cells, share = [], [], []
    for i, geom in enumerate(area_sources.geometry):
        feedback.check()
        if geom is None or geom.is_empty:
            continue
        cov = _coverage(geom, grid, supersample)
        if cov is not None:
            (r0, c0), frac = cov
            rr, cc = np.nonzero(frac)
            flat, values = (r0 + rr) * grid.shape[1] + c0 + cc, frac[rr, cc]
        else:
            pt = geom.representative_point()
            row, col = grid.index_of(pt.x, pt.y)
            if not (0 <= row < grid.shape[0] and 0 <= col < grid.shape[1]):
                continue
            flat, values = np.array([row * grid.shape[1] + col]), np.array([1.0])
        polygon.append(np.full(len(flat), i))
        cells.append(flat)
        share.append(values)
    if not polygon:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    return np.concatenate(polygon), np.concatenate(cells), np.concatenate(share)


def _subcell_offsets(cell_m: float, n: int) -> np.ndarray:
    return (np.arange(n) + 0.5) / n * cell_m - cell_m / 2.0


def area_kernel_ug_m3(grid_cell_m: float, rose: WindRose, params, release: Release | None = None) -> np.ndarray:
    """Climatological kernel: concentration (µg/m³) at a receptor cell centre per 1 g/s spread uniformly over a
    source cell at each offset, shape (2M+1, 2M+1), M = cutoff / cell. Row index grows southward.

    K[a, b] = mean over the source cell of the point solution at displacement
    (east = (b − M)·Δ − u, north = −(a − M)·Δ − v), u, v sub-cell centres (midpoint rule; fine sub-grid
    within ``dispersion.kernel_near_cells``). Offsets beyond the cutoff radius are 0.

    References
    ----------
    SPEC §6 (FFT convolution of a translation-invariant kernel integrated over the source cell).
    """
    p = params.group("dispersion")
    release = release or Release(p["area_release_height_m"], 0.0, p["area_dispersion_coefficients"])
    m, east, north = _kernel_offsets(grid_cell_m, p["cutoff_m"])
    offs = np.arange(-m, m + 1)
    kernel = np.zeros(east.shape)
    cheb = np.maximum(np.abs(offs)[:, None], np.abs(offs)[None, :])
    inside = np.hypot(east, north) <= p["cutoff_m"]
    for near, n in ((True, p["kernel_subcells_near"]), (False, p["kernel_subcells_far"])):
        sel = inside & ((cheb <= p["kernel_near_cells"]) == near)
        sub = _subcell_offsets(grid_cell_m, int(n))
        su, sv = np.meshgrid(sub, sub)
        dx = east[sel][:, None] - su.ravel()[None, :]
        dy = north[sel][:, None] - sv.ravel()[None, :]
        kernel[sel] = climatological_ug_m3(dx, dy, 1.0, release, rose, params).mean(axis=1)
    return kernel


def convolve_tiled(emission: np.ndarray, kernel: np.ndarray, tile: int, feedback: Feedback | None = None,
                   out: np.ndarray | None = None) -> np.ndarray:
    """``emission`` ⊛ ``kernel`` ('same' size, odd kernel) by FFT overlap-add over tiles; all-zero tiles are
    skipped, so memory is one tile plus the output."""
    return convolve_sum_tiled([(kernel, _dense_blocks(emission))], emission.shape, tile, feedback, out)


def _dense_blocks(emission: np.ndarray):
    return lambda r0, r1, c0, c1: emission[r0:r1, c0:c1]


def convolve_sum_tiled(terms, shape: tuple, tile: int, feedback: Feedback | None = None,
                       out: np.ndarray | None = None) -> np.ndarray:
    """Σ_k emission_k ⊛ kernel_k ('same' size) by FFT overlap-add over ``tile`` × ``tile`` blocks.

    ``terms`` is a list of ``(kernel, blocks)``: an odd square kernel (all of one size) and a function
    ``blocks(r0, r1, c0, c1)`` returning the emission block of those rows and columns (or None when it is
    empty). Each kernel is transformed once; per tile, the transforms of the non-empty blocks are multiplied
    by their kernels' and summed, and one inverse transform adds the tile's contribution (linearity), so
    memory is one padded tile per term plus the output.

    References
    ----------
    Oppenheim & Schafer (2010) Discrete-Time Signal Processing, §8.7.3 (overlap-add); SPEC §6.
    """
    feedback = feedback or Feedback()
    out = np.zeros(shape) if out is None else out
    if not terms:
        return out
    size = terms[0][0].shape[0]
    m = size // 2
    rows, cols = shape
    tile_r, tile_c = min(tile, rows), min(tile, cols)
    fshape = (sp_fft.next_fast_len(tile_r + size - 1, True), sp_fft.next_fast_len(tile_c + size - 1, True))
    spectra = [sp_fft.rfft2(kernel, fshape, workers=FFT_WORKERS) for kernel, _ in terms]
    tiles = [(r, c) for r in range(0, rows, tile_r) for c in range(0, cols, tile_c)]
    for i, (r, c) in enumerate(tiles):
        feedback.check()
        r1, c1 = min(r + tile_r, rows), min(c + tile_c, cols)
        acc = None
        for spectrum, (_, blocks) in zip(spectra, terms):
            block = blocks(r, r1, c, c1)
            if block is None or not block.any():
                continue
            product = sp_fft.rfft2(block, fshape, workers=FFT_WORKERS) * spectrum
            acc = product if acc is None else acc + product
        if acc is not None:
            full = sp_fft.irfft2(acc, fshape, workers=FFT_WORKERS)
            h, w = r1 - r + size - 1, c1 - c + size - 1
            rr0, cc0 = max(r - m, 0), max(c - m, 0)
            rr1, cc1 = min(r - m + h, rows), min(c - m + w, cols)
            out[rr0:rr1, cc0:cc1] += full[rr0 - r + m:rr1 - r + m, cc0 - c + m:cc1 - c + m]
        feedback.progress((i + 1) / len(tiles), "FFT convolution")
    return out


def area_concentration_direct_ug_m3(emission_g_s: np.ndarray, grid: GridSpec, rose: WindRose, params,
                                    feedback: Feedback | None = None) -> np.ndarray:
    """Reference implementation for validation and benchmarks (no kernel, no FFT), µg/m³.

    For every emitting source cell the point solution is evaluated at every receptor within the cutoff, the
    source cell integrated by the same midpoint rule as :func:`area_kernel_ug_m3` (fine sub-grid within
    ``dispersion.kernel_near_cells``). Cost O(N_sources · N_receptors).
    """
    feedback = feedback or Feedback()
    p = params.group("dispersion")
    release = Release(p["area_release_height_m"], 0.0, p["area_dispersion_coefficients"])
    xs, ys = grid.cell_centres()
    gx, gy = np.meshgrid(xs, ys)
    rows_idx, cols_idx = np.meshgrid(np.arange(grid.shape[0]), np.arange(grid.shape[1]), indexing="ij")
    tiers = [(True, _subcell_offsets(grid.cell_m, int(p["kernel_subcells_near"]))),
             (False, _subcell_offsets(grid.cell_m, int(p["kernel_subcells_far"])))]
    out = np.zeros(grid.shape)
    for row, col in zip(*np.nonzero(emission_g_s)):
        feedback.check()
        dx, dy = gx - xs[col], gy - ys[row]
        cheb = np.maximum(np.abs(rows_idx - row), np.abs(cols_idx - col))
        inside = np.hypot(dx, dy) <= p["cutoff_m"]
        for near, sub in tiers:
            sel = inside & ((cheb <= p["kernel_near_cells"]) == near)
            su, sv = np.meshgrid(sub, sub)
            conc = climatological_ug_m3(dx[sel][:, None] - su.ravel(), dy[sel][:, None] - sv.ravel(),
                                        emission_g_s[row, col], release, rose, params)
            out[sel] += conc.mean(axis=1)
    return out


# ================================================================================ point sources
def stack_parameters(point_sources, params, sector_col: str = "sector") -> pd.DataFrame:
    """Stack height, diameter, exit velocity and temperature per stack; NaN or missing → sector defaults
    (``dispersion.stack_defaults.<sector>``, unknown sectors → ``other``)."""
    defaults = params.group("dispersion.stack_defaults")
    sectors = (point_sources[sector_col].astype(str) if sector_col in point_sources.columns
               else pd.Series("other", index=point_sources.index))
    sectors = sectors.where(sectors.isin(list(defaults)), "other")
    out = pd.DataFrame(index=point_sources.index)
    for name in STACK_FIELDS:
        given = (pd.to_numeric(point_sources[name], errors="coerce") if name in point_sources.columns
                 else pd.Series(np.nan, index=point_sources.index))
        out[name] = given.fillna(sectors.map({s: d[name] for s, d in defaults.items()}))
    return out


def stack_releases(point_sources, params) -> Release:
    """One :class:`Release` holding every stack's height (m) and Briggs buoyancy flux (m⁴/s³) as arrays, with
    the ``dispersion.point_dispersion_coefficients`` σ scheme.

    References
    ----------
    Briggs (1975); ISC3 Vol. II eq. 1-8 (buoyancy flux).
    """
    p = params.group("dispersion")
    stacks = stack_parameters(point_sources, params)
    flux = buoyancy_flux_m4_s3(stacks["exit_velocity_m_s"].to_numpy(float), stacks["stack_diameter_m"].to_numpy(float),
                               stacks["exit_temp_k"].to_numpy(float), p["ambient_temp_k"], p["gravity_m_s2"])
    return Release(stacks["stack_height_m"].to_numpy(float), flux, p["point_dispersion_coefficients"])


def stack_classes(height_m, flux_m4_s3, step: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Effective-height classes of stacks: bins of relative width ``step`` in stack height and in F^(1/3).

    Plume rise grows with F^(1/3) (Briggs), so two stacks of one class differ in height and in rise by less
    than ``step`` (relative). Each class is represented by its members' (lower) median height and flux:
    stacks with identical parameters (e.g. sector defaults) form one class represented exactly. The classes
    depend neither on emissions nor on row order.

    Returns
    -------
    labels : ndarray of int, class of each stack (0 … n_classes − 1)
    height_m, flux_m4_s3 : ndarray, the representative of each class
    """
    h = np.asarray(height_m, float)
    f = np.asarray(flux_m4_s3, float)
    h_bin = np.floor(np.log(np.maximum(h, 1e-3)) / step)
    f_bin = np.where(f > 0, np.floor(np.log(np.where(f > 0, f, 1.0)) / (3.0 * step)), -np.inf)
    _, labels = np.unique(np.column_stack([h_bin, f_bin]), axis=0, return_inverse=True)
    labels = labels.ravel()
    n = int(labels.max()) + 1 if labels.size else 0
    reps_h, reps_f = np.empty(n), np.empty(n)
    for k in range(n):
        members = labels == k
        reps_h[k] = _lower_median(h[members])
        reps_f[k] = _lower_median(f[members])
    return labels, reps_h, reps_f


def _lower_median(values: np.ndarray) -> float:
    return float(np.sort(values)[(len(values) - 1) // 2])


def _kernel_offsets(cell_m: float, cutoff_m: float) -> tuple[int, np.ndarray, np.ndarray]:
    """(M, east, north): offsets (m) of a (2M+1)² kernel, M = ⌈cutoff / cell⌉, row index growing southward."""
    m = math.ceil(cutoff_m / cell_m)
    offs = np.arange(-m, m + 1) * cell_m
    east, north = np.meshgrid(offs, -offs)
    return m, east, north


def point_kernel_ug_m3(cell_m: float, rose: WindRose, params, release: Release, margin_cells: int = 0) -> np.ndarray:
    """Climatological kernel of a stack at a cell centre: µg/m³ at each receptor cell centre per 1 g/s,
    shape (2M+1, 2M+1), M = ⌈cutoff / cell⌉ + ``margin_cells``, row index growing southward; 0 beyond the
    cutoff radius plus ``margin_cells`` cells (a margin gives the field just past the cutoff).

    References
    ----------
    ISC3 Vol. II eq. 2-1 with §1.1.4 plume rise (the point solution of :func:`climatological_ug_m3`).
    """
    reach_m = params.get("dispersion.cutoff_m") + margin_cells * cell_m
    _, east, north = _kernel_offsets(cell_m, reach_m)
    kernel = climatological_ug_m3(east, north, 1.0, release, rose, params)
    return np.where(np.hypot(east, north) <= reach_m, kernel, 0.0)


def _cic_nodes(x_m, y_m, grid: GridSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cloud-in-cell split of points onto the 4 surrounding cell centres: rows, cols, weights, each (n, 4).

    The weights are bilinear, sum to 1 and reproduce the point's position (first moment) exactly, so a
    smooth far field is in error only at second order in (cell / distance).

    References
    ----------
    Hockney & Eastwood (1988) Computer Simulation Using Particles, §5-3 (cloud-in-cell assignment).
    """
    fc = (np.asarray(x_m, float) - grid.origin[0]) / grid.cell_m - 0.5
    fr = (grid.origin[1] - np.asarray(y_m, float)) / grid.cell_m - 0.5
    c0, r0 = np.floor(fc), np.floor(fr)
    tc, tr = (fc - c0)[:, None], (fr - r0)[:, None]
    rows = r0.astype(np.int64)[:, None] + np.array([0, 0, 1, 1])
    cols = c0.astype(np.int64)[:, None] + np.array([0, 1, 0, 1])
    weights = np.hstack([(1 - tr) * (1 - tc), (1 - tr) * tc, tr * (1 - tc), tr * tc])
    return rows, cols, weights


@dataclass(frozen=True)
class StackOperator:
    """The linear map from stack emission rates (g/s) to annual-mean concentration on a grid (µg/m³).

    Built once per set of stacks, grid and rose by :func:`stack_operator`; applying it to any emission
    vector (Base, Scenario, an uncertainty draw) costs one FFT pass plus a sparse near-field sum.
    """

    grid: GridSpec
    tile: int
    kernels: tuple          # one per effective-height class
    nodes: tuple            # per class: (stack index, rows, cols, weights) of its CIC nodes on the grid
    near_cells: np.ndarray  # (n_fft_stacks, B²) flat receptor index, -1 off the grid
    near_unit: np.ndarray   # (n_fft_stacks, B²) exact − CIC-kernel value per 1 g/s, µg/m³
    near_stack: np.ndarray  # stack index of each row of near_cells
    direct: tuple           # (stack index, x, y, Release, rose, params) of stacks summed directly

    def fft_terms(self, rates_g_s) -> list:
        """``(kernel, blocks)`` terms of :func:`convolve_sum_tiled` for stacks emitting ``rates_g_s`` (g/s)."""
        rates = np.asarray(rates_g_s, float)
        return [(kernel, _node_blocks(rows, cols, weights * rates[idx][:, None]))
                for kernel, (idx, rows, cols, weights) in zip(self.kernels, self.nodes) if rates[idx].any()]

    def add_corrections(self, rates_g_s, out: np.ndarray, feedback: Feedback | None = None) -> np.ndarray:
        """Add the near-field and cutoff-ring corrections and the directly summed stacks into ``out``."""
        rates = np.asarray(rates_g_s, float)
        ok = self.near_cells >= 0
        np.add.at(out.reshape(-1), self.near_cells[ok], (self.near_unit * rates[self.near_stack][:, None])[ok])
        idx, x, y, release, rose, params = self.direct
        if len(idx):
            _direct_stacks(x, y, rates[idx], release, self.grid, rose, params, feedback or Feedback(), out)
        return out

    def concentration_ug_m3(self, rates_g_s, feedback: Feedback | None = None,
                            out: np.ndarray | None = None) -> np.ndarray:
        """Concentration grid (µg/m³, float64) of the stacks emitting ``rates_g_s`` (g/s, one per stack),
        added into ``out`` when given."""
        feedback = feedback or Feedback()
        out = np.zeros(self.grid.shape) if out is None else out
        convolve_sum_tiled(self.fft_terms(rates_g_s), self.grid.shape, self.tile, StepFeedback(feedback, 0.0, 0.9),
                           out)
        return self.add_corrections(rates_g_s, out, StepFeedback(feedback, 0.9, 1.0))


def _node_blocks(rows, cols, values):
    """Emission blocks of one class from its CIC nodes (g/s per cell), for :func:`convolve_sum_tiled`."""
    rows, cols, values = rows.ravel(), cols.ravel(), values.ravel()

    def blocks(r0, r1, c0, c1):
        sel = (rows >= r0) & (rows < r1) & (cols >= c0) & (cols < c1)
        if not sel.any():
            return None
        block = np.zeros((r1 - r0, c1 - c0))
        np.add.at(block, (rows[sel] - r0, cols[sel] - c0), values[sel])
        return block

    return blocks


def stack_operator(points, grid: GridSpec, rose: WindRose, params, feedback: Feedback | None = None) -> StackOperator:
    """Point stacks by FFT: the :class:`StackOperator` of ``points`` (a GeoDataFrame of stacks) on ``grid``.

    1. Stacks are grouped into effective-height classes (:func:`stack_classes`, ``dispersion.point_class_step``);
       each class has its own climatological kernel (:func:`point_kernel_ug_m3`) at its representative stack.
    2. Each stack's emission is split onto the 4 surrounding cell centres (:func:`_cic_nodes`) and every class
       is convolved with its kernel by FFT (:func:`convolve_sum_tiled`).
    3. Near field: within ``dispersion.point_near_field_cells`` (Chebyshev) of its cell, where the plume's
       gradients are steep and the class representative differs most, each stack's FFT value is replaced by
       direct summation with its own position and parameters (the difference is stored per 1 g/s).
    4. Stacks whose CIC nodes leave the grid are summed directly everywhere.

    Far from a stack the CIC error is second order in (cell / distance) and the class error shrinks as σz
    outgrows the height difference; the benchmark (``bench/bench_dispersion.py``) measures the whole against
    direct summation.

    References
    ----------
    SPEC §6; Hockney & Eastwood (1988) §5-3 (particle–mesh with near-field correction, "P3M").
    """
    feedback = feedback or Feedback()
    p = params.group("dispersion")
    release = stack_releases(points, params)
    x, y = points.geometry.x.to_numpy(float), points.geometry.y.to_numpy(float)
    rows, cols, weights = _cic_nodes(x, y, grid)
    on_grid = ((rows >= 0) & (rows < grid.shape[0]) & (cols >= 0) & (cols < grid.shape[1])).all(axis=1)
    fft_idx, direct_idx = np.flatnonzero(on_grid), np.flatnonzero(~on_grid)
    labels, reps_h, reps_f = stack_classes(release.height_m[fft_idx], release.buoyancy_flux_m4_s3[fft_idx],
                                           float(p["point_class_step"]))
    m = math.ceil(p["cutoff_m"] / grid.cell_m)
    n_near = min(int(p["point_near_field_cells"]), m - 1)
    near_offsets, ring_offsets = _box_offsets(n_near), _ring_offsets(m, p["cutoff_m"] / grid.cell_m, n_near)
    kernels, nodes, near_cells, near_unit, near_stack = [], [], [], [], []
    for k in range(len(reps_h)):
        feedback.check()
        members = fft_idx[labels == k]
        wide = point_kernel_ug_m3(grid.cell_m, rose, params, Release(reps_h[k], reps_f[k], release.scheme),
                                  RING_CELLS)
        kernel = _cut(wide, grid.cell_m, p["cutoff_m"])
        kernels.append(kernel[RING_CELLS:-RING_CELLS, RING_CELLS:-RING_CELLS])
        fine = _FineKernel.build(Release(reps_h[k], reps_f[k], release.scheme), (n_near + 2) * grid.cell_m * SQRT2,
                                 int(p["point_near_radial_nodes"]), rose, params)
        nodes.append((members, rows[members], cols[members], weights[members]))
        for chunk in np.array_split(members, max(1, len(members) // NEAR_FIELD_CHUNK)):
            cic = _CicLookup(rows[chunk], cols[chunk], weights[chunk], grid.index_of(x[chunk], y[chunk]))
            cells_a, unit_a = _near_field(chunk, x, y, cic, near_offsets, release, kernel, fine, grid, rose,
                                           params)
            cells_b, unit_b = _cutoff_ring(chunk, x, y, cic, ring_offsets, wide, kernel, grid, p["cutoff_m"])
            near_cells.append(np.hstack([cells_a, cells_b]))
            near_unit.append(np.hstack([unit_a, unit_b]))
            near_stack.append(chunk)
        feedback.progress((k + 1) / len(reps_h), "point-stack kernels")
    width = len(near_offsets[0]) + len(ring_offsets[0])
    sub = Release(release.height_m[direct_idx], release.buoyancy_flux_m4_s3[direct_idx], release.scheme)
    return StackOperator(grid, int(p["fft_tile_cells"]), tuple(kernels), tuple(nodes),
                         np.vstack(near_cells) if near_cells else np.empty((0, width), np.int64),
                         np.vstack(near_unit) if near_unit else np.empty((0, width)),
                         np.concatenate(near_stack) if near_stack else np.empty(0, np.int64),
                         (direct_idx, x[direct_idx], y[direct_idx], sub, rose, params))


NEAR_FIELD_CHUNK = 64  # stacks corrected together in the near field (bounds the temporary arrays)


RING_CELLS = 3  # the cutoff circle seen from a stack and from its CIC nodes differ by < 2.2 cells


def _box_offsets(n: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) offsets of the (2n+1)² cells within Chebyshev distance n."""
    off = np.arange(-n, n + 1)
    dr, dc = np.meshgrid(off, off, indexing="ij")
    return dr.ravel(), dc.ravel()


def _ring_offsets(m: int, cutoff_cells: float, n_near: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) offsets of the cells whose centre lies within ``RING_CELLS`` − 0.8 cells of the cutoff
    circle around a cell centre: the only cells where a stack's own cutoff and its CIC nodes' can disagree
    (stack ≤ 0.71 cell from its cell centre, nodes ≤ 2.13 cells). Cells of the near field (Chebyshev
    distance ≤ ``n_near``) are left out: they are corrected there."""
    dr, dc = _box_offsets(m + RING_CELLS)
    ring = (np.abs(np.hypot(dr, dc) - cutoff_cells) <= RING_CELLS - 0.8) & (np.maximum(abs(dr), abs(dc)) > n_near)
    return dr[ring], dc[ring]


def _cut(kernel: np.ndarray, cell_m: float, cutoff_m: float) -> np.ndarray:
    m = kernel.shape[0] // 2
    _, east, north = _kernel_offsets(cell_m, m * cell_m)
    return np.where(np.hypot(east, north) <= cutoff_m, kernel, 0.0)


@dataclass(frozen=True)
class _CicLookup:
    """CIC nodes (rows, cols, weights; (n, 4)) and own cells (row, col) of a chunk of stacks."""

    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray
    cell: tuple

    def receptors(self, offsets):
        return self.cell[0][:, None] + offsets[0], self.cell[1][:, None] + offsets[1]

    def value(self, kernel: np.ndarray, rec_r, rec_c) -> np.ndarray:
        """Σ_q w_q K[receptor − node_q]: what the FFT of the CIC-split emission gives at the receptors."""
        m = kernel.shape[0] // 2
        return sum(self.weights[:, q][:, None] * kernel[rec_r - self.rows[:, q][:, None] + m,
                                                        rec_c - self.cols[:, q][:, None] + m] for q in range(4))


def _flat_cells(rec_r, rec_c, grid: GridSpec) -> np.ndarray:
    inside = (rec_r >= 0) & (rec_r < grid.shape[0]) & (rec_c >= 0) & (rec_c < grid.shape[1])
    return np.where(inside, rec_r * grid.shape[1] + rec_c, -1)


def _offsets_m(idx, x, y, rec_r, rec_c, grid: GridSpec):
    xs = grid.origin[0] + (rec_c + 0.5) * grid.cell_m
    ys = grid.origin[1] - (rec_r + 0.5) * grid.cell_m
    return xs - x[idx][:, None], ys - y[idx][:, None]


def _near_field(idx, x, y, cic: _CicLookup, offsets, release, kernel, fine, grid: GridSpec, rose, params):
    """Flat receptor indices (−1 off the grid) and exact − FFT concentration per 1 g/s near each stack.

    The exact value is the stack's own point solution: for a stack with its class representative's
    parameters, read from the class's ``fine`` kernel (:class:`_FineKernel`); for any other stack evaluated
    by :func:`climatological_ug_m3`."""
    rec_r, rec_c = cic.receptors(offsets)
    dx, dy = _offsets_m(idx, x, y, rec_r, rec_c, grid)
    typical = (release.height_m[idx] == fine.release.height_m) & \
        (release.buoyancy_flux_m4_s3[idx] == fine.release.buoyancy_flux_m4_s3)
    exact = np.empty(dx.shape)
    exact[typical] = fine.value(dx[typical], dy[typical])
    if not typical.all():
        own = Release(release.height_m[idx][~typical][:, None], release.buoyancy_flux_m4_s3[idx][~typical][:, None],
                      release.scheme)
        exact[~typical] = climatological_ug_m3(dx[~typical], dy[~typical], 1.0, own, rose, params)
    return _flat_cells(rec_r, rec_c, grid), exact - cic.value(kernel, rec_r, rec_c)


@dataclass(frozen=True)
class _FineKernel:
    """A stack's point solution (µg/m³ per g/s) tabulated along the 16 sector-boundary bearings at
    log-spaced distances: the near field of every stack of a class at its own position.

    The climatological field depends on the receptor only through distance R and bearing, and, between two
    adjacent sector-boundary bearings, linearly on the bearing (ISCLT sector smoothing), so interpolation is
    exact in bearing and linear in ln R between nodes a fraction of a percent apart.
    """

    release: Release
    table: np.ndarray       # (16, n) along bearings k · 22.5°
    ln_r0: float
    d_ln_r: float
    min_distance_m: float

    @classmethod
    def build(cls, release: Release, reach_m: float, n_nodes: int, rose, params):
        r_min = params.get("dispersion.min_distance_m")
        ln_r = np.linspace(math.log(r_min), math.log(reach_m), n_nodes)
        bearing = np.radians(np.arange(N_SECTORS) * SECTOR_WIDTH_DEG)[:, None]
        r = np.exp(ln_r)[None, :]
        table = climatological_ug_m3(r * np.sin(bearing), r * np.cos(bearing), 1.0, release, rose, params)
        return cls(release, table, float(ln_r[0]), float(ln_r[1] - ln_r[0]), r_min)

    def value(self, dx_m, dy_m) -> np.ndarray:
        """The point solution at offsets (east, north) in m."""
        r = np.hypot(dx_m, dy_m)
        f = (np.log(np.maximum(r, self.min_distance_m)) - self.ln_r0) / self.d_ln_r
        i0 = np.clip(np.floor(f).astype(np.int64), 0, self.table.shape[1] - 2)
        t = f - i0
        sector = np.mod(np.degrees(np.arctan2(dx_m, dy_m)), 360.0) / SECTOR_WIDTH_DEG
        k0 = np.floor(sector).astype(np.int64) % N_SECTORS
        w = sector - np.floor(sector)
        k1 = (k0 + 1) % N_SECTORS
        along = [(1 - t) * self.table[k, i0] + t * self.table[k, i0 + 1] for k in (k0, k1)]
        return np.where(r < self.min_distance_m, 0.0, (1 - w) * along[0] + w * along[1])


def _cutoff_ring(idx, x, y, cic: _CicLookup, offsets, wide, kernel, grid: GridSpec, cutoff_m: float):
    """Flat receptor indices and exact − FFT concentration per 1 g/s on the cutoff circle: the field there is
    smooth (the CIC value of the uncut kernel ``wide``) but ends at the stack's own cutoff distance, not at
    its nodes'."""
    rec_r, rec_c = cic.receptors(offsets)
    dx, dy = _offsets_m(idx, x, y, rec_r, rec_c, grid)
    exact = np.where(np.hypot(dx, dy) <= cutoff_m, cic.value(wide, rec_r, rec_c), 0.0)
    return _flat_cells(rec_r, rec_c, grid), exact - cic.value(kernel, rec_r, rec_c)


def _direct_stacks(x, y, rates_g_s, release: Release, grid: GridSpec, rose: WindRose, params,
                   feedback: Feedback, out: np.ndarray) -> np.ndarray:
    """Stacks summed one by one on the cell centres within the cutoff (reference method), into ``out``."""
    cutoff_m = params.get("dispersion.cutoff_m")
    xs, ys = grid.cell_centres()
    m = int(math.ceil(cutoff_m / grid.cell_m))
    heights = np.broadcast_to(release.height_m, np.shape(x))
    fluxes = np.broadcast_to(release.buoyancy_flux_m4_s3, np.shape(x))
    for i, (x0, y0, rate) in enumerate(zip(x, y, rates_g_s)):
        feedback.check()
        if rate == 0 or not (np.isfinite(x0) and np.isfinite(y0)):
            continue
        row, col = grid.index_of(x0, y0)
        r0, r1 = max(int(row) - m, 0), min(int(row) + m + 1, grid.shape[0])
        c0, c1 = max(int(col) - m, 0), min(int(col) + m + 1, grid.shape[1])
        if r1 <= r0 or c1 <= c0:
            continue
        dx, dy = np.meshgrid(xs[c0:c1] - x0, ys[r0:r1] - y0)
        conc = climatological_ug_m3(dx, dy, rate, Release(float(heights[i]), float(fluxes[i]), release.scheme),
                                    rose, params)
        out[r0:r1, c0:c1] += np.where(np.hypot(dx, dy) <= cutoff_m, conc, 0.0)
        feedback.progress((i + 1) / len(x), "point stacks (direct)")
    return out


def _usable_stacks(point_sources):
    """Stacks with a non-empty point geometry."""
    geoms = point_sources.geometry
    return point_sources[geoms.notna() & ~geoms.is_empty]


def point_concentration_direct_ug_m3(point_sources, grid: GridSpec, rose: WindRose, params, emission_col: str,
                                     feedback: Feedback | None = None) -> np.ndarray:
    """Reference implementation for validation and benchmarks: every stack summed directly on the cell
    centres within the cutoff, µg/m³. Cost O(N_stacks · (cutoff / cell)²) climatological evaluations."""
    points = _usable_stacks(point_sources)
    release = stack_releases(points, params)
    return _direct_stacks(points.geometry.x.to_numpy(float), points.geometry.y.to_numpy(float),
                          t_per_yr_to_g_s(points[emission_col].to_numpy(float), params), release, grid, rose,
                          params, feedback or Feedback(), np.zeros(grid.shape))


def point_concentration_ug_m3(point_sources, grid: GridSpec, rose: WindRose, params, emission_col: str,
                              feedback: Feedback | None = None, out: np.ndarray | None = None) -> np.ndarray:
    """Annual-mean concentration from stacks (µg/m³): FFT per effective-height class with a direct near field
    (:func:`stack_operator`).

    Each stack gets Briggs buoyant rise from its own (or its sector's default) stack parameters, wind at
    stack height, and the ``dispersion.point_dispersion_coefficients`` σ scheme.

    References
    ----------
    ISC3 Vol. II eq. 2-1 with §1.1.4 plume rise; SPEC §6.
    """
    feedback = feedback or Feedback()
    out = np.zeros(grid.shape) if out is None else out
    if point_sources is None or len(point_sources) == 0:
        return out
    points = _usable_stacks(point_sources)
    rates = t_per_yr_to_g_s(points[emission_col].to_numpy(float), params)
    if not rates.any():
        return out
    operator = stack_operator(points, grid, rose, params, StepFeedback(feedback, 0.0, 0.5))
    return operator.concentration_ug_m3(rates, StepFeedback(feedback, 0.5, 1.0), out)


# ================================================================================ the whole grid
def _check_sources(gdf, layer: str, emission_col: str, geom_types: tuple, roundoff_t: float) -> list[Problem]:
    if gdf is None or len(gdf) == 0:
        return []
    if emission_col not in gdf.columns:
        return [Problem(layer, emission_col, (), "emission column missing")]
    values = pd.to_numeric(gdf[emission_col], errors="coerce")
    bad = values.isna() | (values < -roundoff_t)
    problems = []
    if bad.any():
        problems.append(Problem(layer, emission_col, tuple(gdf.index[bad]), "emission must be a number >= 0 t/yr"))
    wrong = ~gdf.geometry.geom_type.isin(geom_types)
    if wrong.any():
        problems.append(Problem(layer, "geometry", tuple(gdf.index[wrong]), f"geometry must be {geom_types}"))
    if gdf.crs is not None and not gdf.crs.is_projected:
        problems.append(Problem(layer, "geometry", (), "layer must be in a metric (projected) CRS"))
    return problems


def _clip_roundoff(gdf, emission_col: str):
    """Copy with round-off negatives (already checked to be tiny) set to 0 t/yr."""
    if gdf is None or len(gdf) == 0:
        return gdf
    out = gdf.copy()
    out[emission_col] = pd.to_numeric(out[emission_col]).clip(lower=0.0)
    return out


def concentration_grid(area_sources, point_sources, grid: GridSpec, rose: WindRose | Mapping, params,
                       emission_col: str, feedback: Feedback | None = None,
                       rose_col: str | None = None) -> np.ndarray:
    """Annual-mean primary PM2.5 (µg/m³, float32, rows north→south) from area and point sources.

    Parameters
    ----------
    area_sources : GeoDataFrame or None
        Polygons in the metric study CRS with ``emission_col`` in t/yr.
    point_sources : GeoDataFrame or None
        Points with ``emission_col`` (t/yr) and optional ``stack_height_m``, ``stack_diameter_m``,
        ``exit_velocity_m_s``, ``exit_temp_k`` (NaN → ``dispersion.stack_defaults`` by ``sector``).
    grid : GridSpec
    rose : WindRose or mapping {key: WindRose}
        One climatology, or one per key of ``rose_col`` (e.g. per-city roses): each group of sources is
        dispersed with its own rose.
    params : Params
    emission_col : str
        Emission column, t/yr (e.g. ``pm25_base_t``).
    feedback : Feedback, optional
    rose_col : str, optional
        Column of both layers naming the rose of each source when ``rose`` is a mapping.

    Returns
    -------
    ndarray, float32, shape ``grid.shape``

    References
    ----------
    SPEC §6; ISC3 Vol. II §2 (ISCLT); Ramaswami et al. (2017) Methods (e).
    """
    return concentration_grids(area_sources, point_sources, grid, rose, params, (emission_col,), feedback,
                               rose_col)[emission_col]


def concentration_grids(area_sources, point_sources, grid: GridSpec, rose: WindRose | Mapping, params,
                        emission_cols, feedback: Feedback | None = None,
                        rose_col: str | None = None) -> dict:
    """:func:`concentration_grid` for several emission columns (e.g. Base and Scenario) of the same sources:
    kernels, coverage and stack operators are built once (:func:`source_operators`). Returns
    ``{column: float32 grid}``."""
    feedback = feedback or Feedback()
    roundoff_t = float(params.get("dispersion.emission_roundoff_t"))
    problems = [p for col in emission_cols for p in
                _check_sources(area_sources, "area_sources", col, ("Polygon", "MultiPolygon"), roundoff_t)
                + _check_sources(point_sources, "point_sources", col, ("Point",), roundoff_t)]
    if problems:
        raise InputError(list(dict.fromkeys(problems)))
    for col in emission_cols:
        area_sources, point_sources = (_clip_roundoff(df, col) for df in (area_sources, point_sources))
    n = len(emission_cols) + 1
    operators = source_operators(area_sources, point_sources, grid, rose, params, StepFeedback(feedback, 0, 1 / n),
                                 rose_col)
    out = {}
    for i, col in enumerate(emission_cols):
        area_t = None if area_sources is None or len(area_sources) == 0 else area_sources[col].to_numpy(float)
        point_t = None if point_sources is None or len(point_sources) == 0 else point_sources[col].to_numpy(float)
        out[col] = apply_operators(operators, area_t, point_t, params,
                                   StepFeedback(feedback, (i + 1) / n, (i + 2) / n))
    return out


@dataclass(frozen=True)
class SourceOperator:
    """The linear map from one rose group's emissions (t/yr per area source and per stack) to concentration:
    the area kernel and each polygon's cell coverage, and the :class:`StackOperator` of the stacks. Built
    once, it serves Base, Scenario and every uncertainty draw (only emissions change)."""

    grid: GridSpec
    area_pos: np.ndarray          # positions of this group's area sources in the area layer
    area_kernel: np.ndarray | None
    coverage: tuple | None        # :func:`area_coverage` of those sources
    point_pos: np.ndarray         # positions of this group's usable stacks in the point layer
    stacks: StackOperator | None


def source_operators(area_sources, point_sources, grid: GridSpec, rose: WindRose | Mapping, params,
                     feedback: Feedback | None = None, rose_col: str | None = None) -> list[SourceOperator]:
    """One :class:`SourceOperator` per rose group (one group for a single rose) of the given layers."""
    feedback = feedback or Feedback()
    area_sources, point_sources = (None if df is None or len(df) == 0 else df.assign(_pos=np.arange(len(df)))
                                   for df in (area_sources, point_sources))
    groups = _rose_groups(area_sources, point_sources, rose, rose_col)
    operators = []
    for g, (the_rose, area, points) in enumerate(groups):
        sub = StepFeedback(feedback, g / len(groups), (g + 1) / len(groups))
        kernel = coverage = None
        area_pos = np.empty(0, np.int64)
        if area is not None and len(area):
            area_pos = area["_pos"].to_numpy()
            kernel = area_kernel_ug_m3(grid.cell_m, the_rose, params)
            coverage = area_coverage(area, grid, params, sub)
        stacks, point_pos = None, np.empty(0, np.int64)
        points = None if points is None or len(points) == 0 else _usable_stacks(points)
        if points is not None and len(points):
            point_pos = points["_pos"].to_numpy()
            stacks = stack_operator(points, grid, the_rose, params, sub)
        operators.append(SourceOperator(grid, area_pos, kernel, coverage, point_pos, stacks))
    return operators


def apply_operators(operators: list[SourceOperator], area_t, point_t, params,
                    feedback: Feedback | None = None) -> np.ndarray:
    """Annual-mean primary PM2.5 (µg/m³, float32) of area emissions ``area_t`` and stack emissions ``point_t``
    (t/yr, ≥ 0, aligned with the layers the operators were built from; None when absent): one overlap-add
    FFT pass over every group's terms, then the stacks' near-field corrections."""
    feedback = feedback or Feedback()
    terms, corrections = [], []
    for op in operators:
        if op.area_kernel is not None:
            emission = emission_grid_g_s(None, op.grid, None, params, coverage=op.coverage,
                                         emission_t=np.asarray(area_t, float)[op.area_pos])
            terms.append((op.area_kernel, _dense_blocks(emission)))
        if op.stacks is not None:
            rates = t_per_yr_to_g_s(np.asarray(point_t, float)[op.point_pos], params)
            terms += op.stacks.fft_terms(rates)
            corrections.append((op.stacks, rates))
    grid = operators[0].grid if operators else None
    if grid is None:
        raise ValueError("no sources to disperse")
    conc = convolve_sum_tiled(terms, grid.shape, int(params.get("dispersion.fft_tile_cells")), feedback)
    for stacks, rates in corrections:
        stacks.add_corrections(rates, conc, feedback)
    np.maximum(conc, 0.0, out=conc)  # FFT round-off (~1e-15 relative) can leave tiny negatives
    return conc.astype(np.float32)


def _rose_groups(area, points, rose, rose_col):
    if isinstance(rose, WindRose):
        return [(rose, area, points)]
    if rose_col is None:
        raise InputError([Problem("met", "rose_col", (), "several wind roses given: name the column that "
                                  "selects the rose of each source")])
    groups = []
    for key, the_rose in rose.items():
        pick = [None if df is None or len(df) == 0 else df[df[rose_col] == key] for df in (area, points)]
        groups.append((the_rose, *pick))
    known = set(rose)
    for layer, df in (("area_sources", area), ("point_sources", points)):
        if df is not None and len(df) and not df[rose_col].isin(known).all():
            unknown = tuple(df.index[~df[rose_col].isin(known)])
            raise InputError([Problem(layer, rose_col, unknown, "no wind rose with this key")])
    return groups