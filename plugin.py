"""The QGIS plugin object: registers the UIS-QGIS Processing provider and removes it on unload.

In the desktop application it also adds *Plugins → UIS-QGIS → Open sample project*, the one-click way into the
embedded sample region.
"""
from pathlib import Path

from qgis.core import QgsApplication, QgsProject

MENU = "UIS-QGIS"
SAMPLE_PROJECT = Path(__file__).resolve().parent / "resources" / "sample" / "sample.qgs"
ICON_PATH = Path(__file__).resolve().parent / "resources" / "icons" / "uis_qgis.svg"


class UisQgisPlugin:
    """Registers :class:`~.processing.provider.UisQgisProvider` (also under ``qgis_process``, no GUI)."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []

    def initProcessing(self):  # noqa: N802 (name fixed by QGIS)
        """Called by QGIS (GUI and qgis_process) before initGui; adds the provider once."""
        if self.provider is not None:
            return
        from .processing.provider import UisQgisProvider

        provider = UisQgisProvider()
        if not QgsApplication.processingRegistry().addProvider(provider):
            return  # another instance is registered under the same id (QGIS has deleted this one)
        self.provider = provider
        # shipped models refer to uisqgis:* algorithms, which resolve only once the provider is registered
        self.provider.refreshAlgorithms()

    def initGui(self):  # noqa: N802 (name fixed by QGIS)
        self.initProcessing()
        if self.iface is None:
            return
        from qgis.PyQt.QtGui import QIcon
        from qgis.PyQt.QtWidgets import QAction

        action = QAction(QIcon(str(ICON_PATH)), "Open sample project", self.iface.mainWindow())
        action.triggered.connect(self.open_sample_project)
        self.iface.addPluginToMenu(MENU, action)
        self.actions.append(action)

    @staticmethod
    def open_sample_project() -> bool:
        """Open the styled sample region (Tangshan–Tianjin–east Beijing) shipped with the plugin."""
        return QgsProject.instance().read(str(SAMPLE_PROJECT))

    def unload(self):
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
