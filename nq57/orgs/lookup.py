"""Finding an organisation by code or by name (DESIGN.md §6): NFC, case-insensitive, trimmed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nq57.core.text import name_key

from .models import Organization, OrganizationAlias


class OrgLookupError(ValueError):
    """The text names no organisation, or several."""


def _ambiguous(text: str, codes: list[str]) -> OrgLookupError:
    return OrgLookupError(
        _("ambiguous organisation '%(text)s': give the code (one of %(codes)s)")
        % {"text": text, "codes": ", ".join(sorted(codes)[:10])}
    )


def _unknown(text: str) -> OrgLookupError:
    return OrgLookupError(_("unknown organisation '%(text)s'") % {"text": text})


def resolve_org(text: str) -> Organization:
    """The one organisation whose code or name is `text`; one or two queries."""
    cleaned = text.strip()
    if "\x00" in cleaned:  # in no code or name, and PostgreSQL refuses it in a query
        raise _unknown(cleaned.replace("\x00", ""))
    by_code = Organization.objects.filter(code__iexact=cleaned).first()
    if by_code is not None:
        return by_code
    matches = list(
        Organization.objects.filter(
            pk__in=OrganizationAlias.objects.filter(key=name_key(cleaned)).values("organization")
        )
    )
    if not matches:
        raise _unknown(cleaned)
    if len(matches) > 1:
        raise _ambiguous(cleaned, [org.code for org in matches])
    return matches[0]


@dataclass
class OrgDirectory:
    """Every organisation's id by code and name, loaded once for imports of many rows."""

    by_code: dict[str, int] = field(default_factory=dict)
    codes_by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    code_of: dict[int, str] = field(default_factory=dict)
    path_of: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> OrgDirectory:
        directory = cls()
        for pk, code, path in Organization.objects.values_list("pk", "code", "path"):
            directory.by_code[code.casefold()] = pk
            directory.code_of[pk] = code
            directory.path_of[pk] = path
        for key, org_id in OrganizationAlias.objects.values_list("key", "organization_id"):
            directory.codes_by_key[key].append(directory.code_of[org_id])
        return directory

    def resolve(self, text: str) -> int:
        """The id of the organisation named `text`; raises OrgLookupError."""
        cleaned = text.strip()
        pk = self.by_code.get(cleaned.casefold())
        if pk is not None:
            return pk
        if cleaned.isdigit():
            # Spreadsheets drop leading zeros: 1 is province 01, 70 is commune 00070; where
            # both exist (4: province 04 or commune 00004) only the full code can tell.
            padded = [code for code in {cleaned.zfill(2), cleaned.zfill(5)} if code in self.by_code]
            if len(padded) > 1:
                raise _ambiguous(cleaned, padded)
            if padded:
                return self.by_code[padded[0]]
        codes = sorted(set(self.codes_by_key.get(name_key(cleaned), [])))
        if not codes:
            raise _unknown(cleaned)
        if len(codes) > 1:
            raise _ambiguous(cleaned, codes)
        return self.by_code[codes[0].casefold()]
