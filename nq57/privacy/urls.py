"""Personal data: /privacy/… (the record of processing itself is web's, at /privacy/processing/)."""

from django.urls import path

from .views import breaches, requests

app_name = "privacy"

urlpatterns = [
    path("requests/mine/", requests.my_requests_page, name="mine"),
    path("requests/mine/<int:pk>/", requests.my_request_page, name="mine_request"),
    path("requests/mine/<int:pk>/copy.json", requests.my_copy_download, name="mine_copy"),
    path("requests/", requests.request_list_page, name="requests"),
    path("requests/<int:pk>/", requests.request_page, name="request"),
    path("breaches/", breaches.breach_list_page, name="breaches"),
    path("breaches/<int:pk>/", breaches.breach_page, name="breach"),
]
