"""The one parameter loader: defaults carry unit and source, overrides are checked."""
import pytest

from uis_qgis.params import ParameterError, load_defaults, load_params


def test_every_default_has_value_unit_source():
    rows = load_defaults().rows()
    assert rows, "no default parameters found"
    for row in rows:
        assert str(row["unit"]).strip() and str(row["source"]).strip(), row["parameter"]


def test_override_dict_changes_value_and_marks_source():
    params = load_params({"general": {"gj_per_tce": 29.27}})
    assert params.get("general.gj_per_tce") == 29.27
    assert "user override" in params.source("general.gj_per_tce")
    assert load_params().get("general.gj_per_tce") == pytest.approx(29.3076)  # defaults untouched


def test_override_file_dotted_and_unknown_key(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('"general.gj_per_tce" = 29.0\n', encoding="utf-8")
    assert load_params(good).get("general.gj_per_tce") == 29.0
    bad = tmp_path / "bad.toml"
    bad.write_text("[general]\ngj_per_tc = 29.0\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="general.gj_per_tc"):
        load_params(bad)


def test_malformed_and_missing_file(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[general\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="not valid TOML"):
        load_params(broken)
    with pytest.raises(ParameterError, match="not found"):
        load_params(tmp_path / "nope.toml")


def test_default_without_source_is_rejected(tmp_path):
    (tmp_path / "x.toml").write_text('[a]\nvalue = 1\nunit = "m"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="'x.a' lacks source"):
        load_defaults(tmp_path)


def test_nan_override_rejected():
    with pytest.raises(ParameterError, match="finite"):
        load_params({"general.gj_per_tce": float("nan")})


def test_parameter_docs_are_current():
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("build_param_docs", root / "scripts" / "build_param_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (root / "docs" / "parameters.md").read_text(encoding="utf-8") == mod.render(), \
        "docs/parameters.md is stale: run scripts/build_param_docs.py"
