"""A sweep over real regions of China (issue 14): each is built by the project's own builder from the shared
data (``scripts/build_inputs.py --bbox …``) and run through the command line with dispersion, as a user would.

Regions: north and south, coast and interior, Xinjiang, a region across two UTM zones, whole provinces, and
Guangzhou–Foshan, which has no district heating (an empty optional layer). Every run must exit 0 and write the
report; no table or raster may hold NaN or infinite values (except where a value is undefined by design, listed
in :data:`UNDEFINED`); no reduction may be negative; every heat link must be within the fence line measured on
the WGS 84 ellipsoid (pyproj ``Geod``); no area source may have an implausible PM2.5 emission density
(:data:`MAX_AREA_PM25_T_PER_KM2`).

Speed: the dispersion grid uses 3 km cells (parameter override ``dispersion.cell_m = 3000``, a file written by
the test) instead of the default 1 km, and the regions run two at a time, so the sweep takes a few minutes.
The shared data are looked up at ``../shared/data`` relative to the repository root (as in CI); without them
the sweep is skipped and says why.
"""
from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from pyproj import Geod

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
CELL_M = 3000.0  # coarser than the 1 km default, to keep the sweep to a few minutes
TIMEOUT_S = 900
PARALLEL_RUNS = 2

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data not found at {DATA} (the sweep builds its "
                                                           "regions from ../shared/data relative to the repository)")]

# Plausible maximum PM2.5 emission density of an area source (a city territory): value, unit, source.
MAX_AREA_PM25_T_PER_KM2 = {
    "value": 100.0,
    "unit": "t PM2.5 / km2 / yr",
    "source": "About 5x the densest city-wide figure found: Tangshan, China's largest steel city, whose iron and "
              "steel industry emitted up to 63.5 % of the Beijing-Tianjin-Hebei sector's 386.8 kt PM2.5 in 2015 "
              "(Duan W. et al. 2018, Huanjing Kexue 39(4):1445-1454), i.e. <= 246 kt over its 13,472 km2, "
              "18 t/km2/yr. A whole city territory above 100 t/km2/yr is a unit or allocation error.",
}


@dataclass(frozen=True)
class Region:
    name: str
    bbox: tuple  # min lon, min lat, max lon, max lat (degrees)
    why: str
    district_heating: bool | None = None  # True/False when the build must (not) hold district heating


REGIONS = [
    Region("guangzhou_foshan", (112.8, 22.6, 113.8, 23.5), "south, coast; no district heating (issue 14 #1)",
           district_heating=False),
    Region("harbin", (126.0, 45.3, 127.2, 46.2), "far north-east, interior, cold: district heating",
           district_heating=True),
    Region("shanghai", (120.8, 30.65, 121.95, 31.9), "east coast; the whole of Shanghai municipality (a province)"),
    Region("chengdu", (103.6, 30.3, 104.5, 31.0), "south-west interior basin"),
    Region("urumqi", (87.2, 43.6, 88.0, 44.1), "Xinjiang, far west (UTM zone 45)", district_heating=True),
    Region("wuhan", (113.8, 30.2, 114.8, 30.9), "central interior, across UTM zones 49 and 50 (114°E)"),
    Region("hainan", (108.5, 18.1, 111.3, 20.2), "tropical island; the whole of Hainan province"),
    Region("taiyuan", (112.2, 37.6, 112.9, 38.1), "northern coal and steel basin", district_heating=True),
]

# Values undefined by design (NaN in the results): column -> rows where it is undefined, from the same table
# and the inputs. Any other NaN fails the sweep.
def _no_gdp(table, inputs):
    cities = inputs["cities"]
    given = [c for c in ("gdp_primary", "gdp_secondary", "gdp_tertiary") if c in cities]
    missing = cities[given].isna().any(axis=1) if given else pd.Series(True, index=cities.index)
    return table["city_id"].astype(str).isin(set(cities.loc[missing, "city_id"].astype(str)))


