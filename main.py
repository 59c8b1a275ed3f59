"""Start the app, or run a headless subcommand: see `python main.py --help`."""

import sys

from mapapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
