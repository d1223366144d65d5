"""/notices/…: the notification centre and the notification choices."""

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.centre_page, name="centre"),
    path("notices/<int:pk>/", views.open_view, name="open"),
    path("notices/read/", views.read_all_view, name="read_all"),
    path("notices/choices/", views.preferences_view, name="preferences"),
]
