"""Signal pages: the public board, thread pages, the public and staff forms, trends."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from scharnier.catalog.models import Theme
from scharnier.core import ratelimit
from scharnier.core.exports import csv_response
from scharnier.core.forms import add_service_errors
from scharnier.geography.models import Region
from scharnier.organisations.models import Role
from scharnier.organisations.permissions import (
    Action,
    editable_organisations,
    has_permission,
    holds_role,
)

from . import forms, personal_data, queries, review, services
from .feedback import feedback_for as find_feedback
from .feedback import give_feedback
from .models import Signal, Thread, ThreadStatus
from .services import LinkInput, SignalInput, TransitionNotAllowed

BOARD_PAGE_SIZE = 50


def board(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ThreadStatus.values:
        status = ""
    theme = request.GET.get("thema", "")
    region = Region.objects.filter(slug=request.GET.get("regio", "")).first()
    categories = queries.board_categories()
    category = request.GET.get("categorie", "")
    if category not in dict(categories):
        category = ""
    overdue = request.GET.get("termijn") == "verstreken"
    filters = {
        "status": status,
        "theme": theme,
        "region": region,
        "category": category,
        "overdue": overdue,
    }
    threads = queries.board_threads(**filters)
    if request.GET.get("formaat") == "csv":
        table = queries.board_table(
            threads,
            lambda t: request.build_absolute_uri(reverse("signals:thread", args=[t.public_id])),
        )
        return csv_response("rode-draden", [table])
    page = Paginator(threads, BOARD_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "signals/board.html",
        {
            "page": page,
            "threads": [(t, queries.public_count(t.signal_count)) for t in page],
            "figures": queries.board_figures(),
            "statuses": ThreadStatus.choices,
            "themes": Theme.objects.all(),
            "regions": Region.objects.order_by("name"),
            "categories": categories,
            "selected": {
                "status": status,
                "theme": theme,
                "region": region.slug if region else "",
                "category": category,
                "overdue": overdue,
            },
            "may_raise": queries.raises_signals(request.user),
        },
    )


@login_required
def to_answer(request: HttpRequest) -> HttpResponse:
    """The owner organisation's worklist: threads given to it, the nearest deadline first."""
    if not holds_role(request.user, Role.PROVIDER_EDITOR):
        raise PermissionDenied("threads to answer: provider editors only")
    page = Paginator(queries.threads_to_answer(request.user), BOARD_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    today = timezone.localdate()
    waiting, answered = [], []
    for thread in page:
        days_left = (thread.deadline - today).days if thread.deadline else None
        row = (thread, days_left, -days_left if days_left and days_left < 0 else 0)
        (waiting if thread.status == ThreadStatus.IN_PROGRESS else answered).append(row)
    return render(
        request,
        "signals/to_answer.html",
        {"page": page, "waiting": waiting, "answered": answered},
    )


def _thread_or_404(public_id) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("owner"), public_id=public_id)
    if thread.merged_into_id:
        raise Http404
    return thread


def thread_detail(request: HttpRequest, public_id) -> HttpResponse:
    thread = get_object_or_404(
        Thread.objects.select_related("owner", "merged_into"), public_id=public_id
    )
    if thread.merged_into_id:
        return redirect("signals:thread", public_id=thread.merged_into.public_id)
    return render(request, "signals/thread.html", _thread_context(request, thread))


