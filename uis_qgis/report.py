"""The HTML report: summary tables and the paper's figures for the user's own region.

Figures reproduced (Ramaswami et al. 2017): strategy breakdown (Fig. 2), % CO2 reduction against the heat
source/sink ratio by city typology (Fig. 3b), co-benefit quadrants (Fig. 4a), and maps. Images are embedded
as PNG (base64) so the report is one self-contained file.
"""
from __future__ import annotations

import base64
import html
import io
import re
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from . import __version__
from .feedback import Feedback
from . import indicators as ind
from .vocabulary import STRATEGY_GROUPS, group_field

STRATEGY_COLOURS = {"efficiency": "#8c8c8c", "heat_exchange": "#d7301f", "material_exchange": "#2b8cbe"}
TYPOLOGY_COLOURS = {ind.HIGHLY_COMMERCIAL: "#1b9e77", ind.HIGHLY_INDUSTRIAL: "#d95f02", ind.MIXED: "#7570b3",
                    ind.UNKNOWN: "#999999"}
QUADRANT_COLOURS = {ind.HIGH_HIGH: "#1a9641", ind.HIGH_CO2_LOW_HEALTH: "#fdae61",
                    ind.LOW_CO2_HIGH_HEALTH: "#a6d96a", ind.LOW_LOW: "#d7191c"}
