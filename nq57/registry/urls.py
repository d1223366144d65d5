"""Registry pages: /registry/… (the databases, their quality, data sharing, readiness)."""

app_name = "registry"

urlpatterns: list = []