def _thread_context(request: HttpRequest, thread: Thread, bound: dict | None = None) -> dict:
    """The thread page; `bound` holds a submitted form that is shown again with its errors."""
    user = request.user
    can_manage = has_permission(user, Action.MANAGE_THREADS, thread)
    can_answer = has_permission(user, Action.ANSWER_THREAD, thread)
    signals = list(queries.visible_signals(user, thread)[:200])
    exact = can_manage or can_answer
    heading, heading_full_text = queries.thread_heading(thread, signals)
    facts = queries.thread_facts(thread, exact=exact)
    queries.name_places(signals, facts)
    context = {
        "thread": thread,
        "heading": heading,
        "heading_full_text": heading_full_text,
        "facts": facts,
        "signal_count": thread.signal_count if exact else queries.public_count(thread.signal_count),
        "exact_counts": exact,
        "signals": signals,
        # Staff may see signals visitors do not: the page says so only when it shows one.
        "shows_unpublished": any(not s.is_published for s in signals),
        "links": list(thread.links.select_related("offer")),
        "can_manage": can_manage,
        "can_answer": can_answer,
        "can_publish": [s for s in signals if has_permission(user, Action.PUBLISH_SIGNAL, s)],
    }
    # What looks like personal data in texts a reviewer may still make public.
    for signal in context["can_publish"]:
        signal.personal_data = [] if signal.is_published else personal_data.labels(signal.text)
    if can_manage:
        # Who handled this kind of knelpunt before fills the form in, until an owner is chosen.
        suggestions = [] if thread.owner_id else queries.owner_suggestions(thread)
        context["owner_suggestions"] = suggestions
        context["assign_form"] = forms.AssignForm(
            initial={"owner": (thread.owner or suggestions[0].organisation).slug}
            if thread.owner_id or suggestions
            else None
        )
        context["rename_form"] = forms.RenameForm(initial={"title": thread.title})
        context["category_form"] = forms.CategoryForm(
            initial={
                "category": thread.category if thread.category_locked else forms.AUTOMATIC_CATEGORY
            }
        )
        context["merge_form"] = forms.MergeForm()
        context["review"] = grouping_review = review.grouping_review(thread, signals)
        # The weakest seam is filled in, to be read and changed before the analyst splits.
        split = grouping_review.split
        context["split_form"] = forms.SplitForm(
            signal_choices=[(s.pk, s.reference) for s in signals],
            initial={"signals": [s.pk for s in split.signals], "title": split.title}
            if split
            else None,
        )
    if can_manage or can_answer:
        context["feedback"] = queries.answer_feedback(thread)
        context["answer_form"] = forms.AnswerForm(initial={"answer": thread.answer})
        context["reject_form"] = forms.RejectForm()
    context.update(bound or {})
    return context


# The page's name of each action's form (shown again with its errors when it was refused).
ACTION_FORMS = {
    "toewijzen": "assign_form",
    "beantwoorden": "answer_form",
    "afwijzen": "reject_form",
    "hernoemen": "rename_form",
    "soort": "category_form",
    "samenvoegen": "merge_form",
    "splitsen": "split_form",
    "verplaatsen": "move_form",
}


