"""Jobs: the refresh (planning, steps, the run and its options), the import, and the site and
snapshot syncs a run ends with.
"""
