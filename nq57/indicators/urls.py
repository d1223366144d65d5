"""Indicator pages: /indicators/… (the composite ranking, at ranking/, is web's: see
`nq57.web.composite_urls`)."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.overview_page, name="overview"),
    path("entry/", views.entry_page, name="entry"),
    path("forms/", views.forms_page, name="forms"),
    path("forms/<int:pk>/decide/", views.decide_form, name="decide"),
    path("<slug:code>/", views.detail_page, name="detail"),
    path("<slug:code>/export.xlsx", views.export_xlsx, name="export"),
]
