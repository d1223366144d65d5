"""Training the suggester from the database, keeping its versions, and loading the one in use.

`train_suggester` runs in the worker (`manage.py suggester_train`, hourly: a new version only
when a remit or a decision changed) and in commands; never inside a request. A version's file
lives under the var directory, checked by its digest when a process loads it; the newest
version is the one in use, and each process loads it once."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from nq57.orgs.choices import OrgKind
from nq57.orgs.models import PROVINCES, Organization, Remit

from ..choices import ItemStatus
from ..models import Item, SuggesterVersion
from ..selectors import sent_back
from .examples import Example
from .knowledge import (
    ITEM_WEIGHT,
    Decision,
    Decline,
    RemitFacts,
    decision_examples,
    decline_examples,
    remit_examples,
)
from .places import LOCAL, gazetteer
from .reading import item_text

if TYPE_CHECKING:  # the model loads scikit-learn: imported where a model is built or read
    from .model import Suggester

# Items written by hand as citizens, businesses and scientists write, each with the body that
# answers it (a province's code for a local matter): with the remits, what the suggester knows
# on its first day. Written apart from the evaluation set under bench/, which nothing here
# reads.
EXAMPLE_ITEMS_FILE = Path(__file__).resolve().parent.parent / "data" / "example_items.jsonl"
# The versions whose files are kept (the newest first).
KEPT_VERSIONS = 3


def suggester_dir() -> Path:
    return Path(settings.NQ57_SUGGESTER_DIR)


def remit_facts() -> tuple[list[RemitFacts], dict[str, list[str]]]:
    """The bodies' remits (the provinces' shared one as the local class) and the names of
    each province (its own names and the provinces merged into it)."""
    facts: list[RemitFacts] = []
    names: dict[str, list[str]] = {
        org.code: [org.name_vi]
        for org in Organization.objects.filter(kind=OrgKind.PROVINCE).only("code", "name_vi")
    }
    for remit in Remit.objects.select_related("organization").order_by("scope"):
        org = remit.organization
        if remit.scope == PROVINCES:
            facts.append(RemitFacts(LOCAL, remit.description, terms=remit.terms))
        elif org is not None and org.kind == OrgKind.PROVINCE:
            names.setdefault(org.code, [org.name_vi]).extend(remit.place_names)
        elif org is not None and org.is_active:
            facts.append(
                RemitFacts(
                    org.code,
                    remit.description,
                    remit.fields,
                    remit.procedures,
                    remit.databases,
                    remit.terms,
                    [(entry["topic"], entry["body"]) for entry in remit.not_ours],
                )
            )
    return facts, names


def decisions() -> list[Decision]:
    """Every item a body kept after the secretariat routed it (handled or answered), oldest
    first."""
    kept = (
        Item.objects.filter(
            Q(status=ItemStatus.HANDLING) | Q(status=ItemStatus.ANSWERED), body__isnull=False
        )
        .order_by("pk")
        .values_list("title", "content", "kind", "field__name_vi", "body__code", "body__kind")
    )
    return [
        Decision(item_text(title, content, kind, field or ""), code, body_kind == OrgKind.PROVINCE)
        for title, content, kind, field, code, body_kind in kept
    ]


def declines() -> list[Decline]:
    """Every item ever sent back ("not ours"), oldest first: the bodies that sent it back and
    their reasons, where it was kept in the end, and whether it waits to be sorted again."""
    bounced = Item.objects.filter(bounces__gt=0)
    found = sent_back(bounced)
    items = bounced.filter(pk__in=list(found)).select_related("field", "body").order_by("pk")
    return [
        Decline(
            item_text(
                item.title, item.content, item.kind, item.field.name_vi if item.field else ""
            ),
            found[item.pk].codes,
            found[item.pk].reasons,
            _kept_by(item),
            item.status == ItemStatus.RECEIVED,
        )
        for item in items
    ]


def _kept_by(item: Item) -> str | None:
    """The class of the body that kept the item (handled or answered), if one did."""
    if item.body is None or item.status not in (ItemStatus.HANDLING, ItemStatus.ANSWERED):
        return None
    return LOCAL if item.body.kind == OrgKind.PROVINCE else item.body.code


def body_names(known: set[str]) -> dict[str, list[str]]:
    """The names a reason may call each known body by: its code and its name."""
    return {
        code: [code, name]
        for code, name in Organization.objects.filter(code__in=known).values_list("code", "name_vi")
    }


def example_items() -> list[Example]:
    """The shipped example items: a province's item is an example of the local class."""
    found = []
    for line in EXAMPLE_ITEMS_FILE.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        text = item_text(
            item["title"],
            item["content"],
            str(item.get("kind") or ""),
            str(item.get("field") or ""),
        )
        body = str(item["body"])
        found.append(Example(text, LOCAL if body.isdigit() else body, ITEM_WEIGHT))
    return found


