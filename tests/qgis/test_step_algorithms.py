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
