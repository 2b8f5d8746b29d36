"""Report figures of the air-quality outputs (observed vs modelled, attribution, valuation) and the
dispersion limits text."""
import numpy as np
import pandas as pd

from uis_qgis import report
from uis_qgis.attribution import REGIONS
from uis_qgis.vocabulary import STRATEGY_GROUPS


def _cities(n=6):
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"city_id": [f"c{i}" for i in range(n)], "name": [f"City {i}" for i in range(n)]})
    parts = rng.uniform(-1, 5, (n, len(REGIONS)))
    for k, r in enumerate(REGIONS):
        df[f"deaths_avoided_{r}"] = parts[:, k]
    df["deaths_avoided_central"] = parts.sum(axis=1)
    shares = rng.dirichlet(np.ones(len(STRATEGY_GROUPS)), n)
    for k, g in enumerate(STRATEGY_GROUPS):
        df[f"deaths_avoided_{g}"] = shares[:, k] * df["deaths_avoided_central"]
    for b, vsl in (("low", 3.79), ("central", 4.76), ("high", 6.36)):
        df[f"value_deaths_avoided_million_cny_{b}"] = df["deaths_avoided_central"] * vsl
    return df


def test_figures_render_when_their_fields_exist():
    cities = _cities()
    table = pd.DataFrame({"monitor": ["A", "B", "C"], "observed_pm25_ug_m3": [60.0, 80.0, 50.0],
                          "modelled_total_loo_ug_m3": [55.0, 90.0, 52.0]})
    obs = report.fig_observed_vs_modelled(table)
    assert "<img" in obs
    assert "<img" in report.fig_attribution(cities)
    assert "<img" in report.fig_valuation(cities)


def test_figures_are_skipped_without_their_fields():
    bare = pd.DataFrame({"city_id": ["c0"]})
    assert report.fig_observed_vs_modelled(None) == ""
    assert report.fig_observed_vs_modelled(pd.DataFrame()) == ""
    assert report.fig_attribution(bare) == ""
    assert report.fig_valuation(bare) == ""


def test_limits_are_stated():
    assert "no convective downdraft" in report.DISPERSION_LIMITS
    assert "no building downwash" in report.DISPERSION_LIMITS
