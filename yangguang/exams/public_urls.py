from django.urls import path

from . import public_views

app_name = "exams_public"
urlpatterns = [
    path("", public_views.sign_in, name="sign_in"),
    path("paper/", public_views.paper, name="paper"),
    path("done/", public_views.done, name="done"),
    path("scoreboard/<int:final_id>/", public_views.scoreboard, name="scoreboard"),
]
