"""Small synthetic regions (metric CRS, UTM 50N) for the symbiosis tests."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box

CRS = "EPSG:32650"
X0, Y0 = 500_000.0, 4_400_000.0


def square(cx, cy, half):
    return box(X0 + cx - half, Y0 + cy - half, X0 + cx + half, Y0 + cy + half)


def region(seed: int = 0, n_plants: int = 12) -> dict:
    """Two cities 60 km apart, plants of every role around them, two DES and one province."""
    rng = np.random.default_rng(seed)
    sectors = ["steel", "cement", "chemical", "paper", "food", "textile", "power", "other"]
    xs = rng.uniform(-20_000, 80_000, n_plants)
    ys = rng.uniform(-20_000, 20_000, n_plants)
    plants = gpd.GeoDataFrame({
        "plant_id": [f"p{i:02d}" for i in range(n_plants)],
        "sector": [sectors[i % len(sectors)] for i in range(n_plants)],
        "fuel_tce": rng.uniform(5e4, 5e5, n_plants).round(0),
        "electricity_mwh": rng.uniform(1e4, 1e5, n_plants).round(0),
        "chp": [i % 3 == 0 for i in range(n_plants)],
    }, geometry=[Point(X0 + x, Y0 + y) for x, y in zip(xs, ys)], crs=CRS)
    cities = gpd.GeoDataFrame({
        "city_id": ["c1", "c2"], "population": [2_000_000, 500_000], "name": ["唐山", "Tianjin"],
        "province": ["Hebei", "Tianjin"], "hdd": [2800.0, 2600.0],
    }, geometry=[square(0, 0, 10_000), square(60_000, 0, 8_000)], crs=CRS)
    cores = gpd.GeoDataFrame({"core_id": ["k1", "k2"], "city_id": ["c1", "c2"]},
                             geometry=[square(0, 0, 4_000), square(60_000, 0, 3_000)], crs=CRS)
    des = gpd.GeoDataFrame({"des_id": ["d1", "d2"], "heat_supplied_gj": [3e6, 1e6], "floor_area_m2": [8e6, 2e6]},
                           geometry=[square(2_000, 2_000, 2_000), square(58_000, 0, 1_500)], crs=CRS)
    provinces = gpd.GeoDataFrame({"province": ["Hebei", "Tianjin"], "cement_production_t": [5e6, np.nan]},
                                 geometry=[box(X0 - 40_000, Y0 - 40_000, X0 + 40_000, Y0 + 40_000),
                                           box(X0 + 40_000, Y0 - 40_000, X0 + 120_000, Y0 + 40_000)], crs=CRS)
    return {"plants": plants, "cities": cities, "urban_cores": cores, "district_heating": des,
            "provinces": provinces}