UNDEFINED = {
    "source_sink_ratio": lambda t, _: t["heat_sink_gj"] <= 0,  # no heat sink near the city
    "log10_source_sink_ratio": lambda t, _: ~(t["source_sink_ratio"] > 0),
    "building_heat_met_share": lambda t, _: t["building_heat_demand_gj"] <= 0,  # no building heat demand
    "gdp_secondary_share": _no_gdp,
    "gdp_tertiary_share": _no_gdp,
    "pm25_reduction_pct": lambda t, _: t["pm25_base_t"] <= 0,  # a share of nothing
}
SHARE_OF_CO2_BASE = re.compile(r"co2_(reduction|red_\w+)_pct")  # NaN where co2_base_t is 0 (emissions.aggregate)
# Columns holding reductions or savings (Base - Scenario): never negative.
REDUCTION_PREFIXES = ("co2_red", "pm25_red", "co2_saved", "fuel_saved", "deaths_avoided", "pm25_saved")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                          timeout=TIMEOUT_S)


def _build_and_run(region: Region, folder: Path) -> dict:
    gpkg, out = folder / f"{region.name}.gpkg", folder / f"out_{region.name}"
    build = _cli("scripts/build_inputs.py", "--bbox", *map(str, region.bbox), "--out", str(gpkg),
                 "--data-dir", str(DATA))
    run = None
    if build.returncode == 0:
        run = _cli("-m", "uis_qgis", "run", "--inputs", str(gpkg), "--out", str(out), "--quiet",
                   "--params", str(folder / "coarse.toml"))
    return {"build": build, "run": run, "gpkg": gpkg, "out": out}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> dict:
    """Every region built and run once (two at a time); ``{name: {build, run, gpkg, out}}``."""
    folder = tmp_path_factory.mktemp("sweep")
    (folder / "coarse.toml").write_text(f"[dispersion]\ncell_m = {CELL_M}\n", encoding="utf-8")
    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        done = dict(zip([r.name for r in REGIONS], pool.map(lambda r: _build_and_run(r, folder), REGIONS)))
    return done


def _ran(sweep: dict, region: Region) -> Path:
    done = sweep[region.name]
    assert done["build"].returncode == 0, done["build"].stderr[-3000:]
    assert done["run"].returncode == 0, done["run"].stderr[-3000:]
    assert "Traceback" not in done["run"].stderr
    return done["out"]


def _layers(out: Path) -> dict:
    gpkg = out / "results.gpkg"
    return {name: gpd.read_file(gpkg, layer=name) for name in pyogrio.list_layers(gpkg)[:, 0]}


def _tables(out: Path) -> dict:
    tables = {p.stem: pd.read_csv(p, encoding="utf-8") for p in sorted(out.glob("*.csv"))}
    tables.update({name: pd.DataFrame(gdf.drop(columns=gdf.geometry.name)) for name, gdf in _layers(out).items()})
    return tables


def _input_columns(gpkg: Path) -> dict:
    """Input fields by name with their values by id, to tell a copied-through empty input from a computed NaN."""
    return {name: gpd.read_file(gpkg, layer=name) for name in pyogrio.list_layers(gpkg)[:, 0]}


REGION_IDS = [r.name for r in REGIONS]


@pytest.mark.parametrize("region", REGIONS, ids=REGION_IDS)
def test_region_runs_and_writes_the_report(sweep, region):
    out = _ran(sweep, region)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") or "<html" in html[:500].lower()
    assert len(html) > 10_000
    for name in ("pm25_base", "pm25_scenario", "pm25_difference"):
        assert (out / f"{name}.tif").stat().st_size > 0


@pytest.mark.parametrize("region", [r for r in REGIONS if r.district_heating is not None],
                         ids=[r.name for r in REGIONS if r.district_heating is not None])
def test_district_heating_is_there_or_not_as_the_region_has_it(sweep, region):
    _ran(sweep, region)
    n_des = len(gpd.read_file(sweep[region.name]["gpkg"], layer="district_heating"))
    assert (n_des > 0) == region.district_heating, n_des


