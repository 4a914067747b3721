import sys

from engage_tui.sandbox.cli import main

sys.exit(main())
