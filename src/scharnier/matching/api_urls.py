from django.urls import path

from .api_views import MatchView

urlpatterns = [
    path("matches", MatchView.as_view(), name="matches"),
]
