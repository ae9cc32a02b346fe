from django.urls import path

from . import api

urlpatterns = [
    path("signals", api.SignalListCreate.as_view(), name="signal-list"),
    path("threads", api.ThreadList.as_view(), name="thread-list"),
    path("threads/<uuid:id>", api.ThreadDetail.as_view(), name="thread-detail"),
    path(
        "threads/<uuid:id>/assignment",
        api.ThreadAssignment.as_view(),
        name="thread-assignment",
    ),
    path("threads/<uuid:id>/answer", api.ThreadAnswer.as_view(), name="thread-answer"),
]
