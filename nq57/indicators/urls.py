"""Indicator pages: /indicators/… (the composite ranking, at ranking/, is web's: see
`nq57.web.composite_urls`)."""

from django.urls import path

from . import catalogue_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.overview_page, name="overview"),
    path("entry/", views.entry_page, name="entry"),
    path("forms/", views.forms_page, name="forms"),
    path("forms/<int:pk>/decide/", views.decide_form, name="decide"),
    # The catalogue (its codes are reserved: no indicator is called "catalogue").
    path("catalogue/", catalogue_views.catalogue_page, name="catalogue"),
    path("catalogue/elements/new/", catalogue_views.element_create_page, name="element_create"),
    path("catalogue/elements/<slug:code>/", catalogue_views.element_edit_page, name="element_edit"),
    path(
        "catalogue/indicators/new/",
        catalogue_views.indicator_create_page,
        name="indicator_create",
    ),
    path(
        "catalogue/indicators/<slug:code>/",
        catalogue_views.indicator_edit_page,
        name="indicator_edit",
    ),
    path("<slug:code>/", views.detail_page, name="detail"),
    path("<slug:code>/export.xlsx", views.export_xlsx, name="export"),
    path("<slug:code>/targets/", catalogue_views.targets_page, name="targets"),
]
