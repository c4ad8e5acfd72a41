from django.urls import path

from .views import case_import, cases, centre, dashboard, hotline, inquiries, items, ratings

app_name = "services"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("export.xlsx", dashboard.dashboard_export, name="dashboard_export"),
    path("items/", items.items, name="items"),
    path("items/new/", items.item_new, name="item_new"),
    path("items/import/", items.item_import, name="item_import"),
    path("items/export.xlsx", items.item_export, name="item_export"),
    path("items/<int:item_id>/", items.item_detail, name="item"),
    path("items/<int:item_id>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:item_id>/sample/", items.item_sample, name="item_sample"),
    path("items/<int:item_id>/<str:verb>/", items.item_act, name="item_act"),
    path("cases/", cases.cases, name="cases"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/export/", cases.cases_export, name="cases_export"),
    path("cases/import/", case_import.case_import, name="case_import"),
    path("cases/import/template.xlsx", case_import.case_import_template, name="case_import_template"),
    path("cases/<int:case_id>/", cases.case_detail, name="case"),
    path("cases/<int:case_id>/<str:verb>/", cases.case_act, name="case_act"),
    path("inquiries/", inquiries.inquiries, name="inquiries"),
    path("inquiries/<int:inquiry_id>/answer/", inquiries.inquiry_answer, name="inquiry_answer"),
    path("cards/<int:person_id>/", dashboard.staff_card, name="card"),
    path("rectifications/", ratings.rectifications, name="rectifications"),
    path("rectifications/<int:rect_id>/<str:verb>/", ratings.rectification_act, name="rectification_act"),
    path("hotline/", hotline.hotline, name="hotline"),
    path("hotline/<int:order_id>/<str:verb>/", hotline.hotline_act, name="hotline_act"),
    path("notifications/", centre.notifications, name="notifications"),
    path("settings/", centre.settings_view, name="settings"),
]
