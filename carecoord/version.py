"""The one version number lives in pyproject.toml; installed metadata carries it here."""

from importlib import metadata
from pathlib import Path


def _read_version() -> str:
    try:
        return metadata.version("carecoord")
    except metadata.PackageNotFoundError:  # a frozen build or a bare checkout
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        if pyproject.exists():
            for line in pyproject.read_text(encoding="utf-8").splitlines():
                if line.startswith("version"):
                    return line.split("=", 1)[1].strip().strip('"')
        return "0.0.0"


__version__ = _read_version()
