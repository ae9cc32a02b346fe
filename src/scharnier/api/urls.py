"""API v1 routes. Each bounded context contributes its own `api_urls` module."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from scharnier.core.api.versioning import add_api_version_header

from . import views

# NL API Design Rules: no trailing slashes, kebab-case resource names.
router = SimpleRouter(trailing_slash=False)
router.register("offers", views.OfferViewSet, basename="offer")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("regions", views.RegionViewSet, basename="region")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("provinces", views.ProvinceViewSet, basename="province")

app_name = "api"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("", include("scharnier.matching.api_urls")),
    path("", include("scharnier.casework.api_urls")),
    path("", include("scharnier.landscape.api_urls")),
    # Communities, meetings, signals and threads (issue 13).
    path("", include("scharnier.communities.api_urls")),
    path("", include("scharnier.signals.api_urls")),
    # Entrepreneurs' stories (issue 10).
    path("", include("scharnier.learning.api_urls")),
    path("", include("scharnier.monitoring.api_urls")),
    path("", include(router.urls)),
    path("vocabularies", views.VocabularyView.as_view(), name="vocabularies"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # Last: anything else under /api/v1/ is a problem+json 404 (also with DEBUG on).
    re_path(r"^.*$", views.api_not_found, name="not-found"),
]
# Every response under /api/v1/ carries the API-Version header, also other apps' endpoints.
add_api_version_header(urlpatterns)
