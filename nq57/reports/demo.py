"""The demo's signed report: the progress report as of the demo's day, signed with a demo key
made on the spot (and thrown away) and filed by the secretariat, so that `make run` shows a
report to download and verify."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from nq57.core.actors import SYSTEM

from .demo_key import write_demo_key
from .documents.pdf import report_pdf, sign_pdf
from .documents.text import report_text
from .models import IssuedReport
from .sections import report_figures
from .services import report_file
from .stated import stated

DEMO_NUMBER = "Số: 01/BC-BCĐ (demo)"
DEMO_SIGNER = "Nguyễn Văn An (demo)"


def report_demo_is_loaded() -> bool:
    return IssuedReport.objects.filter(number=DEMO_NUMBER).exists()


def load_report_demo(today: date) -> IssuedReport:
    figures = report_figures(today)
    text = report_text(figures, number=DEMO_NUMBER, signer_name=DEMO_SIGNER)
    pdf = report_pdf(text, stated(figures))
    with tempfile.TemporaryDirectory() as place:
        passphrase = b"demo"
        key = write_demo_key(Path(place) / "demo.p12", passphrase, name=DEMO_SIGNER)
        signed = sign_pdf(pdf, key, passphrase, reason="Báo cáo tình hình thực hiện NQ57")
    return report_file(SYSTEM, content=signed, number=DEMO_NUMBER)
