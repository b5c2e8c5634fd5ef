"""Leave out Qt plugins a desktop clinic app never loads, and the system libraries only they need.

Used by carecoord.spec on Linux. PyInstaller collects every plugin of each type a Qt module
uses. Some of them drag in a partial GTK stack (the GTK 3 platform theme) or GIO (network
information): copies of system libraries that could clash with the laptop's own, for plugins
CareCoord does not use. The app keeps xcb and Wayland (desktops), offscreen (the smoke test
and CI), the portal theme, input methods, and every image format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

# Plugin files (relative to PySide6/Qt/plugins) and whole plugin folders left out.
UNUSED_PLUGINS = {
    "platformthemes/libqgtk3.so",
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqminimal.so",
    "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqvnc.so",
    # Qt's own on-screen keyboard, which needs Qt Quick: laptops have keyboards, and tablets
    # bring the system's on-screen keyboard through the input method plugins that stay.
    "platforminputcontexts/libqtvirtualkeyboardplugin.so",
}
UNUSED_PLUGIN_DIRS = {"egldeviceintegrations", "generic", "networkinformation", "tls"}

SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")
QT_LIBS = "PySide6/Qt/lib/"


def plugin_path(dest: str) -> str | None:
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" in parts:
        i = parts.index("plugins")
        return "/".join(parts[i + 1:])
    return None


def unused_plugin(dest: str) -> bool:
    rel = plugin_path(dest)
    if rel is None:
        return False
    return rel in UNUSED_PLUGINS or rel.split("/", 1)[0] in UNUSED_PLUGIN_DIRS


def trim(binaries: Iterable[tuple], needs: Callable[[str], set[str]]) -> tuple[list, list[str]]:
    """(kept binaries, names left out). `needs(src)` gives the library names a file links to.

    Only libraries that removed plugins needed, that are system or Qt libraries, and that
    nothing kept links to are dropped: a library loaded by name at run time is never touched."""
    entries = list(binaries)
    removed = {e[0] for e in entries if unused_plugin(e[0])}
    by_name = {PurePosixPath(e[0]).name: e for e in entries}
    suspects: set[str] = set()
    todo = [e[1] for e in entries if e[0] in removed]
    while todo:
        for name in needs(todo.pop()) - suspects:
            suspects.add(name)
            if name in by_name:
                todo.append(by_name[name][1])
    while True:
        kept = [e for e in entries if e[0] not in removed]
        linked = set().union(*(needs(e[1]) for e in kept))
        drop = {e[0] for e in kept
                if PurePosixPath(e[0]).name in suspects and PurePosixPath(e[0]).name not in linked
                and (str(e[1]).startswith(SYSTEM_DIRS)
                     or e[0].replace("\\", "/").startswith(QT_LIBS))}
        if not drop:
            return without_links_to(kept, removed), sorted(removed)
        removed |= drop


def without_links_to(entries: Iterable[tuple], removed: Iterable[str]) -> list:
    """PyInstaller also lists symbolic links (dest, target, "SYMLINK"); none may dangle."""
    gone = {r.replace("\\", "/") for r in removed}
    return [e for e in entries if not (e[2] == "SYMLINK" and e[1].replace("\\", "/") in gone)]
