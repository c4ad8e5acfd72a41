from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit"),
    path("units/<int:unit_id>/children", views.unit_children, name="children"),
    path("people/", views.people, name="people"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("import/", views.import_view, name="import"),
    path("export/<str:what>.<str:fmt>", views.export_view, name="export"),
    path("audit/", views.audit_trail, name="audit"),
]
