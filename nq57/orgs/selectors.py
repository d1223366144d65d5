"""Reads of the organisation tree that other apps share: its roots (the top-level bodies)."""

from __future__ import annotations

from .models import PATH_SEPARATOR, Organization, OrganizationQuerySet


def top_level_orgs() -> OrganizationQuerySet:
    """The roots of the tree: steering committees, ministries and agencies, provinces."""
    return Organization.objects.filter(depth=0)


def root_ids() -> dict[int, int]:
    """Each organisation's top-level ancestor, for every organisation (one query)."""
    by_code: dict[str, int] = {}
    paths: list[tuple[int, str]] = []
    for pk, code, path in Organization.objects.values_list("pk", "code", "path"):
        by_code[code] = pk
        paths.append((pk, path))
    return {pk: by_code[_root_code(path)] for pk, path in paths}


def root_of(org_id: int) -> int:
    """The top-level ancestor of one organisation (two queries)."""
    path = Organization.objects.values_list("path", flat=True).get(pk=org_id)
    return Organization.objects.values_list("pk", flat=True).get(code=_root_code(path))


def _root_code(path: str) -> str:
    # A path lists the codes from the root: "/01/00070/" is commune 00070 of province 01.
    return path.split(PATH_SEPARATOR)[1]
