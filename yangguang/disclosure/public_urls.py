app_name = "disclosure_public"
urlpatterns: list = []
