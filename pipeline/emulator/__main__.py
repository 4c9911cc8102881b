"""Run the emulator: python -m pipeline.emulator --corpus corpus --port 8000."""

from pipeline.emulator.server import main

raise SystemExit(main())
