"""Build the model's input GeoPackage (SPEC §1 layers) from the real data in ``../shared/data``.

Usage::

    .venv/bin/python scripts/build_inputs.py --bbox 116.0 38.5 119.5 40.6 --out resources/sample/sample.gpkg
    .venv/bin/python scripts/build_inputs.py --national --out build/national/national.gpkg

Layers (EPSG:4326, UTF-8): plants, cities, urban_cores, district_heating, provinces. How each is derived:
``resources/sample/README.md``; every assumption: ``uis_qgis/data/params/data_build.toml``.
Provincial quantities (population totals for downscaling, cement output) are always computed on the whole
country, so a box is a faithful cut-out of the national set.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parent.parent
sys.path.append(str(REPO))  # appended: the root's processing/ must never hide QGIS's
sys.path.insert(0, str(REPO / "scripts"))

from inputs import heating, plants, sources, territories  # noqa: E402
from uis_qgis import climate, geo  # noqa: E402
from uis_qgis.params import load_params  # noqa: E402

DEFAULT_DATA_DIR = REPO.parent / "shared" / "data"
LAYER_ORDER = ("plants", "cities", "urban_cores", "district_heating", "provinces")
DESCRIPTIONS = {
    "plants": "GEM coal units (operating) aggregated by GEM location ID, fuel = MW x CF x 8760 h x heat rate; "
              "GEM steel plants, fuel = capacity x utilisation x 0.572 tce/t x thermal share; CEADs 2012 "
              "provincial sector CO2 downscaled to city clusters by population share. See README.md.",
    "cities": "GeoNames cities15000 places (population capped at the Natural Earth urban-agglomeration "
              "POP_MAX; places inside a listed agglomeration's Natural Earth urban area are part of it), "
              "Voronoi territories per province (metric CRS) clipped to OCHA provinces; Chinese "
              "names from Natural Earth; hdd = typical HDD18 of the province's GB 50176-2016 climate zone. "
              "See README.md.",
    "urban_cores": "Natural Earth 50m urban areas cut by the city territories. See README.md.",
    "district_heating": "Proxy: every northern-zone city's urban cores (the part within 20 km of operating CHP "
                        "coal plants when present); floor = core floor x provincial coverage share (4.4 "
                        "billion m2 2010 spread by CSY 2008 heated area); heat = floor x 0.381 GJ/m2. "
                        "See README.md.",
    "provinces": "OCHA ROAP COD-AB China 2020 (simplified, derived/clipped); grid region 2010; cement output "
                 "NBS 2012 spread by CEADs non-metallic CO2. See README.md.",
}


@dataclass
class BuildInfo:
    """Figures of one build, printed as the summary."""

    steel_utilisation: float
    study_crs: str


def study_area(provinces: gpd.GeoDataFrame, bbox) -> gpd.GeoDataFrame:
    """Provinces clipped to the bounding box (or all mainland provinces when ``bbox`` is None)."""
    if bbox is None:
        return provinces
    clipped = provinces.clip(shapely.box(*bbox))
    clipped = clipped[clipped.geometry.geom_type.isin(["Polygon", "MultiPolygon"]) & ~clipped.geometry.is_empty]
    return clipped.sort_values("adm1_pcode").reset_index(drop=True)


def places_in_study(places: gpd.GeoDataFrame, bbox) -> gpd.GeoDataFrame:
    """Places inside the box (all places for a national build; coastal places off the simplified
    province polygons are kept, they belong to their nearest province)."""
    if bbox is None:
        return places
    lon, lat = places["lon"], places["lat"]
    return places[lon.between(bbox[0], bbox[2]) & lat.between(bbox[1], bbox[3])]


def build(data_dir: Path, bbox=None, params=None) -> tuple[dict, BuildInfo]:
    """All layers of the input set as GeoDataFrames in EPSG:4326, plus build figures.

    Parameters
    ----------
    data_dir : folder with the shared raw files.
    bbox : (min lon, min lat, max lon, max lat) in degrees, or None for all of mainland China.
    params : Params (default: shipped defaults).
    """
    p = params or load_params()
    grid = p.get("grid.province_region")
    provinces = sources.read_provinces(data_dir)
    national_crs = geo.study_crs(tuple(provinces.total_bounds))
    study = study_area(provinces, bbox)
    if study.empty:
        raise SystemExit(f"--bbox {' '.join(f'{v:g}' for v in bbox)} holds no part of mainland China's provinces "
                         f"(they span {' '.join(f'{v:.1f}' for v in provinces.total_bounds)}); nothing was written")
    crs = geo.study_crs(tuple(bbox) if bbox is not None else tuple(provinces.total_bounds))

    places_all = territories.read_places(data_dir, provinces.to_crs(national_crs), p).to_crs(crs)
    province_population = territories.without_agglomeration_parts(places_all).groupby("province")["population"].sum()
    study_m = study.to_crs(crs)
    min_pop = p.get("data_build.national_min_population" if bbox is None else "data_build.sample_min_population")
    places = territories.without_agglomeration_parts(places_in_study(places_all, bbox))
    seeds = places[places["population"] >= min_pop]
    if seeds.empty:
        raise SystemExit(f"--bbox {' '.join(f'{v:g}' for v in bbox)} holds no place of at least {min_pop:,.0f} "
                         "people to seed a city; enlarge the box. Nothing was written")
    cities_m = territories.build_cities(places, seeds, study_m, province_population, grid, p)
    cities_m["hdd"] = climate.hdd18_k_d(cities_m["hdd"], cities_m["province"], p)  # GB 50176-2016 zone of province
    _set_observed_pm25(cities_m, data_dir, p)

    co2 = plants.ceads_province_sector_co2_t(data_dir, p)
    cement_t = plants.province_cement_t(co2, p)
    steel, utilisation = plants.steel_plants(data_dir, p)
    point_plants = pd.concat([plants.coal_plants(data_dir, p), steel], ignore_index=True)
    if bbox is not None:
        point_plants = point_plants.cx[bbox[0]:bbox[2], bbox[1]:bbox[3]]
    point_plants = point_plants.to_crs(crs)
    clusters = plants.industry_clusters(cities_m, co2, cement_t, p).to_crs(crs)
    plants_m = pd.concat([point_plants, clusters], ignore_index=True)
    plants_m["city_id"] = territories.assign_polygon(plants_m, cities_m, "city_id").values
    plants_m["grid_region"] = plants_m["province"].map(grid)
    plants_m = plants_m.sort_values("plant_id").reset_index(drop=True)

    urban = sources.read_urban_areas(data_dir).to_crs(crs)
    cores_m = territories.urban_cores(urban, cities_m)
    coverage = heating.province_coverage_share(province_population, p)
    des_m = heating.district_heating(plants_m, cores_m, cities_m, coverage, p)
    provinces_out = territories.build_provinces(study, co2, cement_t, grid)
    layers = {"plants": plants_m, "cities": cities_m.drop(columns=["seed_lon", "seed_lat"]),
              "urban_cores": cores_m, "district_heating": des_m, "provinces": provinces_out}
    layers = {name: valid_polygons(gdf.to_crs(geo.WGS84)) for name, gdf in layers.items()}
    return layers, BuildInfo(steel_utilisation=utilisation, study_crs=crs.to_string())


def valid_polygons(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Repair geometries made invalid by reprojection, keeping only their polygonal parts."""
    bad = ~gdf.geometry.is_valid
    if bad.any():
        gdf = gdf.copy()
        fixed = gdf.geometry[bad].make_valid()
        gdf.loc[bad, "geometry"] = [shapely.union_all([g for g in shapely.get_parts(geom)
                                                       if g.geom_type in ("Polygon", "MultiPolygon")])
                                    for geom in fixed]
    return gdf


