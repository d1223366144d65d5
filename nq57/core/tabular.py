"""Superseded by `nq57.core.exchange`. `nq57.indicators.services` still reads `at_line` here
while it is being split (issue 10); delete this module once it imports the kit."""

from nq57.core.exchange.problems import at_line

__all__ = ["at_line"]
