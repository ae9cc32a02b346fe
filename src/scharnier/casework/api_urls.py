from django.urls import path

from . import api_views

urlpatterns = [
    path("questions", api_views.QuestionListCreate.as_view(), name="question-list"),
    path("questions/<str:reference>", api_views.QuestionDetail.as_view(), name="question-detail"),
    path(
        "questions/<str:reference>/triage",
        api_views.QuestionTriage.as_view(),
        name="question-triage",
    ),
    path(
        "questions/<str:reference>/intake",
        api_views.QuestionIntake.as_view(),
        name="question-intake",
    ),
    path("questions/<str:reference>/notes", api_views.QuestionNote.as_view(), name="question-note"),
    path(
        "questions/<str:reference>/referrals",
        api_views.QuestionRefer.as_view(),
        name="question-refer",
    ),
    path(
        "questions/<str:reference>/close", api_views.QuestionClose.as_view(), name="question-close"
    ),
    path("referrals", api_views.ReferralList.as_view(), name="referral-list"),
    path("referrals/<uuid:id>", api_views.ReferralDetail.as_view(), name="referral-detail"),
    path(
        "referrals/<uuid:id>/transitions",
        api_views.ReferralTransition.as_view(),
        name="referral-transition",
    ),
]
