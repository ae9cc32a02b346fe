"""Demo joint consistency tests: one handed back and answered by the ministry, one of a new
proposal waiting for RVO, one of the existing offers on a theme and one of a new desk
(`landscape.joint_reviews`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from scharnier.core import clock
from scharnier.demo.services import demo_member
from scharnier.geography.models import Region
from scharnier.landscape import joint_reviews
from scharnier.landscape import services as landscape
from scharnier.landscape.models import JointReview, OwnerAction, ReviewPosition, ReviewSubject
from scharnier.organisations.models import Organisation, Role

# Proposals a department or province might send; made up, in the consistency test's format.
DEMO_REVIEWS: list[dict[str, Any]] = [
    {
        "title": "Landelijke voucher voor digitaal advies aan kleine bedrijven",
        "owner": "ministerie-ez",
        "reviewers": ["kvk", "rvo", "oost-nl"],
        "days_ago": 40,
        "term_days": 28,
        "question": (
            "Het ministerie wil een voucher van 2.500 euro voor advies over digitalisering aan "
            "bedrijven met 2 tot 50 medewerkers. Sluit dat aan op wat er al is in de regio's?"
        ),
        "proposal": {
            "title": "Landelijke voucher voor digitaal advies aan kleine bedrijven",
            "summary": (
                "Een voucher van 2.500 euro waarmee een mkb-bedrijf een adviseur inhuurt om "
                "de bedrijfsvoering te digitaliseren."
            ),
            "themes": ["digitalisering"],
            "journey_phases": ["kunnen"],
            "offer_type": "voucher",
            "min_employees": 2,
            "max_employees": 50,
        },
        "contributions": {
            "kvk": (
                ReviewPosition.ALIGN,
                10,
                "Lijkt op de regionale vouchers in Brabant en "
                "Regio Breda. Stem af zodat een ondernemer niet twee keer aanvraagt.",
            ),
            "rvo": (
                ReviewPosition.ALIGN,
                12,
                "RVO kan de voucher uitvoeren, maar de regionale "
                "digitaliseringsvouchers lopen door tot eind volgend jaar.",
            ),
            "oost-nl": (
                ReviewPosition.RECONSIDER,
                14,
                "In Oost-Nederland loopt al een "
                "vergelijkbare voucher. Liever die landelijk uitbreiden.",
            ),
        },
        "advice": (
            ReviewPosition.ALIGN,
            18,
            "Start de voucher niet naast de regionale vouchers. Voeg ze samen tot één landelijke "
            "voucher met regionale loketten, of laat de regio's hun voucher afbouwen.",
        ),
        "response": (
            OwnerAction.ADJUSTED,
            30,
            "De voucher start in 2027 als één regeling met de provincies. De regionale vouchers "
            "lopen af zodra de landelijke voucher opengaat.",
        ),
    },
    {
        "title": "Provinciale subsidie voor een energiescan bij mkb-bedrijven",
        "owner": "provincie-overijssel",
        "reviewers": ["kvk", "rvo", "oost-nl"],
        "days_ago": 6,
        "term_days": 21,
        "question": (
            "De provincie wil bedrijven een energiescan laten doen. Is er al genoeg aanbod, en "
            "wie kan het beste uitvoeren?"
        ),
        "proposal": {
            "title": "Provinciale subsidie voor een energiescan bij mkb-bedrijven",
            "summary": (
                "Een subsidie voor een energiescan door een erkende adviseur, zodat een bedrijf "
                "weet waar het energie kan besparen."
            ),
            "themes": ["verduurzaming"],
            "journey_phases": ["weten"],
            "offer_type": "subsidie",
            "scope_level": "provincie",
            "provinces": ["PV23"],
        },
        "contributions": {
            "kvk": (
                ReviewPosition.ALIGN,
                2,
                "Er zijn al energiescans van gemeenten en van "
                "brancheorganisaties. Verwijs daarnaar in plaats van een nieuwe te maken.",
            ),
            "oost-nl": (
                ReviewPosition.FITS,
                3,
                "Sluit aan op het programma voor verduurzaming van bedrijventerreinen.",
            ),
        },
    },
]
DEMO_THEME_REVIEW = {
    "title": "Toets op bestaand aanbod: financiering",
    "theme": "financiering",
    "owner": "ministerie-ez",
    "reviewers": ["kvk", "rvo"],
    "days_ago": 3,
    "term_days": 42,
    "question": (
        "Welke leningen, garanties en subsidies op financiering overlappen? Doe voorstellen om "
        "samen te voegen of te stoppen."
    ),
}


DEMO_DESK_REVIEW = {
    "title": "Eigen ondernemersloket voor de Achterhoek",
    "region": "achterhoek",
    "owner": "provincie-gelderland",
    "reviewers": ["kvk", "rvo", "oost-nl"],
    "days_ago": 2,
    "term_days": 30,
    "question": (
        "De provincie wil een eigen website en telefoonnummer voor ondernemers in de "
        "Achterhoek, met alle regelingen van de acht gemeenten."
    ),
    "desk_case": {
        "meerwaarde": "Ondernemers vinden de regelingen van de acht gemeenten nu op acht sites.",
        "doorverwijzen": "Vragen gaan naar het schakelteam van de Achterhoek.",
        "gegevens": "Het aanbod komt via het importbestand in het register van Scharnier.",
        "kosten-baten": "60.000 euro per jaar; we verwachten 800 ondernemers per jaar.",
        "tevredenheid": "Een korte vraag na elk contact (NPS).",
    },
}


def _organisations(slugs: list[str]) -> list[Organisation]:
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@transaction.atomic
def load_demo_reviews() -> int:
    """Once: skipped when any joint review exists. Returns the number made."""
    analyst = demo_member(Role.NATIONAL_ANALYST)
    if analyst is None or JointReview.objects.exists():
        return 0
    made = 0
    for spec in DEMO_REVIEWS:
        started = _ago(spec["days_ago"])
        with clock.set_to(started):
            check = landscape.run_consistency_check(actor=analyst, raw=spec["proposal"])
            review = joint_reviews.open_joint_review(
                actor=analyst,
                data={
                    "subject": ReviewSubject.NEW,
                    "title": spec["title"],
                    "question": spec["question"],
                    "consistency_check": check,
                    "policy_owner": Organisation.objects.get(slug=spec["owner"]),
                    "reviewers": _organisations(spec["reviewers"]),
                    "deadline": timezone.localdate() + datetime.timedelta(days=1),
                },
            )
        # The term as the department set it (the service refuses a date already past).
        review.deadline = timezone.localdate(started) + datetime.timedelta(days=spec["term_days"])
        review.save(update_fields=["deadline"])
        made += 1
        for contribution in review.contributions.select_related("organisation"):
            given = spec["contributions"].get(contribution.organisation.slug)
            editor = demo_member(Role.PROVIDER_EDITOR, organisation=contribution.organisation)
            if given is None or editor is None:
                continue
            position, days, motivation = given
            with clock.set_to(_ago(spec["days_ago"] - days)):
                joint_reviews.give_contribution(
                    actor=editor,
                    contribution=contribution,
                    position=position,
                    motivation=motivation,
                )
        if "advice" in spec:
            position, days, advice = spec["advice"]
            with clock.set_to(_ago(spec["days_ago"] - days)):
                joint_reviews.return_to_owner(
                    actor=analyst, review=review, position=position, advice=advice
                )
        if "response" in spec:
            action, days, response = spec["response"]
            owner_editor = demo_member(Role.PROVIDER_EDITOR, organisation=review.policy_owner)
            with clock.set_to(_ago(spec["days_ago"] - days)):
                joint_reviews.record_owner_response(
                    actor=owner_editor, review=review, action=action, response=response
                )
    spec = DEMO_THEME_REVIEW
    with clock.set_to(_ago(spec["days_ago"])):
        joint_reviews.open_joint_review(
            actor=analyst,
            data={
                "subject": ReviewSubject.EXISTING,
                "title": spec["title"],
                "question": spec["question"],
                "theme_code": spec["theme"],
                "policy_owner": Organisation.objects.get(slug=spec["owner"]),
                "reviewers": _organisations(spec["reviewers"]),
                "deadline": timezone.localdate()
                + datetime.timedelta(days=spec["term_days"] - spec["days_ago"]),
            },
        )
    spec = DEMO_DESK_REVIEW
    owner = Organisation.objects.filter(slug=spec["owner"]).first()
    region = Region.objects.filter(slug=spec["region"]).first()
    if owner is not None and region is not None:
        with clock.set_to(_ago(spec["days_ago"])):
            joint_reviews.open_joint_review(
                actor=analyst,
                data={
                    "subject": ReviewSubject.NEW_DESK,
                    "title": spec["title"],
                    "question": spec["question"],
                    "region": region,
                    "desk_case": spec["desk_case"],
                    "policy_owner": owner,
                    "reviewers": _organisations(spec["reviewers"]),
                    "deadline": timezone.localdate()
                    + datetime.timedelta(days=spec["term_days"] - spec["days_ago"]),
                },
            )
        made += 1
    return made + 1
