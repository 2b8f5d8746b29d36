"""Install the packaged plugin into a QGIS profiles folder and enable it.

Unzips ``dist/uis_qgis.zip`` into ``PROFILES/profiles/<profile>/python/plugins/uisqgis`` (replacing an older
copy), enables it in ``PROFILES/profiles/<profile>/QGIS/QGIS3.ini`` (``[PythonPlugins] uisqgis=true``) and,
where ``qgis_process.bin`` is available, runs ``qgis_process.bin plugins enable uisqgis`` against the same
folder (``QGIS_CUSTOM_CONFIG_PATH``) to check that QGIS accepts it.

Default PROFILES is the throwaway ``build/qgis-profiles`` of the repository; point QGIS at it with
``qgis --profiles-path build/qgis-profiles`` and ``qgis_process`` with ``QGIS_CUSTOM_CONFIG_PATH``.

Usage: ``python scripts/deploy.py [--profiles DIR] [--profile default] [--zip dist/uis_qgis.zip]``
"""
from __future__ import annotations

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGIN_FOLDER = "uisqgis"
QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")
QGIS_PROCESS_TIMEOUT_S = 300
SYSTEM_PYTHON = "/usr/bin/python3"
SYSTEM_FIRST = ("pyproj",)  # packages taken from QGIS's interpreter, see shim_dir()


def plugin_dir(profiles: Path, profile: str = "default") -> Path:
    return profiles / "profiles" / profile / "python" / "plugins" / PLUGIN_FOLDER


def install_zip(zip_path: Path, profiles: Path, profile: str = "default") -> Path:
    """Unpack the plugin zip into the profile (an older copy is replaced only once unpacking succeeded)."""
    target = plugin_dir(profiles, profile)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".unpack-") as tmp:
        with zipfile.ZipFile(zip_path) as archive:
            tops = {name.split("/")[0] for name in archive.namelist()}
            if tops != {PLUGIN_FOLDER}:
                raise ValueError(f"{zip_path} must hold exactly one folder '{PLUGIN_FOLDER}/', found {sorted(tops)}")
            archive.extractall(tmp)
        if target.exists():
            shutil.rmtree(target)
        os.replace(Path(tmp) / PLUGIN_FOLDER, target)
    return target


def enable_in_ini(profiles: Path, profile: str = "default") -> Path:
    """Set ``[PythonPlugins] uisqgis=true`` in the profile's QGIS3.ini, keeping every other setting."""
    ini = profiles / "profiles" / profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    config = configparser.RawConfigParser(strict=False, interpolation=None)
    config.optionxform = str  # QSettings keys are case-sensitive
    if ini.exists():
        config.read(ini, encoding="utf-8")
    if not config.has_section("PythonPlugins"):
        config.add_section("PythonPlugins")
    config.set("PythonPlugins", PLUGIN_FOLDER, "true")
    with open(ini, "w", encoding="utf-8") as handle:
        config.write(handle, space_around_delimiters=False)
    return ini


def system_package_dir(name: str) -> Path | None:
    """Folder of package ``name`` as QGIS's own interpreter (``/usr/bin/python3``, no PYTHONPATH) imports it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([SYSTEM_PYTHON, "-c", f"import os, {name}; print(os.path.dirname({name}.__file__))"],
                          capture_output=True, text=True, env=env, check=False)
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def shim_dir(profiles: Path) -> Path:
    """A folder that makes QGIS's own PROJ bindings win over the venv's: pip's pyproj wheel bundles a second
    PROJ library, and the two in one qgis_process corrupt memory at exit (``double free``, exit code 134)."""
    shim = profiles / ".python-shim"
    shim.mkdir(parents=True, exist_ok=True)
    for name in SYSTEM_FIRST:
        link, target = shim / name, system_package_dir(name)
        if target is not None and not link.exists():
            link.symlink_to(target, target_is_directory=True)
    return shim


def qgis_process_env(profiles: Path) -> dict:
    """Environment for ``qgis_process.bin`` on this profiles folder, headless, seeing this Python's packages
    (QGIS runs the system interpreter; the plugin's dependencies may live in the project's venv)."""
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profiles), QT_QPA_PLATFORM="offscreen")
    site = sysconfig.get_paths()["purelib"]
    paths = (str(shim_dir(profiles)), site, env.get("PYTHONPATH", ""))
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return env


def run_qgis_process(profiles: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(QGIS_PROCESS), *args], env=qgis_process_env(profiles), capture_output=True,
                          text=True, timeout=QGIS_PROCESS_TIMEOUT_S)


def enable_with_qgis_process(profiles: Path) -> tuple[bool, str]:
    """``qgis_process.bin plugins enable`` (it reports "already enabled" after :func:`enable_in_ini`), then
    ``plugins``: True when the plugin is listed as loaded with a Processing provider (``* uisqgis``)."""
    enabled = run_qgis_process(profiles, "plugins", "enable", PLUGIN_FOLDER)
    listing = run_qgis_process(profiles, "plugins")
    loaded = listing.returncode == 0 and f"* {PLUGIN_FOLDER}" in listing.stdout.splitlines()
    return loaded, "\n".join((enabled.stdout, enabled.stderr, listing.stdout, listing.stderr))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=Path, default=REPO / "build" / "qgis-profiles",
                        help="folder holding profiles/ (QGIS --profiles-path); default build/qgis-profiles")
    parser.add_argument("--profile", default="default")
    parser.add_argument("--zip", type=Path, default=REPO / "dist" / "uis_qgis.zip")
    args = parser.parse_args(argv)
    if not args.zip.exists():
        print(f"{args.zip} not found: run scripts/package.py (make package) first", file=sys.stderr)
        return 2
    profiles = args.profiles.resolve()
    target = install_zip(args.zip, profiles, args.profile)
    ini = enable_in_ini(profiles, args.profile)
    print(f"installed {target}\nenabled in {ini}")
    if QGIS_PROCESS.exists() and args.profile == "default":
        loaded, log = enable_with_qgis_process(profiles)
        print(f"qgis_process plugins enable {PLUGIN_FOLDER}: {'loaded' if loaded else 'NOT loaded'}")
        if not loaded:
            print(log[-4000:], file=sys.stderr)
            return 1
    site = qgis_process_env(profiles)["PYTHONPATH"]
    print(f"run it: QGIS_CUSTOM_CONFIG_PATH={profiles} PYTHONPATH={site} QT_QPA_PLATFORM=offscreen "
          f"{QGIS_PROCESS} list | grep -A5 UIS-QGIS\n"
          f"or the desktop: PYTHONPATH={site} qgis --profiles-path {profiles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
