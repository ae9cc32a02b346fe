from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("verhalen/", views.stories, name="stories"),
    path("verhalen/beheer/", views.story_manage, name="story-manage"),
    path("verhalen/nieuw/", views.story_form, name="story-new"),
    path("verhalen/toestemming/<str:token>/", views.consent, name="consent"),
    path("verhalen/<uuid:public_id>/", views.story_detail, name="story"),
    path("verhalen/<uuid:public_id>/foto/", views.story_photo, name="story-photo"),
    path("verhalen/<uuid:public_id>/bewerken/", views.story_form, name="story-edit"),
    path(
        "verhalen/<uuid:public_id>/toestemming-vragen/",
        views.story_request_consent,
        name="story-request-consent",
    ),
    path("verhalen/<uuid:public_id>/intrekken/", views.story_withdraw, name="story-withdraw"),
    path("open-data/verhalen.json", views.stories_export, name="stories-export"),
    path("zelfanalyse/", views.assessments, name="assessments"),
    path("zelfanalyse/<slug:slug>/", views.region_assessments, name="region-assessments"),
    path("zelfanalyse/<slug:slug>/T<int:round>/", views.assessment, name="assessment"),
    path("visitaties/", views.visitations, name="visitations"),
    path("visitaties/nieuw/", views.visitation_plan, name="visitation-new"),
    path("visitaties/<uuid:public_id>/", views.visitation_detail, name="visitation"),
    path("interventies/", views.interventions, name="interventions"),
    path(
        "regio/<slug:slug>/interventies/",
        views.region_interventions,
        name="region-interventions",
    ),
    path(
        "regio/<slug:slug>/interventies/<uuid:public_id>/",
        views.intervention_edit,
        name="intervention-edit",
    ),
    path(
        "regio/<slug:slug>/interventies/<uuid:public_id>/verwijderen/",
        views.intervention_remove,
        name="intervention-remove",
    ),
    path("uitrol/", views.rollout, name="rollout"),
    path("uitrol/startpakket/", views.start_package, name="start-package"),
    path("regio/<slug:slug>/startklaar/", views.region_readiness, name="region-readiness"),
    path("ontwikkelplannen/", views.development_plans, name="development-plans"),
    path(
        "regio/<slug:slug>/ontwikkelplan/",
        views.development_plan,
        name="region-development-plan",
    ),
    path(
        "regio/<slug:slug>/ontwikkelplan/nieuw/",
        views.development_plan_form,
        name="development-plan-new",
    ),
    path(
        "regio/<slug:slug>/ontwikkelplan/<uuid:public_id>/",
        views.development_plan,
        name="development-plan",
    ),
    path(
        "regio/<slug:slug>/ontwikkelplan/<uuid:public_id>/bewerken/",
        views.development_plan_form,
        name="development-plan-edit",
    ),
    path(
        "regio/<slug:slug>/ontwikkelplan/acties/<uuid:public_id>/",
        views.development_action,
        name="development-action",
    ),
    path("provincie/", views.province_list, name="provinces"),
    # Before the slug: the work menu's "Mijn provincie" (no province is called "mijn").
    path("provincie/mijn/", views.my_province, name="my-province"),
    path("provincie/<slug:slug>/", views.province_detail, name="province"),
    path("overleg/", views.governance_overview, name="governance"),
    path("gegevensdeling/", views.data_initiatives, name="data-initiatives"),
    path("gegevensdeling/nieuw/", views.data_initiative_form, name="data-initiative-new"),
    path("gegevensdeling/<uuid:public_id>/", views.data_initiative, name="data-initiative"),
    path(
        "gegevensdeling/<uuid:public_id>/bewerken/",
        views.data_initiative_form,
        name="data-initiative-edit",
    ),
    path("overleg/nieuw/", views.governance_meeting, name="governance-new"),
    path(
        "overleg/<uuid:public_id>/",
        views.governance_meeting,
        name="governance-meeting",
    ),
    path("rapportages/", views.reports, name="reports"),
    path("rapportages/<uuid:public_id>/", views.report_detail, name="report"),
    path("rapportages/<uuid:public_id>/rapport.pdf", views.report_pdf, name="report-pdf"),
    path("rapportages/<uuid:public_id>/bewerken/", views.report_edit, name="report-edit"),
    path("plan/<str:token>/opnieuw/", views.rescan, name="rescan"),
    path("plan/<str:token>/vergelijking/", views.rescan_comparison, name="rescan-comparison"),
]
