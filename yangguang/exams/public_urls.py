app_name = "exams_public"
urlpatterns: list = []
