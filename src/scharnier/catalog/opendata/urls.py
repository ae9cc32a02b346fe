from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path(views.HSDS_FILENAME, views.hsds_download, name="hsds"),
    path(views.CPSV_FILENAME, views.cpsv_download, name="cpsv"),
]
