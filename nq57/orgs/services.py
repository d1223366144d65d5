"""Writes to the organisation tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import SYSTEM, Actor
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.core.text import name_key

from . import events
from .builtin import OrgSpec, all_builtin
from .choices import LOCAL_KINDS, OrgGroup, OrgKind
from .models import PATH_SEPARATOR, PROVINCES, Organization, OrganizationAlias, Remit
from .permissions import can_manage_organisations
from .remits import REMITS_FILE, read_remits


def _group_for(kind: str, parent: Organization | None) -> str:
    if kind in LOCAL_KINDS or (parent is not None and parent.group == OrgGroup.LOCAL):
        return OrgGroup.LOCAL
    return OrgGroup.CENTRAL


def _path_for(code: str, parent: Organization | None) -> str:
    prefix = parent.path if parent is not None else PATH_SEPARATOR
    return f"{prefix}{code}{PATH_SEPARATOR}"


def _alias_keys(name_vi: str, name_en: str, short_names: Iterable[str] = ()) -> set[str]:
    return {name_key(n) for n in (name_vi, name_en, *short_names) if n.strip()}


@transaction.atomic
def org_create(
    actor: Actor,
    *,
    code: str,
    name_vi: str,
    name_en: str = "",
    kind: str,
    parent: Organization | None = None,
) -> Organization:
    """Create one organisation (a unit under a ministry, say) with its look-up names."""
    _require_manager(actor)
    code = code.strip()
    if not code or PATH_SEPARATOR in code:
        raise ValidationFailed("invalid code", fields={"code": ["A code is required, no '/'."]})
    if Organization.objects.filter(code__iexact=code).exists():
        raise ValidationFailed("code taken", fields={"code": [f"Code {code} already exists."]})
    if kind not in OrgKind.values:
        raise ValidationFailed("invalid kind", fields={"kind": [f"Unknown kind {kind}."]})
    org = Organization.objects.create(
        code=code,
        name_vi=name_vi.strip(),
        name_en=name_en.strip(),
        kind=kind,
        parent=parent,
        group=_group_for(kind, parent),
        path=_path_for(code, parent),
        depth=0 if parent is None else parent.depth + 1,
    )
    OrganizationAlias.objects.bulk_create(
        OrganizationAlias(organization=org, key=key) for key in _alias_keys(name_vi, name_en)
    )
    audit.record(actor, events.ORG_CREATED, subject=org, data={"code": code})
    return org


@transaction.atomic
def org_update(actor: Actor, *, org: Organization, name_vi: str, name_en: str = "") -> Organization:
    """Rename an organisation; its code, kind and place in the tree stay."""
    _require_manager(actor)
    if not name_vi.strip():
        raise ValidationFailed("name required", fields={"name_vi": [_("A name is required.")]})
    org.name_vi, org.name_en = name_vi.strip(), name_en.strip()
    org.save(update_fields=["name_vi", "name_en", "updated_at"])
    _sync_aliases({org.pk: _alias_keys(org.name_vi, org.name_en)})
    audit.record(actor, events.ORG_UPDATED, subject=org, data={"code": org.code})
    return org


@transaction.atomic
def org_move(actor: Actor, *, org: Organization, parent: Organization | None) -> Organization:
    """Put an organisation (and everything below it) under another parent, or at the root."""
    _require_manager(actor)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if parent is not None and parent.is_within(org):
        raise ValidationFailed(
            "cycle", fields={"parent": [_("An organisation cannot move under itself.")]}
        )
    old_path, old_parent = org.path, org.parent.code if org.parent else None
    org.parent = parent
    org.group = _group_for(org.kind, parent)
    org.path = _path_for(org.code, parent)
    org.depth = 0 if parent is None else parent.depth + 1
    org.save(update_fields=["parent", "group", "path", "depth", "updated_at"])
    _move_descendants({old_path: org.path})
    audit.record(
        actor,
        events.ORG_MOVED,
        subject=org,
        data={"from": old_parent, "to": parent.code if parent else None},
    )
    return org


@transaction.atomic
def org_close(actor: Actor, *, org: Organization, on: date) -> Organization:
    """Close an organisation: it keeps its tasks and history and receives no new tasks."""
    _require_manager(actor)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not org.is_active:
        raise ValidationFailed("closed", fields={"is_active": [_("Already closed.")]})
    open_below = Organization.objects.subtree_of(org).exclude(pk=org.pk).filter(is_active=True)
    if open_below.exists():
        raise ValidationFailed(
            "open children",
            fields={"is_active": [_("Close or move the organisations below it first.")]},
        )
    org.is_active, org.closed_on = False, on
    org.save(update_fields=["is_active", "closed_on", "updated_at"])
    audit.record(actor, events.ORG_CLOSED, subject=org, data={"on": on.isoformat()})
    return org


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    moved: int = 0  # organisations whose place in the tree changed


@transaction.atomic
def orgs_load_builtin(actor: Actor = SYSTEM, specs: Iterable[OrgSpec] | None = None) -> LoadResult:
    """Create or update the built-in organisations; running it again changes nothing."""
    _require_manager(actor)
    existing = {org.code: org for org in Organization.objects.all()}
    created: list[Organization] = []
    updated: list[Organization] = []
    moves: dict[str, str] = {}  # old path -> new path
    unchanged = 0
    alias_keys: dict[str, set[str]] = {}
    fields = ("name_vi", "name_en", "kind", "group", "parent", "path", "depth")
    for spec in specs if specs is not None else all_builtin():
        parent = existing.get(spec.parent_code) if spec.parent_code else None
        values = {
            "name_vi": spec.name_vi,
            "name_en": spec.name_en,
            "kind": spec.kind.value,
            "group": _group_for(spec.kind, parent),
            "parent_id": parent.pk if parent is not None else None,
            "path": _path_for(spec.code, parent),
            "depth": 0 if parent is None else parent.depth + 1,
        }
        alias_keys[spec.code] = _alias_keys(spec.name_vi, spec.name_en, spec.short_names)
        org = existing.get(spec.code)
        if org is None:
            org = Organization(code=spec.code, **values)
            created.append(org)
            existing[spec.code] = org
            # Parents come before children in the specs, and children need the parent's pk.
            if spec.kind != OrgKind.COMMUNE:
                org.save()
        elif any(getattr(org, f) != v for f, v in values.items()):
            if org.path != values["path"]:
                moves[org.path] = str(values["path"])
            for name, value in values.items():
                setattr(org, name, value)
            updated.append(org)
        else:
            unchanged += 1
    Organization.objects.bulk_create([o for o in created if o.pk is None], batch_size=1000)
    Organization.objects.bulk_update(updated, fields, batch_size=1000)
    _move_descendants(moves)
    _sync_aliases({existing[code].pk: keys for code, keys in alias_keys.items()})
    audit.record_many(
        audit.build(actor, events.ORG_CREATED, subject=o, data={"code": o.code}) for o in created
    )
    audit.record_many(
        audit.build(actor, events.ORG_UPDATED, subject=o, data={"code": o.code}) for o in updated
    )
    return LoadResult(len(created), len(updated), unchanged, moved=len(moves))


def _move_descendants(moves: dict[str, str]) -> None:
    """Carry organisations the loader does not know (units created by hand) along with an
    ancestor that moved, so that subtrees stay prefixes."""
    for old, new in moves.items():
        below = Organization.objects.filter(path__startswith=old).exclude(path=new)
        for org in below:
            if org.path == old:
                continue
            org.path = new + org.path[len(old) :]
            org.depth = org.path.count(PATH_SEPARATOR) - 2
            # A subtree moved from the central to the local side (or back) changes group too.
            org.group = _group_for(org.kind, org.parent if org.parent_id else None)
            org.save(update_fields=["path", "depth", "group", "updated_at"])


def _sync_aliases(wanted: dict[int, set[str]]) -> None:
    have: dict[int, set[str]] = {}
    for org_id, key in OrganizationAlias.objects.filter(organization_id__in=wanted).values_list(
        "organization_id", "key"
    ):
        have.setdefault(org_id, set()).add(key)
    missing = [
        OrganizationAlias(organization_id=org_id, key=key)
        for org_id, keys in wanted.items()
        for key in keys - have.get(org_id, set())
    ]
    OrganizationAlias.objects.bulk_create(missing, batch_size=2000)


def _require_manager(actor: Actor) -> None:
    if not can_manage_organisations(actor):
        raise NotPermitted(_("Only the system and administrators change the organisation tree."))


@dataclass(frozen=True)
class RemitLoad:
    created: int
    updated: int
    kept: int  # edited by the secretariat: left as they left it
    unknown: list[str]  # codes in the file that name no organisation


@transaction.atomic
def remits_load(actor: Actor = SYSTEM, content: str | bytes | None = None) -> RemitLoad:
    """The shipped remits written to the organisations they describe (the file read whole
    first); a remit the secretariat edited is kept."""
    _require_manager(actor)
    version, specs = read_remits(REMITS_FILE.read_text("utf-8") if content is None else content)
    orgs = {org.code: org for org in Organization.objects.filter(depth=0)}
    existing = {remit.scope: remit for remit in Remit.objects.all()}
    created = updated = kept = 0
    unknown: list[str] = []
    for spec in specs:
        org = orgs.get(spec.scope)
        if org is None and spec.scope != PROVINCES:
            unknown.append(spec.scope)
            continue
        values = {"organization": org, **spec.texts(), "source_version": version}
        remit = existing.get(spec.scope)
        if remit is None:
            remit = Remit.objects.create(scope=spec.scope, **values)
            created += 1
        elif remit.edited_by_id is not None:
            kept += 1
            continue
        elif any(getattr(remit, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(remit, name, value)
            remit.save()
            updated += 1
        else:
            continue
        audit.record(actor, events.REMIT_LOADED, subject=remit, data={"version": version})
    return RemitLoad(created, updated, kept, unknown)
