from django.urls import path

from . import api_views

urlpatterns = [
    path("signals", api_views.SignalListCreate.as_view(), name="signal-list"),
    path("threads", api_views.ThreadList.as_view(), name="thread-list"),
    path("threads/figures", api_views.BoardFigures.as_view(), name="thread-figures"),
    path("threads/<uuid:id>", api_views.ThreadDetail.as_view(), name="thread-detail"),
    path(
        "threads/<uuid:id>/assignment",
        api_views.ThreadAssignment.as_view(),
        name="thread-assignment",
    ),
    path("threads/<uuid:id>/category", api_views.ThreadCategory.as_view(), name="thread-category"),
    path("threads/<uuid:id>/answer", api_views.ThreadAnswer.as_view(), name="thread-answer"),
]
