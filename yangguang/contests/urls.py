from django.urls import path

from . import views

app_name = "contests"
urlpatterns = [
    path("", views.home, name="home"),
    path("import-scheme/", views.scheme_import, name="scheme_import"),
    path("<int:pk>/", views.competition, name="competition"),
    path("<int:pk>/scheme.yaml", views.scheme_export, name="scheme_export"),
    path("<int:pk>/import/", views.data_import, name="data_import"),
    path("<int:pk>/scheme/", views.scheme_edit, name="scheme_edit"),
    path("<int:pk>/entry/", views.entry, name="entry"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/entrants/", views.entrant_new, name="entrant_new"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/current/", views.make_current, name="make_current"),
    path("evaluations/<int:pk>/publish/", views.publish, name="publish"),
    path("evaluations/<int:pk>/export.<str:fmt>", views.evaluation_export, name="evaluation_export"),
    path("bulletins/<int:pk>/", views.bulletin, name="bulletin"),
    path("bulletins/<int:pk>/export.<str:fmt>", views.bulletin_export, name="bulletin_export"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/score/<int:entrant_id>/", views.event_score, name="event_score"),
    path("events/<int:pk>/close/", views.event_close, name="event_close"),
    path("events/<int:pk>/release/", views.event_release, name="event_release"),
]
