"""Jobs: the refresh (planning, steps, the run and its options), the import, and the site sync a run
ends with.
"""
