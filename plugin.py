"""The QGIS plugin object: registers the UIS-QGIS Processing provider and removes it on unload.

In the desktop application it also adds *Plugins → UIS-QGIS → Open sample project*, the one-click way into the
embedded sample region.
"""
from pathlib import Path

from qgis.core import QgsApplication, QgsProject

MENU = "UIS-QGIS"
MENU_TEXTS = ("Open sample project", "Install missing Python packages…")  # translated in i18n/
SAMPLE_PROJECT = Path(__file__).resolve().parent / "resources" / "sample" / "sample.qgs"
ICON_PATH = Path(__file__).resolve().parent / "resources" / "icons" / "uis_qgis.svg"


I18N_DIR = Path(__file__).resolve().parent / "i18n"


def translation_file(locale: str) -> Path | None:
    """The shipped ``.qm`` for a QGIS locale (``zh-Hans``, ``zh_CN`` and ``zh`` all mean Simplified Chinese)."""
    name = locale.replace("-", "_")
    if name.lower() in ("zh", "zh_hans", "zh_cn", "zh_sg"):
        name = "zh_CN"
    path = I18N_DIR / f"uisqgis_{name}.qm"
    return path if path.exists() else None


def install_translator(locale: str | None = None):
    """Install the plugin's translation for QGIS's interface language; returns the translator (or ``None``)."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    path = translation_file(locale or QgsApplication.locale())
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


class UisQgisPlugin:
    """Registers :class:`~.processing.provider.UisQgisProvider` (also under ``qgis_process``, no GUI)."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        self.installer = None
        self.translator = install_translator()

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

        from .processing.base import tr
        from .processing.dependencies import missing_modules

        for text, slot in zip(MENU_TEXTS, (self.open_sample_project, self.show_installer)):
            action = QAction(QIcon(str(ICON_PATH)), tr(text), self.iface.mainWindow())
            action.triggered.connect(slot)
            self.iface.addPluginToMenu(MENU, action)
            self.actions.append(action)
        missing = missing_modules()
        if missing:
            self.iface.messageBar().pushWarning(MENU, tr("Missing Python packages: {}. Plugins > UIS-QGIS > Install "
                                                         "missing Python packages…").format(", ".join(missing)))

    def show_installer(self) -> None:
        from .processing.installer import InstallerDialog

        self.installer = InstallerDialog(self.iface.mainWindow())
        self.installer.show()

    def open_sample_project(self) -> bool:
        """Open the styled sample region (Tangshan–Tianjin–east Beijing) shipped with the plugin.

        Unsaved changes of the current project are not thrown away silently: as QGIS does, the user is asked to
        save, discard or cancel first. Returns whether the sample was opened.
        """
        if not self.confirm_discard():
            return False
        return QgsProject.instance().read(str(SAMPLE_PROJECT))

    def confirm_discard(self) -> bool:
        """``True`` when the current project may be replaced (not modified, saved or discarded by the user)."""
        project = QgsProject.instance()
        if not project.isDirty():
            return True
        from qgis.PyQt.QtWidgets import QMessageBox

        from .processing.base import tr

        buttons = QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel
        answer = QMessageBox.question(self.iface.mainWindow(), tr("Open sample project"),
                                      tr("The current project has unsaved changes. Save them first?"),
                                      buttons, QMessageBox.Save)
        if answer == QMessageBox.Save:
            self.iface.actionSaveProject().trigger()
            return not project.isDirty()  # the user cancelled the save dialog
        return answer == QMessageBox.Discard

    def unload(self):
        if self.translator is not None:
            from qgis.PyQt.QtCore import QCoreApplication

            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
