from django.urls import include, path

from . import search, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search.search, name="search"),
    path("services/", include("yangguang.services.public_urls")),
    path("disclosure/", include("yangguang.disclosure.public_urls")),
    path("contests/", include("yangguang.contests.public_urls")),
    path("exams/", include("yangguang.exams.public_urls")),
    path("supervision/", include("yangguang.supervision.public_urls")),
]
