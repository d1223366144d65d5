"""Roles a user holds in an organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    REPORTER = "reporter", _("Reporter")
    APPROVER = "approver", _("Approver")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    # System-wide: sees and administers everything, whatever the organisation it sits in.
    SECRETARIAT = "secretariat", _("Secretariat")
    # Nation-wide and read-only, for inspection bodies (UBKTTW, TTCP): sees everything the
    # secretariat sees, changes nothing.
    INSPECTOR = "inspector", _("Inspector")


# Roles that may enter progress and request completion or extension for their tasks.
REPORTING_ROLES = frozenset({Role.REPORTER, Role.APPROVER, Role.ORG_ADMIN})
# Roles that may decide on behalf of an assigning organisation.
DECIDING_ROLES = frozenset({Role.APPROVER, Role.ORG_ADMIN})
# Roles that see everything in the country, whatever the organisation they sit in.
NATIONWIDE_ROLES = frozenset({Role.SECRETARIAT, Role.INSPECTOR})
# Roles whose holders must sign in with a second factor (when NQ57_REQUIRE_2FA is on).
SECOND_FACTOR_ROLES = frozenset({Role.SECRETARIAT, Role.APPROVER, Role.ORG_ADMIN, Role.INSPECTOR})


class TokenScope(models.TextChoices):
    """What an API token may do: read only, or read and write."""

    READ = "read", _("Read")
    READ_WRITE = "read_write", _("Read and write")
