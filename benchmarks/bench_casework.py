"""Casework: a region's inbox with 50,000 questions and 150,000 referral events, over real HTTP.

Target (issue 4): the inbox page renders with p95 <= 300 ms. Data is bulk-created in the
casework tables only; the schakelteam member logs in through a session cookie.
"""

import datetime
import random
import time

import requests

from benchmarks.common import (
    latency_summary,
    live_http_server,
    peak_rss_mb,
    timed,
    verified_session_cookie,
    write_result,
)

QUESTIONS = 50_000
REFERRAL_EVENTS = 150_000
TARGET_P95_MS = 300.0
ROUNDS = 30


def _populate() -> dict:
    from django.db import transaction
    from django.utils import timezone

    from scharnier.casework.models import (
        CaseEvent,
        EventKind,
        Question,
        QuestionStatus,
        Referral,
        ReferralStatus,
        Urgency,
    )
    from scharnier.catalog.models import Theme
    from scharnier.geography import services as geography_services
    from scharnier.geography.models import Municipality, RegionStatus, RolloutWave
    from scharnier.organisations import services as organisation_services
    from scharnier.organisations.models import OrganisationKind, Role

    rng = random.Random(4)
    codes = ["GM0193", "GM0148", "GM0160", "GM0166", "GM0175"]
    municipalities = list(Municipality.objects.filter(code__in=codes))
    region = geography_services.save_region(
        slug="bench-regio",
        name="Benchregio",
        municipalities=municipalities,
        rollout_wave=RolloutWave.FOCUS_2024,
        status=RegionStatus.ACTIVE,
    )
    providers = [
        organisation_services.save_organisation(
            slug=f"bench-aanbieder-{i}", name=f"Aanbieder {i}", kind=OrganisationKind.PRIVAAT
        )
        for i in range(20)
    ]
    user = organisation_services.create_user(username="bench-schakel", password=None)
    organisation_services.grant_membership(user=user, role=Role.SCHAKELTEAM_MEMBER, region=region)
    themes = list(Theme.objects.all())
    now = timezone.now()
    statuses = [QuestionStatus.NEW, QuestionStatus.TRIAGED, QuestionStatus.REFERRED] + [
        QuestionStatus.CLOSED
    ] * 5
    with timed() as elapsed, transaction.atomic():
        questions = []
        for i in range(QUESTIONS):
            submitted = now - datetime.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
            status = rng.choice(statuses)
            questions.append(
                Question(
                    reference=f"VR-B{i:07d}",
                    door="site",
                    municipality=rng.choice(municipalities),
                    region=region,
                    contact_name="Ondernemer",
                    email=f"o{i}@bench.example",
                    text="Een vraag over verduurzaming van het bedrijf.",
                    urgency=rng.choice(Urgency.values),
                    status=status,
                    outcome="geholpen" if status == QuestionStatus.CLOSED else "",
                    submitted_at=submitted,
                    response_due_at=submitted + datetime.timedelta(days=7),
                    first_response_at=(
                        None
                        if status == QuestionStatus.NEW
                        else submitted + datetime.timedelta(days=2)
                    ),
                    closed_at=submitted + datetime.timedelta(days=20)
                    if status == QuestionStatus.CLOSED
                    else None,
                )
            )
        Question.objects.bulk_create(questions, batch_size=2000)
        question_ids = list(
            Question.objects.filter(region=region).order_by("pk").values_list("pk", flat=True)
        )
        through = Question.themes.through
        through.objects.bulk_create(
            [through(question_id=pk, theme_id=rng.choice(themes).pk) for pk in question_ids],
            batch_size=5000,
        )
        referrals = [
            Referral(
                question_id=rng.choice(question_ids),
                organisation=rng.choice(providers),
                handover_message="Graag oppakken.",
                status=rng.choice(ReferralStatus.values),
                created_at=now,
                updated_at=now,
            )
            for _ in range(REFERRAL_EVENTS // 3)
        ]
        Referral.objects.bulk_create(referrals, batch_size=2000)
        referral_rows = list(Referral.objects.values_list("pk", "question_id"))
        kinds = [EventKind.REFERRED, EventKind.ACCEPTED, EventKind.CONTACTED, EventKind.COMPLETED]
        events = []
        for n in range(REFERRAL_EVENTS):
            referral_id, question_id = referral_rows[n % len(referral_rows)]
            events.append(
                CaseEvent(
                    question_id=question_id,
                    referral_id=referral_id,
                    kind=kinds[n % len(kinds)],
                    at=now - datetime.timedelta(minutes=n),
                )
            )
        CaseEvent.objects.bulk_create(events, batch_size=5000)
    return {
        "user": user,
        "region": region,
        "seconds": round(elapsed(), 1),
        "questions": Question.objects.filter(region=region).count(),
        "referral_events": CaseEvent.objects.filter(referral__isnull=False).count(),
        "open_questions": Question.objects.filter(region=region)
        .exclude(status=QuestionStatus.CLOSED)
        .count(),
    }


def main(db_label: str) -> dict:
    from django.db import connection

    data = _populate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    cookie = verified_session_cookie(data["user"])
    scenarios = {
        "inbox (open, page 1)": "/schakelteam/vragen/",
        "inbox page 2": "/schakelteam/vragen/?pagina=2",
        "inbox all incl. closed, page 200": "/schakelteam/vragen/?status=alle&pagina=200",
        "inbox theme filter": "/schakelteam/vragen/?thema=verduurzaming",
        "inbox SLA overdue": "/schakelteam/vragen/?termijn=te-laat",
        "inbox status referred + urgent": "/schakelteam/vragen/?status=doorverwezen&urgentie=spoed",
    }
    samples: dict[str, list[float]] = {name: [] for name in scenarios}
    with live_http_server() as base, requests.Session() as session:
        session.cookies.set("sessionid", cookie)
        for url in scenarios.values():  # warm-up (connections, template cache)
            assert session.get(base + url, timeout=30).status_code == 200
        for _round in range(ROUNDS):
            for name, url in scenarios.items():
                start = time.perf_counter()
                response = session.get(base + url, timeout=30)
                samples[name].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                assert "VR-B" in response.text, url
    all_samples = [s for values in samples.values() for s in values]
    overall = latency_summary(all_samples)
    result = {
        "target": f"inbox p95 <= {TARGET_P95_MS} ms",
        "data": {k: v for k, v in data.items() if k not in ("user", "region")},
        "inbox_overall": overall,
        "per_scenario": {name: latency_summary(values) for name, values in samples.items()},
        "passed": overall["p95_ms"] <= TARGET_P95_MS,
        "peak_rss_mb": peak_rss_mb(),
    }
    write_result("casework", db_label, result)
    return result
