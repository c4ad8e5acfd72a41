app_name = "supervision_public"
urlpatterns: list = []
