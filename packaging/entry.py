"""The frozen program's entry point: the same `carecoord` program as `ui.launcher:main`."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
