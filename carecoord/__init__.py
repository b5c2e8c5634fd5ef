"""CareCoord core: domain, store, services, documents and exports. Never imports Qt."""

from carecoord.version import __version__

__all__ = ["__version__"]
