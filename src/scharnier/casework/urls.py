from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    # Doors for the entrepreneur (no account).
    path("hulpvraag/", views.ask, name="ask"),
    path("hulpvraag/insluiten/", views.embed, name="embed"),
    path("hulpvraag/status/nieuwe-link/", views.status_request, name="status-request"),
    path("hulpvraag/status/<str:token>/", views.status, name="status"),
    path("hulpvraag/status/<str:token>/intrekken/", views.status_revoke, name="status-revoke"),
    path("hulpvraag/status/<str:token>/feedback/", views.status_feedback, name="status-feedback"),
    path("hulpvraag/status/<str:token>/gegevens.json", views.status_export, name="status-export"),
    path("hulpvraag/status/<str:token>/verwijderen/", views.status_delete, name="status-delete"),
    # Schakelteam.
    path("schakelteam/vragen/", views.inbox, name="inbox"),
    path("schakelteam/vragen/nieuw/", views.staff_entry, name="staff-entry"),
    path("schakelteam/vragen/<str:reference>/", views.question_detail, name="question"),
    path(
        "schakelteam/vragen/<str:reference>/<slug:step>/",
        views.question_action,
        name="question-action",
    ),
    path(
        "schakelteam/doorverwijzingen/<uuid:public_id>/intrekken/",
        views.referral_withdraw,
        name="referral-withdraw",
    ),
    path("schakelteam/tevredenheid/", views.satisfaction, name="satisfaction"),
    path("schakelteam/vraag-achter-de-vraag/", views.intake_overview, name="intake-overview"),
    path("schakelteam/termijnen/", views.my_region_terms, name="my-region-terms"),
    path("regio/<slug:slug>/termijnen/", views.region_terms, name="region-terms"),
    # Providers.
    path("aanbieder/doorverwijzingen/", views.referrals, name="referrals"),
    path(
        "aanbieder/<slug:slug>/sluitingsdagen/",
        views.provider_closures,
        name="provider-closures",
    ),
    path("aanbieder/doorverwijzingen/<uuid:public_id>/", views.referral_detail, name="referral"),
    path(
        "aanbieder/doorverwijzingen/<uuid:public_id>/<slug:step>/",
        views.referral_action,
        name="referral-action",
    ),
]
