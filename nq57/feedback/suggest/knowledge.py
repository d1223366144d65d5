"""What the suggester learns from: each body's remit, on the first day, and every routing
decision of the secretariat after it, and every "not ours" with its reason. Pure:
`remit_examples`, `decision_examples` and `decline_examples` turn them into examples."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .examples import Example
from .places import LOCAL
from .reading import reading_words

# An item (written as senders write, or routed by the secretariat) says more about real items
# than a line of a remit: it counts for this many.
ITEM_WEIGHT = 3.0
# Terms are single words or short phrases: read in small groups, as an item mentions them.
TERMS_PER_EXAMPLE = 4


@dataclass(frozen=True)
class RemitFacts:
    body: str  # an organisation's code, or LOCAL for the remit every province shares
    description: str
    fields: Sequence[str] = ()
    procedures: Sequence[str] = ()
    databases: Sequence[str] = ()
    terms: Sequence[str] = ()
    not_ours: Sequence[tuple[str, str]] = ()  # (topic, the body that answers it)


def _sentences(text: str) -> list[str]:
    parts = [part.strip() for part in text.replace(";", ".").split(".")]
    return [part for part in parts if len(part) > 3]


def remit_examples(remits: Iterable[RemitFacts], known: set[str]) -> list[Example]:
    """Every line of every remit as an example of its body; the whole remit once more as a
    long one; a topic another body answers as that body's (when it is one of `known`)."""
    found: list[Example] = []
    for remit in remits:
        lines = [
            *_sentences(remit.description),
            *remit.fields,
            *remit.procedures,
            *remit.databases,
        ]
        terms = list(remit.terms)
        lines += [
            ", ".join(terms[i : i + TERMS_PER_EXAMPLE])
            for i in range(0, len(terms), TERMS_PER_EXAMPLE)
        ]
        found += [Example(line, remit.body) for line in lines if line]
        whole = " ".join([remit.description, *remit.fields, *remit.procedures, *terms])
        if whole.strip():
            found.append(Example(whole, remit.body))
        found += [Example(topic, body) for topic, body in remit.not_ours if body in known and topic]
    return found


@dataclass(frozen=True)
class Decision:
    text: str
    body: str  # where the item was finally kept
    is_province: bool


def decision_examples(decisions: Iterable[Decision]) -> list[Example]:
    """Each item the secretariat routed and its body kept: an example of that body, or of
    the local class when a province kept it."""
    return [Example(d.text, LOCAL if d.is_province else d.body, ITEM_WEIGHT) for d in decisions]


@dataclass(frozen=True)
class Decline:
    """An item sent back ("not ours"): the bodies that sent it back and why, where it was
    kept in the end (None if nowhere yet), and whether it waits to be sorted again."""

    text: str
    declined_by: frozenset[str]
    reasons: tuple[str, ...]
    kept_by: str | None
    waiting: bool


# Words that, just before a body's name, say the matter is not that body's.
NEGATIONS = ("khong phai", "khong thuoc", "chu khong", "ngoai tham quyen")


def decline_examples(
    declines: Iterable[Decline], names: Mapping[str, Sequence[str]]
) -> list[Example]:
    """What a "not ours" teaches. An item another body kept counts once more for it (its
    decision already counts once): a bounce cost its sender weeks, and the words that misled
    should weigh less. While the item waits to be sorted again, the one body its reasons
    name (by code or by name, in `names`) that has not sent it back is taken at its word."""
    readings = name_readings(names)
    found: list[Example] = []
    for decline in declines:
        if decline.kept_by is not None:
            if decline.kept_by not in decline.declined_by:
                found.append(Example(decline.text, decline.kept_by, ITEM_WEIGHT))
            continue
        if not decline.waiting:
            continue  # refused, merged, or routed again: the secretariat has decided
        named: set[str] = set()
        for reason in decline.reasons:
            named.update(bodies_named(reason, readings))
        named -= decline.declined_by
        if len(named) == 1:
            found.append(Example(decline.text, named.pop(), ITEM_WEIGHT))
    return found


def name_readings(names: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Each body's names read as the suggester reads (accent-free words), once."""
    return {
        body: [" ".join(reading_words(name)) for name in written if reading_words(name)]
        for body, written in names.items()
    }


def bodies_named(text: str, readings: Mapping[str, Sequence[str]]) -> list[str]:
    """The bodies `text` names (by one of `readings`, see `name_readings`), in their order;
    a name just after a negation ("không phải Bộ Tài chính") does not count."""
    read = f" {' '.join(reading_words(text))} "
    found = []
    for body, written in readings.items():
        for name in written:
            at = read.find(f" {name} ")
            while at != -1 and read[:at].endswith(NEGATIONS):
                at = read.find(f" {name} ", at + 1)
            if at != -1:
                found.append(body)
                break
    return found
