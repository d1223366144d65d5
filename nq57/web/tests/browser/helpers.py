"""What the browser tests read off the pages: figures, counts, rows; axe; a small PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import FilePayload, Locator, Page

from nq57.core.text import fold_accents

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# WCAG 2.2's 2.5.8, targets of at least 24 × 24 px (or spaced so that a 24-px circle around each
# touches no other). Named as well as tagged: axe leaves it out of some tag sets.
AXE_RULES = {"target-size": {"enabled": True}}
BLOCKING_IMPACTS = {"serious", "critical"}


def number(text: str) -> int:
    """A figure as shown ('1290', '1.290', '1,290')."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


FIGURES_JS = """scope => Array.from(scope.querySelectorAll("a[data-figure]"), a => [
    a.dataset.figure, a.innerText, a.getAttribute("href")])"""


def _figures(triples: list[list[str]]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for key, text, href in triples:
        # The completed card's split reads "On time: 480"; the number is the last one.
        shown = re.findall(r"\d[\d.,]*", text)
        assert shown, f"figure {key} shows no number: {text!r}"
        found[key] = (number(shown[-1]), href)
    return found


def figures(scope: Locator) -> dict[str, tuple[int, str]]:
    """{data-figure key: (number shown, link)} of the figure links inside `scope`."""
    return _figures(scope.evaluate(FIGURES_JS))


def row_figures(page: Page, table: str) -> dict[str, dict[str, tuple[int, str]]]:
    """{data-org code: figures} of the rows of an organisation table, read in one go."""
    rows = page.locator(f"#{table} tbody tr[data-org]").evaluate_all(
        f"rows => rows.map(row => [row.dataset.org, ({FIGURES_JS})(row)])"
    )
    return {code: _figures(triples) for code, triples in rows}


def result_count(page: Page) -> int:
    """The task list's count of matching tasks (all pages)."""
    # A broad search's count arrives after its rows (htmx): wait for the number.
    return int(page.locator("#result-count[data-count]").get_attribute("data-count") or "-1")


def listed_count(page: Page, href: str) -> int:
    page.goto(href)
    return result_count(page)


def row_links(page: Page) -> Locator:
    """The task links of the list's shown rows."""
    return page.locator("#task-table tbody tr td:nth-child(2) > a")


def task_ids(page: Page) -> list[int]:
    hrefs = row_links(page).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [int(re.findall(r"/tasks/(\d+)/", href)[0]) for href in hrefs]


def fold(text: str) -> str:
    return fold_accents(text)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations of the page as it is now, and 2.2's target size."""
    # Evaluated through the browser's debugging protocol, not added as a <script>: the pages'
    # Content-Security-Policy refuses inline scripts, as it should.
    page.evaluate(AXE.read_text() + "\n;void 0")
    result: list[dict[str, Any]] = page.evaluate(
        """async ([tags, rules]) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 8).map(n => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }""",
        [AXE_TAGS, AXE_RULES],
    )
    return result


# The page's targets (links, buttons, fields) drawn smaller than 24 px either way, the
# visually hidden ones (a skip link until focused) and those no one can tap or reach (the date
# fields' calendar proxy: aria-hidden, out of the tab order, no pointer events) aside: a plain
# count of what WCAG 2.5.8 asks for, without axe's exception for targets spaced apart.
SMALL_TARGETS_JS = """() => {
    const targets = document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]');
    const small = [];
    for (const el of targets) {
        if (el.closest(".visually-hidden, .visually-hidden-focusable:not(:focus)")) continue;
        if (el.closest("[aria-hidden=true]") && el.tabIndex < 0
            && getComputedStyle(el).pointerEvents === "none") continue;
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
        if (box.width < 24 || box.height < 24) {
            small.push(el.tagName.toLowerCase() + " " + JSON.stringify(el.innerText.slice(0, 30))
                + " " + Math.round(box.width) + "×" + Math.round(box.height));
        }
    }
    return small;
}"""


def small_targets(page: Page) -> list[str]:
    """The visible targets under 24 × 24 px: tag, text and size of each."""
    found: list[str] = page.evaluate(SMALL_TARGETS_JS)
    return found


# A table cell, field or error message whose box leaves the viewport, the contents of scroll
# containers (.table-responsive) included: a column cut off on a phone is out of sight even when
# its container scrolls instead of the page. Closed <details> are opened first, so that their
# tables count too.
CUT_OFF_JS = """() => {
    for (const details of document.querySelectorAll("main details")) details.open = true;
    const width = document.documentElement.clientWidth;
    const cut = [];
    const shown = "main td, main th, main input:not([type=hidden]), main select, main textarea, "
        + "main .invalid-feedback";
    for (const el of document.querySelectorAll(shown)) {
        if (el.closest(".visually-hidden")) continue;
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
        if (box.left < -1 || box.right > width + 1) {
            cut.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " "
                + JSON.stringify(el.innerText.slice(0, 30)) + " "
                + Math.round(box.left) + "–" + Math.round(box.right) + " px");
        }
    }
    return cut;
}"""


def cut_off(page: Page) -> list[str]:
    """The visible cells, fields and errors of the main content that lie outside the viewport."""
    found: list[str] = page.evaluate(CUT_OFF_JS)
    return found


def blocking(violations: list[dict[str, Any]]) -> str:
    """The serious and critical violations, readable in an assertion message."""
    lines = []
    for v in violations:
        if v["impact"] in BLOCKING_IMPACTS:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


def payload(name: str, content: bytes, mime: str = "application/pdf") -> FilePayload:
    """A file for an upload field, made in memory."""
    return {"name": name, "mimeType": mime, "buffer": content}


def tiny_pdf(text: str = "NQ57 evidence") -> bytes:
    """A small valid one-page PDF 1.4, its cross-reference offsets computed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number_, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number_ + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
