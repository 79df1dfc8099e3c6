"""`python -m accords`."""

import sys

from .cli import main

if __name__ == "__main__":  # not when the benchmark's worker processes import the main module again
    sys.exit(main())
