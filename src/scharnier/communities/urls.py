from django.urls import path

from . import views

app_name = "communities"
urlpatterns = [
    path("communities/", views.my_community_map, name="mine"),
    path("regio/<slug:slug>/communities/", views.community_map, name="map"),
    path("regio/<slug:slug>/communities/nieuw/", views.community_form, name="community-new"),
    path("regio/<slug:slug>/communities/<int:pk>/", views.community_form, name="community-edit"),
    path("regio/<slug:slug>/benaderacties/", views.campaigns, name="campaigns"),
    path(
        "regio/<slug:slug>/communities/businesscase/",
        views.business_case,
        name="business-case",
    ),
    path("regio/<slug:slug>/benaderacties/nieuw/", views.campaign_form, name="campaign-new"),
    path("regio/<slug:slug>/benaderacties/<int:pk>/", views.campaign_form, name="campaign-edit"),
    path(
        "regio/<slug:slug>/benaderacties/<int:pk>/verwijderen/",
        views.campaign_remove,
        name="campaign-remove",
    ),
    path("bijeenkomsten/nieuw/", views.meeting_form, name="meeting-new"),
    path("bijeenkomsten/<uuid:public_id>/", views.meeting_detail, name="meeting"),
    path("bijeenkomsten/<uuid:public_id>/wijzigen/", views.meeting_form, name="meeting-edit"),
    path("agenda/", views.calendar, name="calendar"),
    path("agenda.ics", views.calendar_feed, name="feed"),
    path("agenda/<slug:slug>/", views.calendar, name="region-calendar"),
    path("agenda/<slug:slug>.ics", views.calendar_feed, name="region-feed"),
]
