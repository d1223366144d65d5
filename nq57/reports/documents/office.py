"""The report as DOCX (python-docx) and XLSX (openpyxl): the same words as the PDF, and in the
workbook also every figure of the record by name, so that a secretariat can reuse them."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook

from ..stated import Value
from .text import ReportText


def report_docx(text: ReportText) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for line, bold in ((text.issuer, True), (text.number, False)):
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = bold
    for line in (text.nation, text.motto):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    dated = document.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.add_run(text.dated).italic = True
    for line in (text.title, text.subject):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    for section in text.sections:
        document.add_paragraph().add_run(section.heading).bold = True
        for words in section.paragraphs:
            document.add_paragraph(words)
        if section.rows:
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in section.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
    signer = document.add_paragraph()
    signer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signer.add_run(f"{text.signer_title}\n\n\n{text.signer_name}").bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_xlsx(text: ReportText, record: dict[str, Value]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Báo cáo"
    for line in (text.issuer, text.number, text.dated, text.title, text.subject):
        sheet.append([line])
    for section in text.sections:
        sheet.append([])
        sheet.append([section.heading])
        for words in section.paragraphs:
            sheet.append([words])
        for label, value in section.rows:
            sheet.append([label, value])
    figures = workbook.create_sheet("Số liệu")
    figures.append(["Chỉ tiêu", "Giá trị"])
    for name, figure in record.items():
        figures.append([name, figure])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
