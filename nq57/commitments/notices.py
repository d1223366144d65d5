"""What officials are told about commitments: the judgement recorded at a commitment's date,
one kind per outcome so that each reads as a sentence in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nq57.notices import kinds

from .choices import Outcome

JUDGED = {
    Outcome.KEPT: kinds.register(
        "commitment.kept",
        _("The commitment of {leader} ({org}) due {due_on} was judged kept"),
    ),
    Outcome.PARTLY: kinds.register(
        "commitment.partly",
        _("The commitment of {leader} ({org}) due {due_on} was judged partly kept ({share}%)"),
    ),
    Outcome.BROKEN: kinds.register(
        "commitment.broken",
        _("The commitment of {leader} ({org}) due {due_on} was judged broken"),
    ),
}
