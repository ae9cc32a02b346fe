"""Casework's white-spot signal (NCvO: quality requirements on referral; REQUIREMENTS C5): the
share of questions closed as "geen passend aanbod" per theme, on the public white-spot page,
with counts below 5 withheld."""

import html

import pytest

from scharnier.casework import services as casework
from scharnier.casework.models import Outcome
from scharnier.geography.models import Municipality
from scharnier.landscape import queries
from scharnier.organisations.models import Role
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db


def _closed(handler, theme: str, outcome: str, municipality: str = "GM0193") -> None:
    submitted = casework.submit_question(
        door="site",
        municipality=Municipality.objects.get(code=municipality),
        text="Ik zoek hulp voor mijn bedrijf met een vraag die ik hier beschrijf.",
        email="ondernemer@example.org",
        consent_purposes=["behandeling"],
    )
    question = submitted.question
    casework.triage_question(
        actor=handler, question=question, theme_codes=[theme], urgency="normaal"
    )
    casework.close_question(actor=handler, question=question, outcome=outcome)


def test_questions_without_a_fitting_offer_per_theme_with_small_counts_withheld(client):
    zwolle = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    breda = make_region("regio-breda", municipality_codes=["GM0758"])
    handler = make_user(Role.SCHAKELTEAM_MEMBER, region=zwolle)
    other = make_user(Role.SCHAKELTEAM_MEMBER, region=breda)
    for n in range(12):  # netcongestie: 6 of 12 without a fitting offer
        _closed(handler, "netcongestie", Outcome.NO_FIT if n < 6 else Outcome.ANSWERED)
    for n in range(6):  # digitalisering: 1 of 6, a small count
        _closed(handler, "digitalisering", Outcome.NO_FIT if n < 1 else Outcome.ANSWERED)
    for _ in range(5):  # elsewhere: not in Zwolle's figures
        _closed(other, "netcongestie", Outcome.NO_FIT, municipality="GM0758")

    area = queries.resolve_area("RG:regio-zwolle")
    rows = {r.theme.code: (r.no_fit, r.closed) for r in queries.questions_without_fit(area)}
    assert rows == {"netcongestie": (6, 12), "digitalisering": (1, 6)}
    national = queries.questions_without_fit(queries.national_area())
    assert (national[0].theme.code, national[0].no_fit, national[0].closed) == (
        "netcongestie",
        11,
        17,
    )

    page = html.unescape(client.get("/stelsel/?gebied=RG:regio-zwolle").content.decode())
    assert "Vragen aan de schakelteams zonder passend aanbod, per thema" in page
    csv = client.get("/stelsel/?gebied=RG:regio-zwolle&formaat=csv").content.decode("utf-8-sig")
    assert "Netcongestie;12;6;50%" in csv
    assert "Digitalisering;6;<5;-" in csv  # 1 question: withheld, and so is its share
