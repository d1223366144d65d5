"""The Vietnamese catalogue is complete, matches the source strings, and its .mo is current.

When one of these fails after a change to the source strings, run `make messages`, translate
what it reports as new (no empty or fuzzy entry may remain), and commit the .po and the .mo.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# The same extraction as `make messages` (Makefile, MESSAGES_OPTIONS); keep the two in step.
IGNORED = [".venv", "node_modules", "var", "bench"]

# msgstrs that may equal their msgid (codes, proper nouns); none so far.
SAME_AS_SOURCE: set[str] = set()

PRINTF = re.compile(r"%(?:\((?P<name>\w+)\))?[#0 +-]*(?:\*|\d+)?(?:\.\d+)?(?P<conv>[a-zA-Z%])")
BRACES = re.compile(r"\{\{|\}\}|\{[^{}]*\}")

Key = tuple[str | None, str, str | None]


def placeholders(entry: polib.POEntry, text: str) -> Counter[str]:
    """The placeholders a translation must keep, by the entry's format flag."""
    found: Counter[str] = Counter()
    if "python-format" in entry.flags:
        found.update(m.group(0) for m in PRINTF.finditer(text) if m.group("conv") != "%")
    if "python-brace-format" in entry.flags:
        found.update(m.group(0) for m in BRACES.finditer(text) if m.group(0) not in {"{{", "}}"})
    return found


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def shown(keys: set[Key]) -> list[str]:
    return sorted(msgid if context is None else f"{context}|{msgid}" for context, msgid, _ in keys)


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def entries(po: polib.POFile) -> Iterator[polib.POEntry]:
    return (e for e in po if not e.obsolete)


def test_vietnamese_has_one_plural_form(catalogue: polib.POFile) -> None:
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert catalogue.metadata["Language"] == "vi"
    assert not catalogue.metadata_is_fuzzy
    wrong = [e.msgid for e in entries(catalogue) if e.msgid_plural and len(e.msgstr_plural) != 1]
    assert wrong == [], "Vietnamese plural entries have exactly one form, msgstr[0]"


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue: polib.POFile) -> None:
    empty = [e.msgid for e in entries(catalogue) if not all(translations(e))]
    fuzzy = [e.msgid for e in entries(catalogue) if "fuzzy" in e.flags]
    assert empty == [], f"untranslated in {PO_PATH}"
    assert fuzzy == [], f"fuzzy (check, then remove the flag) in {PO_PATH}"


def test_translations_keep_the_placeholders_of_their_source(catalogue: polib.POFile) -> None:
    wrong = []
    for entry in entries(catalogue):
        expected = placeholders(entry, entry.msgid_plural or entry.msgid)
        for text in translations(entry):
            if placeholders(entry, text) != expected:
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_translations_are_vietnamese_in_nfc(catalogue: polib.POFile) -> None:
    not_nfc = [
        text
        for entry in entries(catalogue)
        for text in translations(entry)
        if unicodedata.normalize("NFC", text) != text
    ]
    copied = [
        e.msgid
        for e in entries(catalogue)
        if e.msgid not in SAME_AS_SOURCE and e.msgid in translations(e)
    ]
    assert not_nfc == []
    assert copied == [], "left in English (add codes and proper nouns to SAME_AS_SOURCE)"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    """The catalogue makemessages makes of the current source, in a copy of the tree.

    A copy, because makemessages writes beside the templates it reads and into the first
    locale directory above them, which would be the committed one."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install gettext (Debian: apt-get install gettext)")
    root = tmp_path_factory.mktemp("source")
    base = Path(settings.BASE_DIR)
    skip = shutil.ignore_patterns(".*", "__pycache__", "locale", *IGNORED)
    for item in base.iterdir():
        if skip(str(base), [item.name]):
            continue
        if item.is_dir():
            shutil.copytree(item, root / item.name, ignore=skip)
        else:
            shutil.copy2(item, root / item.name)
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[root / "locale"]):
        patch.chdir(root)
        call_command(
            "makemessages",
            locale=["vi"],
            ignore_patterns=IGNORED,
            no_location=True,
            no_obsolete=True,
            verbosity=0,
            stdout=StringIO(),
        )
    return polib.pofile(str(root / "locale" / "vi" / "LC_MESSAGES" / "django.po"))


def test_catalogue_holds_every_string_of_the_source(
    catalogue: polib.POFile, extracted: polib.POFile
) -> None:
    missing = shown({key(e) for e in entries(extracted)} - {key(e) for e in entries(catalogue)})
    assert missing == [], "new source strings: run `make messages` and translate them"


def test_catalogue_holds_no_string_the_source_dropped(
    catalogue: polib.POFile, extracted: polib.POFile
) -> None:
    stale = shown({key(e) for e in entries(catalogue)} - {key(e) for e in entries(extracted)})
    assert stale == [], "strings no longer in the source: run `make messages`"


def loaded(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        return dict(vars(gettext.GNUTranslations(handle))["_catalog"])


def test_compiled_catalogue_is_current(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt is missing: install gettext (Debian: apt-get install gettext)")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO_PATH)], check=True)
    assert loaded(MO_PATH) == loaded(fresh), "django.mo is stale: run `make messages`"
