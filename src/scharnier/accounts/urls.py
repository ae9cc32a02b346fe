from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("account/tweestapsverificatie/", views.verify, name="verify"),
    path("account/tweestapsverificatie/instellen/", views.setup, name="setup"),
]
