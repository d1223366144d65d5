"""Budget pages: /budget/… (the year's picture, the entries behind each figure, an
organisation over the years, and the keepers' entry, import and totals of state spending)."""

from django.urls import path

from .views import reading, recording

app_name = "budget"

urlpatterns = [
    path("", reading.year_view, name="year"),
    path("entries/", reading.entries_view, name="entries"),
    path("entries/export.xlsx", reading.entries_export, name="entries_export"),
    path("orgs/<str:code>/", reading.org_view, name="org"),
    path("new/", recording.entry_new, name="entry_new"),
    path("import/", recording.import_page, name="import"),
    path("import/confirm/", recording.import_confirm, name="import_confirm"),
    path("spending/new/", recording.spending_new, name="spending_new"),
]
