"""Installer dialog: pip-installs the missing Python packages into the Python that QGIS runs.

Shows the exact command before running it, streams pip's output into the dialog and QGIS's message log
(tab "UIS-QGIS"), and says whether everything imports afterwards (a restart of QGIS may still be needed).
"""
from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtCore import QProcess
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from .base import tr
from .dependencies import missing_modules, pip_command, user_site_on_path

LOG_TAG = "UIS-QGIS"


class InstallerDialog(QDialog):
    """Lists the missing packages, shows ``python -m pip install --user …`` and runs it on request."""

    def __init__(self, parent=None, command: list[str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("UIS-QGIS — install missing Python packages"))
        self.missing = missing_modules()
        self.command = command or pip_command(self.missing)
        self.process = None
        self.exit_code = None
        layout = QVBoxLayout(self)
        if self.missing:
            text = tr("These Python packages are missing in the Python that QGIS runs: {}.\n"
                      "Install runs this command (needs internet access to pypi.org):").format(", ".join(self.missing))
        else:
            text = tr("Every Python package UIS-QGIS needs is installed.")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMinimumSize(640, 280)
        layout.addWidget(self.log)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.install_button = QPushButton(tr("Install"))
        self.install_button.setEnabled(bool(self.missing) or command is not None)
        buttons.addButton(self.install_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.install_button.clicked.connect(self.start)
        layout.addWidget(buttons)
        self.append("$ " + " ".join(self.command))

    def append(self, text: str) -> None:
        """Show ``text`` in the dialog and in QGIS's message log."""
        text = text.rstrip()
        if text:
            self.log.appendPlainText(text)
            QgsMessageLog.logMessage(text, LOG_TAG, Qgis.Info)

    def start(self) -> None:
        """Run the command without blocking QGIS; output arrives through :meth:`read_output`."""
        self.install_button.setEnabled(False)
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.MergedChannels)
        self.process.readyReadStandardOutput.connect(self.read_output)
        self.process.finished.connect(self.finished)
        self.process.start(self.command[0], self.command[1:])

    def read_output(self) -> None:
        self.append(bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace"))

    def finished(self, exit_code: int, _status=None) -> None:
        self.read_output()
        self.exit_code = exit_code
        user_site_on_path()
        still = missing_modules()
        if exit_code != 0:
            self.append(tr("pip failed (exit code {}); see its messages above.").format(exit_code))
        elif still:
            self.append(tr("Installed; still not importable: {}. Restart QGIS.").format(", ".join(still)))
        else:
            self.append(tr("Done: every package imports. Restart QGIS to be safe."))
