from django.urls import path

from . import public_views as v

app_name = "disclosure_public"
urlpatterns = [
    path("", v.catalogue, name="catalogue"),
    path("r/<int:pk>/", v.record, name="record"),
    path("reports/", v.reports, name="reports"),
    path("request/", v.request_form, name="request"),
    path("request/filed/", v.filed, name="filed"),
    path("request/track/", v.track, name="track"),
    path("catalog.json", v.catalog_json, name="dcat"),
    path("feed/<slug:code>/rss/", v.rss, name="rss"),
    path("feed/<slug:code>/atom/", v.atom, name="atom"),
]
