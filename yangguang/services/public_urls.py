from django.urls import path

from . import public_views

app_name = "services_public"
urlpatterns = [
    path("", public_views.catalogue, name="catalogue"),
    path("items/<int:item_id>/", public_views.item, name="item"),
    path("items/<int:item_id>/apply/", public_views.apply, name="apply"),
    path("lookup/", public_views.lookup, name="lookup"),
    path("ratings/", public_views.ratings, name="ratings"),
]
