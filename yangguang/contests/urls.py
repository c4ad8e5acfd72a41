from django.urls import path

from .views import builder, competitions, evaluations, events

app_name = "contests"
urlpatterns = [
    path("", competitions.home, name="home"),
    path("import-scheme/", competitions.scheme_import, name="scheme_import"),
    path("<int:pk>/", competitions.competition, name="competition"),
    path("<int:pk>/scheme.yaml", competitions.scheme_export, name="scheme_export"),
    path("<int:pk>/import/", competitions.data_import, name="data_import"),
    path("<int:pk>/scheme/", competitions.scheme_edit, name="scheme_edit"),
    path("<int:pk>/builder/", builder.scheme_builder, name="builder"),
    path("<int:pk>/builder/check/", builder.builder_check, name="builder_check"),
    path("<int:pk>/entry/", competitions.entry, name="entry"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/<int:pk>/entrants/", events.entrant_new, name="entrant_new"),
    path("<int:pk>/evaluate/", evaluations.evaluate, name="evaluate"),
    path("evaluations/<int:pk>/", evaluations.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/current/", evaluations.make_current, name="make_current"),
    path("evaluations/<int:pk>/publish/", evaluations.publish, name="publish"),
    path("evaluations/<int:pk>/export.<str:fmt>", evaluations.evaluation_export, name="evaluation_export"),
    path("bulletins/<int:pk>/", evaluations.bulletin, name="bulletin"),
    path("bulletins/<int:pk>/export.<str:fmt>", evaluations.bulletin_export, name="bulletin_export"),
    path("events/<int:pk>/", events.event, name="event"),
    path("events/<int:pk>/score/<int:entrant_id>/", events.event_score, name="event_score"),
    path("events/<int:pk>/close/", events.event_close, name="event_close"),
    path("events/<int:pk>/release/", events.event_release, name="event_release"),
]
