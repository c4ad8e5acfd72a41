from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.home, name="home"),
    path("records/", views.records, name="records"),
    path("records/new/", views.record_new, name="record_new"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/<slug:verb>/", views.record_act, name="record_act"),
    path("lists/", views.lists, name="lists"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("lists/<int:pk>/<slug:verb>/", views.list_act, name="list_act"),
    path("requests/", views.requests_, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/letter.docx", views.request_letter, name="request_letter"),
    path("requests/<int:pk>/<slug:verb>/", views.request_act, name="request_act"),
    path("report/", views.report, name="report"),
    path("categories/", views.categories, name="categories"),
]
