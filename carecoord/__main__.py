import sys

from carecoord.cli import main

sys.exit(main())
