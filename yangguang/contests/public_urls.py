from django.urls import path

from . import public_views

app_name = "contests_public"
urlpatterns = [
    path("", public_views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/", public_views.bulletin, name="bulletin"),
    path("bulletins/<int:pk>/export.<str:fmt>", public_views.bulletin_export, name="bulletin_export"),
]
