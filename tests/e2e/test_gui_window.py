"""A real QGIS window under Xvfb: the packaged plugin, the sample project, the Full assessment run from its
dialog, styled results on the map, screenshots saved (scripts/screenshots.py)."""
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MIN_PNG_BYTES = 20000  # a blank 1280×800 window compresses far below this
MIN_DIALOG_PNG_BYTES = 5000  # the installer dialog (660×360, mostly a text box) with its command line

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("qgis")),
                                reason="needs Xvfb and the QGIS desktop application")


def test_full_assessment_through_the_gui_on_the_sample_project(tmp_path):
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import screenshots
    finally:
        sys.path.pop(0)
    log = screenshots.take(tmp_path / "img", tmp_path / "profiles")
    assert log["errors"] == [] and log["run_succeeded"] is True
    layers = log["layers"]
    assert layers["Heat links"] == "categorizedSymbol"  # styled by grade through the post-processor
    assert layers["Plants (results)"] == "categorizedSymbol"
    assert layers["Cities (results)"] == "graduatedSymbol"
    assert layers["PM2.5 scenario − base (µg/m³)"] == "singlebandpseudocolor"
    assert [g for g in log["groups"] if g.startswith("UIS-QGIS FYP (cascade)")] != []  # the run's group
    for name in ("sample_project.png", "full_assessment_dialog.png", "results_map.png", "model_in_modeler.png"):
        assert (tmp_path / "img" / name).stat().st_size > MIN_PNG_BYTES
    assert (tmp_path / "img" / "installer_dialog.png").stat().st_size > MIN_DIALOG_PNG_BYTES