def _undefined_ok(name: str, table: pd.DataFrame, col: str, inputs: dict) -> pd.Series:
    """Rows where NaN in ``col`` is legitimate: undefined by design, or an optional input left empty."""
    ok = pd.Series(False, index=table.index)
    if col in UNDEFINED:
        ok |= UNDEFINED[col](table, inputs).fillna(False).astype(bool).to_numpy()
    if SHARE_OF_CO2_BASE.fullmatch(col) and "co2_base_t" in table:
        ok |= (table["co2_base_t"] <= 0).to_numpy()
    for layer in inputs.values():
        id_col = next((c for c in ("plant_id", "city_id", "des_id", "core_id") if c in layer and c in table), None)
        if id_col and col in layer:
            given = layer.set_index(layer[id_col].astype(str))[col]
            ok |= given.reindex(table[id_col].astype(str)).isna().to_numpy()
    return ok


@pytest.mark.parametrize("region", REGIONS, ids=REGION_IDS)
def test_no_nan_or_infinite_value_in_any_table(sweep, region):
    out = _ran(sweep, region)
    inputs = _input_columns(sweep[region.name]["gpkg"])
    found = []
    for name, table in _tables(out).items():
        for col in table.select_dtypes("number").columns:
            values = table[col].to_numpy(float)
            if np.isinf(values).any():
                found.append(f"{name}.{col}: infinite")
            nan = pd.Series(np.isnan(values), index=table.index)
            if nan.any() and not (~nan | _undefined_ok(name, table, col, inputs)).all():
                found.append(f"{name}.{col}: {int(nan.sum())} NaN")
    assert not found, found


@pytest.mark.parametrize("region", REGIONS, ids=REGION_IDS)
def test_no_nan_or_infinite_cell_in_any_raster(sweep, region):
    import rasterio

    out = _ran(sweep, region)
    rasters = sorted(out.glob("*.tif"))
    assert len(rasters) >= 3
    for path in rasters:
        with rasterio.open(path) as src:
            values = src.read(1).astype(float)
            nodata = src.nodata
        data = values if nodata is None else values[values != nodata]
        assert data.size == values.size, f"{path.name}: nodata cells inside the study grid"
        assert np.isfinite(data).all(), path.name
        if path.stem in ("pm25_base", "pm25_scenario"):
            assert data.min() >= 0.0, (path.name, data.min())


@pytest.mark.parametrize("region", REGIONS, ids=REGION_IDS)
def test_no_negative_reduction(sweep, region):
    out = _ran(sweep, region)
    negative = []
    for name, table in _tables(out).items():
        for col in table.select_dtypes("number").columns:
            if col.startswith(REDUCTION_PREFIXES) and not col.endswith("_pct"):
                values = table[col].to_numpy(float)
                scale = max(1.0, float(np.nanmax(np.abs(values)))) if len(values) else 1.0
                if (values < -1e-9 * scale).any():
                    negative.append(f"{name}.{col}: min {np.nanmin(values):.4g}")
    layers = _layers(out)
    for name, base, scen in (("plant_results", "co2_base_t", "co2_scen_t"), ("city_results", "co2_base_t",
                                                                              "co2_scen_t")):
        table = layers[name]
        if {base, scen} <= set(table):
            excess = table[scen] - table[base]
            if (excess > 1e-9 * max(1.0, float(table[base].abs().max()))).any():
                negative.append(f"{name}: {scen} above {base} for {int((excess > 0).sum())} rows")
    import rasterio

    with rasterio.open(out / "pm25_difference.tif") as src:
        diff = src.read(1).astype(float)
    with rasterio.open(out / "pm25_base.tif") as src:
        base_max = float(src.read(1).max())
    if diff.max() > 1e-9 * max(base_max, 1e-12):
        negative.append(f"pm25_difference: scenario above base by up to {diff.max():.3g} µg/m³")
    assert not negative, negative


BOUNDARY_STEP_M = 10.0  # sink outlines densified to 10 m steps for the geodesic distance (error <= 5 m)


