from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("signalen/", views.board, name="board"),
    path("signalen/melden/", views.public_form, name="report"),
    path("signalen/nieuw/", views.staff_form, name="new"),
    path("signalen/trends/", views.trends, name="trends"),
    path("signalen/te-beantwoorden/", views.to_answer, name="to-answer"),
    path("signalen/rode-draden/<uuid:public_id>/", views.thread_detail, name="thread"),
    path(
        "signalen/rode-draden/<uuid:public_id>/<slug:action>/",
        views.thread_action,
        name="thread-action",
    ),
    path("signalen/signaal/<str:reference>/openbaar/", views.publish, name="publish"),
    path("signalen/reactie/<str:token>/", views.answer_feedback, name="feedback"),
]