def _set_observed_pm25(cities_m: gpd.GeoDataFrame, data_dir: Path, p) -> None:
    """Observed annual PM2.5 on the city containing the Dongsi station (if it is in the study area)."""
    lon, lat = p.get("data_build.dongsi_lonlat_deg")
    station = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs="EPSG:4326").to_crs(cities_m.crs).iloc[0]
    hit = cities_m.geometry.contains(station)
    if hit.any():
        cities_m.loc[hit, "observed_pm25"] = territories.observed_pm25_ug_m3(data_dir)


def write_gpkg(layers: dict, out: Path) -> None:
    """Write every layer to ``out`` atomically (temporary file in the same folder, then rename)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".gpkg", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        for name in LAYER_ORDER:
            layers[name].to_file(tmp, layer=name, driver="GPKG", engine="pyogrio",
                                 layer_options={"DESCRIPTION": DESCRIPTIONS[name]})
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def summary(layers: dict, info: BuildInfo) -> str:
    """Short text summary of counts and totals."""
    pl = layers["plants"]
    lines = [f"study CRS (metric work): {info.study_crs}"]
    lines += [f"{name}: {len(layers[name])} features" for name in LAYER_ORDER]
    by_sector = pl.groupby("sector").agg(n=("plant_id", "size"), fuel_mtce=("fuel_tce", "sum"))
    by_sector["fuel_mtce"] /= 1e6
    lines.append("plants by sector (count, fuel Mtce):")
    lines += [f"  {r.Index:9s} {int(r.n):6d} {r.fuel_mtce:10.2f}" for r in by_sector.itertuples()]
    power = pl[pl["sector"] == "power"]
    lines.append(f"coal power: {power['capacity_mw'].sum():,.0f} MW, {power['generation_mwh'].sum() / 1e6:,.1f} TWh, "
                 f"{int(power['chp'].sum())} CHP plants")
    lines.append(f"steel: {pl.loc[pl['sector'] == 'steel', 'production_t'].sum() / 1e6:,.1f} Mt crude steel "
                 f"(utilisation {info.steel_utilisation:.3f})")
    ci = layers["cities"]
    lines.append(f"cities: population {ci['population'].sum() / 1e6:,.2f} M, core floor area "
                 f"{ci['core_floor_area_m2'].sum() / 1e9:,.2f} billion m2")
    des = layers["district_heating"]
    lines.append(f"district heating: {len(des)} DES, {des['floor_area_m2'].sum() / 1e9:,.3f} billion m2, "
                 f"{des['heat_supplied_gj'].sum() / 1e6:,.1f} PJ")
    pm = ci["observed_pm25"].dropna()
    if len(pm):
        lines.append(f"observed PM2.5 (Dongsi mean): {pm.iloc[0]:.1f} ug/m3")
    return "\n".join(lines)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--bbox", nargs=4, type=float, metavar=("MINLON", "MINLAT", "MAXLON", "MAXLAT"))
    where.add_argument("--national", action="store_true", help="all of mainland China")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--params", help="parameter override file (TOML)")
    args = parser.parse_args(argv)
    if args.bbox is not None:
        minlon, minlat, maxlon, maxlat = args.bbox
        if not (-180.0 <= minlon < maxlon <= 180.0 and -90.0 <= minlat < maxlat <= 90.0):
            parser.error("--bbox must be MINLON MINLAT MAXLON MAXLAT in degrees with MINLON < MAXLON and "
                         "MINLAT < MAXLAT (longitude -180..180, latitude -90..90)")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    layers, info = build(args.data_dir, None if args.national else args.bbox, load_params(args.params))
    write_gpkg(layers, args.out)
    print(summary(layers, info))
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
