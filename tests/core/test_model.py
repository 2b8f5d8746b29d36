"""The orchestrator on the sample region: steps wired together as SPEC §6–§8 say."""
import numpy as np
import pytest

from uis_qgis.io import read_inputs
from uis_qgis.model import AssessmentOptions, run_assessment
from uis_qgis.params import load_params

SAMPLE = "resources/sample/sample.gpkg"


@pytest.fixture(scope="module")
def run():
    layers = read_inputs(SAMPLE)
    return layers, run_assessment(layers, load_params(), AssessmentOptions(report=False))


def test_background_anchored_to_observations(run):
    """Beijing's own observed_pm25 and the monitor cities of the sample (Tianjin, Tangshan, Langfang, CNEMC
    2015) are matched exactly by the Base total (their residual is >= 0); every other city's background is
    interpolated from them (issue 12 #1)."""
    layers, res = run
    observed = layers["cities"].set_index("city_id")["observed_pm25"].dropna()
    assert len(observed) >= 1  # Beijing, from the Dongsi station
    cities = res.layers["city_results"].set_index("city_id")
    for city_id, value in observed.items():
        assert cities.loc[city_id, "pm25_total_base_popw_ug_m3"] == pytest.approx(value, rel=1e-9)
    table = res.tables["pm25_observed_vs_modelled"].set_index("monitor", drop=False)
    assert {"Tianjin", "Tangshan", "Langfang"} <= set(table["monitor"].dropna())
    assert table.loc["Tianjin", "observed_pm25_ug_m3"] == pytest.approx(69.07)
    monitors = table[table["observation"] == "monitor"]
    totals = cities.loc[monitors["city_id"], "pm25_total_base_popw_ug_m3"].to_numpy()
    assert totals == pytest.approx(np.maximum(monitors["observed_pm25_ug_m3"], monitors["modelled_increment_ug_m3"]))
    others = cities[cities["pm25_background_source"] == "interpolated"]
    assert len(others) == len(cities) - len(table) and (others["pm25_background_ug_m3"] > 0).all()


def test_difference_raster_is_scenario_minus_base(run):
    _, res = run
    base, scen, diff = (res.rasters[k].array for k in ("pm25_base", "pm25_scenario", "pm25_difference"))
    assert np.isfinite(base).all() and (base >= 0).all() and (scen >= 0).all()
    assert np.allclose(diff, scen - base)


def test_calibration_can_be_switched_off():
    layers = read_inputs(SAMPLE)
    res = run_assessment(layers, load_params({"general.calibrate_background": False}),
                         AssessmentOptions(report=False))
    default = load_params().get("health.default_background_pm25_ug_m3")
    assert np.allclose(res.layers["city_results"]["pm25_background_ug_m3"], default)


def test_health_step_from_written_rasters_matches_the_full_run(run, tmp_path):
    from uis_qgis.io import read_raster, write_results
    from uis_qgis.model import health_from_rasters

    layers, res = run
    write_results(res, tmp_path)
    base, scen = (read_raster(tmp_path / f"{n}.tif", n) for n in ("pm25_base", "pm25_scenario"))
    step = health_from_rasters(layers["cities"], base, scen, load_params())
    out = step.cities.set_index("city_id")
    full = res.layers["city_results"].set_index("city_id")
    for col in ("pm25_total_base_popw_ug_m3", "deaths_attributable_base", "deaths_avoided_central"):
        assert np.allclose(out[col], full.loc[out.index, col], rtol=1e-5), col
    # the observed-vs-modelled table of the full run, from the rasters alone
    table = res.tables["pm25_observed_vs_modelled"].set_index("city_id")
    got = step.observed_vs_modelled.set_index("city_id")
    assert len(table) > 0 and set(got.index) == set(table.index)
    for col in ("observed_pm25_ug_m3", "modelled_total_ug_m3", "modelled_total_loo_ug_m3"):
        assert np.allclose(got[col], table.loc[got.index, col], rtol=1e-5), col


def test_savings_by_sector_add_up_and_feed_the_eeio_link(run, tmp_path):
    from uis_qgis import cli

    _, res = run
    savings = res.tables["savings_by_sector"]
    plants, sinks = res.layers["plant_results"], res.layers["heat_sinks"]
    heating = sinks["sink_type"].isin(["des", "new_dh"])
    expected = (plants["fuel_tce"] - plants["fuel_scen_tce"]).sum() + sinks.loc[heating, "fuel_saved_tce"].sum()
    assert savings["fuel_tce"].sum() == pytest.approx(expected)
    assert savings.set_index("sector").loc["buildings", "fuel_tce"] > 0
    path = tmp_path / "savings.csv"
    savings.to_csv(path, index=False)
    from uis_qgis import eeio

    assert cli.main(["eeio", "--io", str(eeio.CHINA_2012_13), "--symbiosis", str(path), "--out",
                     str(tmp_path / "eeio")]) == 0
