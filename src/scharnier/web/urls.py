from django.contrib.auth import views as auth_views
from django.urls import path

from . import catalogue_views, views
from .forms import LoginForm

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico where a page (a JSON or PDF answer) names no icon.
    path("favicon.ico", views.favicon, name="favicon"),
    path("aanbod/", views.offer_search, name="offer-search"),
    path("aanbod/<uuid:public_id>/", views.offer_detail, name="offer-detail"),
    path(
        "aanbod/<uuid:public_id>/regio/<slug:slug>/",
        views.offer_regional_note,
        name="offer-regional-note",
    ),
    path("regio/", views.region_list, name="region-list"),
    path("regio/<slug:slug>/", views.region_detail, name="region-detail"),
    path("regio/<slug:slug>/partijen/", views.region_stakeholders, name="region-stakeholders"),
    path("organisaties/", views.organisation_list, name="organisation-list"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("gemeente/<str:code>/", views.municipality_detail, name="municipality-detail"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="web/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("start/", views.role_home, name="role-home"),
    # Static pages about the service (footer).
    path("privacy/", views.static_page("privacy"), name="privacy"),
    path("toegankelijkheid/", views.static_page("accessibility"), name="accessibility"),
    path("contact/", views.static_page("contact"), name="contact"),
    path("colofon/", views.static_page("colophon"), name="colophon"),
    path("beheer/aanbod/", views.editor_offers, name="editor-offers"),
    path("beheer/aanbod/nieuw/", views.editor_offer_create, name="editor-offer-create"),
    path("beheer/aanbod/importeren/", views.editor_offer_import, name="editor-offer-import"),
    path(
        "beheer/aanbod/samenwerkende-catalogi/",
        catalogue_views.editor_catalogue,
        name="editor-catalogue",
    ),
    path(
        "beheer/aanbod/importeren/<uuid:public_id>/opslaan/",
        views.editor_offer_import_confirm,
        name="editor-offer-import-confirm",
    ),
    path(
        "beheer/aanbod/<uuid:public_id>/bewerken/",
        views.editor_offer_edit,
        name="editor-offer-edit",
    ),
    path(
        "beheer/aanbod/<uuid:public_id>/archiveren/",
        views.editor_offer_archive,
        name="editor-offer-archive",
    ),
    path(
        "beheer/aanbod/<uuid:public_id>/herstellen/",
        views.editor_offer_restore,
        name="editor-offer-restore",
    ),
    path(
        "beheer/aanbod/<uuid:public_id>/gecontroleerd/",
        views.editor_offer_checked,
        name="editor-offer-checked",
    ),
]
