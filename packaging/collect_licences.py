"""Refresh resources/licences/: the licence texts of everything the packaged app bundles.

    .venv/bin/python packaging/collect_licences.py

Python packages' texts are copied from their installed metadata (the runtime requirements
of CareCoord, walked as pin_constraints.py does). The texts for Qt, SQLCipher, OpenSSL and
Python itself, which no package metadata carries, come from the standard licence files of a
Debian system and from the interpreter. The output is committed; the About dialog shows it.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pin_constraints import walk  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "licences"
COMMON = Path("/usr/share/common-licenses")
# Installed in .venv but not bundled: the meta package and the Qt add-ons CareCoord leaves out.
NOT_BUNDLED = {"pyside6", "pyside6-addons", "pyside6-webengine"}
# Covered by Qt.txt: Qt for Python has no licence file in its metadata.
QT_PARTS = {"pyside6-essentials", "pyside6-pdf", "shiboken6"}
# Read from the text where the metadata names no licence.
KNOWN = {"sqlcipher3": "Zlib (from pysqlite)"}

SQLCIPHER = """\
SQLCipher (Community Edition), the encrypted SQLite in the sqlcipher3 package.

Copyright (c) 2008-2025, ZETETIC LLC
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
    * Redistributions of source code must retain the above copyright
      notice, this list of conditions and the following disclaimer.
    * Redistributions in binary form must reproduce the above copyright
      notice, this list of conditions and the following disclaimer in the
      documentation and/or other materials provided with the distribution.
    * Neither the name of the ZETETIC LLC nor the
      names of its contributors may be used to endorse or promote products
      derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY ZETETIC LLC ''AS IS'' AND ANY
EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL ZETETIC LLC BE LIABLE FOR ANY
DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES
(INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND
ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

SQLCipher is built on SQLite, which is in the public domain.

The sqlcipher3 package links OpenSSL into its driver for SQLCipher's cryptography. OpenSSL 3
is licensed under the Apache License 2.0 (Apache-2.0.txt in this folder). The driver code
itself (sqlcipher3, derived from pysqlite) is under the zlib licence in
python-packages/sqlcipher3.txt.
"""

QT_NOTICE = """\
Qt and Qt for Python (PySide6, shiboken6)

CareCoord uses Qt {qt} and Qt for Python {pyside} under the GNU Lesser General Public
License, version 3 (LGPL-3.0), whose text follows, together with the GNU General Public
License, version 3, which it incorporates. Qt is (c) The Qt Company Ltd. and other
contributors.

Qt is linked dynamically and is not modified. Its libraries are separate files in the
application folder (_internal/PySide6/Qt/lib on Linux, _internal/PySide6 on Windows); you may
replace them with your own build of the same Qt version. The source code of Qt is available
from the Qt Project (download.qt.io, and code.qt.io), and of Qt for Python from the Qt
Project's pyside-setup repository. On request we will provide a copy of the Qt source code
used for this release.

"""

SYSTEM_LIBRARIES = """\
## System libraries in the Linux build

The Linux package also carries copies of some libraries of the system it was built on
(Debian 12), because Qt, Python and the printing support need them. Their licences:

- GLib, GnuTLS, libgcrypt, p11-kit, libidn2, libunistring, libtasn1, Nettle, GMP:
  LGPL-2.1 or later ([LGPL-2.1.txt](LGPL-2.1.txt)); Nettle and GMP also under LGPL-3.
- libstdc++, libgcc: GPL-3 with the GCC Runtime Library Exception.
- CUPS client library, OpenSSL (libssl, libcrypto): Apache-2.0
  ([Apache-2.0.txt](Apache-2.0.txt)).
- ICU (shipped with Qt): Unicode License v3.
- libX11, libxcb and its utilities, libxkbcommon, libXau, libXdmcp, Avahi client, libffi,
  libbsd, libexpat, fontconfig: MIT or similar permissive licences.
- FreeType: FreeType License (BSD-style).
- zlib, bzip2, xz, zstd, lz4, brotli, libpng, libjpeg, libsqlite3, libuuid: permissive
  licences or public domain.
- D-Bus: AFL-2.1 or GPL-2; libsystemd: LGPL-2.1 or later.

The full copyright statement of each is in the Debian package it came from
(`/usr/share/doc/PACKAGE/copyright`). These libraries are unmodified and dynamically linked.
"""


def licence_files(dist: metadata.Distribution) -> list[Path]:
    files = [Path(str(dist.locate_file(f))) for f in dist.files or []]
    keep = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")
    return sorted(p for p in files
                  if p.name.upper().startswith(keep) and p.is_file() and ".dist-info" in str(p))


def licence_name(dist: metadata.Distribution) -> str:
    """The SPDX expression, else a short License field, else the OSI classifier."""
    meta = dist.metadata
    if canonicalize_name(meta["Name"]) in KNOWN:
        return KNOWN[canonicalize_name(meta["Name"])]
    if meta.get("License-Expression"):
        return meta["License-Expression"]
    field = (meta.get("License") or "").strip()
    if field and len(field) < 40 and "\n" not in field:
        return field
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License :: OSI Approved :: "):
            return classifier.rsplit(" :: ", 1)[1]
    return field.split(" ", 1)[0] if field else "see the text"


def write_python_packages() -> list[tuple[str, str, str, str]]:
    rows = []
    folder = OUT / "python-packages"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for key, (name, version) in sorted(walk(["carecoord"]).items()):
        if key in NOT_BUNDLED or key == "carecoord":
            continue
        dist = metadata.distribution(name)
        licence = licence_name(dist)
        if key in QT_PARTS:
            rows.append((name, version, "LGPL-3.0 (Qt for Python)", "Qt.txt"))
            continue
        texts = [f"{name} {version}\n"]
        for path in licence_files(dist):
            texts.append(f"\n----- {path.name} -----\n\n{path.read_text(encoding='utf-8')}")
        target = folder / f"{canonicalize_name(name)}.txt"
        target.write_text("".join(texts), encoding="utf-8")
        rows.append((name, version, licence, f"python-packages/{target.name}"))
    return rows


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    qt = metadata.version("PySide6_Essentials")
    (OUT / "Qt.txt").write_text(
        QT_NOTICE.format(qt=qt, pyside=qt)
        + (COMMON / "LGPL-3").read_text(encoding="utf-8")
        + "\n\n" + (COMMON / "GPL-3").read_text(encoding="utf-8"), encoding="utf-8")
    (OUT / "SQLCipher.txt").write_text(SQLCIPHER, encoding="utf-8")
    shutil.copyfile(COMMON / "Apache-2.0", OUT / "Apache-2.0.txt")
    shutil.copyfile(COMMON / "LGPL-2.1", OUT / "LGPL-2.1.txt")
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    shutil.copyfile(python_licence, OUT / "Python.txt")
    rows = write_python_packages()
    python = ".".join(map(str, sys.version_info[:3]))
    lines = [
        "# Licences of the components bundled with CareCoord",
        "",
        "CareCoord itself is proprietary. It is built with, and its package carries, the",
        "components below; each is used under the licence named, whose text is in this folder.",
        "Generated by `packaging/collect_licences.py`.",
        "",
        "| component | version | licence | text |",
        "|---|---|---|---|",
        f"| Qt and Qt for Python (PySide6) | {qt} | LGPL-3.0 | [Qt.txt](Qt.txt) |",
        "| SQLCipher (Zetetic LLC) | 4 (Community Edition) | BSD-3-Clause | "
        "[SQLCipher.txt](SQLCipher.txt) |",
        "| SQLite | 3 | public domain | [SQLCipher.txt](SQLCipher.txt) |",
        "| OpenSSL (in the SQLCipher driver) | 3 | Apache-2.0 | [Apache-2.0.txt](Apache-2.0.txt) |",
        f"| Python | {python} | PSF License | [Python.txt](Python.txt) |",
        "| Atkinson Hyperlegible Next (Braille Institute of America) | | SIL Open Font License "
        "1.1 | [../fonts/OFL.txt](../fonts/OFL.txt) |",
        "| DejaVu Sans (fallback font) | | Bitstream Vera and DejaVu licence | "
        "[../fonts/fallback/LICENSE-DejaVu.txt](../fonts/fallback/LICENSE-DejaVu.txt) |",
        "| Noto Sans Arabic (fallback font, Google) | 2.005 | SIL Open Font License 1.1 | "
        "[../fonts/fallback/LICENSE-NotoSansArabic.txt]"
        "(../fonts/fallback/LICENSE-NotoSansArabic.txt) |",
        "| PyInstaller bootloader | | GPL-2.0-or-later with the bootloader exception, which "
        "allows it in any program | |",
    ]
    for name, version, licence, path in rows:
        lines.append(f"| {name} | {version} | {licence} | [{path}]({path}) |")
    lines += ["", SYSTEM_LIBRARIES]
    (OUT / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(rows)} Python packages and the component licences to resources/licences/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
