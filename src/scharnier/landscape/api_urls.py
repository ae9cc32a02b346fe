from django.urls import path

from . import api_views

urlpatterns = [
    path(
        "consistency-checks", api_views.ConsistencyCheckCreate.as_view(), name="consistency-checks"
    ),
    path(
        "consistency-checks/<uuid:id>",
        api_views.ConsistencyCheckDetail.as_view(),
        name="consistency-check",
    ),
]
