"""End to end: package → deploy into a throwaway profile → run through ``/usr/bin/qgis_process.bin``.

This is what a user (or CI) does with the shipped zip; nothing here imports the plugin in-process.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point, box

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")
SAMPLE = REPO / "resources" / "sample" / "sample.gpkg"
FENCE_LINE_M = 30000.0  # SPEC §3 default fence line
TIMEOUT_S = 600

pytestmark = pytest.mark.skipif(not QGIS_PROCESS.exists(), reason="QGIS (qgis_process.bin) is not installed")


def _script(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / name), *args], capture_output=True, text=True,
                          timeout=TIMEOUT_S, check=True)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """(zip path, profiles folder, environment for qgis_process) after `make package && make deploy`."""
    root = tmp_path_factory.mktemp("e2e")
    zip_path, profiles = root / "uis_qgis.zip", root / "profiles"
    _script("package.py", "--out", str(zip_path))
    deploy = _script("deploy.py", "--profiles", str(profiles), "--zip", str(zip_path))
    assert "uisqgis: loaded" in deploy.stdout
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import deploy as deploy_module
    finally:
        sys.path.pop(0)
    return zip_path, profiles, deploy_module.qgis_process_env(profiles)


def _qgis_process(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(QGIS_PROCESS), *args], env=env, capture_output=True, text=True, timeout=TIMEOUT_S)


def _run_json(env, algorithm: str, **parameters) -> tuple[subprocess.CompletedProcess, dict | None]:
    args = ["--json", "run", f"uisqgis:{algorithm}", "--"] + [f"{k}={v}" for k, v in parameters.items()]
    done = _qgis_process(env, *args)
    try:
        return done, json.loads(done.stdout)
    except json.JSONDecodeError:
        return done, None


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The shipped sample region when it exists, else a tiny synthetic region (2 plants 8.5 km apart)."""
    if SAMPLE.exists():
        return SAMPLE
    path = tmp_path_factory.mktemp("inputs") / "inputs.gpkg"
    gpd.GeoDataFrame({"plant_id": ["P1", "P2"], "name": ["钢厂", "食品厂"], "sector": ["steel", "food"],
                      "fuel_tce": [2.0e6, 5.0e4]},
                     geometry=[Point(118.10, 39.60), Point(118.20, 39.60)], crs="EPSG:4326"
                     ).to_file(path, layer="plants", driver="GPKG")
    gpd.GeoDataFrame({"city_id": ["C1"], "name": ["唐山"], "population": [7.7e6]},
                     geometry=[box(117.9, 39.4, 118.4, 39.8)], crs="EPSG:4326"
                     ).to_file(path, layer="cities", driver="GPKG")
    return path


def test_zip_holds_only_the_plugin_runtime(deployed):
    zip_path, _profiles, _env = deployed
    names = zipfile.ZipFile(zip_path).namelist()
    assert {n.split("/")[0] for n in names} == {"uisqgis"}
    top = {n.split("/")[1] for n in names}
    assert {"metadata.txt", "__init__.py", "plugin.py", "processing", "uis_qgis", "resources"} <= top
    assert top <= {"metadata.txt", "__init__.py", "plugin.py", "processing", "uis_qgis", "resources", "docs",
                   "i18n", "LICENSE", "README.md"}
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    guide = zipfile.ZipFile(zip_path).read("uisqgis/docs/user_guide.html").decode("utf-8")  # the Help buttons
    for name in ("fullassessment", "assessmentchain", "checkinputs", "inputtemplates", "wasteheat", "symbiosis",
                 "dispersion", "health", "ecoefficiency"):
        assert f'id="alg-{name}"' in guide
    for image in re.findall(r'src="(img/[^"]+)"', guide):
        assert f"uisqgis/docs/{image}" in names


def test_qgis_process_lists_provider_and_algorithms(deployed):
    _zip, _profiles, env = deployed
    listing = _qgis_process(env, "list")
    assert listing.returncode == 0, listing.stderr
    assert "UIS-QGIS" in listing.stdout
    for name in ("checkinputs", "fullassessment", "assessmentchain", "wasteheat", "symbiosis", "dispersion",
                 "ecoefficiency"):
        assert f"uisqgis:{name}" in listing.stdout


