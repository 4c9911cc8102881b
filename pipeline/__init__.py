"""Leg-cramp clinical trials: ClinicalTrials.gov API v2 -> DuckDB -> ranked top-trials list."""

__version__ = "0.1.0"
