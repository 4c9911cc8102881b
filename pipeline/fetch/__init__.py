"""Fetch: the ClinicalTrials.gov API v2 client (HTTP only) and the readers of downloaded record
files."""
