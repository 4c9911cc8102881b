"""`python -m trials`: the `trials` command line."""

import sys

from trials.app import main

sys.exit(main())
