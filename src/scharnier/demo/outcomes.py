"""Two years of plausible, made-up outcome events for the demo regions (`make run`).

Generated with a fixed seed (the same data every run) and fixed sources ("demo.generated"), so
loading again adds nothing. Firms are invented; some give a (made-up) KvK number and come
back through a second door, so unique-firm counting has something to do.
"""

import datetime
import random

from django.utils import timezone

from scharnier.catalog.models import JourneyPhase, Theme
from scharnier.geography.models import Region
from scharnier.monitoring.models import OutcomeEvent
from scharnier.monitoring.models import OutcomeEventKind as K
from scharnier.monitoring.registry import SECTOR_GROUPS, SIZE_CLASSES
from scharnier.monitoring.services import firm_key, rebuild_rollups, record_outcome_events

SOURCE = "demo.generated"
DOORS = (("site", 5), ("scan", 3), ("embed", 1), ("staff", 3), ("api", 1))


def generated_events(today: datetime.date, days: int = 730, seed: int = 2026) -> list:
    rng = random.Random(seed)
    themes = list(Theme.objects.values_list("code", flat=True)) or ["digitalisering"]
    phases = list(JourneyPhase.objects.values_list("code", flat=True)) or [""]
    sizes = [code for code, _label in SIZE_CLASSES]
    sectors = [code for code, _label, _letters in SECTOR_GROUPS]
    doors = [door for door, weight in DOORS for _ in range(weight)]
    tz = timezone.get_current_timezone()
    events: list[OutcomeEvent] = []
    serial = 0

    def add(kind, firm, at, **fields):
        nonlocal serial
        serial += 1
        events.append(
            OutcomeEvent(
                kind=kind,
                occurred_at=at,
                region=firm["region"],
                municipality=firm["municipality"],
                themes=firm["themes"],
                size_class=firm["size"],
                sector=firm["sector"],
                door=fields.pop("door", firm["door"]),
                subject=fields.pop("subject", firm["subject"]),
                firm_key=firm["key"],
                source_type=SOURCE,
                source_id=str(serial),
                **fields,
            )
        )

    for region in Region.objects.prefetch_related("municipalities").order_by("pk"):
        municipalities = list(region.municipalities.all())
        if not municipalities:
            continue
        # Older rollout waves are further along.
        firms_count = {1: 450, 2: 250, 3: 120}.get(region.rollout_wave, 60)
        for number in range(firms_count):
            day = today - datetime.timedelta(days=int(days * (rng.random() ** 0.8)))
            at = datetime.datetime.combine(day, datetime.time(rng.randint(8, 17)), tzinfo=tz)
            kvk = f"{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.4 else ""
            firm = {
                "region": region,
                "municipality": rng.choice(municipalities),
                "themes": rng.sample(themes, k=min(len(themes), rng.randint(1, 2))),
                "size": rng.choice(sizes[:3]) if rng.random() < 0.9 else sizes[3],
                "sector": rng.choice(sectors),
                "door": rng.choice(doors),
                "subject": f"{SOURCE}:{region.slug}:{number}",
                "key": firm_key(kvk) if kvk else "",
            }
            if firm["door"] == "scan":
                add(K.SCAN_COMPLETED, firm, at)
                if rng.random() < 0.5:
                    add(K.PLAN_HANDED_OVER, firm, at + datetime.timedelta(hours=1))
            add(K.QUESTION_RECEIVED, firm, at)
            if kvk and rng.random() < 0.5:  # the same firm at a meeting, counted once
                later = at + datetime.timedelta(days=rng.randint(5, 60))
                if later.date() <= today:
                    add(K.MEETING_PARTICIPATION, firm, later, door="community",
                        subject=f"{firm['subject']}:meeting")  # fmt: skip
            contact = at + datetime.timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 6, 9)))
            if contact.date() > today:
                continue
            add(K.QUESTION_TRIAGED, firm, contact)
            add(K.FIRST_CONTACT, firm, contact, value=min(5, (contact - at).days))
            if rng.random() < 0.65:
                phase = rng.choice(phases)
                add(K.REFERRAL_MADE, firm, contact, phase=phase)
                decided = contact + datetime.timedelta(days=rng.randint(1, 10))
                if decided.date() > today:
                    continue
                if rng.random() < 0.82:
                    add(K.REFERRAL_ACCEPTED, firm, decided, phase=phase)
                    done = decided + datetime.timedelta(days=rng.randint(7, 60))
                    if done.date() <= today and rng.random() < 0.6:
                        add(K.REFERRAL_RESULT, firm, done, phase=phase)
                        if rng.random() < 0.5:
                            add(K.FEEDBACK_GIVEN, firm, done, value=rng.choice(
                                (10, 9, 9, 8, 8, 8, 7, 7, 6, 5, 9, 10, 3)))  # fmt: skip
                else:
                    add(K.REFERRAL_REJECTED, firm, decided, phase=phase)
    return events


def load_demo_outcomes(today: datetime.date | None = None) -> int:
    """Add the generated events (once) and rebuild the rollups; returns the events added."""
    added = 0
    if not OutcomeEvent.objects.filter(source_type=SOURCE).exists():
        added = record_outcome_events(
            generated_events(today or timezone.localdate()), refresh=False
        )
    rebuild_rollups()
    return added