def train_suggester() -> tuple[Suggester, SuggesterVersion] | None:
    """A new version from today's remits and decisions (or the newest, if nothing changed);
    None while there is nothing to learn from (no remits loaded, no decisions)."""
    from .model import fingerprint, train

    started = time.monotonic()
    facts, names = remit_facts()
    known = {fact.body for fact in facts}
    decided = [d for d in decisions() if d.is_province or d.body in known]
    shipped = [e for e in example_items() if e.body in known]
    remits = remit_examples(facts, known)
    sent_back = [d for d in declines() if d.kept_by is None or d.kept_by in known]
    items = shipped + decision_examples(decided) + decline_examples(sent_back, body_names(known))
    if len({example.body for example in remits + items}) < 2:
        return None
    # A province's names edited (its remit's place names) make a new version too.
    version = fingerprint(remits + items, json.dumps(names, sort_keys=True, ensure_ascii=False))
    found = SuggesterVersion.objects.filter(version=version).first()
    if found is not None and (loaded := _load(found)) is not None:
        # The knowledge is back to what this version learnt (a restored remit): it is the
        # one to use again.
        if SuggesterVersion.objects.first() != found:
            found.in_use_since = timezone.now()
            found.save(update_fields=["in_use_since"])
        return loaded, found
    # This process may have trained the very same version already (the database's row and
    # file gone, as in a test's fresh database): the same examples give the same model.
    suggester = _cache.get(version) or train(remits, items, gazetteer(names))
    suggester.version = version
    return suggester, _save(
        suggester,
        remits=len(facts),
        decisions=len(decided),
        examples=len(remits) + len(items),
        seconds=time.monotonic() - started,
    )


def _save(suggester: Suggester, **facts: float) -> SuggesterVersion:
    import joblib

    folder = suggester_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # A name of its own: two workers training the same version never write one file.
    path = folder / f"{suggester.version}-{secrets.token_hex(4)}.joblib"
    joblib.dump(suggester, path, compress=3)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    saved, _ = SuggesterVersion.objects.update_or_create(
        version=suggester.version,
        defaults={
            "file_name": path.name,
            "file_sha256": digest,
            "temperature": suggester.temperature,
            "in_use_since": timezone.now(),
            **facts,
        },
    )
    with _lock:
        _cache.clear()  # one version in memory: the newest
        _cache[saved.version] = suggester
    _prune(folder, keep={v.file_name for v in SuggesterVersion.objects.all()[:KEPT_VERSIONS]})
    return saved


def _prune(folder: Path, keep: set[str]) -> None:
    """The files of versions no longer in use go; the newest few stay, to go back to."""
    for path in folder.glob("*.joblib"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


_cache: dict[str, Suggester] = {}
_lock = Lock()


def _load(version: SuggesterVersion) -> Suggester | None:
    """The version's model, from this process's memory or its file; None when the file is
    missing or not the one trained (its digest differs)."""
    with _lock:
        if version.version in _cache:
            return _cache[version.version]
        path = suggester_dir() / version.file_name
        try:
            content = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(content).hexdigest() != version.file_sha256:
            return None
        import joblib

        # The file is the worker's own, written under the var directory and checked by the
        # digest recorded beside it: no one else's pickle is ever loaded.
        suggester: Suggester = joblib.load(path)  # nosec B301
        _cache.clear()  # one version in memory: the newest
        _cache[version.version] = suggester
        return suggester


def current_suggester() -> tuple[Suggester, SuggesterVersion] | None:
    """The newest version in use, or None before the first training."""
    newest = SuggesterVersion.objects.first()
    if newest is None:
        return None
    loaded = _load(newest)
    return (loaded, newest) if loaded is not None else None
