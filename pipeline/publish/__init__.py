"""Publish: the exports (v2, v1, CSV), their validation, the article page, fragment and full list,
the words they use, and the snapshot of the ctgov tables as Parquet and AACT's flat files."""
