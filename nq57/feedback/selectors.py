"""Every read of the portal. The public sees published items (answered, answer published)
and the status of an item whose tracking code it holds; personal data never leaves the
people handling the item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from django.db.models import (
    Avg,
    BigIntegerField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from nq57.accounts.access import Actor, scope_of, subtree_with_role
from nq57.accounts.choices import REPORTING_ROLES
from nq57.core.actors import user_id_of
from nq57.core.models import AuditEvent
from nq57.core.text import search_words
from nq57.orgs.choices import OrgKind
from nq57.orgs.models import Organization, Remit

from . import permissions
from .choices import OPEN_WITH_BODY, ItemStatus
from .events import ITEM_DECLINED, PUBLIC_MOVES
from .models import Item


@dataclass(frozen=True)
class Counters:
    received: int
    answered: int
    answered_on_time: int


def counters() -> Counters:
    """The home page's figures, in one query."""
    row = Item.objects.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(status=ItemStatus.ANSWERED)),
        on_time=Count(
            "pk", filter=Q(status=ItemStatus.ANSWERED, answered_at__date__lte=F("due_on"))
        ),
    )
    return Counters(row["received"], row["answered"], row["on_time"])


def published() -> QuerySet[Item]:
    return Item.objects.published()


def search_published(text: str) -> QuerySet[Item]:
    """Published items whose published title, content or answer (personal data removed) hold
    the words in a row, accents ignored; the newest first."""
    items = published().select_related("field").order_by("-answered_at", "-pk")
    words = search_words(text)
    if words:
        items = items.filter(search_text__contains=f" {' '.join(words)} ")
    return items


@dataclass(frozen=True)
class Move:
    """One move in an item's public history: when, which kind, and what the public reads
    (the body's name at most; never who did it or why)."""

    at: datetime
    kind: str
    sentence: str


def item_history(item: Item) -> list[Move]:
    """The public history of an item, oldest first: its moves in the audit trail, each with
    the current name of the body it concerns (one query)."""
    body_id = Cast(KT("data__body"), BigIntegerField())
    body = Organization.objects.filter(pk=OuterRef("body_id"))
    rows = (
        AuditEvent.objects.filter(
            subject_type=Item._meta.model_name, subject_id=item.pk, event__in=PUBLIC_MOVES
        )
        .annotate(
            body_id=body_id,
            body_vi=Subquery(body.values("name_vi")[:1]),
            body_en=Subquery(body.values("name_en")[:1]),
        )
        .order_by("occurred_at", "id")
        .values_list("occurred_at", "event", "body_vi", "body_en")
    )
    moves = []
    for at, code, body_vi, body_en in rows:
        kind = PUBLIC_MOVES[code]
        name = Organization(name_vi=body_vi, name_en=body_en or "").name if body_vi else ""
        moves.append(Move(at, kind.value, str(kind.label).format(body=name)))
    return moves


@dataclass(frozen=True)
class PublicItem:
    """An item as the public reads it: its published copies, personal data removed (the
    item's own fields are never shown: only `title`, `content`, `legal_reference`,
    `answer`)."""

    item: Item
    title: str
    content: str
    legal_reference: str
    answer: str
    history: list[Move]
    supporters: int


def public_item(code: str) -> PublicItem:
    item = published().select_related("field", "body").filter(tracking_code=code).first()
    if item is None:
        raise Http404
    return PublicItem(
        item,
        item.public_title,
        item.public_content,
        item.public_legal_reference,
        item.public_answer,
        item_history(item),
        item.supports.count(),
    )


@dataclass(frozen=True)
class Tracked:
    """What a tracking code tells whoever holds it: where the item stands, not what it says."""

    item: Item
    history: list[Move]
    is_published: bool


def tracked(code: str) -> Tracked:
    item = (
        Item.objects.select_related("body", "field")
        .filter(tracking_code=code.strip().upper())
        .first()
    )
    if item is None:
        raise Http404
    return Tracked(
        item,
        item_history(item),
        item.status == ItemStatus.ANSWERED and bool(item.public_answer),
    )


