from django.urls import path

from . import review_views, views

app_name = "landscape"
urlpatterns = [
    path("stelsel/", views.matrix, name="matrix"),
    path("stelsel/aanbod/", views.cell_offers, name="cell-offers"),
    path("stelsel/overlap/", views.cluster_list, name="clusters"),
    path("stelsel/overlap/opnieuw/", views.refresh_analysis, name="refresh"),
    path("stelsel/overlap/historie/", views.overlap_history, name="history"),
    path("stelsel/overlap/<int:pk>/", views.cluster_detail, name="cluster"),
    path(
        "stelsel/overlap/<int:pk>/budget/<int:entry_pk>/verwijderen/",
        views.remove_freed_budget,
        name="remove-freed-budget",
    ),
    path("stelsel/toets/", views.check_form, name="check"),
    path("stelsel/toets/<uuid:public_id>/", views.check_result, name="check-result"),
    path("stelsel/opschoning/", views.cleanup, name="cleanup"),
    path("stelsel/gezamenlijke-toets/", review_views.review_list, name="reviews"),
    path("stelsel/gezamenlijke-toets/nieuw/", review_views.review_new, name="review-new"),
    path(
        "stelsel/gezamenlijke-toets/<uuid:public_id>/",
        review_views.review_detail,
        name="review",
    ),
]
