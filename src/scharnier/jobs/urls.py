from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("taken/", views.job_list, name="list"),
    path("taken/<uuid:public_id>/", views.job_detail, name="detail"),
]
