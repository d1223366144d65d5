"""Numbers as the active language writes them (1.287,5 in Vietnamese, 1,287.5 in English),
for code that writes many: the `number` filter and tables joined in Python."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format, number_format


class Numbers:
    """Numbers as the active language writes them, its formats read once: for tables of many
    figures, where reading them for each number showed."""

    def __init__(self) -> None:
        # Both languages group by three; any other grouping is left to Django's formatter.
        self.by_three = get_format("NUMBER_GROUPING") == 3
        self.marks = str.maketrans(
            {",": get_format("THOUSAND_SEPARATOR"), ".": get_format("DECIMAL_SEPARATOR")}
        )

    def grouped(self, value: Decimal | int, places: int = 0) -> str:
        """`number_format(value, places, force_grouping=True)`, by Python's own formatting."""
        if not self.by_three:
            return number_format(value, places, force_grouping=True)
        exact = Decimal(value)  # not a float, whose digits run out past 2⁵³
        # Django writes a negative zero as zero, and so must we.
        return format(exact if exact else abs(exact), f",.{places}f").translate(self.marks)

    def rounded(self, value: Decimal | None, places: int) -> str:
        """`floatformat:places` for a share or score: rounded half up, "—" for none."""
        if value is None:
            return "—"
        return self.grouped(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), places)