DISPERSION_LIMITS = (
    "Dispersion limits: long-term sector-averaged Gaussian plume (ISCLT form) over flat terrain with one "
    "climatology; no convective downdraft (the vertical spread is Gaussian in every class), no building "
    "downwash, no terrain, no secondary PM2.5 formation; primary PM2.5 only, the rest is the monitor-anchored "
    "background."
)
# Chinese city names in the figures: matplotlib falls back glyph by glyph along this list (DejaVu Sans first).
# Linux: Debian/Ubuntu fonts-noto-cjk or fonts-wqy-microhei; Windows ships Microsoft YaHei and SimHei; macOS
# PingFang SC and Heiti SC.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Hiragino Sans GB", "Arial Unicode MS")
CJK_FONT_FILES = ("notosanscjk", "sourcehansans", "wqy", "msyh", "simhei", "pingfang", "stheiti", "hiragino")
CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:3px 7px}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1em 0}figcaption{font-size:.85em;color:#555}.warn{color:#a50}
"""


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(fig, caption: str) -> str:
    return (f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{_png(fig)}" '
            f'style="max-width:100%"><figcaption>{html.escape(caption)}</figcaption></figure>')


def _plt():
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    with warnings.catch_warnings():  # Debian's mpl_toolkits beside the pip matplotlib: 3-D axes unused here
        warnings.filterwarnings("ignore", message="Unable to import Axes3D")
        import matplotlib.pyplot as plt
    installed = _font_names()
    # an explicit family list: matplotlib falls back glyph by glyph only along font.family itself
    matplotlib.rcParams["font.family"] = [f for f in ("DejaVu Sans", *CJK_FONTS) if f in installed] or ["sans-serif"]
    matplotlib.rcParams["axes.formatter.useoffset"] = False
    return plt


def _font_names() -> set[str]:
    """Fonts matplotlib can use; CJK fonts installed after matplotlib built its font cache are added once."""
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    if not names & set(CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if any(key in path.lower() for key in CJK_FONT_FILES):
                font_manager.fontManager.addfont(path)
        names = {font.name for font in font_manager.fontManager.ttflist}
    return names


def cjk_font_available() -> bool:
    """Whether a font with Chinese glyphs is installed for the figures (see :data:`CJK_FONTS`)."""
    return bool(_font_names() & set(CJK_FONTS))


# field-name parts → words, and unit suffixes → units, for labels readers understand (co2_reduction_pct →
# "CO2 reduction (%)"); parts not listed stay as they are
WORDS = {"co2": "CO2", "pm25": "PM2.5", "popw": "population-weighted", "scen": "scenario", "red": "reduction",
         "avail": "available", "gen": "generated", "eff": "efficiency", "orc": "ORC power", "des": "district heating",
         "dh": "district heating", "gdp": "GDP", "hdd": "heating degree days", "id": "ID", "log10": "log10",
         "pct": "%", "dist": "distance"}
UNITS = {"t": "t/yr", "tce": "tce/yr", "gj": "GJ/yr", "mwh": "MWh/yr", "pct": "%", "ug_m3": "µg/m³", "m": "m",
         "m2": "m²", "km2": "km²", "mw": "MW"}


def label(field: str) -> str:
    """A readable label for an output field or summary quantity, with its unit: ``co2_reduction_pct`` →
    ``CO2 reduction (%)``, ``pm25_total_base_popw_ug_m3`` → ``PM2.5 total base population-weighted (µg/m³)``."""
    parts = str(field).split("_")
    unit = ""
    for n in (2, 1):  # the unit is the last one or two parts
        if len(parts) > n and "_".join(parts[-n:]) in UNITS:
            unit, parts = UNITS["_".join(parts[-n:])], parts[:-n]
            break
    words = " ".join(WORDS.get(p, p) for p in parts)
    text = words[:1].upper() + words[1:]
    return f"{text} ({unit})" if unit else text


def fmt_number(value: float) -> str:
    """A number as people write it in a report: thousands separators, never scientific notation, three
    significant digits below 100 (4.578e+08 → 457,800,000; 0.000123 → 0.000123)."""
    if not np.isfinite(value):
        return "–"
    if value == 0 or abs(float(f"{value:.3g}")) >= 100:
        return f"{value:,.0f}"
    decimals = min(12, max(0, 2 - int(np.floor(np.log10(abs(value))))))
    return f"{value:,.{decimals}f}"


def _table(df: pd.DataFrame, max_rows: int = 40) -> str:
    def cell(v):
        if isinstance(v, (float, np.floating)):
            return f'<td class="num">{fmt_number(float(v))}</td>'
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            return f'<td class="num">{v:,}</td>'
        return f"<td>{html.escape(str(v))}</td>"

    head = "".join(f"<th>{html.escape(label(c))}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>"
                   for row in df.head(max_rows).itertuples(index=False))
    more = (f"<p>… and {len(df) - max_rows} more rows: every row is in the run's result layers and tables.</p>"
            if len(df) > max_rows else "")
    return f"<table><tr>{head}</tr>{body}</table>{more}"


def _city_label(cities: pd.DataFrame) -> pd.Series:
    return cities["name"].astype(str) if "name" in cities else cities["city_id"].astype(str)


def _label_points(ax, cities: pd.DataFrame, x: str, y: str, max_labels: int = 40) -> None:
    """Name each point when there are few enough cities to read them."""
    if len(cities) > max_labels:
        return
    for label, xv, yv in zip(_city_label(cities), cities[x], cities[y]):
        if np.isfinite(xv) and np.isfinite(yv):
            ax.annotate(label, (xv, yv), fontsize=7, xytext=(3, 3), textcoords="offset points", color="#333")


def fig_strategy_breakdown(cities: pd.DataFrame, top: int = 20) -> str:
    """Fig. 2 analogue: CO2 saved by strategy, total and for the cities with the largest savings."""
    cols = {group: group_field(group) for group in STRATEGY_GROUPS if group_field(group) in cities}
    if not cols:
        return ""
    plt = _plt()
    saved = cities[list(cols.values())].fillna(0.0) / 1e6
    order = saved.sum(axis=1).sort_values(ascending=False).index[:top]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 0.3 * len(order) + 2), width_ratios=[1, 3])
    totals = saved.sum()
    ax1.barh(range(len(cols)), totals.values, color=[STRATEGY_COLOURS[group] for group in cols])
    ax1.set_yticks(range(len(cols)), [group.replace("_", "\n") for group in cols])
    ax1.invert_yaxis()
    ax1.set_xlabel("CO2 saved, Mt/yr")
    ax1.set_title("Study area")
    left = np.zeros(len(order))
    labels = _city_label(cities).loc[order]
    for group, c in cols.items():
        vals = saved.loc[order, c].values
        ax2.barh(labels, vals, left=left, color=STRATEGY_COLOURS[group], label=group.replace("_", " "))
        left += vals
    ax2.invert_yaxis()
    ax2.set_xlabel("CO2 saved, Mt/yr")
    ax2.set_title(f"Top {len(order)} cities")
    ax2.legend(loc="lower right")
    return _figure(fig, "CO2 savings by strategy: single-sector efficiency, heat exchange (energy cascade) "
                        "and material exchange (cf. Ramaswami et al. 2017, Fig. 2).")


def fig_reduction_vs_ratio(cities: pd.DataFrame) -> str:
    """Fig. 3b analogue: % CO2 reduction against log10 heat source/sink ratio, coloured by typology."""
    if not {"co2_reduction_pct", "log10_source_sink_ratio"} <= set(cities.columns):
        return ""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    typ = cities["typology"] if "typology" in cities else pd.Series("unknown", index=cities.index)
    for name, colour in TYPOLOGY_COLOURS.items():
        sel = typ == name
        if sel.any():
            ax.scatter(cities.loc[sel, "log10_source_sink_ratio"], cities.loc[sel, "co2_reduction_pct"],
                       s=18, color=colour, label=f"{name} (n={int(sel.sum())})", alpha=0.8)
    _label_points(ax, cities, "log10_source_sink_ratio", "co2_reduction_pct")
    ax.axvline(0.0, color="#555", lw=0.8, ls="--")
    ax.set_xlabel("log10 (waste heat available / heat demand reachable)")
    ax.set_ylabel("CO2 reduction, % of city Scope 1")
    ax.legend(fontsize=8)
    return _figure(fig, "City CO2 reduction against the heat source/sink ratio by typology "
                        "(cf. Ramaswami et al. 2017, Fig. 3b; the paper's heuristic peaks near ratio 1).")


def fig_cobenefit_quadrants(cities: pd.DataFrame) -> str:
    """Fig. 4a analogue: % CO2 reduction against % deaths avoided, split at the means."""
    need = {"co2_reduction_pct", "deaths_avoided_pct_central", "cobenefit_quadrant"}
    if not need <= set(cities.columns):
        return ""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, colour in QUADRANT_COLOURS.items():
        sel = cities["cobenefit_quadrant"] == name
        if sel.any():
            ax.scatter(cities.loc[sel, "co2_reduction_pct"], cities.loc[sel, "deaths_avoided_pct_central"],
                       s=18, color=colour, label=f"{name} (n={int(sel.sum())})")
    _label_points(ax, cities, "co2_reduction_pct", "deaths_avoided_pct_central")
    ax.axvline(cities["co2_reduction_pct"].mean(), color="#555", lw=0.8, ls="--")
    ax.axhline(cities["deaths_avoided_pct_central"].mean(), color="#555", lw=0.8, ls="--")
    ax.set_xlabel("CO2 reduction, %")
    ax.set_ylabel("PM2.5 deaths avoided, % of attributable")
    ax.legend(fontsize=8)
    return _figure(fig, "Carbon and health co-benefits by city, split at the averages of the cities analysed "
                        "(cf. Ramaswami et al. 2017, Fig. 4a).")


def fig_observed_vs_modelled(table: pd.DataFrame | None) -> str:
    """Base total PM2.5 at the observed cities against the observations, predicted without each city's own
    observation (leave-one-out background + modelled increment), with R², mean bias and NME."""
    if table is None or table.empty:
        return ""
    from .background import agreement

    plt = _plt()
    obs, mod = table["observed_pm25_ug_m3"], table["modelled_total_loo_ug_m3"]
    score = agreement(obs, mod)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.scatter(obs, mod, s=18, color="#2b8cbe")
    top = float(max(obs.max(), mod.max())) * 1.08
    ax.plot([0, top], [0, top], color="#555", lw=0.8, ls="--")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("observed annual PM2.5, µg/m³")
    ax.set_ylabel("modelled Base total (leave-one-out), µg/m³")
    r2 = "n/a" if not np.isfinite(score["r2"]) else f"{score['r2']:.2f}"
    ax.set_title(f"n = {score['n']}, R² = {r2}, mean bias = {score['mean_bias_ug_m3']:+.1f} µg/m³, "
                 f"NME = {100 * score['nme']:.0f} %", fontsize=9)
    _label_points(ax, table.rename(columns={"monitor": "name"}), "observed_pm25_ug_m3", "modelled_total_loo_ug_m3")
    return _figure(fig, "Modelled against observed PM2.5 at the monitor cities of the study area (and cities with "
                        "their own observed_pm25). Each city's background is interpolated from the other cities "
                        "only, so the comparison is not its own calibration (cf. Ramaswami et al. 2017, Methods: "
                        "112 cities).")


def fig_attribution(cities: pd.DataFrame, top: int = 20) -> str:
    """Deaths avoided per city split by source region (own, other cities of the province, rest of the
    province, other provinces) and by strategy (cf. Ramaswami et al. 2017, Supplementary Table 6b)."""
    from .attribution import REGIONS

    region_cols = [f"deaths_avoided_{r}" for r in REGIONS]
    if not set(region_cols) <= set(cities.columns):
        return ""
    plt = _plt()
    order = cities["deaths_avoided_central"].abs().sort_values(ascending=False).index[:top]
    labels = _city_label(cities).loc[order]
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.3 * len(order) + 2), sharey=True)
    colours = {"own": "#d7301f", "other_cities_of_province": "#fc8d59", "rest_of_province": "#fdcc8a",
               "other_provinces": "#2b8cbe"}
    for ax, names, palette in ((axes[0], REGIONS, colours),
                               (axes[1], tuple(STRATEGY_GROUPS), STRATEGY_COLOURS)):
        left_pos, left_neg = np.zeros(len(order)), np.zeros(len(order))
        for name in names:
            vals = cities.loc[order, f"deaths_avoided_{name}"].to_numpy(float)
            left = np.where(vals >= 0, left_pos, left_neg)
            ax.barh(labels, vals, left=left, color=palette[name], label=name.replace("_", " "))
            left_pos += np.maximum(vals, 0)
            left_neg += np.minimum(vals, 0)
        ax.axvline(0, color="#555", lw=0.6)
        ax.set_xlabel("deaths avoided per year")
        ax.legend(fontsize=8, loc="lower right")
    axes[0].invert_yaxis()
    axes[0].set_title("by source region")
    axes[1].set_title("by strategy")
    return _figure(fig, f"Deaths avoided in the {len(order)} cities with the most, split by where the emission "
                        "reductions happen and by strategy. Co-benefits cross city boundaries (Ramaswami et al. "
                        "2017, Supplementary Table 6b); parts are proportional to each part's PM2.5 reduction.")


def fig_valuation(cities: pd.DataFrame, top: int = 20) -> str:
    """Value of deaths avoided (million CNY/yr) per city at the central VSL with the low–high VSL range."""
    cols = [f"value_deaths_avoided_million_cny_{b}" for b in ("low", "central", "high")]
    if not set(cols) <= set(cities.columns):
        return ""
    plt = _plt()
    low, central, high = (cities[c].to_numpy(float) for c in cols)
    order = np.argsort(-np.abs(central))[:top]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(order) + 1.8))
    labels = _city_label(cities).iloc[order]
    ax.barh(labels, central[order], color="#1a9641")
    ax.errorbar(central[order], np.arange(len(order)), xerr=[central[order] - low[order], high[order] - central[order]],
                fmt="none", ecolor="#333", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("value of deaths avoided, million CNY/yr (2019 prices)")
    ax.set_title(f"Study area: {central.sum():,.0f} million CNY/yr ({low.sum():,.0f}–{high.sum():,.0f})", fontsize=9)
    return _figure(fig, "Deaths avoided (central) valued with a value of a statistical life for China, low–central–"
                        "high (valuation.vsl_million_cny; Cao et al. 2023).")


def _polygon_patches(geoms) -> list:
    """One matplotlib patch per (multi)polygon, each ring a closed sub-path (holes stay open), or None.

    Coordinates come from ``shapely.get_coordinates`` alone. GeoPandas' plotting reads ``.coords``, which asks
    GEOS ≥ 3.12 whether a ring has M values; inside QGIS's process that call can reach a geometry made by
    QGIS's GEOS 3.11 (global symbol binding, QGIS_NOTES) — a report map failed that way through qgis_process.
    """
    import shapely
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    patches = []
    for geom in geoms:
        verts, codes = [], []
        for ring in shapely.get_rings(shapely.get_parts(geom)) if geom is not None else []:
            xy = shapely.get_coordinates(ring)
            if len(xy) >= 4:
                verts.append(xy)
                codes += [Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY]
        patches.append(PathPatch(Path(np.concatenate(verts), codes)) if verts else None)
    return patches


def _draw_polygons(ax, geoms, values=None, **style):
    """Polygons on ``ax``: coloured by ``values`` (NaN light grey) through ``style["cmap"]``, or plain."""
    from matplotlib.collections import PatchCollection

    patches = _polygon_patches(geoms)
    keep = np.array([p is not None for p in patches], bool)
    if values is None:
        ax.add_collection(PatchCollection([p for p in patches if p is not None], **style))
        ax.autoscale_view()
        return None
    values = np.asarray(values, float)
    known = keep & np.isfinite(values)
    missing = keep & ~np.isfinite(values)
    edge = {"edgecolor": "#777", "linewidth": 0.3}
    if missing.any():
        ax.add_collection(PatchCollection([patches[i] for i in np.flatnonzero(missing)], facecolor="#eee", **edge))
    coloured = PatchCollection([patches[i] for i in np.flatnonzero(known)], **edge, **style)
    coloured.set_array(values[known])
    ax.add_collection(coloured)
    ax.autoscale_view()
    return coloured


def _draw_lines(ax, geoms, **style) -> None:
    """Lines and multilines on ``ax`` (coordinates through ``shapely.get_coordinates``, see _polygon_patches)."""
    import shapely
    from matplotlib.collections import LineCollection

    parts = shapely.get_parts(np.asarray(geoms, dtype=object))
    ax.add_collection(LineCollection([shapely.get_coordinates(p) for p in parts], **style))


def fig_map(cities, heat_links=None, column: str = "co2_reduction_pct") -> str:
    """Map of cities coloured by ``column`` with the heat-exchange links on top."""
    if cities is None or column not in cities or not hasattr(cities, "geometry"):
        return ""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(9, 7))
    coloured = _draw_polygons(ax, cities.geometry.values, cities[column].to_numpy(float), cmap="YlGn")
    if coloured is not None and coloured.get_array().size:
        fig.colorbar(coloured, ax=ax, shrink=0.6, label=label(column))
    if heat_links is not None and len(heat_links) and hasattr(heat_links, "geometry"):
        lines = heat_links[heat_links.geometry.notna() & ~heat_links.geometry.is_empty]
        if len(lines):
            _draw_lines(ax, lines.to_crs(cities.crs).geometry.values, color="#d7301f", linewidth=0.6, alpha=0.7)
    _map_furniture(ax, cities)
    return _figure(fig, f"Cities by {label(column)}; red lines: heat-exchange links within the fence line.")


def _scale_bar_m(ax) -> None:
    """A scale bar of a round length (1, 2 or 5 × 10^k m, about a fifth of the map width) in the lower left;
    the map is in the metric study CRS."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    target = (x1 - x0) / 5
    power = 10 ** np.floor(np.log10(target))
    length = max(m * power for m in (1, 2, 5) if m * power <= target)
    left, bottom = x0 + 0.04 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    ax.plot([left, left + length], [bottom, bottom], color="#222", lw=3, solid_capstyle="butt")
    text = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.text(left + length / 2, bottom + 0.012 * (y1 - y0), text, ha="center", va="bottom", fontsize=8)


def _map_furniture(ax, cities=None, max_labels: int = 40) -> None:
    """City names at a point inside each city (few enough cities to read), a scale bar, no axes."""
    if cities is not None and 0 < len(cities) <= max_labels and hasattr(cities, "geometry"):
        for name, point in zip(_city_label(cities), cities.geometry.representative_point()):
            ax.annotate(name, (point.x, point.y), fontsize=7, ha="center", color="#222")
    ax.set_aspect("equal")
    _scale_bar_m(ax)
    ax.set_axis_off()


def fig_raster(raster, title: str, cities=None) -> str:
    """Image of a PM2.5 raster (µg/m³) with a colour bar, city outlines and names, and a scale bar."""
    plt = _plt()
    arr = np.where(np.asarray(raster.array) == raster.nodata, np.nan, raster.array)
    g = raster.grid
    x0, y1 = g.transform.c, g.transform.f
    x1, y0 = x0 + g.transform.a * arr.shape[1], y1 + g.transform.e * arr.shape[0]
    fig, ax = plt.subplots(figsize=(8, 6))
    if "diff" in title:  # diverging ramp centred on zero: blue = cleaner, red = dirtier
        vmax = float(np.nanmax(np.abs(arr))) or 1.0
        style = {"cmap": "RdBu_r", "vmin": -vmax, "vmax": vmax}
    else:
        style = {"cmap": "magma_r"}
    im = ax.imshow(arr, extent=(x0, x1, y0, y1), **style)
    fig.colorbar(im, ax=ax, shrink=0.7, label="PM2.5, µg/m³")
    if cities is not None and hasattr(cities, "geometry"):
        _draw_polygons(ax, cities.to_crs(g.crs).geometry.values, facecolor="none", edgecolor="#555",
                       linewidth=0.4)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
    ax.set_title(title)
    _map_furniture(ax, None if cities is None else cities.to_crs(g.crs))
    return _figure(fig, title)


def _summary_section(results) -> str:
    parts = []
    for name in ("summary", "nation", "grid_regions", "provinces"):
        if name in results.tables:
            table = results.tables[name]
            if "quantity" in table:  # the quantities are field names too
                table = table.assign(quantity=table["quantity"].map(label))
            parts.append(f"<h3>{html.escape(label(name))}</h3>" + _table(table))
    return "".join(parts)


def _cities_table(cities: pd.DataFrame) -> str:
    cols = [c for c in ("city_id", "name", "typology", "co2_base_t", "co2_scen_t", "co2_reduction_pct",
                        "pm25_total_base_popw_ug_m3", "pm25_total_scen_popw_ug_m3", "deaths_avoided_central",
                        "deaths_avoided_low", "deaths_avoided_high", "cobenefit_quadrant") if c in cities]
    if "co2_reduction_pct" not in cols:
        return ""
    table = pd.DataFrame(cities[cols]).sort_values("co2_reduction_pct", ascending=False)
    return "<h2>Cities</h2>" + _table(table)


def _parameters_section(params) -> str:
    if params is None:
        return ""
    rows = pd.DataFrame(params.rows())
    rows["value"] = rows["value"].map(lambda v: str(v) if not isinstance(v, float) else f"{v:g}")
    overridden = rows[rows["overridden"]]
    note = (f"<p>{len(overridden)} parameters overridden by the user: "
            f"{html.escape(', '.join(overridden['parameter']))}.</p>" if len(overridden) else
            "<p>All parameters at their shipped defaults.</p>")
    return ("<h2>Parameters used</h2>" + note +
            "<details><summary>All parameters with unit and source</summary>" +
            _table(rows[["parameter", "value", "unit", "source"]], max_rows=100000) + "</details>")


# what each kind of data used in a run must be credited with (sources of input rows by the prefix of their
# ``source`` field, as written by scripts/build_inputs.py)
INPUT_SOURCES = {
    "GEM Global Coal Plant Tracker": "Global Coal Plant Tracker, Global Energy Monitor (CC BY 4.0)",
    "GEM Global Iron and Steel Tracker": "Global Iron and Steel Tracker, Global Energy Monitor (CC BY 4.0)",
    "CEADs": "CEADs provincial CO2 inventories (Shan et al. 2018, Sci. Data 5:170201)",
}
BUILT_INPUT_SET = ("Cities, urban cores and provinces of the built input set: GeoNames (CC BY 4.0), Natural Earth "
                   "(public domain), OCHA ROAP administrative boundaries")
DEFAULT_ROSE = "Default wind rose: UCI Beijing Multi-Site Air-Quality Data (Zhang et al. 2017, CC BY 4.0)"
HEALTH_DATA = ("Exposure–response: GEMM (Burnett et al. 2018, PNAS 115:9592) or IER (Burnett et al. 2014, "
               "EHP 122:397); baseline mortality: GBD 2015")
MONITOR_SOURCES = ("monitor", "interpolated", "regional")  # backgrounds drawn from the network (uis_qgis.background)
MONITOR_DATA = ("Background PM2.5: China National Environmental Monitoring Centre city PM2.5 2014-2016 (via the "
                "SpTe2M R package)")


def attribution(results) -> list[str]:
    """Credits for the data this run used: the input rows' own sources, the default wind rose when PM2.5 was
    modelled, the health functions when deaths were estimated, the monitor data when the background used them."""
    plants = results.layers.get("plant_results")
    cities = results.layers.get("city_results")
    sources = set() if plants is None or "source" not in plants else set(plants["source"].dropna().astype(str))
    credits = sorted({text for prefix, text in INPUT_SOURCES.items() for s in sources if s.startswith(prefix)})
    if credits:
        credits.append(BUILT_INPUT_SET)
    others = sorted(s for s in sources if not any(s.startswith(prefix) for prefix in INPUT_SOURCES))
    credits += [f"Input plants: {s}" for s in others] or ([] if credits else ["Input layers: supplied by the user"])
    if results.rasters:
        credits.append(DEFAULT_ROSE)
    if cities is not None and "deaths_avoided_central" in cities:
        credits.append(HEALTH_DATA)
    background = None if cities is None else cities.get("pm25_background_source")
    if background is not None and background.isin(MONITOR_SOURCES).any():
        credits.append(MONITOR_DATA)
    return credits


# the Chinese report (language="zh"): headings and sentences, and the words of table headers
ZH_TEXT = {
    "UIS-QGIS assessment": "UIS-QGIS 评估报告", "Warnings": "警告", "Summary": "汇总", "Figures": "图表",
    "Cities": "城市", "Parameters used": "所用参数", "Data and method": "数据与方法",
    "Data used in this run:": "本次运行使用的数据：", "All parameters with unit and source": "全部参数（含单位与来源）",
    "All parameters at their shipped defaults.": "全部参数均为默认值。", "Nation results": "全国结果",
    "Province results": "各省结果", "Grid region results": "各电网区域结果",
}
ZH_WORDS = {
    "CO2": "CO2", "reduction": "减排", "base": "基准", "scenario": "情景", "Base": "基准", "Scenario": "情景",
    "Deaths": "死亡", "deaths": "死亡", "avoided": "避免", "attributable": "归因", "central": "中值", "low": "低值",
    "high": "高值", "Heat": "余热", "heat": "余热", "medium": "中品位", "available": "可用", "generated": "产生",
    "delivered": "输送", "unutilised": "未利用", "City": "城市", "ID": "编号", "Name": "名称", "Typology": "类型",
    "Quantity": "指标", "Value": "数值", "Unit": "单位", "Mode": "方式", "Province": "省份", "population-weighted":
    "人口加权", "total": "合计", "Parameter": "参数", "Source": "来源", "Fuel": "燃料", "saved": "节约",
    "efficiency": "能效", "exchange": "交换", "material": "物质", "demand": "需求", "received": "获得",
    "electricity": "电力", "Electricity": "电力", "Sink": "热汇", "sink": "热汇", "industry": "工业",
    "district": "集中", "heating": "供热", "emission": "排放", "Emission": "排放", "background": "背景",
}


def localise(page: str, language: str) -> str:
    """The report in ``language`` ("en" as built; "zh": Chinese headings, sentences and table-header words)."""
    if language != "zh":
        return page
    page = page.replace('<html lang="en">', '<html lang="zh-CN">')
    for english, chinese in ZH_TEXT.items():
        for tag in ("h1", "h2", "h3", "p", "summary", "title"):
            page = page.replace(f"<{tag}>{english}</{tag}>", f"<{tag}>{chinese}</{tag}>")
        page = page.replace(f"<p>{english}", f"<p>{chinese}")

    def header(match) -> str:
        text = ""
        for word in (ZH_WORDS.get(w, w) for w in match.group(1).split(" ")):
            text += ("" if not text or not (text[-1].isascii() or word[:1].isascii()) else " ") + word
        return f"<th>{text}</th>"

    return re.sub(r"<th>([^<]*)</th>", header, page)


def build_report(results, title: str = "UIS-QGIS assessment", feedback: Feedback | None = None,
                 language: str = "en") -> str:
    """Self-contained HTML report of one run (tables, figures, parameters, warnings, attributions), in English
    or, with ``language="zh"``, with Chinese headings and table headers (figures stay English).

    ``feedback.check()`` runs between figures, so a cancel during the report stops it within one figure.
    """
    feedback = feedback or Feedback()
    cities = results.layers.get("city_results")
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>UIS-QGIS {__version__}, run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. Study CRS: "
        f"{html.escape(results.crs.name if results.crs is not None else 'n/a')}.</p>",
    ]
    if results.warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in results.warnings)
        sections.append(f'<h2>Warnings</h2><ul class="warn">{items}</ul>')
    sections.append("<h2>Summary</h2>" + _summary_section(results))
    figures = []
    if cities is not None:
        sections.append("<h2>Figures</h2>")
        figures += [lambda: fig_strategy_breakdown(cities), lambda: fig_reduction_vs_ratio(cities),
                    lambda: fig_cobenefit_quadrants(cities),
                    lambda: fig_map(cities, results.layers.get("heat_links")),
                    lambda: fig_observed_vs_modelled(results.tables.get("pm25_observed_vs_modelled")),
                    lambda: fig_attribution(cities), lambda: fig_valuation(cities)]
    figures += [lambda r=raster, n=name: fig_raster(r, label(n), cities) for name, raster in results.rasters.items()]
    for draw in figures:
        feedback.check()
        sections.append(draw())
    if cities is not None:
        sections.append(_cities_table(cities))
    sections.append(_parameters_section(results.params))
    sections.append(f"<h2>Data and method</h2><p>Method: Ramaswami et al. 2017, Nature Climate Change 7:736 "
                    f"(energy cascade and material exchange within a fence line, CO2, PM2.5, health). "
                    f"{html.escape(DISPERSION_LIMITS)}</p><p>Data used in this run:</p><ul>"
                    + "".join(f"<li>{html.escape(c)}</li>" for c in attribution(results)) + "</ul>")
    body = "\n".join(s for s in sections if s)
    return localise(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
                    f"<style>{CSS}</style></head><body>{body}</body></html>", language)
