from django.urls import path

from . import views

app_name = "exams"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.exam_new, name="new"),
    path("bank/", views.bank, name="bank"),
    path("bank/export.xlsx", views.bank_export, name="bank_export"),
    path("<int:exam_id>/", views.exam_detail, name="exam"),
    path("<int:exam_id>/setup/", views.exam_setup, name="setup"),
    path("<int:exam_id>/do/<slug:what>/", views.exam_do, name="do"),
    path("<int:exam_id>/candidates/", views.candidates, name="candidates"),
    path("<int:exam_id>/results/", views.results, name="results"),
    path("<int:exam_id>/papers/<str:version>.docx", views.paper_docx, name="paper_docx"),
    path("<int:exam_id>/sheets.docx", views.sheets_docx, name="sheets_docx"),
    path("<int:exam_id>/grading/", views.grading, name="grading"),
    path("<int:exam_id>/sheets/", views.sheets_key, name="sheets_key"),
    path("finals/<int:final_id>/", views.final_console, name="final"),
]
