"""Screenshots from a real QGIS window (Xvfb) for the user guide and the README — and a real-window test.

Run as a script, it packages and deploys the plugin into a throwaway profiles folder, starts ``Xvfb`` and
QGIS with that folder, and makes QGIS run this same file (``--code``) in GUI mode, which:
opens the sample project, opens the Full assessment dialog from the toolbox with the sample layers,
runs it through the dialog, waits for the styled results, and saves PNGs of the window and the dialog,
plus ``screenshots.json`` (layers in the project after the run, renderer of each) for tests to check.

Usage: ``python scripts/screenshots.py [--out docs/img] [--profiles build/screenshot-profiles]``
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

SCREEN = "1280x800x24"
GUI_ENV = "UIS_SCREENSHOTS_GUI"  # set when QGIS runs this file through --code
QGIS_TIMEOUT_S = 400
STEP_MS = 1500  # pause between GUI steps so that the canvas finishes rendering
POLL_MS = 1000
RUN_TIMEOUT_MS = 300000
RESULT_LAYERS = ("Provinces", "Cities (results)", "Heat links", "Plants (results)")
PM25_LAYERS = ("Provinces", "PM2.5 scenario − base (µg/m³)", "Heat links")
ASSESSMENT_LAYERS = {"PLANTS": "Plants", "CITIES": "Cities", "DISTRICT_HEATING": "District heating (existing)",
                     "URBAN_CORES": "Urban cores", "PROVINCES": "Provinces"}


# ------------------------------------------------------------------------------------------ inside QGIS
def gui_steps() -> None:  # pragma: no cover - runs inside the QGIS desktop application
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import QTimer
    from qgis.utils import iface

    import processing

    out = Path(os.environ["UIS_SHOTS_OUT"])
    plugin = Path(os.environ["UIS_PLUGIN_DIR"])
    state = {"log": {"errors": []}}
    window = iface.mainWindow()

    def guarded(fn):
        def run():
            try:
                fn()
            except Exception as exc:  # never leave a headless QGIS hanging: log, write, quit
                state["log"]["errors"].append(f"{fn.__name__}: {exc!r}")
                finish()
        return run

    def later(fn, ms=STEP_MS):
        QTimer.singleShot(ms, guarded(fn))

    def save(widget, name):
        widget.grab().save(str(out / name))
        state["log"].setdefault("images", []).append(name)

    def finish():
        project = QgsProject.instance()
        state["log"]["layers"] = {layer.name(): (layer.renderer().type() if layer.renderer() else None)
                                  for layer in project.mapLayers().values()}
        (out / "screenshots.json").write_text(json.dumps(state["log"], indent=1, ensure_ascii=False),
                                              encoding="utf-8")
        # QGIS 3.22 can crash while tearing down after a --code script and then runs gdb for a backtrace;
        # everything is saved by now, so leave at once
        os._exit(0)

    def step_open_project():
        window.showMaximized()
        QgsProject.instance().read(str(plugin / "resources" / "sample" / "sample.qgs"))
        iface.mapCanvas().zoomToFullExtent()
        later(step_project_shot)

    def step_project_shot():
        save(window, "sample_project.png")
        layers = {name: QgsProject.instance().mapLayersByName(title)[0].id()
                  for name, title in ASSESSMENT_LAYERS.items()}
        dialog = processing.createAlgorithmDialog("uisqgis:fullassessment", layers)
        state["dialog"] = dialog
        dialog.show()
        later(step_dialog_shot)

    def step_dialog_shot():
        dialog = state["dialog"]
        save(dialog, "full_assessment_dialog.png")
        dialog.algorithmFinished.connect(lambda ok, _results: state.update(finished=ok))
        dialog.runAlgorithm()
        state["waited_ms"] = 0
        later(step_wait, POLL_MS)

    def step_wait():
        state["waited_ms"] += POLL_MS
        if "finished" not in state and state["waited_ms"] < RUN_TIMEOUT_MS:
            later(step_wait, POLL_MS)
            return
        state["log"]["run_succeeded"] = bool(state.get("finished"))
        save(state["dialog"], "full_assessment_log.png")
        state["dialog"].close()
        later(step_results_shot)

    def show_only(titles):
        project = QgsProject.instance()
        for layer in project.mapLayers().values():
            project.layerTreeRoot().findLayer(layer.id()).setItemVisibilityChecked(layer.name() in titles)
        iface.mapCanvas().refreshAllLayers()

    def step_results_shot():
        show_only(RESULT_LAYERS)
        later(step_results_saved, STEP_MS * 2)

    def step_results_saved():
        save(window, "results_map.png")
        show_only(PM25_LAYERS)
        later(step_pm25_saved, STEP_MS * 2)

    def step_pm25_saved():
        save(window, "pm25_difference_map.png")
        root = QgsProject.instance().layerTreeRoot()
        state["log"]["groups"] = [node.name() for node in root.children() if not hasattr(node, "layer")]
        from processing.modeler.ModelerDialog import ModelerDialog
        from qgis.core import QgsApplication

        model = QgsApplication.processingRegistry().algorithmById("uisqgis:assessmentchain").create()
        state["modeler"] = ModelerDialog.create(model)
        state["modeler"].showMaximized()
        later(step_modeler_shot, STEP_MS * 2)

    def step_modeler_shot():
        save(state["modeler"], "model_in_modeler.png")
        state["modeler"].hide()  # not close(): nothing to save, and no question box in a scripted window
        from importlib import import_module

        installer = import_module(f"{plugin.name}.processing.installer")
        state["installer"] = installer.InstallerDialog(window, command=installer.pip_command(
            ["geopandas", "pyogrio", "rasterio", "matplotlib"]))
        state["installer"].show()
        later(step_installer_shot)

    def step_installer_shot():
        save(state["installer"], "installer_dialog.png")
        finish()

    later(step_open_project)


# ------------------------------------------------------------------------------------------ driver
def _repo() -> Path:
    return Path(__file__).resolve().parent.parent


def _deploy(profiles: Path) -> dict:
    sys.path.insert(0, str(_repo() / "scripts"))
    import deploy
    import package

    zip_path = package.build_zip(profiles.parent / "uis_qgis.zip")
    deploy.install_zip(zip_path, profiles)
    deploy.enable_in_ini(profiles)
    return deploy.qgis_process_env(profiles)


def take(out: Path, profiles: Path) -> dict:
    """Run QGIS under Xvfb and return the log written by :func:`gui_steps`."""
    out.mkdir(parents=True, exist_ok=True)
    if profiles.exists():
        shutil.rmtree(profiles)
    env = _deploy(profiles)
    env.update({GUI_ENV: "1", "UIS_SHOTS_OUT": str(out.resolve()),
                "UIS_PLUGIN_DIR": str(profiles / "profiles" / "default" / "python" / "plugins" / "uisqgis")})
    env.pop("QT_QPA_PLATFORM", None)
    (out / "screenshots.json").unlink(missing_ok=True)
    # -displayfd: Xvfb picks a free display and reports its number, so parallel runs never collide
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", SCREEN], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        env["DISPLAY"] = f":{xvfb.stdout.readline().strip()}"
        with open(out / "qgis.log", "w", encoding="utf-8") as qgis_log:
            subprocess.run(["qgis", "--profiles-path", str(profiles), "--nologo", "--noversioncheck", "--code",
                            str(Path(__file__).resolve())], env=env, timeout=QGIS_TIMEOUT_S, check=False,
                           stdout=qgis_log, stderr=subprocess.STDOUT)
    finally:
        xvfb.terminate()
        xvfb.wait()
    log = out / "screenshots.json"
    if not log.exists():
        raise RuntimeError("QGIS ended without writing screenshots.json")
    return json.loads(log.read_text(encoding="utf-8"))


def report_shot(out: Path, profile: Path) -> Path:
    """``report_zh.png``: the Chinese report of the sample region with the cities' Chinese names (name_zh), as
    headless Chromium renders it."""
    sys.path.insert(0, str(_repo()))
    import geopandas as gpd

    from uis_qgis import io, model, report
    from uis_qgis.params import load_params

    sample = _repo() / "resources" / "sample" / "sample.gpkg"
    layers = io.read_inputs(sample)
    zh = gpd.read_file(sample, layer="cities")["name_zh"]
    layers["cities"]["name"] = zh.where(zh.notna(), layers["cities"]["name"])
    results = model.run_assessment(layers, load_params(), model.AssessmentOptions(report=False))
    page = out / "report_zh.html"
    page.write_text(report.build_report(results, language="zh"), encoding="utf-8")
    shot = out / "report_zh.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--window-size=1100,1600", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=QGIS_TIMEOUT_S)
    page.unlink()
    return shot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=_repo() / "docs" / "img")
    parser.add_argument("--profiles", type=Path, default=_repo() / "build" / "screenshot-profiles")
    args = parser.parse_args(argv)
    log = take(args.out, args.profiles.resolve())
    for name in ("screenshots.json", "qgis.log"):  # the run's log, not documentation
        (args.out / name).unlink(missing_ok=True)
    report_shot(args.out, args.profiles.resolve() / "chromium")
    print(json.dumps(log, indent=1, ensure_ascii=False))
    return 0 if log.get("run_succeeded") else 1


if os.environ.get(GUI_ENV) == "1":
    gui_steps()
elif __name__ == "__main__":
    sys.exit(main())
