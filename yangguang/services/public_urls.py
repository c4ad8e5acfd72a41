app_name = "services_public"
urlpatterns: list = []
