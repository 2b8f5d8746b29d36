"""Golden files: a fresh run of each case of scripts/build_golden.py matches tests/core/golden/ (1e-9 relative).

They guard refactoring: moving code must not move numbers. A deliberate change of method or parameters
regenerates them with ``.venv/bin/python scripts/build_golden.py`` (say so in the commit message).
"""
import numpy as np
import pandas as pd
import pytest
from load_script import load_script

REL_TOL = 1e-9
REGENERATE = "regenerate on purpose with: .venv/bin/python scripts/build_golden.py"


golden = load_script("build_golden")


def _keyed(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in an order that does not depend on how the run sorted them: by every non-numeric column."""
    keys = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    df = df.copy()
    df[keys] = df[keys].astype("string").fillna("<NA>")
    return df.sort_values(keys, kind="mergesort").reset_index(drop=True) if keys else df


def assert_frames_close(new: pd.DataFrame, old: pd.DataFrame, where: str) -> None:
    """Same columns and rows; numbers within ``REL_TOL`` relative (a floor of ``REL_TOL`` × the column's largest
    magnitude for values that are differences close to zero); text equal."""
    assert list(new.columns) == list(old.columns), f"{where}: columns changed; {REGENERATE}"
    assert len(new) == len(old), f"{where}: {len(new)} rows, golden has {len(old)}; {REGENERATE}"
    new, old = _keyed(new), _keyed(old)
    for col in old.columns:
        a, b = new[col], old[col]
        if pd.api.types.is_numeric_dtype(b) and pd.api.types.is_numeric_dtype(a):
            x, y = a.to_numpy(float), b.to_numpy(float)
            floor = REL_TOL * np.nanmax(np.abs(y), initial=0.0)
            ok = np.isclose(x, y, rtol=REL_TOL, atol=floor, equal_nan=True)
            assert ok.all(), f"{where}.{col}: rows {np.flatnonzero(~ok)[:5]} new {x[~ok][:3]} golden {y[~ok][:3]}"
        else:
            assert (a.astype("string").fillna("<NA>") == b.astype("string").fillna("<NA>")).all(), f"{where}.{col}"


@pytest.mark.parametrize("case", list(golden.CASES))
def test_fresh_run_matches_golden_files(case):
    tables = golden.case_tables(case)
    for name, table in tables.items():
        path = golden.golden_path(case, name)
        assert path.exists(), f"missing {path.name}; {REGENERATE}"
        round_tripped = pd.read_csv(_csv(table))
        assert_frames_close(round_tripped, pd.read_csv(path), f"{case}/{name}")


def _csv(table: pd.DataFrame):
    import io

    return io.StringIO(table.to_csv(index=False, float_format="%.17g"))


def test_comparison_fails_on_a_moved_number():
    """The guard itself can fail: a relative change of 1e-8 in one cell is caught, 1e-11 is not."""
    old = pd.DataFrame({"quantity": ["a", "b"], "value": [3.0e6, 2.5]})
    moved = old.assign(value=[3.0e6 * (1 + 1e-8), 2.5])
    with pytest.raises(AssertionError, match="value"):
        assert_frames_close(moved, old, "t")
    assert_frames_close(old.assign(value=[3.0e6 * (1 + 1e-11), 2.5]), old, "t")
    with pytest.raises(AssertionError, match="columns"):
        assert_frames_close(old.rename(columns={"value": "v"}), old, "t")