def get_item_for_handler(actor: Actor, code: str) -> Item:
    """An item for the people handling it (and its sender); 404 for anyone else."""
    item = Item.objects.select_related("body", "field", "sender").filter(tracking_code=code).first()
    if item is None or not permissions.can_see_personal_data(actor, item):
        raise Http404
    return item


def sent_by(actor: Actor) -> QuerySet[Item]:
    """The actor's own items, newest first (none for a visitor or the system)."""
    sender_id = user_id_of(actor)
    if sender_id is None:
        return Item.objects.none()
    return (
        Item.objects.filter(sender_id=sender_id)
        .select_related("field", "body")
        .order_by("-received_at")
    )


def triage_queue(actor: Actor) -> list[Item]:
    """Items waiting to be sorted, those sent back twice first, then the oldest (the
    secretariat's); empty for anyone else."""
    if not permissions.can_triage(actor):
        return []
    items = Item.objects.filter(status=ItemStatus.RECEIVED).select_related("field")
    return sorted(items.order_by("received_at")[:200], key=lambda item: not item.needs_attention)


def items_to_route(actor: Actor) -> QuerySet[Item]:
    """Every item waiting to be sorted, the oldest first (the secretariat's); none for
    anyone else."""
    if not permissions.can_triage(actor):
        return Item.objects.none()
    return (
        Item.objects.filter(status=ItemStatus.RECEIVED)
        .select_related("field", "body")
        .order_by("received_at", "pk")
    )


def items_to_answer(actor: Actor) -> QuerySet[Item]:
    """Items with the bodies the actor may answer for (`permissions.can_handle`: a reporting
    role there or above), the nearest deadline first; a viewer answers nothing."""
    return (
        Item.objects.filter(
            status__in=OPEN_WITH_BODY, body_id__in=subtree_with_role(actor, REPORTING_ROLES)
        )
        .select_related("body", "field")
        .order_by("due_on", "received_at", "pk")
    )


def items_handled_by(actor: Actor) -> QuerySet[Item]:
    """Every item the actor may open on the handling side (`permissions.can_see_personal_data`
    but for their own): all for the secretariat, else those with the bodies where they hold a
    reporting role or below them; newest first."""
    items = Item.objects.select_related("body")
    if not permissions.can_triage(actor):
        items = items.filter(body_id__in=subtree_with_role(actor, REPORTING_ROLES))
    return items.order_by("-received_at", "-pk")


def body_queue(actor: Actor) -> QuerySet[Item]:
    """Items with the bodies the actor handles for (their organisation and those below),
    the nearest deadline first."""
    scope = scope_of(actor)
    items = Item.objects.filter(status__in=OPEN_WITH_BODY).select_related("body", "field")
    if not scope.everything:
        items = items.filter(body_id__in=scope.subtree_org_ids())
    return items.order_by("due_on", "received_at")


@dataclass(frozen=True)
class BodyStats:
    """How a body handles what it receives: the portal's public league table."""

    code: str
    name: str
    received: int
    answered: int
    answered_on_time: int
    overdue_now: int
    median_days: float | None
    satisfaction: float | None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.answered_on_time / self.answered, 1) if self.answered else None