@login_required
@require_POST
def thread_action(request: HttpRequest, public_id, action: str) -> HttpResponse:
    """Every step on a thread; the service checks the role and the status."""
    thread = _thread_or_404(public_id)
    user = request.user
    form_classes = {
        "toewijzen": forms.AssignForm,
        "beantwoorden": forms.AnswerForm,
        "afronden": None,
        "afwijzen": forms.RejectForm,
        "hernoemen": forms.RenameForm,
        "soort": forms.CategoryForm,
        "samenvoegen": forms.MergeForm,
        "splitsen": forms.SplitForm,
        "verplaatsen": forms.MoveForm,
    }
    if action not in form_classes:
        raise Http404
    form_class = form_classes[action]
    form = None
    if form_class is forms.SplitForm:
        form = forms.SplitForm(
            request.POST, signal_choices=[(str(s.pk), s.reference) for s in thread.signals.all()]
        )
    elif form_class is not None:
        form = form_class(request.POST)
    if form is not None and not form.is_valid():
        return _refused(request, thread, action, form)
    try:
        data = form.cleaned_data if form is not None else {}
        if action == "toewijzen":
            services.assign_owner(
                actor=user, thread=thread, owner=data["owner"], deadline=data["deadline"]
            )
        elif action == "beantwoorden":
            links = []
            if data.get("link_kind"):
                links.append(
                    LinkInput(
                        kind=data["link_kind"], label=data["link_label"], url=data["link_url"]
                    )
                )
            services.answer_thread(actor=user, thread=thread, answer=data["answer"], links=links)
        elif action == "afronden":
            services.close_thread(actor=user, thread=thread)
        elif action == "afwijzen":
            services.reject_thread(actor=user, thread=thread, reason=data["reason"])
        elif action == "hernoemen":
            services.rename_thread(actor=user, thread=thread, title=data["title"])
        elif action == "soort":
            services.set_thread_category(actor=user, thread=thread, category=form.chosen())
        elif action == "samenvoegen":
            other = _thread_by_reference(data["other"])
            services.merge_threads(actor=user, target=thread, others=[other])
        elif action == "splitsen":
            chosen = Signal.objects.filter(pk__in=data["signals"], thread=thread)
            new = services.split_thread(
                actor=user, thread=thread, signals=chosen, title=data["title"]
            )
            messages.success(
                request, _("De nieuwe rode draad is %(ref)s.") % {"ref": new.reference}
            )
            return redirect("signals:thread", public_id=new.public_id)
        elif action == "verplaatsen":
            other = _thread_by_reference(data["other"])
            moved = thread.signals.filter(reference=data["signal"].strip().upper())
            services.move_signals(actor=user, thread=thread, signals=moved, target=other)
            messages.success(
                request,
                _("%(signal)s staat nu in %(ref)s.")
                % {"signal": data["signal"].strip().upper(), "ref": other.reference},
            )
            return redirect("signals:thread", public_id=thread.public_id)
    except PermissionDenied:
        raise
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("signals:thread", public_id=thread.public_id)
        # The service names the merged threads "others"; the form has one field for it.
        add_service_errors(form, error, names={"others": "other"})
        return _refused(request, thread, action, form)
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
        return redirect("signals:thread", public_id=thread.public_id)
    messages.success(request, _("Opgeslagen."))
    return redirect("signals:thread", public_id=thread.public_id)


def _refused(request: HttpRequest, thread: Thread, action: str, form) -> HttpResponse:
    """The thread page again, the refused form with its errors at the fields and what was
    typed, and `form` named so the title starts with "Fout:"."""
    bound = {ACTION_FORMS[action]: form, "form": form, "refused_action": action}
    return render(request, "signals/thread.html", _thread_context(request, thread, bound))


UNKNOWN_THREAD = _lazy("Deze rode draad bestaat niet. Vul een referentie in zoals RD-00012.")


def _thread_by_reference(reference: str) -> Thread:
    reference = (reference or "").strip().upper()
    try:
        pk = int(reference.removeprefix("RD-"))
    except ValueError:
        raise ValidationError({"other": UNKNOWN_THREAD}) from None
    thread = Thread.objects.filter(pk=pk, merged_into__isnull=True).first()
    if thread is None:
        raise ValidationError({"other": UNKNOWN_THREAD})
    return thread


@login_required
@require_POST
def publish(request: HttpRequest, reference: str) -> HttpResponse:
    signal = get_object_or_404(Signal.objects.select_related("thread"), reference=reference)
    was_published = signal.is_published
    done = services.publish_signal(
        actor=request.user,
        signal=signal,
        published="publish" in request.POST,
        remove_personal_data="remove_personal_data" in request.POST,
    )
    ref = {"ref": signal.reference}
    if not signal.is_published:
        said = _("Signaal %(ref)s is verborgen voor bezoekers.") % ref
        if done.title_changed:
            said += " " + _("De titel is aangepast omdat die uit het verborgen signaal kwam.")
    elif done.shown_again:
        said = _("Signaal %(ref)s is weer zichtbaar voor bezoekers.") % ref
        if done.title_changed:
            said += " " + _("De rode draad heeft weer de titel uit dit signaal.")
    elif was_published:
        said = _("Signaal %(ref)s is al zichtbaar voor bezoekers.") % ref
    else:
        said = _("Signaal %(ref)s is openbaar gemaakt.") % ref
        if done.title_changed:
            said += " " + _("De titel van de rode draad komt nu uit dit signaal.")
    messages.success(request, said)
    return redirect("signals:thread", public_id=signal.thread.public_id)


