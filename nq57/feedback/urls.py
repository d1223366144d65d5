"""The public portal: /feedback/…"""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.home_page, name="home"),
    path("track/", views.track_page, name="track"),
    path("items/<str:code>/", views.item_page, name="item"),
]
