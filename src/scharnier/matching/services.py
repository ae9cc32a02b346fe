"""Write operations of matching: stored offer features, plans, hand-overs to the schakelteam."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.casework import services as casework
from scharnier.casework.models import ConsentPurpose, Door
from scharnier.catalog.models import Offer
from scharnier.core import embeddings
from scharnier.core.validation import campaign_code

from . import outcomes, scan, semantic_e5
from .models import FeatureSetVersion, OfferEmbedding, Plan, PlanHandover
from .queries import Profile, regions_of
from .text import analysed

logger = logging.getLogger(__name__)


def offer_text(offer: Offer) -> str:
    """The text of an offer that matching reads: what it is, for whom, on which themes."""
    themes = ", ".join(t.label for t in offer.themes.all())
    return "\n".join(
        part
        for part in (
            offer.title,
            offer.summary,
            themes,
            offer.offer_type.label if offer.offer_type_id else "",
            offer.description,
        )
        if part
    )


def _hash(text: str) -> str:
    return hashlib.sha256(f"{embeddings.MODEL_NAME}\n{text}".encode()).hexdigest()


def compute_offer_embeddings(
    offer_ids: Iterable[int] | None = None,
    *,
    force: bool = False,
    batch_size: int = 256,
    progress=None,
) -> int:
    """(Re)compute stored features for the given offers (all when None); returns how many.

    Unchanged offers (same text, same model) are skipped unless `force`.
    """
    queryset = Offer.objects.select_related("offer_type").prefetch_related("themes")
    if offer_ids is not None:
        queryset = queryset.filter(pk__in=list(offer_ids))
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    with_e5 = semantic_e5.enabled()
    done = 0
    unchanged: list[int] = []
    for start in range(0, len(ids), batch_size):
        chunk = list(queryset.filter(pk__in=ids[start : start + batch_size]))
        existing = {
            e.offer_id: e for e in OfferEmbedding.objects.filter(offer__in=[o.pk for o in chunk])
        }
        todo, texts = [], []
        for offer in chunk:
            text = offer_text(offer)
            digest = _hash(text)
            current = existing.get(offer.pk)
            if (
                force
                or current is None
                or current.content_hash != digest
                or (with_e5 and current.vector_e5 is None)
            ):
                todo.append((offer, digest, text))
                texts.append(text)
            else:
                unchanged.append(offer.pk)
        if todo:
            vectors = embeddings.embed_passages(texts)
            e5_vectors = semantic_e5.embed_passages(texts) if with_e5 else [None] * len(texts)
            rows = [
                OfferEmbedding(
                    offer_id=offer.pk,
                    model_name=embeddings.MODEL_NAME,
                    content_hash=digest,
                    vector=embeddings.to_bytes(vector),
                    terms=analysed(text),
                    vector_e5=None if e5 is None else embeddings.to_bytes(e5),
                    computed_at=timezone.now(),
                )
                for (offer, digest, text), vector, e5 in zip(todo, vectors, e5_vectors, strict=True)
            ]
            OfferEmbedding.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["offer"],
                update_fields=[
                    "model_name",
                    "content_hash",
                    "vector",
                    "terms",
                    "vector_e5",
                    "computed_at",
                ],
            )
            done += len(rows)
            bump_feature_version()
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    if offer_ids is not None and unchanged:
        # Same text, but the offer was saved: its journey phases (not part of the text) may
        # have changed. Marking the rows lets every process's index patch them in (cheap).
        OfferEmbedding.objects.filter(offer_id__in=unchanged).update(computed_at=timezone.now())
        bump_feature_version()
    # Offers deleted from the catalog cascade; nothing else to clean.
    return done


def bump_feature_version() -> None:
    """Tell every process's in-memory index that the stored features changed."""
    from django.db.models import F

    updated = FeatureSetVersion.objects.filter(pk=1).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        FeatureSetVersion.objects.get_or_create(pk=1, defaults={"version": 1})


