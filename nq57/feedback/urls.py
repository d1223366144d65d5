"""The public portal: /feedback/…"""

from django.urls import path

from . import remit_views, views

app_name = "feedback"

urlpatterns = [
    path("", views.home_page, name="home"),
    path("track/", views.track_page, name="track"),
    path("items/<str:code>/", views.item_page, name="item"),
    path("new/", views.submit_page, name="submit"),
    path("mine/", views.mine_page, name="mine"),
    path("mine/<str:code>/", views.mine_item_page, name="mine_item"),
    path("stats/", views.stats_page, name="stats"),
    path("export.csv", views.export_csv, name="export"),
    path("items/<str:code>/support/", views.support_item, name="support"),
    path("mine/<str:code>/rate/", views.rate_item, name="rate"),
    path("handle/", views.handle_list_page, name="handle"),
    path("handle/<str:code>/", views.handle_item_page, name="handle_item"),
    # What each body answers for: the routing suggester's knowledge, edited by the secretariat.
    path("remits/", remit_views.remit_list_page, name="remits"),
    path("remits/<str:scope>/", remit_views.remit_page, name="remit"),
    path("remits/<str:scope>/restore/", remit_views.remit_restore, name="remit_restore"),
]
