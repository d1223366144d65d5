"""Rules of the portal as plain functions: tracking codes, plain text, deadlines, and the
removal of personal data from everything published of an item."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import date

from nq57.core.calendar import add_working_days

# No 0/O, 1/I/L: a code read over the phone or copied by hand is not mistaken.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DEFAULT_WORKING_DAYS = 15
KEEP_YEARS = 5


def new_tracking_code() -> str:
    """A code that cannot be guessed from another one: 'PA-7K3M-Q9TX' (40 bits)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"PA-{chars[:4]}-{chars[4:]}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    """Text as it is kept: NFC, control and direction-override characters removed, line ends
    unified. It is shown escaped everywhere; this only keeps it honest to read."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def reachable(phone: str, email: str) -> bool:
    """A sender must be reachable: by phone or by e-mail."""
    return bool(phone.strip() or email.strip())


def answer_due(routed_on: date, working_days: int) -> date:
    """The day a body must have answered: working days after it received the item, weekends
    and Vietnamese public holidays excluded."""
    return add_working_days(routed_on, working_days)


def keep_until(received_on: date) -> date:
    """Items are kept at least five years (29 February becomes 28 February)."""
    try:
        return received_on.replace(year=received_on.year + KEEP_YEARS)
    except ValueError:
        return received_on.replace(year=received_on.year + KEEP_YEARS, day=28)


HIDDEN = "[…]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese phone numbers: 0 or +84 then 9 digits, with optional spaces, dots or dashes.
PHONE = re.compile(r"(?<![\w])(?:\+84|0)(?:[\s.-]?\d){9}(?!\d)")
# Identity numbers: 9 digits (old card) or 12 (citizen card), the 12 also as people group
# them with spaces (001 203 004 567, 0012 0300 4567). Dots are left alone: 123.456.789.012 is
# how an amount of money is written.
IDENTITY = re.compile(r"(?<!\d)(?:\d{12}|\d{9}|\d{3}(?: \d{3}){3}|\d{4}(?: \d{4}){2})(?!\d)")
# The sender's details, removed from whatever the public reads of their item.
PERSONAL_FIELDS = (
    "contact_name",
    "contact_address",
    "contact_phone",
    "contact_email",
    "identity_number",
)
# What the public reads of a published item, each field beside its redacted copy.
PUBLISHED_FIELDS = {
    "title": "public_title",
    "content": "public_content",
    "legal_reference": "public_legal_reference",
    "answer": "public_answer",
}
# The published copies the public search looks in.
SEARCHED_FIELDS = ("public_title", "public_content", "public_answer")


def redact(text: str, personal: list[str]) -> str:
    """The text without personal data: e-mail addresses, phone and identity numbers, and
    each of `personal` (the sender's name, address, identity number, …) wherever it appears,
    case ignored, a number also with spaces, dots or dashes between its digits."""
    result = EMAIL.sub(HIDDEN, text)
    result = PHONE.sub(HIDDEN, result)
    result = IDENTITY.sub(HIDDEN, result)
    for value in sorted({p.strip() for p in personal if p and len(p.strip()) >= 3}, key=len)[::-1]:
        result = re.sub(_written_anyhow(value), HIDDEN, result, flags=re.IGNORECASE)
    return result


def _written_anyhow(value: str) -> str:
    """A pattern for `value` however it is spaced: any run of spaces for a space and, in a
    number, any spaces, dots or dashes between its digits."""
    if value.isdigit():
        return r"(?<!\d)" + r"[\s.-]*".join(value) + r"(?!\d)"
    return r"\s+".join(re.escape(word) for word in value.split())


def published_copy(original: dict[str, str], personal: list[str]) -> dict[str, str]:
    """What the public reads of an item (`original`: its fields by name, the answer
    included), each field redacted, by the name of its published copy."""
    return {public: redact(original[name], personal) for name, public in PUBLISHED_FIELDS.items()}
