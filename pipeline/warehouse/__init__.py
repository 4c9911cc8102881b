"""The DuckDB file: connect, land raw records, seed, rebuild the tables (in full or incrementally),
checks, build files, publish, run history.
"""
