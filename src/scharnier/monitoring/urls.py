from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("dashboard/", views.national, name="national"),
    path("dashboard/regio/<slug:slug>/", views.region, name="region"),
    path("dashboard/gemeente/<str:code>/", views.municipality, name="municipality"),
    path(
        "dashboard/regio/<slug:slug>/resultaatafspraken/<int:year>/",
        views.agreement_form,
        name="agreement-form",
    ),
    path("dashboard/kaart/", views.reach_map, name="map"),
    path("dashboard/definities/", views.definitions, name="definitions"),
    path("dashboard/definities/<slug:code>/", views.definition, name="definition"),
    path("dashboard/open-data/", views.open_data, name="open-data"),
    path(
        "dashboard/open-data/kengetallen-per-halfjaar.csv",
        views.open_data_file,
        name="open-data-file",
    ),
]
