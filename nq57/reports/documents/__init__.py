"""The report as a document: the words it states (`text`), and those words as PDF (HTML
through WeasyPrint, in the layout of an administrative document under Decree 30/2020/NĐ-CP),
DOCX and XLSX. Every format states the same figures in Vietnamese."""
