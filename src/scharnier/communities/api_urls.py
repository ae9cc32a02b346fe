from django.urls import path

from . import api

urlpatterns = [
    path("communities", api.CommunityListCreate.as_view(), name="community-list"),
    path("meetings", api.MeetingListCreate.as_view(), name="meeting-list"),
    path("meetings/<uuid:id>", api.MeetingDetail.as_view(), name="meeting-detail"),
]
