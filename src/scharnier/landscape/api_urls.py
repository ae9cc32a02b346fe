from django.urls import path

from . import api

urlpatterns = [
    path("consistency-checks", api.ConsistencyCheckCreate.as_view(), name="consistency-checks"),
    path(
        "consistency-checks/<uuid:id>",
        api.ConsistencyCheckDetail.as_view(),
        name="consistency-check",
    ),
]
