"""The places an item names, and whether it is a local matter.

A gazetteer maps each province's names (today's, the common short forms, and the provinces
and cities merged into it in 2025, which people go on writing) to its code. A name alone does
not make a matter local — "ở Nghệ An cũng vậy, nhưng quy định của Bộ..." is the ministry's —
so the model decides local against national (its `LOCAL` class, learnt from the provinces'
remit and from items routed to provinces); the places only say which province. Pure: words
in, codes out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from nq57.core.text import search_words

# The model's class for "a province answers this": replaced by the province named.
LOCAL = "LOCAL"
Gazetteer = Mapping[tuple[str, ...], str]


def gazetteer(names_by_code: Mapping[str, Iterable[str]]) -> dict[tuple[str, ...], str]:
    """Each name's folded words to its province; a name two provinces share (a former
    district's, say) names neither."""
    found: dict[tuple[str, ...], str] = {}
    shared: set[tuple[str, ...]] = set()
    for code, names in names_by_code.items():
        for name in names:
            key = tuple(search_words(name))
            if not key:
                continue
            if key in found and found[key] != code:
                shared.add(key)
            found[key] = code
    return {key: code for key, code in found.items() if key not in shared}


def places_named(words: Sequence[str], places: Gazetteer) -> list[str]:
    """The provinces named, the most named first (then the first named): the longest name
    at each position wins, so "ho chi minh" is not read as "minh"."""
    longest = max((len(key) for key in places), default=0)
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            code = places.get(tuple(words[position : position + size]))
            if code is not None:
                counts[code] = counts.get(code, 0) + 1
                first.setdefault(code, position)
                position += size
                break
        else:
            position += 1
    return sorted(counts, key=lambda code: (-counts[code], first[code]))
