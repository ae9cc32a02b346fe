app_name = "landscape"
urlpatterns: list = []
