"""``python -m uis_qgis`` — see :mod:`uis_qgis.cli`."""
import sys

from .cli import main

sys.exit(main())
