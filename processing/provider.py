"""The UIS-QGIS Processing provider (id ``uisqgis``; public: saved models and scripts depend on it)."""
from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS
from .base import ICON_PATH, tr


class UisQgisProvider(QgsProcessingProvider):
    PROVIDER_ID = "uisqgis"

    def id(self):
        return self.PROVIDER_ID

    def name(self):
        return tr("UIS-QGIS")

    def longName(self):  # noqa: N802
        return tr("UIS-QGIS — urban–industrial symbiosis, CO2, PM2.5 and health")

    def icon(self):
        return QIcon(str(ICON_PATH))

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