def body_stats(today: date) -> list[BodyStats]:
    """Per body that has received items: received, answered, answered on time, the median
    calendar days from routing to answer, overdue now, mean satisfaction; best on-time rate
    first (three queries)."""
    rows = (
        Item.objects.exclude(body=None)
        .order_by()
        .values("body_id")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(status=ItemStatus.ANSWERED)),
            on_time=Count(
                "pk", filter=Q(status=ItemStatus.ANSWERED, answered_at__date__lte=F("due_on"))
            ),
            overdue=Count("pk", filter=Q(status__in=OPEN_WITH_BODY, due_on__lt=today)),
            satisfaction=Avg("rating__satisfaction"),
        )
    )
    durations: dict[int, list[int]] = {}
    for body_id, routed_on, answered_at in Item.objects.filter(
        status=ItemStatus.ANSWERED, routed_on__isnull=False
    ).values_list("body_id", "routed_on", "answered_at"):
        if routed_on is not None and answered_at is not None and body_id is not None:
            days = (timezone.localdate(answered_at) - routed_on).days
            durations.setdefault(body_id, []).append(days)
    names = {o.pk: o for o in Organization.objects.filter(pk__in=[row["body_id"] for row in rows])}
    table = [
        BodyStats(
            names[row["body_id"]].code,
            names[row["body_id"]].name,
            row["received"],
            row["answered"],
            row["on_time"],
            row["overdue"],
            float(median(durations[row["body_id"]])) if row["body_id"] in durations else None,
            round(float(row["satisfaction"]), 2) if row["satisfaction"] is not None else None,
        )
        for row in rows
    ]
    return sorted(table, key=lambda s: (-(s.on_time_rate or -1), -s.answered, s.name))


def exportable(actor: Actor) -> QuerySet[Item]:
    """What an export holds: everything for the secretariat, a body's own items for its
    officials, the published items for anyone else."""
    return Item.objects.visible_to(actor).select_related("field", "body").order_by("received_at")


def remit_list(actor: Actor) -> list[Remit]:
    """Every remit for the secretariat, who edits them (Http404 for anyone else): the
    central bodies first, then the provinces' shared remit, then each province's names."""
    if not permissions.can_edit_remits(actor):
        raise Http404
    remits = Remit.objects.select_related("organization", "edited_by").only(
        "scope",
        "source_version",
        "updated_at",
        "organization__code",
        "organization__name_vi",
        "organization__name_en",
        "organization__kind",
        "organization__path",
        "edited_by__username",
        "edited_by__full_name",
    )

    def place(remit: Remit) -> tuple[int, str]:
        org = remit.organization
        return (REMIT_GROUPS.index(remit_group(remit)), org.path if org else remit.scope)

    return sorted(remits, key=place)


# The groups of the remit list, in its order.
REMIT_GROUPS = ("bodies", "shared", "provinces")


def remit_group(remit: Remit) -> str:
    """A body's remit, the one every province shares, or a province's (its place names)."""
    org = remit.organization
    if org is None:
        return "shared"
    return "provinces" if org.kind == OrgKind.PROVINCE else "bodies"


def get_remit_for_editor(actor: Actor, scope: str) -> Remit:
    """One remit for the secretariat; Http404 for anyone else and for a scope with none."""
    if not permissions.can_edit_remits(actor):
        raise Http404
    found = Remit.objects.select_related("organization", "edited_by").filter(scope=scope).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class SentBack:
    """The "not ours" of one item: the bodies that sent it back and their reasons."""

    codes: frozenset[str]
    reasons: tuple[str, ...]


def sent_back(items: QuerySet[Item]) -> dict[int, SentBack]:
    """Each of `items` ever sent back, by its pk: the codes of the bodies that sent it back
    and their reasons (two queries, whatever the number of items)."""
    events = AuditEvent.objects.filter(
        event=ITEM_DECLINED.code, subject_type="item", subject_id__in=items.values("pk")
    ).order_by("pk")
    moves = list(events.values_list("subject_id", "data"))
    codes = dict(
        Organization.objects.filter(pk__in={data.get("body") for _, data in moves}).values_list(
            "pk", "code"
        )
    )
    found: dict[int, tuple[set[str], list[str]]] = {}
    for pk, data in moves:
        bodies, reasons = found.setdefault(pk, (set(), []))
        if (code := codes.get(data.get("body"))) is not None:
            bodies.add(code)
        reasons.append(str(data.get("reason", "")))
    return {pk: SentBack(frozenset(b), tuple(r)) for pk, (b, r) in found.items()}
