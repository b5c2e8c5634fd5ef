"""A page of the main window whose screen is made the first time it is shown.

The huddle, dashboard and week screens, and the modules behind them, cost a tenth of a second
or more to import and build. Start-up only needs the caseload, so they wait until asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._make = make
        self._page: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._page is not None

    def page(self) -> QWidget:
        """The screen itself, made now if it was not yet."""
        if self._page is None:
            self._page = self._make()
            self.layout().addWidget(self._page)
            self.setFocusProxy(self._page)
        return self._page
