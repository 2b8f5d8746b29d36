"""The UIS-QGIS Processing provider (id ``uisqgis``; public: saved models and scripts depend on it)."""
from qgis.core import QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS
from .algorithms.full_assessment import FullAssessment
from .base import ICON_PATH, PLUGIN_DIR, help_url, tr

MODELS_DIR = PLUGIN_DIR / "resources" / "models"


class ShippedModel(QgsProcessingModelAlgorithm):
    """A model of ``resources/models`` shown in the toolbox group of the algorithm it wraps (a model's group id is
    its group's text, so it would otherwise sit in a second group of the same name)."""

    def __init__(self, group_of):
        super().__init__()
        self.group_of = group_of

    def group(self):
        return self.group_of.group()

    def groupId(self):  # noqa: N802
        return self.group_of.groupId()

    def helpUrl(self):  # noqa: N802
        return help_url(f"alg-{self.name()}")


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
        for path in sorted(MODELS_DIR.glob("*.model3")):
            model = ShippedModel(FullAssessment())
            if model.fromFile(str(path)):
                self.addAlgorithm(model)
