"""The composite ranking's address: web serves it (it spans apps) under the name and path it
has always had, `indicators:ranking` at /indicators/ranking/. `config.urls` mounts these
patterns in the `indicators` namespace, before the indicator pages (whose `<code>/` would
take "ranking")."""

from django.urls import path

from .composite_views import composite_ranking_page

urlpatterns = [
    path("ranking/", composite_ranking_page, name="ranking"),
]
