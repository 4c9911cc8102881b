"""`python -m pipeline.cli`: the `trials` command line."""

import sys

from pipeline.cli.app import main

sys.exit(main())