# Up to this many changed offers are recomputed right after the commit (~2 ms each). Bigger
# batches (bulk imports) must not make the import wait minutes: they are left to
# `manage.py compute_offer_embeddings`, and until then a query computes the eligible offers
# that lack features on demand (a bounded number per query).
SYNC_LIMIT = 1000


def on_offers_changed(sender, offer_ids: list[int], **kwargs) -> None:
    """Receiver of catalog.signals.offers_changed: keep stored features current."""
    from django.conf import settings

    limit = getattr(settings, "MATCHING_SYNC_FEATURE_LIMIT", SYNC_LIMIT)
    if len(offer_ids) > limit:
        logger.info("%d offers changed: features left to compute_offer_embeddings", len(offer_ids))
        return
    try:
        compute_offer_embeddings(offer_ids)
    except Exception:  # never break the catalog write that triggered us
        logger.exception("computing offer features failed for %d offers", len(offer_ids))


def create_plan(
    *,
    profile: Profile,
    answers: Mapping[str, Any],
    subject_plan: Plan | None = None,
    campaign: str = "",
) -> Plan:
    """Score a completed toekomstscan and store it as a plan behind a random link.

    `subject_plan`: the first plan of the same firm when the scan is redone from its link;
    monitoring then counts the firm once. `campaign`: the code of the outreach campaign whose
    link was followed (kept if well formed).

    Raises ValidationError (Dutch messages keyed by question code) for incomplete answers.
    """
    cleaned = scan.validate_answers(answers)
    priorities = scan.priorities(cleaned)
    plan = Plan.objects.create(
        municipality=profile.municipality,
        employees=profile.employees or 0,
        sbi_section=profile.sbi_section,
        company_age_years=profile.company_age_years or 0,
        direction=cleaned[scan.DIRECTION_QUESTION],
        answers=cleaned,
        priorities=[p.as_dict() for p in priorities],
        campaign_code=campaign_code(campaign),
    )
    outcomes.plan_made(plan, subject_plan)  # counted by monitoring
    return plan


@transaction.atomic
def send_plan_to_schakelteam(
    *,
    plan: Plan,
    name: str = "",
    email: str = "",
    phone: str = "",
    message: str = "",
    consent: bool,
    feedback_consent: bool = False,
    kvk_number: str = "",
) -> PlanHandover:
    """Send the plan as a question to the casework inbox of the region; only with consent.

    The name is optional, as on the question form: an e-mail address or phone number is what
    the schakelteam needs to reach someone (casework checks that, and the consent).

    Raises ValidationError with Dutch messages (keys: email, consent, text).
    """
    priorities = plan.priorities or []
    lines = [message.strip()] if message.strip() else []
    lines.append(_("Prioriteiten uit de toekomstscan:"))
    lines += [f"- {priority['question']}" for priority in priorities]
    purposes = [ConsentPurpose.HANDLING] if consent else []
    if consent and feedback_consent:
        purposes.append(ConsentPurpose.FEEDBACK)
    submitted = casework.submit_question(
        door=Door.SCAN,
        municipality=plan.municipality,
        text="\n".join(lines),
        contact_name=name.strip(),
        email=email,
        phone=phone,
        consent_purposes=purposes,
        plan_reference=plan.token,
        theme_codes=[priority["theme"] for priority in priorities],
        kvk_number=kvk_number,
        firm_profile=casework.FirmProfile(
            employees=plan.employees,
            sbi_section=plan.sbi_section,
            company_age_years=plan.company_age_years,
            direction=plan.direction,
        ),
    )
    regions = regions_of(plan.municipality)
    handover = PlanHandover.objects.create(
        plan=plan,
        region=regions[0] if regions else None,
        question_reference=submitted.question.reference,
        sent_at=timezone.now(),
    )
    outcomes.plan_handed_over(handover, kvk_number)  # counted by monitoring
    return handover