def test_full_assessment_through_qgis_process_writes_valid_layers(deployed, inputs, tmp_path):
    _zip, _profiles, env = deployed
    out = tmp_path / "out"
    out.mkdir()
    done, result = _run_json(
        env, "fullassessment", PLANTS=f"{inputs}|layername=plants", CITIES=f"{inputs}|layername=cities",
        OUTPUT_HEAT_LINKS=out / "heat_links.gpkg", OUTPUT_PLANTS=out / "plants.gpkg",
        OUTPUT_CITIES=out / "cities.gpkg", OUTPUT_SUMMARY=out / "summary.csv")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert Path(result["results"]["OUTPUT_HEAT_LINKS"]).exists()
    links = gpd.read_file(out / "heat_links.gpkg")
    plants = gpd.read_file(out / "plants.gpkg")
    cities = gpd.read_file(out / "cities.gpkg")
    n_plants = len(gpd.read_file(inputs, layer="plants"))
    assert len(plants) == n_plants and len(cities) == len(gpd.read_file(inputs, layer="cities"))
    assert len(links) >= 1
    assert (links["dist_m"] <= FENCE_LINE_M).all() and (links["heat_gj"] > 0).all()
    # a source inside its sink's polygon is 0 m away; its link degenerates to a point-like line (core issue)
    assert links.loc[links["dist_m"] > 0].geometry.is_valid.all() and cities.geometry.is_valid.all()


def test_bad_plants_layer_fails_in_qgis_process_naming_the_field_and_writes_nothing(deployed, inputs, tmp_path):
    _zip, _profiles, env = deployed
    bad = tmp_path / "bad.gpkg"
    gpd.GeoDataFrame({"plant_id": ["P1", "P2"], "sector": ["steel", "food"], "fuel_tce": ["12", "lots"]},
                     geometry=[Point(118.10, 39.60), Point(118.20, 39.60)], crs="EPSG:4326"
                     ).to_file(bad, layer="plants", driver="GPKG")
    out = tmp_path / "out"
    done = _qgis_process(env, "run", "uisqgis:fullassessment", "--", f"PLANTS={bad}|layername=plants",
                         f"CITIES={inputs}|layername=cities", f"OUTPUT_HEAT_LINKS={out / 'links.gpkg'}",
                         f"OUTPUT_PLANTS={out / 'plants.gpkg'}", f"OUTPUT_CITIES={out / 'cities.gpkg'}",
                         f"OUTPUT_SUMMARY={out / 'summary.csv'}")
    assert done.returncode != 0
    message = done.stdout + done.stderr
    assert "layer 'plants', field 'fuel_tce'" in message and "P2" in message
    assert not out.exists() or list(out.iterdir()) == []


