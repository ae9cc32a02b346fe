"""Pages of the joint consistency test: the list, opening a review, and one review's page
where each party does its part (`joint_reviews`)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from scharnier.catalog.models import Theme
from scharnier.core.forms import add_service_errors
from scharnier.organisations.permissions import Action, has_permission

from . import joint_reviews
from .forms import (
    AdviceForm,
    ContributionForm,
    DeadlineForm,
    JointReviewForm,
    OwnerResponseForm,
)
from .models import ConsistencyCheck, ReviewPosition, ReviewStatus, ReviewSubject

DEFAULT_TERM_DAYS = 28  # four weeks: the time a department usually gives an advisory body


@never_cache
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not joint_reviews.sees_joint_reviews(request.user):
        raise PermissionDenied("no joint reviews for this user")
    reviews = list(joint_reviews.reviews_for(request.user).prefetch_related("contributions"))
    may_coordinate = has_permission(request.user, Action.COORDINATE_JOINT_REVIEW)
    rows = []
    for review in reviews:
        given = [c for c in review.contributions.all() if c.is_given]
        rows.append((review, len(given), len(review.contributions.all())))
    return render(
        request,
        "landscape/review_list.html",
        {
            "rows": rows,
            "figures": joint_reviews.review_figures(reviews),
            "may_coordinate": may_coordinate,
            "themes": joint_reviews.themes_by_last_review() if may_coordinate else [],
            "today": timezone.localdate(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest) -> HttpResponse:
    """From a consistency test's result (?toets=<id>): a new proposal; else existing help."""
    if not has_permission(request.user, Action.COORDINATE_JOINT_REVIEW):
        raise PermissionDenied("only the coordinator opens a joint review")
    check = None
    check_id = request.GET.get("toets", "")
    if check_id:
        try:
            check = ConsistencyCheck.objects.filter(public_id=check_id).first()
        except ValidationError:
            check = None
        if check is None:
            raise Http404("no such consistency check")
    if check is not None:
        subject = ReviewSubject.NEW
    elif request.GET.get("soort") == ReviewSubject.NEW_DESK:
        subject = ReviewSubject.NEW_DESK
    else:
        subject = ReviewSubject.EXISTING
    initial = {"deadline": timezone.localdate() + datetime.timedelta(days=DEFAULT_TERM_DAYS)}
    if check is not None:
        initial["title"] = check.proposal.get("title", "")[:200]
    form = JointReviewForm(request.POST or None, subject=subject, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["subject"] = subject
        if subject == ReviewSubject.NEW:
            data["consistency_check"] = check
        elif subject == ReviewSubject.EXISTING:
            data["theme_code"] = data.pop("theme").code
        else:
            data["desk_case"] = {
                item.code: data.pop(f"desk_{item.code}") for item in joint_reviews.DESK_QUESTIONS
            }
        try:
            review = joint_reviews.open_joint_review(actor=request.user, data=data)
        except ValidationError as error:
            add_service_errors(form, error, names={"theme_code": "theme"})
        else:
            messages.success(
                request,
                _("De toets is gestart. De toetsende organisaties krijgen er een e-mail over."),
            )
            return redirect("landscape:review", public_id=review.public_id)
    return render(
        request,
        "landscape/review_new.html",
        {"form": form, "check": check, "subject": subject},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, public_id) -> HttpResponse:
    try:
        review = joint_reviews.readable_review(request.user, public_id)
    except joint_reviews.JointReview.DoesNotExist as missing:
        raise Http404("no such joint review") from missing
    task = joint_reviews.waiting_on(request.user, review)
    posted = request.POST if request.method == "POST" else None
    which = posted.get("form", "") if posted else ""
    contribution_forms = []
    if isinstance(task, list):
        for contribution in task:
            prefix = f"c{contribution.pk}"
            mine = which == prefix
            initial = {"position": contribution.position, "motivation": contribution.motivation}
            contribution_forms.append(
                (
                    contribution,
                    ContributionForm(posted if mine else None, prefix=prefix, initial=initial),
                )
            )
    advice_form = response_form = deadline_form = None
    if task == "advice":
        advice_form = AdviceForm(
            posted if which == "advice" else None,
            initial={"position": _most_given_position(review)},
        )
        deadline_form = DeadlineForm(
            posted if which == "deadline" else None,
            prefix="datum",
            initial={"deadline": review.deadline},
        )
    elif task == "response":
        response_form = OwnerResponseForm(posted if which == "response" else None)

    if posted is not None:
        step_forms = (contribution_forms, advice_form, response_form, deadline_form)
        done = _handle_post(request, review, which, *step_forms)
        if done:
            return redirect("landscape:review", public_id=review.public_id)
    check = review.consistency_check
    return render(
        request,
        "landscape/review_detail.html",
        {
            "review": review,
            "contributions": list(review.contributions.all()),
            "contribution_forms": contribution_forms,
            "advice_form": advice_form,
            "response_form": response_form,
            "deadline_form": deadline_form,
            "may_return": task == "advice" and joint_reviews.may_return(review),
            "overview": joint_reviews.theme_overview(review.theme_code)
            if review.subject == ReviewSubject.EXISTING
            else None,
            "theme": Theme.objects.filter(code=review.theme_code).first(),
            "desk_case": [
                (item.question, review.desk_case.get(item.code, ""))
                for item in joint_reviews.DESK_QUESTIONS
            ]
            if review.subject == ReviewSubject.NEW_DESK
            else [],
            "existing_desks": joint_reviews.existing_desks(review.region)
            if review.subject == ReviewSubject.NEW_DESK
            else [],
            "check": check,
            "overlaps": len(check.result.get("overlaps", [])) if check else 0,
            "may_view_analysis": has_permission(request.user, Action.VIEW_ANALYSIS),
            "late": review.status == ReviewStatus.OPEN and timezone.localdate() > review.deadline,
        },
        status=400 if posted is not None else 200,
    )


def _most_given_position(review) -> str:
    """The reviewers' most common view, as a starting point for the joint advice (the most
    cautious one on a tie: 'heroverwegen' before 'afstemmen' before 'sluit aan')."""
    given = [c.position for c in review.contributions.all() if c.position]
    order = list(reversed(ReviewPosition.values))
    return max(order, key=lambda p: (given.count(p), -order.index(p))) if given else ""


def _handle_post(
    request, review, which, contribution_forms, advice_form, response_form, deadline_form
) -> bool:
    """Run the posted form's service; True when it succeeded (then the page redirects)."""
    if which == "deadline" and deadline_form is not None:
        if not deadline_form.is_valid():
            return False
        try:
            joint_reviews.move_deadline(
                actor=request.user, review=review, deadline=deadline_form.cleaned_data["deadline"]
            )
        except ValidationError as error:
            add_service_errors(deadline_form, error)
            return False
        messages.success(
            request,
            _("De uiterste datum is nu %(date)s.")
            % {"date": date_format(review.deadline, "j F Y")},
        )
        return True
    for contribution, form in contribution_forms:
        if which == form.prefix:
            if not form.is_valid():
                return False
            try:
                joint_reviews.give_contribution(
                    actor=request.user,
                    contribution=contribution,
                    position=form.cleaned_data["position"],
                    motivation=form.cleaned_data["motivation"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                return False
            messages.success(
                request,
                _("Het oordeel van %(organisation)s is opgeslagen.")
                % {"organisation": contribution.organisation.name},
            )
            return True
    if which == "advice" and advice_form is not None:
        if not advice_form.is_valid():
            return False
        try:
            joint_reviews.return_to_owner(
                actor=request.user,
                review=review,
                position=advice_form.cleaned_data["position"],
                advice=advice_form.cleaned_data["advice"],
            )
        except ValidationError as error:
            add_service_errors(advice_form, error)
            return False
        messages.success(
            request,
            _("Het advies is teruggelegd bij %(owner)s.") % {"owner": review.policy_owner.name},
        )
        return True
    if which == "response" and response_form is not None:
        if not response_form.is_valid():
            return False
        try:
            joint_reviews.record_owner_response(
                actor=request.user,
                review=review,
                action=response_form.cleaned_data["action"],
                response=response_form.cleaned_data["response"],
                link=response_form.cleaned_data["link"],
            )
        except ValidationError as error:
            add_service_errors(response_form, error)
            return False
        messages.success(request, _("Uw reactie is opgeslagen. De toetsers krijgen bericht."))
        return True
    # A form for a step the user may not (or no longer) take: the state moved on.
    raise PermissionDenied("this step is not yours to take now")
