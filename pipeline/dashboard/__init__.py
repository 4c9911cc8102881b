"""The dashboard: panels defined in dashboards/, their SQL, charts drawn as SVG, captions from the
charts' data.
"""
