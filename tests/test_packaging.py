"""Fast checks of the packaging files; the real build is `make package` and `make package-test`."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "carecoord.spec"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
TEST_ONLY = ["keyrings.alt", "pytest", "hypothesis", "fhir.resources", "pypdf", "ruff",
             "importlinter"]


def spec_list(name: str) -> list[str]:
    """A list of string literals assigned at the top of the spec."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"carecoord.spec assigns no {name}")


def pins(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        (spec,) = req.specifier
        assert spec.operator == "==", f"{line!r} is not an exact pin"
        key = canonicalize_name(req.name)
        assert key not in out, f"{req.name} is pinned twice"
        out[key] = spec.version
    return out


def requirement_names(path: Path) -> set[str]:
    return {canonicalize_name(Requirement(line).name)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


# The wheels requirements.txt installs in place of the PySide6 meta package.
PYSIDE_PARTS = {name for name in requirement_names(PACKAGING / "requirements.txt")
                if name.startswith("pyside6-")}


# ---- the spec ------------------------------------------------------------------------------

def test_the_spec_is_python_and_collects_what_imports_cannot_reveal():
    source = SPEC.read_text(encoding="utf-8")
    ast.parse(source)
    for needed in ('"sqlcipher3.dbapi2"', 'collect_submodules("keyring.backends")',
                   'copy_metadata("keyring")', 'copy_metadata("carecoord")',
                   '"migrations" / "versions"', '"migrations/versions"',
                   '(str(ROOT / "resources"), "resources")', '"packaging" / "entry.py"'):
        assert needed in source, f"carecoord.spec does not mention {needed}"


def test_the_spec_excludes_every_test_only_package():
    excluded = set(spec_list("TEST_ONLY"))
    assert set(TEST_ONLY) <= excluded


def test_the_entry_point_is_the_carecoord_program():
    entry = ast.parse((PACKAGING / "entry.py").read_text(encoding="utf-8"))
    imports = [(n.module, [a.name for a in n.names]) for n in ast.walk(entry)
               if isinstance(n, ast.ImportFrom)]
    assert ("ui.launcher", ["main"]) in imports
    assert PYPROJECT["project"]["scripts"]["carecoord"] == "ui.launcher:main"


def test_frozen_paths_match_where_the_spec_puts_files(monkeypatch, tmp_path):
    from carecoord.documents.fonts import fonts_dir
    from carecoord.store.migrate import migrations_dir

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert migrations_dir() == tmp_path / "migrations"
    assert fonts_dir() == tmp_path / "resources" / "fonts"


def test_every_qt_module_the_ui_imports_is_installed_for_the_build_and_not_excluded():
    used = set()
    for path in (ROOT / "ui").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    excluded = set(spec_list("UNUSED_QT_MODULES"))
    assert not used & excluded, f"the spec leaves out Qt modules the UI uses: {used & excluded}"
    provided = set()
    assert "pyside6-essentials" in PYSIDE_PARTS
    for dist in sorted(PYSIDE_PARTS):
        try:
            files = metadata.files(dist) or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"requirements.txt installs {dist}, which this PySide6 does not have")
        provided |= {Path(str(f)).name.split(".", 1)[0] for f in files
                     if str(f).startswith("PySide6/Qt") and ".abi3." in str(f)}
    missing = used - provided
    assert not missing, f"requirements.txt installs no wheel with {missing}; add it there"


def load_qt_trim():
    spec = importlib.util.spec_from_file_location("qt_trim", PACKAGING / "qt_trim.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_qt_trim_drops_unused_plugins_and_only_the_system_libraries_they_alone_need():
    qt_trim = load_qt_trim()
    plugins = "PySide6/Qt/plugins"
    binaries = [
        (f"{plugins}/platformthemes/libqgtk3.so", "/site/libqgtk3.so", "BINARY"),
        (f"{plugins}/platforms/libqxcb.so", "/site/libqxcb.so", "BINARY"),
        (f"{plugins}/tls/libqopensslbackend.so", "/site/libtls.so", "BINARY"),
        ("libgtk-bits.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-bits.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/x86_64-linux-gnu/libcairo.so.2", "BINARY"),
        ("libglib-2.0.so.0", "/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0", "BINARY"),
        ("libloaded-by-name.so", "/usr/lib/x86_64-linux-gnu/libloaded-by-name.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "/site/libQt6Pdf.so.6", "BINARY"),
        (f"{plugins}/platforminputcontexts/libqtvirtualkeyboardplugin.so", "/site/vk.so",
         "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/site/libQt6Quick.so.6", "BINARY"),
        ("PySide6/QtPdf.abi3.so", "/site/QtPdf.abi3.so", "EXTENSION"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
    ]
    links = {
        "/site/libqgtk3.so": {"libgtk-bits.so.0", "libglib-2.0.so.0", "libQt6Pdf.so.6"},
        "/usr/lib/x86_64-linux-gnu/libgtk-bits.so.0": {"libcairo.so.2"},
        "/site/libqxcb.so": {"libglib-2.0.so.0"},
        "/site/vk.so": {"libQt6Quick.so.6", "libQt6Pdf.so.6"},
        "/site/QtPdf.abi3.so": {"libQt6Pdf.so.6"},
    }
    kept, left_out = qt_trim.trim(binaries, lambda src: links.get(src, set()))
    kept_names = {dest for dest, _src, _kind in kept}
    assert kept_names == {f"{plugins}/platforms/libqxcb.so", "libglib-2.0.so.0",
                          "libloaded-by-name.so", "PySide6/Qt/lib/libQt6Pdf.so.6",
                          "PySide6/QtPdf.abi3.so", "libQt6Pdf.so.6"}
    assert f"{plugins}/tls/libqopensslbackend.so" in left_out


# ---- pins and requirements ----------------------------------------------------------------

def test_constraints_pin_every_runtime_dependency_within_its_range():
    pinned = pins(PACKAGING / "constraints.txt")
    for line in PYPROJECT["project"]["dependencies"]:
        req = Requirement(line)
        key = canonicalize_name(req.name)
        assert key in pinned, f"constraints.txt does not pin {req.name}"
        assert req.specifier.contains(pinned[key], prereleases=True), \
            f"{req.name}=={pinned[key]} is outside pyproject's {req.specifier}"
    for key in PYSIDE_PARTS | {"pyinstaller", "pip", "setuptools"}:
        assert key in pinned, f"constraints.txt does not pin {key}"


def test_the_build_installs_every_runtime_dependency_and_nothing_for_tests():
    wanted = requirement_names(PACKAGING / "requirements.txt")
    for line in PYPROJECT["project"]["dependencies"]:
        key = canonicalize_name(Requirement(line).name)
        if key == "pyside6":
            assert PYSIDE_PARTS <= wanted
        else:
            assert key in wanted, f"requirements.txt does not install {key}"
    assert "pyinstaller" in wanted
    assert "pyside6" not in wanted, "the PySide6 meta package would bring in WebEngine"
    pinned = pins(PACKAGING / "constraints.txt")
    assert wanted <= set(pinned), f"unpinned: {wanted - set(pinned)}"
    for name in TEST_ONLY + ["pytest-qt", "keyrings-alt", "import-linter"]:
        key = canonicalize_name(name)
        assert key not in pinned and key not in wanted, f"{name} is test-only"


def test_pyinstaller_is_an_optional_package_dependency():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert any(canonicalize_name(Requirement(r).name) == "pyinstaller"
               for r in extras.get("package", []))


# ---- version and changelog ----------------------------------------------------------------

def test_one_version_read_from_pyproject():
    import carecoord

    assert carecoord.__version__ == VERSION
    # The Makefile and the smoke test read it with this pattern: it must find exactly one.
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    assert [m.group(1) for line in lines if (m := re.match(r'^version = "(.*)"$', line))] \
        == [VERSION]


def test_the_changelog_follows_keep_a_changelog_and_has_this_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert headings[0] == ("Unreleased", "")
    released = {version: date for version, date in headings[1:]}
    assert released.get(VERSION), f"CHANGELOG.md has no dated entry for {VERSION}"
    assert "keepachangelog.com" in text


# ---- identity: desktop entry, icon, licences ----------------------------------------------

def test_the_desktop_entry_names_the_program_and_its_icon():
    desktop = PACKAGING / "carecoord.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read_string(text)
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "CareCoord"
    assert entry["Comment"].strip()
    assert entry["Exec"].split()[0] == "carecoord"
    assert entry["Icon"] == "carecoord"
    assert entry["Terminal"] == "false"
    categories = entry["Categories"]
    assert categories.endswith(";")
    assert {"Office", "MedicalSoftware"} <= set(categories.strip(";").split(";"))
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_icon_exists_at_every_desktop_size_and_for_windows():
    icons = ROOT / "resources" / "icons"
    ET.parse(icons / "carecoord.svg")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert png_size(icons / f"carecoord-{size}.png") == (size, size)
    reserved, kind, count = struct.unpack("<HHH", (icons / "carecoord.ico").read_bytes()[:6])
    assert (reserved, kind) == (0, 1) and count >= 4


def test_the_licences_cover_the_bundled_components_and_every_link_resolves():
    licences = ROOT / "resources" / "licences"
    readme = (licences / "README.md").read_text(encoding="utf-8")
    for component in ("Qt", "SQLCipher", "reportlab", "SQLAlchemy", "Atkinson Hyperlegible",
                      "DejaVu", "Open Font License", "LGPL-3.0"):
        assert component in readme, f"resources/licences/README.md does not list {component}"
    links = re.findall(r"\]\(([^)]+)\)", readme)
    assert len(links) > 10
    for link in links:
        assert (licences / link).resolve().is_file(), f"{link} is missing"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (licences / "Qt.txt").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("script", ["smoke_test.sh", "make_archive.sh", "install.sh"])
def test_the_shell_scripts_parse(script):
    shell = "bash" if script == "smoke_test.sh" else "sh"
    if not shutil.which(shell):
        pytest.skip(f"no {shell}")
    result = subprocess.run([shell, "-n", str(PACKAGING / script)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