def public_form(request: HttpRequest) -> HttpResponse:
    form = forms.PublicSignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("website"):  # the hidden field: a bot; say thanks, store nothing
            return render(request, "signals/thanks.html", {"reference": None})
        ratelimit.enforce(request, "signals", email=data.get("contact_email"))
        try:
            signal = services.raise_signal(
                actor=None,
                source="publiek",
                data=SignalInput(
                    kind=data["kind"],
                    text=data["text"],
                    themes=data["themes"],
                    municipality=data["municipality"],
                ),
                contact_email=data["contact_email"],
                reply_consent=data["reply_consent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "signals/thanks.html",
                {"reference": signal.reference, "with_reply": bool(signal.contact_email)},
            )
    return render(
        request, "signals/public_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def staff_form(request: HttpRequest) -> HttpResponse:
    organisations = editable_organisations(request.user)
    # From a question's page (?vraag=<reference>): the source and reference filled in.
    reference = request.GET.get("vraag", "").strip()[:12]
    initial = {"source": "vraag", "question_reference": reference} if reference else {}
    form = forms.StaffSignalForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = data["municipality"]
        try:
            signal = services.raise_signal(
                actor=request.user,
                source=data["source"],
                data=SignalInput(
                    kind=data["kind"],
                    text=data["text"],
                    themes=data["themes"],
                    journey_phase=data["journey_phase"],
                    municipality=municipality,
                ),
                question_reference=data["question_reference"],
                organisation=data["organisation"],
                publish=data["publish"],
            )
        except PermissionDenied:
            form.add_error(None, _("U mag voor deze bron of regio geen signaal vastleggen."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Signaal %(ref)s is vastgelegd.") % {"ref": signal.reference}
            )
            return redirect("signals:thread", public_id=signal.thread.public_id)
    return render(
        request, "signals/staff_form.html", {"form": form}, status=400 if form.errors else 200
    )


def answer_feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the answer e-mail: satisfied or not, and why (no login; the link is the key)."""
    feedback = find_feedback(token)
    if feedback is None or feedback.thread.merged_into_id:
        raise Http404
    initial = None
    if feedback.given_at:
        initial = {"satisfied": "ja" if feedback.satisfied else "nee", "comment": feedback.comment}
    form = forms.FeedbackForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            give_feedback(feedback=feedback, satisfied=data["satisfied"], comment=data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Bedankt. Uw reactie is opgeslagen."))
            return redirect("signals:feedback", token=token)
    return render(
        request, "signals/feedback.html", {"form": form, "thread": feedback.thread, "token": token}
    )


# The trends page's "Bekijk per" choice: URL value -> `queries.theme_trends` dimension.
TREND_VIEWS = {"thema": "theme", "soort": "category"}


def trends(request: HttpRequest) -> HttpResponse:
    region = Region.objects.filter(slug=request.GET.get("regio", "")).first()
    view = request.GET.get("per", "thema")
    if view not in TREND_VIEWS:
        view = "thema"
    data = queries.theme_trends(by=TREND_VIEWS[view])
    months = data["months"]

    def rows(series):
        out = []
        for theme, counter in sorted(series.items()):
            values = [queries.public_count(counter.get(m, 0)) for m in months]
            out.append((theme, values, queries.public_count(sum(counter.values()))))
        return out

    return render(
        request,
        "signals/trends.html",
        {
            "months": months,
            "national": rows(data["national"]),
            "regional": rows(data["regional"].get(region.name, {})) if region else None,
            "region": region,
            "regions": Region.objects.order_by("name"),
            "per": view,
        },
    )
