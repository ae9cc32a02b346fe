"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("scharnier.api.urls")),
    path("open-data/", include("scharnier.catalog.opendata.urls")),
    path("", include("scharnier.matching.urls")),
    path("", include("scharnier.casework.urls")),
    path("", include("scharnier.landscape.urls")),
    path("", include("scharnier.accounts.urls")),
    path("", include("scharnier.jobs.urls")),
    # Communities, meetings and signals (issue 13).
    path("", include("scharnier.communities.urls")),
    path("", include("scharnier.signals.urls")),
    # Stories, self-assessment, visitation, province pages (issue 10).
    path("", include("scharnier.learning.urls")),
    path("", include("scharnier.monitoring.urls")),
    path("", include("scharnier.web.urls")),
]

# Under /api/ these answer application/problem+json; elsewhere Django's own pages.
handler404 = "scharnier.api.views.handler404"
handler500 = "scharnier.api.views.handler500"
