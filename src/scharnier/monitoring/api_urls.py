from django.urls import path

from . import api_views

urlpatterns = [
    path(
        "metric-definitions",
        api_views.MetricDefinitionList.as_view(),
        name="metric-definition-list",
    ),
    path("metrics", api_views.Metrics.as_view(), name="metrics"),
    path("metrics/areas", api_views.AreaReach.as_view(), name="metric-areas"),
    path(
        "metrics/result-agreements",
        api_views.ResultAgreements.as_view(),
        name="metric-result-agreements",
    ),
]
