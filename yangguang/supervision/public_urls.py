from django.urls import path

from . import public_views

app_name = "supervision_public"
urlpatterns = [
    path("", public_views.inspections, name="inspections"),
    path("inspections/<int:inspection_id>/", public_views.inspection, name="inspection"),
    path("bulletins/<int:run_id>/", public_views.bulletin, name="bulletin"),
    path("decisions/<int:decision_id>/", public_views.decision, name="decision"),
]
