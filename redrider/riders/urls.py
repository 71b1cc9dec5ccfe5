app_name = "riders"

urlpatterns: list = []
