from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/parts/", views.part_new, name="part_new"),
    path("plans/<int:plan_id>/tasks/", views.task_new, name="task_new"),
    path("plans/<int:plan_id>/import/", views.plan_import, name="plan_import"),
    path("plans/<int:plan_id>/tasks.xlsx", views.plan_template, name="plan_template"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/<int:inspection_id>/", views.inspection_detail, name="inspection"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding"),
    path("rectifications/", views.rectification_list, name="rectifications"),
    path("accountability/", views.accountability_list, name="accountability"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("coverage/", views.coverage, name="coverage"),
    path("study/", views.study, name="study"),
    path("assessments/", views.assessment_list, name="assessments"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
]
