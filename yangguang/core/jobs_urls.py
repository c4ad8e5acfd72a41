from django.urls import path

from . import jobs_views

app_name = "jobs"

urlpatterns = [
    path("", jobs_views.job_list, name="list"),
    path("<int:job_id>/", jobs_views.job_detail, name="detail"),
    path("<int:job_id>/progress", jobs_views.job_progress, name="progress"),
    path("<int:job_id>/download", jobs_views.job_download, name="download"),
]
