"""Every Alt letter on the caseload screen, with More filters open, is used once, and none
takes a menu's letter (File, Go, Help)."""

from collections import Counter

from PySide6.QtWidgets import QAbstractButton, QLabel


def _letter(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def test_alt_letters_are_unique_with_the_filter_panel_open(qtbot, main_window):
    screen = main_window.caseload
    screen.more_button.setChecked(True)
    qtbot.waitUntil(screen.more.isVisible, timeout=5_000)
    # A label's & is a key only when it has a buddy to take the focus.
    widgets = [w for w in screen.findChildren(QAbstractButton)
               + [lab for lab in screen.findChildren(QLabel) if lab.buddy() is not None]
               if w.isVisibleTo(main_window)]
    letters = [(_letter(w.text()), w.text()) for w in widgets if _letter(w.text())]
    counts = Counter(letter for letter, _ in letters)
    menus = {_letter(m.title()) for m in main_window.menuBar().findChildren(type(
        main_window.menuBar().actions()[0].menu())) if m.title()}
    assert menus >= {"f", "g", "h"}
    clashes = sorted(text for letter, text in letters if counts[letter] > 1 or letter in menus)
    assert clashes == []
