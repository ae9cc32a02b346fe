"""Read-only admin views: landscape data is written by its services and commands only."""

from django.contrib import admin

from .models import (
    ConsistencyCheck,
    FreedBudget,
    JointReview,
    LandscapeSnapshot,
    OverlapAnalysis,
    OverlapDecision,
    ReviewContribution,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OverlapAnalysis)
class OverlapAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "offer_count", "pair_count", "cluster_count"]


@admin.register(OverlapDecision)
class OverlapDecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "decision", "decided_by", "cluster_key"]
    list_filter = ["decision"]


@admin.register(ConsistencyCheck)
class ConsistencyCheckAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "verdict", "__str__"]
    list_filter = ["verdict"]


@admin.register(LandscapeSnapshot)
class LandscapeSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["month", "scope_level", "theme_code", "active_offers"]
    list_filter = ["month", "scope_level"]


@admin.register(FreedBudget)
class FreedBudgetAdmin(ReadOnlyAdmin):
    list_display = ["year", "amount_eur", "region", "decision", "recorded_at", "recorded_by"]
    list_filter = ["year", "region"]


class ReviewContributionInline(admin.TabularInline):
    model = ReviewContribution
    fields = ["organisation", "position", "given_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JointReview)
class JointReviewAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "title", "subject", "policy_owner", "status", "deadline"]
    list_filter = ["status", "subject"]
    inlines = [ReviewContributionInline]
