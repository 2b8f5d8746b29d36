"""How many unusual and broken inputs the robustness suite exercises (issue 14), per front end.

Counts the test cases pytest collects from the robustness files (each parametrized case is one input: a broken
layer, a damaged file, an output location, a region of China) without running them, and prints the table
quoted in docs/robustness.md. Every one of these tests fails on a Python traceback: the core tests expect an
``InputError``/``OutputError`` or a result, the CLI tests assert exit code 0/2 and no "Traceback" on stderr,
the QGIS tests expect a ``QgsProcessingException`` with the model's message. Run the files with pytest to see
them pass (``make test``).

    .venv/bin/python bench/bench_robustness_cases.py
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILES = {
    "core (read -> check -> run -> write)": "tests/core/test_robustness.py",
    "command line (python -m uis_qgis)": "tests/e2e/test_robustness_cli.py",
    "QGIS Processing (processing.run)": "tests/qgis/test_robustness_qgis.py",
    "real regions of China (build + CLI run)": "tests/e2e/test_region_sweep.py",
}


def collected(path: str) -> list[str]:
    """Test ids pytest collects from ``path`` (nothing is run)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))  # pytest-qgis
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", path], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    return [line for line in done.stdout.splitlines() if re.match(r"^tests/.+::", line)]


def main() -> int:
    total = 0
    print(f"{'front end':42s} {'cases':>6s}  file")
    for label, path in FILES.items():
        ids = collected(path)
        total += len(ids)
        print(f"{label:42s} {len(ids):6d}  {path}")
    print(f"{'total':42s} {total:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
