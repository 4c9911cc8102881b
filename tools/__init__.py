"""Generators the maintainers run (make docs, the enum tables); not part of the runtime or the
wheel."""
