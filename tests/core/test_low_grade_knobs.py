"""Issue 11 item 3: the two calibrated low-grade knobs act as documented (4GDH reachable floor area, low-grade
shares), and the seasonal 40 % limit binds space heating from non-CHP sources only."""
import pytest

from uis_qgis import symbiosis
from uis_qgis.params import load_params

from symbiosis_fixtures import region

PARAMS = load_params()


def summary(layers, params):
    return symbiosis.assess(layers, params, "fyp").summary.set_index("quantity")["value"]


def test_reachable_share_scales_the_new_4gdh_demand_linearly():
    full = summary(region(seed=3, n_plants=16), PARAMS.with_overrides({"cascade": {"new_dh_reachable_share": 1.0}}))
    part = summary(region(seed=3, n_plants=16), PARAMS.with_overrides({"cascade": {"new_dh_reachable_share": 0.51}}))
    assert part["new_dh_demand"] == pytest.approx(0.51 * full["new_dh_demand"], rel=1e-12)
    assert part["new_dh_received"] <= part["new_dh_demand"] * (1 + 1e-12)


def test_seasonal_limit_spares_chp_sources_and_caps_the_others_at_40_percent():
    layers = region(seed=3, n_plants=16)
    params = PARAMS.with_overrides({"wasteheat": {"seasonal": True}})
    r = symbiosis.assess(layers, params, "fyp")
    links = r.heat_links[r.heat_links["sink_type"].isin(["des", "new_dh"])]
    to_space = links.groupby("source_id")["heat_gj"].sum()
    plants = r.plants.set_index("plant_id")
    avail = plants[[f"heat_{g}_avail_gj" for g in ("high", "medium", "low")]].sum(axis=1)
    chp = plants["chp"].astype(bool)
    non_chp = [p for p in to_space.index if not chp[p]]
    assert non_chp, "the fixture has non-CHP sources serving space heating"
    for plant in non_chp:
        assert to_space[plant] <= 0.4 * avail[plant] * (1 + 1e-9)
