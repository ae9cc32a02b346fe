from django.urls import path

from .api import MatchView

urlpatterns = [
    path("matches", MatchView.as_view(), name="matches"),
]
