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
from scipy.signal import fftconvolve

from .feedback import Feedback, StepFeedback
from .grid import GridSpec, cell_window
from .met import N_SECTORS, N_SPEED, N_STAB, SECTOR_WIDTH_DEG, WindRose
from .validate import InputError, Problem
from .vocabulary import G_PER_T, UG_PER_G

SQRT_2PI = math.sqrt(2.0 * math.pi)
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
    """A source type for :func:`climatological_ug_m3`: height, buoyancy flux and σ scheme."""

    height_m: float
    buoyancy_flux_m4_s3: float = 0.0
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
            u = max(float(wind_at_height_m_s(rose.mean_speed_m_s[j], release.height_m,
                                             p["anemometer_height_m"], exps[s])), p["min_wind_speed_m_s"])
            h = release.height_m
            if release.buoyancy_flux_m4_s3 > 0:
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


def emission_grid_g_s(area_sources, grid: GridSpec, emission_col: str, params,
                      feedback: Feedback | None = None) -> np.ndarray:
    """Area-source emission rate per cell, g/s (float64, rows north→south).

    Each polygon's emission (t/yr) is spread uniformly over the polygon: cells get it in proportion to their
    covered area (sub-cell sampling, ``dispersion.area_supersample``), renormalised so the polygon's total
    is conserved. A polygon too small to cover a sample point goes to the cell of its representative point.
    The share of a polygon lying outside the grid is dropped (the grid margin should prevent that).

    References
    ----------
    Ramaswami et al. (2017) Methods (e): emission intensity spread uniformly over each city / rest of
    province; SPEC §6.
    """
    feedback = feedback or Feedback()
    out = np.zeros(grid.shape)
    rates = t_per_yr_to_g_s(area_sources[emission_col].to_numpy(float), params)
    supersample = int(params.get("dispersion.area_supersample"))
    for geom, rate in zip(area_sources.geometry, rates):
        feedback.check()
        if geom is None or geom.is_empty or rate == 0:
            continue
        cov = _coverage(geom, grid, supersample)
        if cov is not None:
            (r0, c0), share = cov
            out[r0:r0 + share.shape[0], c0:c0 + share.shape[1]] += rate * share
            continue
        pt = geom.representative_point()
        row, col = grid.index_of(pt.x, pt.y)
        if 0 <= row < grid.shape[0] and 0 <= col < grid.shape[1]:
            out[row, col] += rate
    return out


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
    m = int(math.ceil(p["cutoff_m"] / grid_cell_m))
    offs = np.arange(-m, m + 1)
    east, north = np.meshgrid(offs * grid_cell_m, -offs * grid_cell_m)
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
    feedback = feedback or Feedback()
    m_r, m_c = kernel.shape[0] // 2, kernel.shape[1] // 2
    rows, cols = emission.shape
    out = np.zeros(emission.shape) if out is None else out
    tiles = [(r, c) for r in range(0, rows, tile) for c in range(0, cols, tile)]
    for i, (r, c) in enumerate(tiles):
        feedback.check()
        block = emission[r:r + tile, c:c + tile]
        if not block.any():
            continue
        full = fftconvolve(block, kernel, mode="full")
        r0, c0 = r - m_r, c - m_c
        rr0, cc0 = max(r0, 0), max(c0, 0)
        rr1, cc1 = min(r0 + full.shape[0], rows), min(c0 + full.shape[1], cols)
        out[rr0:rr1, cc0:cc1] += full[rr0 - r0:rr1 - r0, cc0 - c0:cc1 - c0]
        feedback.progress((i + 1) / len(tiles), "area sources (FFT)")
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


def point_concentration_ug_m3(point_sources, grid: GridSpec, rose: WindRose, params, emission_col: str,
                              feedback: Feedback | None = None, out: np.ndarray | None = None) -> np.ndarray:
    """Annual-mean concentration from stacks, summed directly on cell centres within the cutoff, µg/m³.

    Each stack gets Briggs buoyant rise from its own (or its sector's default) stack parameters, wind at
    stack height, and the ``dispersion.point_dispersion_coefficients`` σ scheme.

    References
    ----------
    ISC3 Vol. II eq. 2-1 with §1.1.4 plume rise; SPEC §6 (point stacks summed directly).
    """
    feedback = feedback or Feedback()
    p = params.group("dispersion")
    out = np.zeros(grid.shape) if out is None else out
    if point_sources is None or len(point_sources) == 0:
        return out
    stacks = stack_parameters(point_sources, params)
    flux = buoyancy_flux_m4_s3(stacks["exit_velocity_m_s"].to_numpy(), stacks["stack_diameter_m"], stacks["exit_temp_k"],
                               p["ambient_temp_k"], p["gravity_m_s2"])
    rates = t_per_yr_to_g_s(point_sources[emission_col].to_numpy(float), params)
    xs, ys = grid.cell_centres()
    m = int(math.ceil(p["cutoff_m"] / grid.cell_m))
    for i, (geom, rate) in enumerate(zip(point_sources.geometry, rates)):
        feedback.check()
        if rate == 0 or geom is None or geom.is_empty:
            continue
        row, col = grid.index_of(geom.x, geom.y)
        r0, r1 = max(int(row) - m, 0), min(int(row) + m + 1, grid.shape[0])
        c0, c1 = max(int(col) - m, 0), min(int(col) + m + 1, grid.shape[1])
        if r1 <= r0 or c1 <= c0:
            continue
        dx, dy = np.meshgrid(xs[c0:c1] - geom.x, ys[r0:r1] - geom.y)
        release = Release(float(stacks["stack_height_m"].iloc[i]), float(flux[i]),
                          p["point_dispersion_coefficients"])
        conc = climatological_ug_m3(dx, dy, rate, release, rose, params)
        out[r0:r1, c0:c1] += np.where(np.hypot(dx, dy) <= p["cutoff_m"], conc, 0.0)
        feedback.progress((i + 1) / len(point_sources), "point stacks")
    return out


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
    feedback = feedback or Feedback()
    roundoff_t = float(params.get("dispersion.emission_roundoff_t"))
    problems = (_check_sources(area_sources, "area_sources", emission_col, ("Polygon", "MultiPolygon"), roundoff_t)
                + _check_sources(point_sources, "point_sources", emission_col, ("Point",), roundoff_t))
    if problems:
        raise InputError(problems)
    area_sources, point_sources = (_clip_roundoff(df, emission_col) for df in (area_sources, point_sources))
    out = np.zeros(grid.shape)
    groups = _rose_groups(area_sources, point_sources, rose, rose_col)
    for g, (the_rose, area, points) in enumerate(groups):
        share = 1.0 / len(groups)
        sub = StepFeedback(feedback, g * share, (g + 1) * share)
        if area is not None and len(area):
            emission = emission_grid_g_s(area, grid, emission_col, params, sub)
            if emission.any():
                kernel = area_kernel_ug_m3(grid.cell_m, the_rose, params)
                convolve_tiled(emission, kernel, int(params.get("dispersion.fft_tile_cells")), sub, out)
        point_concentration_ug_m3(points, grid, the_rose, params, emission_col, sub, out)
    np.maximum(out, 0.0, out=out)  # FFT round-off (~1e-15 relative) can leave tiny negatives
    return out.astype(np.float32)


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