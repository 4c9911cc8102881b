"""cramp-trials: the trials of each topic: ClinicalTrials.gov API v2 -> DuckDB -> ranked lists."""

__version__ = "0.1.0"
