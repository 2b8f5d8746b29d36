"""Population raster: counts land on the dispersion grid, weight city concentrations, give per-cell deaths."""
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from uis_qgis.grid import GridSpec
from uis_qgis.io import read_inputs
from uis_qgis.io import population_on_grid
from uis_qgis.model import AssessmentOptions, run_assessment
from uis_qgis.params import load_params
from uis_qgis.validate import InputError

SAMPLE = "resources/sample/sample.gpkg"


def _write(path, data, transform, crs):
    with rasterio.open(path, "w", driver="GTiff", height=data.shape[0], width=data.shape[1], count=1,
                       dtype="float64", crs=crs, transform=transform, nodata=-1) as dst:
        dst.write(data, 1)


def test_counts_are_summed_into_coarser_cells(tmp_path):
    # 4 x 4 raster of 250 m cells, 10 persons each, in the same CRS as a 2 x 2 grid of 500 m cells:
    # every grid cell gets 4 x 10 = 40 persons; a nodata cell counts as nobody.
    data = np.full((4, 4), 10.0)
    data[0, 0] = -1
    path = tmp_path / "pop.tif"
    _write(path, data, from_origin(0, 1000, 250, 250), "EPSG:32650")
    grid = GridSpec((0.0, 1000.0), 500.0, (2, 2), "EPSG:32650")
    out = population_on_grid(path, grid)
    assert out == pytest.approx(np.array([[30.0, 40.0], [40.0, 40.0]]))


def test_missing_raster_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="population_raster"):
        population_on_grid(tmp_path / "none.tif", GridSpec((0.0, 1.0), 1.0, (1, 1), "EPSG:32650"))


def test_people_in_one_cell_weight_the_city_to_that_cell(tmp_path):
    layers = read_inputs(SAMPLE)
    params = load_params()
    first = run_assessment(layers, params, AssessmentOptions(report=False))
    grid = first.rasters["pm25_base"].grid
    tangshan = first.layers["city_results"].set_index("name").loc["Tangshan"]
    x, y = tangshan.geometry.representative_point().coords[0]
    row, col = (int(v) for v in grid.index_of(x, y))
    pop = np.zeros(grid.shape)
    pop[row, col] = 1.0e6  # a million people in one cell of Tangshan, nobody elsewhere
    path = tmp_path / "pop.tif"
    _write(path, pop, grid.transform, grid.crs)
    res = run_assessment(layers, params, AssessmentOptions(report=False, population_raster=path))
    city = res.layers["city_results"].set_index("name").loc["Tangshan"]
    assert city["pm25_increment_base_popw_ug_m3"] == pytest.approx(float(res.rasters["pm25_base"].array[row, col]), rel=1e-6)
    deaths = res.rasters["deaths_avoided"].array
    assert deaths[row, col] > 0 and np.count_nonzero(deaths) == 1  # deaths only where people live
    assert res.rasters["deaths_attributable_base"].array.sum() > deaths.sum()
