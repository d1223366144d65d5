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
    """A "not ours": the item, the body that sent it back and why, and where the item was
    kept in the end (None while it waits to be sorted again)."""

    text: str
    declined_by: str
    reason: str
    kept_by: str | None


def decline_examples(
    declines: Iterable[Decline], names: Mapping[str, Sequence[str]]
) -> list[Example]:
    """What a "not ours" teaches. An item another body kept counts once more for it (its
    decision already counts once): a bounce cost its sender weeks, and the words that misled
    should weigh less. While the item waits, the body its reason names (by code or by
    name, in `names`), if it names exactly one other, is taken at its word."""
    found: list[Example] = []
    for decline in declines:
        if decline.kept_by is not None:
            if decline.kept_by != decline.declined_by:
                found.append(Example(decline.text, decline.kept_by, ITEM_WEIGHT))
            continue
        named = set(bodies_named(decline.reason, names)) - {decline.declined_by}
        if len(named) == 1:
            found.append(Example(decline.text, named.pop(), ITEM_WEIGHT))
    return found


def bodies_named(text: str, names: Mapping[str, Sequence[str]]) -> list[str]:
    """The bodies `text` names by one of their names (read as the suggester reads, so with
    or without diacritics), in the order of `names`."""
    read = f" {' '.join(reading_words(text))} "
    return [
        body
        for body, written in names.items()
        if any(f" {' '.join(reading_words(name))} " in read for name in written if name.strip())
    ]
