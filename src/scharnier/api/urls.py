"""API v1 routes. Each bounded context contributes its own `api_urls` module."""

from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("", include("scharnier.matching.api_urls")),
    path("", include("scharnier.casework.api_urls")),
    path("", include("scharnier.landscape.api_urls")),
]
