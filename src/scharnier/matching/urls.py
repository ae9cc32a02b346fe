from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("vraag/", views.question, name="question"),
    path("vraag/insluiten/", views.question_embed, name="question-embed"),
    path("ik-wil/", views.life_event_list, name="life-events"),
    path("ik-wil/<slug:code>/", views.life_event_detail, name="life-event"),
    path("toekomstscan/", views.scan_start, name="scan"),
    path("toekomstscan/vragen/", views.scan_questions, name="scan-questions"),
    path("plan/<str:token>/", views.plan, name="plan"),
    path("plan/<str:token>/doorsturen/", views.plan_send, name="plan-send"),
]
