"""Publish: the exports (v2, v1, CSV), their validation, the article page, fragment and full list,
and the words they use."""
