from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "accounts"
urlpatterns = [
    path("account/tweestapsverificatie/", views.verify, name="verify"),
    path("account/tweestapsverificatie/instellen/", views.setup, name="setup"),
    path(
        "account/wachtwoord-vergeten/",
        views.PasswordForgottenView.as_view(),
        name="password-forgotten",
    ),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        views.password_forgotten_sent,
        name="password-forgotten-sent",
    ),
    path(
        "account/nieuw-wachtwoord/<uidb64>/<token>/",
        views.NewPasswordView.as_view(),
        name="new-password",
    ),
    path(
        "account/uitnodiging/<uidb64>/<token>/",
        views.InvitationView.as_view(),
        name="invitation",
    ),
    path(
        "account/nieuw-wachtwoord/klaar/",
        TemplateView.as_view(template_name="accounts/new_password_done.html"),
        name="new-password-done",
    ),
    path("account/", views.account, name="account"),
    path("account/e-mailadres/", views.change_email, name="change-email"),
    path(
        "account/e-mailadres/bevestigen/<str:token>/",
        views.confirm_email,
        name="confirm-email",
    ),
    path("account/wachtwoord/", views.ChangePasswordView.as_view(), name="change-password"),
    path(
        "account/wachtwoord/gewijzigd/",
        login_required(TemplateView.as_view(template_name="accounts/change_password_done.html")),
        name="change-password-done",
    ),
    path("account/team/", views.team, name="team"),
    path("account/teams/", views.teams, name="teams"),
    path("account/teams/uitzetten/", views.switch_off_account, name="switch-off-account"),
    path("account/team/<str:kind>/<slug:key>/toevoegen/", views.team_add, name="team-add"),
    # The address above a colleague's actions (where a GET on an action leads) is the team.
    path("account/team/lid/<int:pk>/", views.team_member, name="team-member"),
    path("account/team/lid/<int:pk>/verwijderen/", views.team_remove, name="team-remove"),
    path(
        "account/team/lid/<int:pk>/uitnodiging/",
        views.team_invite_again,
        name="team-invite-again",
    ),
    # After the colleague addresses above: "lid" is no kind of team.
    path("account/team/<str:kind>/<slug:key>/", views.team_detail, name="team-detail"),
]
