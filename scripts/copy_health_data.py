"""Copy the published health parameter tables from ``../shared/data`` into ``uis_qgis/data/health``.

The files are copied byte for byte (the model reads its parameters from these copies, never from retyped
numbers). Run from the repository root::

    python scripts/copy_health_data.py [--source ../shared/data]
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "uis_qgis" / "data" / "health"
FILES = (
    "gemm_parameters_burnett2018.csv",
    "ier_parameters_burnett2014_central.csv",
    "gbd2015_china_baseline_deaths_by_cause_age.csv",
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_health_data(source: Path, target: Path = TARGET) -> dict[str, str]:
    """Copy each file of ``FILES`` from ``source`` to ``target``; return ``{name: sha256}``."""
    target.mkdir(parents=True, exist_ok=True)
    digests = {}
    for name in FILES:
        shutil.copyfile(source / name, target / name)
        digests[name] = _sha256(target / name)
    return digests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    for name, digest in copy_health_data(args.source).items():
        print(f"{digest}  uis_qgis/data/health/{name}")


if __name__ == "__main__":
    main()
