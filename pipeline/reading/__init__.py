"""Reading the published file: the top list, the query library, run summaries."""
