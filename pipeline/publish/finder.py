"""The trial finder's rules in Python: the same filters and distance sort the page's script runs
(pipeline/templates/finder.js.j2), so tests can check what a browser shows against the export."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Mean Earth radius (IUGG), km: the haversine distance on a sphere, within 0.5% of the ellipsoid.
EARTH_RADIUS_KM = 6371.0088
# One record can list 100,000 sites: the page carries at most this many distinct site
# coordinates per trial for the distance filter (the registry geocodes sites by city, and the
# largest real trials have a few thousand sites in fewer cities), and offers the cities of at
# most PLACE_SITES sites per trial in its "Near" list. The export keeps every site.
MAX_POINTS = 1000
PLACE_SITES = 100


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def site_points(trial: dict) -> list[tuple[float, float]]:
    """Return the distinct (latitude, longitude) of the trial's sites, in site order, at most
    MAX_POINTS: what the page's distance filter measures from."""
    points: dict[tuple[float, float], None] = {}
    for loc in trial["locations"]:
        if loc["latitude"] is not None and loc["longitude"] is not None:
            points.setdefault((loc["latitude"], loc["longitude"]))
            if len(points) == MAX_POINTS:
                break
    return list(points)


def points_attribute(trial: dict) -> str:
    """Return the page's data-coords value of a trial: 'lat,lon;lat,lon' (site_points)."""
    return ";".join(f"{lat},{lon}" for lat, lon in site_points(trial))


def nearest_km(trial: dict, lat: float, lon: float) -> float | None:
    """Return the distance in km from (lat, lon) to the trial's nearest site with coordinates
    (of its site_points, as the page measures)."""
    distances = [haversine_km(lat, lon, a, b) for a, b in site_points(trial)]
    return min(distances) if distances else None


@dataclass(frozen=True)
class Filters:
    """What a reader chose in the finder; None (or False) means no filter."""

    open_only: bool = False
    age: float | None = None
    sex: str | None = None  # FEMALE or MALE
    place: tuple[float, float] | None = None
    within_km: float | None = None
    nearest_first: bool = False


def matches(trial: dict, f: Filters) -> bool:
    """True when the trial passes every filter; an unknown age limit or sex never excludes."""
    if f.open_only and not trial["open_to_enrol"]:
        return False
    e = trial["eligibility"] or {}
    if f.age is not None:
        low, high = e.get("minimum_age_years"), e.get("maximum_age_years")
        if (low is not None and f.age < low) or (high is not None and f.age > high):
            return False
    if f.sex and e.get("sex") not in (None, "ALL", f.sex):
        return False
    if f.place is not None and f.within_km is not None:
        distance = nearest_km(trial, *f.place)
        if distance is None or distance > f.within_km:
            return False
    return True


def find(trials: list[dict], f: Filters) -> list[str]:
    """Return the NCT ids the finder shows for `f`, in the order it shows them."""
    shown = [t for t in trials if matches(t, f)]
    place = f.place
    if place is not None and f.nearest_first:

        def key(t: dict) -> tuple[float, int]:
            distance = nearest_km(t, *place)
            return (math.inf if distance is None else distance, t["rank"])

        shown.sort(key=key)
    return [t["nct_id"] for t in shown]


def places(trials: list[dict]) -> list[tuple[str, list[dict]]]:
    """Return the places the finder offers: per country (sorted), its cities with coordinates.

    Each city is {label, lat, lon}: 'City, State' (state when given), the registry's
    coordinates of that city, first seen wins. The first PLACE_SITES sites of each trial count.
    """
    by_country: dict[str, dict[str, dict]] = {}
    for t in trials:
        for loc in t["locations"][:PLACE_SITES]:
            if loc["latitude"] is None or loc["longitude"] is None or not loc["city"]:
                continue
            country = loc["country"] or "Country not listed"
            label = ", ".join(v for v in (loc["city"], loc["state"]) if v)
            by_country.setdefault(country, {}).setdefault(
                label, {"label": label, "lat": loc["latitude"], "lon": loc["longitude"]}
            )
    return [
        (country, sorted(cities.values(), key=lambda c: c["label"].casefold()))
        for country, cities in sorted(by_country.items(), key=lambda kv: kv[0].casefold())
    ]
