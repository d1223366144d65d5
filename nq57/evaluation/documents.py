"""The year's evaluation as documents for the emulation and rewards council: a workbook
(openpyxl) and a PDF (WeasyPrint) under the Decree 30 national header, with the record of its
figures embedded; the PDF is signed by `evaluation_export --sign-with` (reports' `sign_pdf`)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook

from nq57.core.exchange.formulas import neutralise
from nq57.reports.documents.text import ISSUER, MOTTO, NATION, dated_line, day

from .labels import BANDS, CRITERIA, reason_text
from .rules import CRITERIA as CRITERION_CODES
from .rules import Band
from .selectors import Sheet, YearEvaluation

RECORD_NAME = "evaluation.json"


def _rounded(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.01")))


def record(evaluation: YearEvaluation) -> dict[str, Any]:
    """Every figure the documents state, by organisation code (what a reader can recompute)."""
    return {
        "year": evaluation.year,
        "as_of": evaluation.as_of.isoformat(),
        "scheme": None if evaluation.scheme is None else evaluation.scheme.version,
        "sheets": {
            sheet.org.code: {
                "band": None if sheet.band is None else sheet.band.value,
                "score": _rounded(sheet.score.value),
                "criteria": {k: _rounded(v) for k, v in sheet.components.items()},
                "not_applicable": list(sheet.score.not_applicable),
                "rewards": [r.code for r in sheet.rewards],
                "criticism": [r.code for r in sheet.criticism],
            }
            for sheet in evaluation.sheets
        },
    }


def _band(sheet: Sheet) -> str:
    return "" if sheet.band is None else str(BANDS[sheet.band])


def _reasons(reasons: list[Any]) -> str:
    return "; ".join(reason_text(reason) for reason in reasons)


def evaluation_xlsx(evaluation: YearEvaluation) -> bytes:
    """One row per organisation (band, score, each criterion, proposals and reasons), and the
    scheme it was classified by."""
    with translation.override("vi"):
        workbook = Workbook()
        sheet = workbook.worksheets[0]
        sheet.title = f"Đánh giá {evaluation.year}"
        version = "" if evaluation.scheme is None else evaluation.scheme.version
        sheet.append(
            [f"Đánh giá, xếp loại năm {evaluation.year}, tính đến {day(evaluation.as_of)}"]
        )
        sheet.append([f"Phiên bản thang xếp loại: {version}"])
        sheet.append([])
        sheet.append(
            ["Mã", "Cơ quan, địa phương", "Xếp loại", "Điểm"]
            + [str(CRITERIA[name]) for name in CRITERION_CODES]
            + ["Tiêu chí không áp dụng", "Đề nghị khen thưởng", "Đề nghị phê bình"]
        )
        for one in evaluation.sheets:
            sheet.append(
                [one.org.code, neutralise(one.org.name), _band(one), _rounded(one.score.value)]
                + [_rounded(one.components.get(name)) for name in CRITERION_CODES]
                + [
                    ", ".join(str(CRITERIA[n]) for n in one.score.not_applicable),
                    neutralise(_reasons(one.rewards)),
                    neutralise(_reasons(one.criticism)),
                ]
            )
        if evaluation.scheme is not None:
            scheme = workbook.create_sheet("Thang xếp loại")
            scheme.append(["Phiên bản", evaluation.scheme.version])
            scheme.append(["Áp dụng từ", day(evaluation.scheme.valid_from)])
            scheme.append(["Căn cứ", neutralise(evaluation.scheme.source)])
            for name, weight in evaluation.scheme.weights.items():
                scheme.append([f"Trọng số: {CRITERIA[name]}", weight])
            for band, lowest in evaluation.scheme.thresholds.items():
                scheme.append([f"Điểm tối thiểu: {BANDS[Band(band)]}", float(lowest)])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def evaluation_pdf(evaluation: YearEvaluation) -> bytes:
    """The council's document, unsigned, its record embedded as `evaluation.json`."""
    # Imported here, as reports does: WeasyPrint is slow to import and logs doing so.
    from weasyprint import HTML, Attachment

    data = json.dumps(record(evaluation), ensure_ascii=False, sort_keys=True)
    with translation.override("vi"):
        html = render_to_string(
            "evaluation/document.html",
            {
                "evaluation": evaluation,
                "issuer": ISSUER,
                "nation": NATION,
                "motto": MOTTO,
                "dated": dated_line(evaluation.as_of),
                "rows": [
                    (one, _band(one), _reasons(one.rewards), _reasons(one.criticism))
                    for one in evaluation.sheets
                ],
            },
        )
    attachment = Attachment(string=data, base_url=None, name=RECORD_NAME)
    return bytes(HTML(string=html).write_pdf(attachments=[attachment]))
