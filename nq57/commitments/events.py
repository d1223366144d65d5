"""The audit events of leaders' commitments, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

LEADER_RECORDED = audit.register("leader.recorded", _("{actor} recorded leader {target}"))
COMMITMENT_RECORDED = audit.register(
    "commitment.recorded", _("{actor} recorded commitment {target}")
)
COMMITMENT_EDITED = audit.register("commitment.edited", _("{actor} edited commitment {target}"))
COMMITMENT_SIGNED = audit.register(
    "commitment.signed", _("{actor} uploaded the signed commitment {target}")
)
COMMITMENT_JUDGED = audit.register(
    "commitment.judged", _("The daily judge recorded the judgement of commitment {target}")
)