def geodesic_distance_to_m(source, sink, crs) -> float:
    """Distance on the WGS 84 ellipsoid from a point to a geometry (0 inside a polygon), both in the metric
    ``crs`` of the results (their edges are straight there): the outline is densified to
    :data:`BOUNDARY_STEP_M` steps in ``crs`` and every vertex measured on the ellipsoid (pyproj ``Geod``) — an
    upper bound within half a step."""
    import shapely
    from pyproj import Transformer

    if sink.geom_type.endswith("Polygon") and sink.covers(source):
        return 0.0
    outline = sink.boundary if sink.geom_type.endswith("Polygon") else sink
    coords = shapely.get_coordinates(shapely.segmentize(outline, BOUNDARY_STEP_M))
    to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lon, lat = to_lonlat.transform(coords[:, 0], coords[:, 1])
    lon0, lat0 = to_lonlat.transform(source.x, source.y)
    _, _, dist = Geod(ellps="WGS84").inv(np.full(len(lon), lon0), np.full(len(lat), lat0), lon, lat)
    return float(dist.min())


@pytest.mark.parametrize("region", REGIONS, ids=REGION_IDS)
def test_every_heat_link_is_within_the_fence_line_on_the_ellipsoid(sweep, region):
    out = _ran(sweep, region)
    used = pd.read_csv(out / "parameters_used.csv", encoding="utf-8")
    fence_m = float(used.set_index("parameter").loc["cascade.fence_line_m", "value"])
    layers = _layers(out)
    links = layers["heat_links"]
    if not len(links):
        pytest.skip(f"{region.name}: no heat link in this region")
    plants = layers["plant_results"].set_index("plant_id").geometry
    sinks = layers["heat_sinks"].set_index("sink_id").geometry
    true_m = np.array([geodesic_distance_to_m(plants[s], sinks[k], links.crs)
                       for s, k in zip(links["source_id"], links["sink_id"])])
    half_step_m = 0.5 * BOUNDARY_STEP_M
    assert true_m.max() <= fence_m + half_step_m, (true_m.max(), fence_m)
    np.testing.assert_allclose(links["dist_m"].to_numpy(float), true_m, rtol=0, atol=half_step_m + 0.01)
    drawn = links["dist_m"].to_numpy(float) > 0  # links inside their sink are drawn to a point on its surface
    ends = np.array([[line.coords[0], line.coords[-1]]
                     for line in links.to_crs("EPSG:4326").geometry[drawn]]).reshape(-1, 2, 2)
    _, _, line_m = Geod(ellps="WGS84").inv(ends[:, 0, 0], ends[:, 0, 1], ends[:, 1, 0], ends[:, 1, 1])
    np.testing.assert_allclose(line_m, links["dist_m"].to_numpy(float)[drawn], rtol=1e-6, atol=0.01)


@pytest.mark.parametrize("region", REGIONS, ids=REGION_IDS)
def test_no_area_source_with_implausible_emission_density(sweep, region):
    out = _ran(sweep, region)
    areas = _layers(out)["area_sources"].to_crs("EPSG:4326")
    geod = Geod(ellps="WGS84")
    area_km2 = np.array([abs(geod.geometry_area_perimeter(g)[0]) if g is not None else 0.0
                         for g in areas.geometry]) / 1e6
    limit = MAX_AREA_PM25_T_PER_KM2["value"]
    implausible = []
    for col in ("pm25_base_t", "pm25_scen_t"):
        emitted_t = areas[col].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            density = np.where(emitted_t > 0, emitted_t / area_km2, 0.0)  # an emitting source of no area: inf
        for i in np.flatnonzero(density > limit):
            implausible.append(f"{col} {areas.iloc[i]['area_type']} {areas.iloc[i]['city_id']}: {emitted_t[i]:.0f} t "
                               f"on {area_km2[i]:.1f} km2 = {density[i]:.0f} t/km2")
    assert not implausible, implausible
