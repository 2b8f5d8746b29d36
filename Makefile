# UIS-QGIS — the two commands for users: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
QGIS_PROCESS := /usr/bin/qgis_process.bin
# python3-pyproj: qgis_process runs with Debian's pyproj (scripts/deploy.py), the pip wheel's second PROJ crashes it at exit
# chromium renders the HTML report in its test; fonts-wqy-microhei gives the report's figures Chinese glyphs
APT_PACKAGES := qgis python3-qgis qgis-providers xvfb python3-pyproj chromium fonts-wqy-microhei
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup qgis-stack test test-core demo package deploy lint bench sample qgis-resources screenshots docs clean

setup: qgis-stack $(VENV)/.installed

# Debian's QGIS 3.22 (the only one reachable here); needs root, skipped when already present.
qgis-stack:
	@if [ ! -x $(QGIS_PROCESS) ] || ! /usr/bin/python3 -c "import qgis.core, pyproj" 2>/dev/null \
	    || ! command -v chromium >/dev/null || [ -z "$$(fc-list :lang=zh)" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "QGIS, Chromium or a Chinese font is missing: run 'sudo make setup' once"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

test: setup
	$(PY) -m pytest tests -q

test-core: setup
	$(PY) -m pytest tests/core -q -p no:pytest_qgis

demo: setup
	$(PY) -m uis_qgis run --inputs resources/sample/sample.gpkg --out out/demo

package: setup
	$(PY) scripts/package.py

deploy: package
	$(PY) scripts/deploy.py

lint: setup
	$(VENV)/bin/ruff check --select E9,F --exclude .venv .

bench: setup
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

sample: setup
	$(PY) scripts/build_inputs.py --bbox 116.0 38.5 119.5 40.6 --out resources/sample/sample.gpkg

# Layer styles, the sample QGIS project, the Modeler model and the translations, rebuilt from their scripts.
qgis-resources: setup
	$(PY) scripts/build_styles.py && $(PY) scripts/build_sample_project.py && $(PY) scripts/build_model.py
	$(PY) scripts/build_translations.py  # i18n/*.ts and .qm (needs lrelease: Debian qttools5-dev-tools)

# Screenshots of a real QGIS window under Xvfb for docs/img (plugin installed from the packaged zip).
screenshots: package
	$(PY) scripts/screenshots.py

docs: setup
	$(PY) scripts/build_param_docs.py

clean:
	rm -rf out build dist .pytest_cache
