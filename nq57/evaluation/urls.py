"""Evaluation pages: /evaluation/<year>/… (the year, an organisation's sheet, the proposals,
the downloads)."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/proposals/", views.proposals_page, name="proposals"),
    path("<int:year>/export.<str:kind>", views.export, name="export"),
    path("<int:year>/<str:code>/", views.sheet_page, name="sheet"),
]