def test_output_folder_through_qgis_process_writes_every_result(deployed, inputs, tmp_path):
    """'All results (folder)' inside QGIS's own process, where pip's shapely meets QGIS's GEOS (issue 13 #1)."""
    _zip, _profiles, env = deployed
    folder = tmp_path / "all"
    done, result = _run_json(
        env, "fullassessment", PLANTS=f"{inputs}|layername=plants", CITIES=f"{inputs}|layername=cities",
        DISPERSION="false", OUTPUT_FOLDER=folder, OUTPUT_HEAT_LINKS="TEMPORARY_OUTPUT",
        OUTPUT_PLANTS="TEMPORARY_OUTPUT", OUTPUT_CITIES="TEMPORARY_OUTPUT", OUTPUT_SUMMARY="TEMPORARY_OUTPUT")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert Path(result["results"]["OUTPUT_FOLDER"]) == folder
    layers = {row[0] for row in pyogrio.list_layers(folder / "results.gpkg")}
    assert {"heat_links", "plant_results", "city_results"} <= layers
    plants = gpd.read_file(folder / "results.gpkg", layer="plant_results")
    assert len(plants) == len(gpd.read_file(inputs, layer="plants")) and plants.crs is not None
    assert (folder / "summary.csv").exists() and (folder / "parameters_used.csv").exists()
    # every run has a report: a temporary one (removed when qgis_process exits) when no path was chosen
    assert result["results"]["OUTPUT_REPORT"].endswith("uis_qgis_report.html")
    assert (folder / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    umask = os.umask(0)
    os.umask(umask)
    for path in folder.iterdir():  # the user's umask, not mkstemp's 0600
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path.name


def test_missing_packages_give_install_instructions_in_qgis_process(deployed, inputs, tmp_path):
    """qgis_process with geopandas and matplotlib hidden: one clear message, no traceback (issue 13 #2)."""
    _zip, _profiles, env = deployed
    hidden = tmp_path / "hidden"
    for name in ("geopandas", "matplotlib"):
        (hidden / name).mkdir(parents=True)
        (hidden / name / "__init__.py").write_text(f"raise ModuleNotFoundError(\"No module named '{name}'\")\n")
    env = dict(env, PYTHONPATH=os.pathsep.join(filter(None, [str(hidden), env.get("PYTHONPATH")])))
    out = tmp_path / "out"
    done = _qgis_process(env, "run", "uisqgis:fullassessment", "--", f"PLANTS={inputs}|layername=plants",
                         f"CITIES={inputs}|layername=cities", f"OUTPUT_HEAT_LINKS={out / 'links.gpkg'}",
                         f"OUTPUT_PLANTS={out / 'plants.gpkg'}", f"OUTPUT_CITIES={out / 'cities.gpkg'}",
                         f"OUTPUT_SUMMARY={out / 'summary.csv'}")
    message = done.stdout + done.stderr
    assert done.returncode != 0
    assert "missing in the Python that QGIS runs: geopandas, matplotlib." in message, message[-3000:]
    assert "OSGeo4W Shell" in message and "macOS" in message and "apt install" in message
    assert "Traceback" not in message and not out.exists()


def test_shipped_model_input_templates_and_field_pickers_through_qgis_process(deployed, inputs, tmp_path):
    """The model (valid, with its choices as inputs), 'Create input templates' and the field pickers, run as
    qgis_process runs them (issue 13 #4, #8)."""
    _zip, _profiles, env = deployed
    templates = {f"OUTPUT_{layer.upper()}": tmp_path / f"{layer}.gpkg"
                 for layer in ("plants", "cities", "district_heating", "urban_cores", "provinces")}
    done, _result = _run_json(env, "inputtemplates", **templates)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    plants = gpd.read_file(templates["OUTPUT_PLANTS"])
    assert len(plants) == 0 and {"plant_id", "sector", "fuel_tce"} <= set(plants.columns)

    own = tmp_path / "own.gpkg"
    gpd.read_file(inputs, layer="plants").rename(columns={"fuel_tce": "coal_tce"}).to_file(own, layer="plants")
    gpd.read_file(inputs, layer="cities").rename(columns={"population": "pop"}).to_file(own, layer="cities")
    out = {name: tmp_path / f"{name.lower()}.gpkg" for name in ("OUTPUT_HEAT_LINKS", "OUTPUT_PLANTS",
                                                                "OUTPUT_CITIES", "OUTPUT_SUMMARY")}
    done, _result = _run_json(env, "fullassessment", PLANTS=f"{own}|layername=plants", CITIES=f"{own}|layername=cities",
                              PLANTS_FUEL_FIELD="coal_tce", CITIES_POPULATION_FIELD="pop", DISPERSION="false", **out)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert len(gpd.read_file(out["OUTPUT_CITIES"])) == len(gpd.read_file(inputs, layer="cities"))

    model_out = {f"assess:{name}": "TEMPORARY_OUTPUT" for name in (
        "Heat links", "Plants (results)", "Summary", "PM2.5 base", "PM2.5 scenario", "PM2.5 difference")}
    model_out.update({"check:Input problems": tmp_path / "problems.csv",
                      "assess:Cities (results)": tmp_path / "mc.gpkg"})
    done, _result = _run_json(env, "assessmentchain", PLANTS=f"{inputs}|layername=plants",
                              CITIES=f"{inputs}|layername=cities", SCENARIO=1, DISPERSION="false", **model_out)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    model_cities = gpd.read_file(model_out["assess:Cities (results)"])
    assert len(model_cities) == len(gpd.read_file(inputs, layer="cities")) and "co2_reduction_pct" in model_cities


def test_city_points_with_area_through_qgis_process(deployed, inputs, tmp_path):
    """Cities given as points with area_km2 (SPEC §1) are accepted by QGIS's CITIES parameter and become
    circles of that area; a point without area_km2 stops the run naming the layer, field and city."""
    _zip, _profiles, env = deployed
    polygons = gpd.read_file(inputs, layer="cities")
    points = polygons.copy()
    points["area_km2"] = polygons.to_crs(polygons.estimate_utm_crs()).area.to_numpy() / 1e6
    points = points.set_geometry(polygons.geometry.representative_point())
    path = tmp_path / "city_points.gpkg"
    points.to_file(path, layer="cities")
    out = tmp_path / "out"
    out.mkdir()
    done, _result = _run_json(
        env, "fullassessment", PLANTS=f"{inputs}|layername=plants", CITIES=f"{path}|layername=cities",
        DISPERSION="false", OUTPUT_HEAT_LINKS=out / "heat_links.gpkg", OUTPUT_PLANTS=out / "plants.gpkg",
        OUTPUT_CITIES=out / "cities.gpkg", OUTPUT_SUMMARY=out / "summary.csv")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    cities = gpd.read_file(out / "cities.gpkg")
    assert len(cities) == len(points) and set(cities.geom_type) <= {"Polygon", "MultiPolygon"}
    circles_km2 = cities.to_crs(cities.estimate_utm_crs()).area.to_numpy() / 1e6
    by_id = dict(zip(points["city_id"].astype(str), points["area_km2"]))
    expected = [by_id[c] for c in cities["city_id"].astype(str)]
    assert circles_km2 == pytest.approx(expected, rel=2e-3)  # a circle of that area (UTM scale, 64-gon)

    no_area = points.drop(columns="area_km2")
    bad = tmp_path / "no_area.gpkg"
    no_area.to_file(bad, layer="cities")
    out_bad = tmp_path / "out_bad"
    done = _qgis_process(env, "run", "uisqgis:fullassessment", "--", f"PLANTS={inputs}|layername=plants",
                         f"CITIES={bad}|layername=cities", "DISPERSION=false",
                         f"OUTPUT_HEAT_LINKS={out_bad / 'links.gpkg'}", f"OUTPUT_PLANTS={out_bad / 'plants.gpkg'}",
                         f"OUTPUT_CITIES={out_bad / 'cities.gpkg'}", f"OUTPUT_SUMMARY={out_bad / 'summary.csv'}")
    message = done.stdout + done.stderr
    assert done.returncode != 0 and "area_km2" in message and str(points["city_id"].iloc[0]) in message
    assert "Traceback" not in message and not out_bad.exists()


def test_health_step_and_its_observed_table_through_qgis_process(deployed, inputs, tmp_path):
    """'Health co-benefits' on the rasters of a full run, both outputs written by qgis_process: the cities
    with deaths as in the full run, and the observed-vs-modelled table of the full run's folder."""
    import pandas as pd

    _zip, _profiles, env = deployed
    folder = tmp_path / "full"
    done, _result = _run_json(
        env, "fullassessment", PLANTS=f"{inputs}|layername=plants", CITIES=f"{inputs}|layername=cities",
        OUTPUT_FOLDER=folder, OUTPUT_HEAT_LINKS="TEMPORARY_OUTPUT", OUTPUT_PLANTS="TEMPORARY_OUTPUT",
        OUTPUT_CITIES="TEMPORARY_OUTPUT", OUTPUT_SUMMARY="TEMPORARY_OUTPUT")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = tmp_path / "health"
    out.mkdir()
    done, _result = _run_json(
        env, "health", CITIES=f"{inputs}|layername=cities", PM25_BASE=folder / "pm25_base.tif",
        PM25_SCENARIO=folder / "pm25_scenario.tif", OUTPUT=out / "cities.gpkg",
        OUTPUT_OBSERVED=out / "observed.csv")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    cities = gpd.read_file(out / "cities.gpkg").set_index("city_id")
    full = gpd.read_file(folder / "results.gpkg", layer="city_results").set_index("city_id")
    assert set(cities.index) == set(full.index)
    assert cities["deaths_avoided_central"].to_numpy() == pytest.approx(
        full.loc[cities.index, "deaths_avoided_central"].to_numpy(), rel=1e-4)
    observed = pd.read_csv(out / "observed.csv").set_index("city_id")
    table = pd.read_csv(folder / "pm25_observed_vs_modelled.csv").set_index("city_id")
    assert len(observed) == len(table) > 0
    assert observed["modelled_total_loo_ug_m3"].to_numpy() == pytest.approx(
        table.loc[observed.index, "modelled_total_loo_ug_m3"].to_numpy(), rel=1e-4)
