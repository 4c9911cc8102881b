"""The `trials` command line (the console script is trials:main).

app.py runs a command line; parser.py and examples.py declare it; jobs.py (refresh, demo,
import), reading.py (top, query, dashboard) and serving.py (emulator, serve) hold the commands.
"""

from trials.app import main

__all__ = ["main"]
