"""manage.py feedback_retention: the former name of `apply_retention`, which now applies
the portal's retention together with every other category's; kept for scripts and cron
lines that name it."""

from nq57.core.management.commands.apply_retention import Command as ApplyRetention


class Command(ApplyRetention):
    help = "The same as apply_retention (its former name)."
