"""Per-step algorithms: waste heat and sectoral eco-efficiency, run by instance."""
import pytest
from conftest import layer_uri
from qgis.core import QgsProcessingException

GJ_PER_TCE = 29.3076  # GB/T 2589 (DEVELOPERS.md)


def _run(provider, name, parameters):
    import processing

    return processing.run(provider.algorithm(name).create(), parameters)


def test_waste_heat_is_fuel_times_fraction_times_availability(provider, synthetic_gpkg):
    from uisqgis.uis_qgis.params import load_params

    params = load_params()
    w_steel = params.group("wasteheat.fraction")["steel"]
    availability = params.group("wasteheat.availability")
    out = _run(provider, "wasteheat", {"PLANTS": layer_uri(synthetic_gpkg, "plants"), "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = {f["plant_id"]: f for f in out["OUTPUT"].getFeatures()}
    steel_fuel_gj = 2.0e6 * GJ_PER_TCE  # P1 burns 2 Mtce (conftest)
    for grade in ("high", "medium", "low"):
        assert rows["P1"][f"heat_{grade}_gen_gj"] == pytest.approx(steel_fuel_gj * w_steel[grade])
        assert rows["P1"][f"heat_{grade}_avail_gj"] == pytest.approx(
            steel_fuel_gj * w_steel[grade] * availability[grade])
        assert rows["P3"][f"heat_{grade}_avail_gj"] == 0.0  # power plants are not sources by default
    assert rows["P1"]["name"] == "唐山钢铁"
    assert out["OUTPUT"].featureCount() == 3


def test_waste_heat_rejects_text_in_fuel(provider, tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    path = tmp_path / "bad.gpkg"
    gpd.GeoDataFrame({"plant_id": ["A", "B"], "sector": ["steel", "steel"], "fuel_tce": ["1e5", "??"]},
                     geometry=[Point(118, 39), Point(118.1, 39)], crs="EPSG:4326").to_file(path, layer="plants")
    with pytest.raises(QgsProcessingException, match=r"layer 'plants', field 'fuel_tce'.*ids: B"):
        _run(provider, "wasteheat", {"PLANTS": layer_uri(path, "plants"),
                                     "OUTPUT": str(tmp_path / "out.gpkg")})
    assert not (tmp_path / "out.gpkg").exists()


def test_eco_efficiency_defaults_conserve_emissions_and_reduce_them(provider):
    out = _run(provider, "ecoefficiency", {"OUTPUT_CHANGE": "TEMPORARY_OUTPUT",
                                           "OUTPUT_OPTIONS": "TEMPORARY_OUTPUT",
                                           "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT"})
    change = {f["sector"]: f for f in out["OUTPUT_CHANGE"].getFeatures()}
    assert len(change) == 14  # the 13 sectors of seed 002 Table 2 and TOTAL
    total = change["TOTAL"]
    # Leontief identity: footprints attributed to all final demand add up to all direct emissions
    assert total["footprint_bau_t"] == pytest.approx(total["co2_direct_bau_t"], rel=1e-6)
    assert total["footprint_uis_t"] == pytest.approx(total["co2_direct_uis_t"], rel=1e-6)
    summary = next(out["OUTPUT_SUMMARY"].getFeatures())
    assert summary["co2_reduction_t"] == pytest.approx(total["co2_direct_bau_t"] - total["co2_direct_uis_t"])
    # seed 000: the Guiyang options save "around one Mt" CO2 per year
    assert 0.5e6 < summary["co2_reduction_t"] < 1.5e6
    assert out["OUTPUT_OPTIONS"].featureCount() >= 8


def test_symbiosis_then_dispersion_chain(provider, synthetic_gpkg):
    """The cascade step's PM2.5 sources feed the dispersion step, as in a Modeler chain."""
    import numpy as np
    from qgis.core import QgsRasterLayer

    step = _run(provider, "symbiosis", {"PLANTS": layer_uri(synthetic_gpkg, "plants"),
                                        "CITIES": layer_uri(synthetic_gpkg, "cities"),
                                        **{name: "TEMPORARY_OUTPUT" for name in (
                                            "OUTPUT_HEAT_LINKS", "OUTPUT_HEAT_SINKS", "OUTPUT_AREA_SOURCES",
                                            "OUTPUT_POINT_SOURCES", "OUTPUT_MATERIALS", "OUTPUT_PROVINCES")}})
    links = list(step["OUTPUT_HEAT_LINKS"].getFeatures())
    assert links and all(0 <= f["dist_m"] <= 30000.0 for f in links)
    sinks = {f["sink_type"] for f in step["OUTPUT_HEAT_SINKS"].getFeatures()}
    assert "sink_industry" in sinks  # the food plant P2 takes medium-grade heat (step B)
    point_total_t = sum(f["pm25_base_t"] for f in step["OUTPUT_POINT_SOURCES"].getFeatures())
    assert point_total_t > 0
    grids = {}
    for field in ("pm25_base_t", "pm25_scen_t"):
        out = _run(provider, "dispersion", {"AREA_SOURCES": step["OUTPUT_AREA_SOURCES"],
                                            "POINT_SOURCES": step["OUTPUT_POINT_SOURCES"],
                                            "EMISSION_FIELD": field, "OUTPUT": "TEMPORARY_OUTPUT"})
        layer = QgsRasterLayer(out["OUTPUT"], field)
        assert layer.isValid()
        block = layer.dataProvider().block(1, layer.extent(), layer.width(), layer.height())
        grids[field] = np.array([[block.value(r, c) for c in range(layer.width())] for r in range(layer.height())])
    assert grids["pm25_base_t"].max() > 0
    # FYP efficiency lowers every emission, so no cell gets worse
    assert (grids["pm25_scen_t"] <= grids["pm25_base_t"] + 1e-4).all()
