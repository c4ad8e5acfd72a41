from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("items/", views.items, name="items"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/import/", views.item_import, name="item_import"),
    path("items/export.xlsx", views.item_export, name="item_export"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/sample/", views.item_sample, name="item_sample"),
    path("items/<int:item_id>/<str:verb>/", views.item_act, name="item_act"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/<str:verb>/", views.case_act, name="case_act"),
    path("inquiries/", views.inquiries, name="inquiries"),
    path("inquiries/<int:inquiry_id>/answer/", views.inquiry_answer, name="inquiry_answer"),
    path("cards/<int:person_id>/", views.staff_card, name="card"),
    path("rectifications/", views.rectifications, name="rectifications"),
    path("rectifications/<int:rect_id>/<str:verb>/", views.rectification_act, name="rectification_act"),
    path("hotline/", views.hotline, name="hotline"),
    path("hotline/<int:order_id>/<str:verb>/", views.hotline_act, name="hotline_act"),
    path("notifications/", views.notifications, name="notifications"),
    path("settings/", views.settings_view, name="settings"),
]
