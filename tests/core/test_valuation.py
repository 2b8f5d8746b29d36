"""Valuation of deaths avoided (uis_qgis.valuation): VSL arithmetic by hand."""
import numpy as np
import pytest

from uis_qgis import valuation
from uis_qgis.params import load_params


def test_value_is_deaths_times_vsl():
    params = load_params()
    table = valuation.value_million_cny([10.0, 0.0, -2.0], params)
    # shipped VSL (Cao et al. 2023): 3.79 / 4.76 / 6.36 million CNY
    assert table["value_deaths_avoided_million_cny_low"].tolist() == pytest.approx([37.9, 0.0, -7.58])
    assert table["value_deaths_avoided_million_cny_central"].tolist() == pytest.approx([47.6, 0.0, -9.52])
    assert table["value_deaths_avoided_million_cny_high"].tolist() == pytest.approx([63.6, 0.0, -12.72])


def test_total_value_is_value_of_total():
    params = load_params()
    deaths = np.random.default_rng(0).uniform(0, 50, 40)
    table = valuation.value_million_cny(deaths, params)
    assert table["value_deaths_avoided_million_cny_central"].sum() == pytest.approx(deaths.sum() * 4.76)


def test_vsl_must_be_ordered():
    params = load_params({"valuation.vsl_million_cny.low": 9.0})
    with pytest.raises(ValueError, match="low <= central <= high"):
        valuation.vsl_million_cny(params)
