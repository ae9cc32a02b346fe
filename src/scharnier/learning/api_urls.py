from django.urls import path

from . import api_views

urlpatterns = [
    path("stories", api_views.StoryListCreate.as_view(), name="story-list"),
    path("stories/<uuid:id>", api_views.StoryDetail.as_view(), name="story-detail"),
    path(
        "data-initiatives",
        api_views.DataInitiativeList.as_view(),
        name="data-initiative-list",
    ),
]
