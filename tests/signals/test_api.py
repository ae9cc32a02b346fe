"""Communities, meetings, signals and threads API over real HTTP: no personal data, problem+json."""

import pytest
import requests
from django.core import mail
from rest_framework.authtoken.models import Token

from scharnier.monitoring.models import OutcomeEventKind
from scharnier.monitoring.queries import standing_report
from scharnier.signals.models import Signal, Thread
from tests.signals.world import (
    MUNICIPALITY_A,
    assign_and_answer,
    build_world,
    in_days,
    raise_public_signal,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    return response.json()


def _token(user) -> dict:
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


def test_signals_and_threads_through_the_api(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1"
    body = {
        "kind": "knelpunt",
        "text": "Wij krijgen geen grotere aansluiting op het stroomnet door netcongestie.",
        "municipality": MUNICIPALITY_A,
        "themes": ["netcongestie"],
        "contactEmail": "melder@example.org",
        "replyConsent": True,
    }
    _problem(requests.post(f"{api}/signals", json={**body, "replyConsent": False}, timeout=10), 400)
    _problem(requests.post(f"{api}/signals", json={**body, "kind": "klacht"}, timeout=10), 400)
    _problem(requests.post(f"{api}/signals", json={**body, "themes": ["x"]}, timeout=10), 400)
    _problem(
        requests.post(
            f"{api}/signals",
            data="{kapot",
            headers={"Content-Type": "application/json"},
            timeout=10,
        ),
        400,
    )
    # Staff sources need a token.
    _problem(
        requests.post(f"{api}/signals", json={**body, "source": "schakelteam"}, timeout=10), 401
    )
    created = requests.post(f"{api}/signals", json=body, timeout=10)
    assert created.status_code == 201, created.text
    reference, thread_id = created.json()["reference"], created.json()["thread"]
    # Not published yet: not in the public list, and the list never holds an e-mail address.
    assert requests.get(f"{api}/signals", timeout=10).json()["results"] == []
    staff = _token(world.users["schakel_a"])
    second = requests.post(
        f"{api}/signals",
        json={
            "source": "schakelteam",
            "kind": "knelpunt",
            "text": "Netbeheerder meldt jaren wachttijd voor een zwaardere stroomaansluiting.",
            "region": "regio-a",
            "publish": True,
        },
        headers=staff,
        timeout=10,
    )
    assert second.status_code == 201, second.text
    # Published at once, a text with a phone number is refused (no reviewer reads it first).
    refused = _problem(
        requests.post(
            f"{api}/signals",
            json={
                "source": "schakelteam",
                "kind": "knelpunt",
                "text": "Ondernemer wacht op stroom, bel hem op 06-12345678 voor details.",
                "region": "regio-a",
                "publish": True,
            },
            headers=staff,
            timeout=10,
        ),
        400,
    )
    assert "telefoonnummer" in str(refused)
    # A provider's signal without the organisation is bad input (400), not a refusal (403,
    # which the document does not list: schemathesis found it).
    missing = _problem(
        requests.post(
            f"{api}/signals",
            json={"source": "aanbieder", "kind": "knelpunt", "text": body["text"]},
            headers=staff,
            timeout=10,
        ),
        400,
    )
    assert "organisatie" in str(missing)
    listed = requests.get(f"{api}/signals", timeout=10).json()["results"]
    assert [s["reference"] for s in listed] == [second.json()["reference"]]
    assert "melder@example.org" not in requests.get(f"{api}/signals", timeout=10).text
    assert Signal.objects.get(reference=reference).contact_email == "melder@example.org"

    threads = requests.get(f"{api}/threads", timeout=10).json()["results"]
    thread = next(t for t in threads if t["id"] == thread_id)
    assert thread["signalCount"] == "<5" and thread["status"] == "nieuw"
    # The automatically suggested subject, as an object (null without one).
    stored = Thread.objects.get(public_id=thread_id)
    assert thread["subject"] == {
        "tree": stored.subject_tree,
        "code": stored.subject_code,
        "label": stored.subject_label,
    }
    assert thread["category"] == {
        "code": stored.category,
        "label": stored.get_category_display(),
        "chosenByAnalyst": False,
    }
    assert stored.subject_code and stored.category
    Thread.objects.filter(pk=stored.pk).update(subject_label="", category="")
    bare = requests.get(f"{api}/threads/{thread_id}", timeout=10).json()
    assert bare["subject"] is None and bare["category"] is None
    Thread.objects.filter(pk=stored.pk).update(
        subject_label=stored.subject_label, category=stored.category
    )
    by_category = requests.get(f"{api}/threads?category={stored.category}", timeout=10).json()
    assert [t["id"] for t in by_category["results"]] == [thread_id]
    elsewhere = "opvolging" if stored.category != "opvolging" else "netcongestie"
    none = requests.get(f"{api}/threads?category={elsewhere}", timeout=10).json()
    assert none["results"] == []
    _problem(requests.get(f"{api}/threads?category=raar", timeout=10), 400)
    _problem(requests.get(f"{api}/threads?status=raar", timeout=10), 400)
    _problem(requests.get(f"{api}/threads/00000000-0000-0000-0000-000000000000", timeout=10), 404)

    url = f"{api}/threads/{thread_id}"
    assignment = {"owner": "rvo-test", "deadline": in_days(20).isoformat()}
    _problem(requests.post(f"{url}/assignment", json=assignment, timeout=10), 401)
    _problem(requests.post(f"{url}/assignment", json=assignment, headers=staff, timeout=10), 403)
    analyst = _token(world.users["landelijk_analist"])
    # The analyst's kind of knelpunt: staff may not choose it, a code outside the list is a 400,
    # null returns to the subject's category.
    choice = {"category": elsewhere}
    _problem(requests.post(f"{url}/category", json=choice, timeout=10), 401)
    _problem(requests.post(f"{url}/category", json=choice, headers=staff, timeout=10), 403)
    _problem(
        requests.post(f"{url}/category", json={"category": "raar"}, headers=analyst, timeout=10),
        400,
    )
    chosen = requests.post(f"{url}/category", json=choice, headers=analyst, timeout=10)
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["category"]["code"] == elsewhere
    assert chosen.json()["category"]["chosenByAnalyst"] is True
    if stored.category != elsewhere:  # the subject no longer fits the chosen kind
        assert chosen.json()["subject"] is None
    back = requests.post(f"{url}/category", json={"category": None}, headers=analyst, timeout=10)
    assert back.json()["category"]["code"] == stored.category
    assert back.json()["category"]["chosenByAnalyst"] is False
    assert back.json()["subject"]["label"] == stored.subject_label
    _problem(
        requests.post(
            f"{url}/assignment",
            json={**assignment, "owner": "bestaat-niet"},
            headers=analyst,
            timeout=10,
        ),
        400,
    )
    assigned = requests.post(f"{url}/assignment", json=assignment, headers=analyst, timeout=10)
    assert assigned.status_code == 200 and assigned.json()["status"] == "in_behandeling"
    # Waiting after the deadline: none yet; once the deadline has passed, this thread.
    assert requests.get(f"{api}/threads?overdue=true", timeout=10).json()["results"] == []
    Thread.objects.filter(public_id=thread_id).update(deadline=in_days(-1))
    late = requests.get(f"{api}/threads?overdue=true", timeout=10).json()["results"]
    assert [t["id"] for t in late] == [thread_id]
    _problem(requests.get(f"{api}/threads?overdue=ja", timeout=10), 400)
    # A filter value that does not exist is refused, not answered with an empty list.
    for query, name in (
        ("threads?theme=bestaat-niet", "theme"),
        ("signals?kind=klacht", "kind"),
        ("signals?region=bestaat-niet", "region"),
        ("threads?region=bestaat-niet", "region"),
    ):
        problem = _problem(requests.get(f"{api}/{query}", timeout=10), 400)
        assert [p["name"] for p in problem["invalidParams"]] == [name]
    assert requests.get(f"{api}/threads?theme=netcongestie", timeout=10).status_code == 200
    assert requests.get(f"{api}/signals?region=regio-a", timeout=10).status_code == 200
    # Threads with signals from a region, as the board filters them.
    from_a = requests.get(f"{api}/threads?region=regio-a", timeout=10).json()["results"]
    assert thread_id in [t["id"] for t in from_a]
    from_b = requests.get(f"{api}/threads?region=regio-b", timeout=10).json()["results"]
    assert thread_id not in [t["id"] for t in from_b]
    Thread.objects.filter(public_id=thread_id).update(deadline=in_days(20))
    owner = _token(world.users["aanbieder_owner"])
    answer = {
        "answer": "We maken een regeling voor het delen van aansluitingen op bedrijventerreinen.",
        "links": [{"kind": "beleid", "label": "Kamerbrief", "url": "https://example.org/brief"}],
    }
    _problem(
        requests.post(
            f"{url}/answer", json=answer, headers=_token(world.users["aanbieder_other"]), timeout=10
        ),
        403,
    )
    # A NUL byte in the answer and a line break in a link's label: refused in Dutch, as the
    # schema's pattern says, and nothing is stored.
    for bad, name in (
        ({**answer, "answer": "Er komt\x00 een regeling."}, "answer"),
        ({**answer, "links": [{**answer["links"][0], "label": "Kamer\nbrief"}]}, "links"),
    ):
        problem = _problem(requests.post(f"{url}/answer", json=bad, headers=owner, timeout=10), 400)
        assert problem["invalidParams"][0]["name"].startswith(name)
    assert Thread.objects.get(public_id=thread_id).answer == ""
    mail.outbox.clear()
    answered = requests.post(f"{url}/answer", json=answer, headers=owner, timeout=10)
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "beantwoord"
    assert answered.json()["answeredWithinDeadline"] is True
    assert answered.json()["links"][0]["url"] == "https://example.org/brief"
    assert sorted(m.to[0] for m in mail.outbox) == ["melder@example.org", "schakel_a@example.org"]
    # Re-assigning an answered thread is not a step the workflow allows.
    _problem(requests.post(f"{url}/assignment", json=assignment, headers=analyst, timeout=10), 409)
    assert Thread.objects.get(public_id=thread_id).owner.slug == "rvo-test"


def _team_signal(world, team: str, region: str, text: str, publish: bool = True) -> Signal:
    from scharnier.signals import services

    return services.raise_signal(
        actor=world.users[team],
        source="schakelteam",
        data=services.SignalInput(kind="knelpunt", text=text, region=world.regions[region]),
        publish=publish,
    )


def test_public_signal_list_names_a_region_or_month_only_where_the_thread_page_does(
    live_server,
):
    """Counts of 1-4 are "<5" on the thread page, which then names neither the region nor the
    month next to a signal. The public list of signals follows the same counts: no region and
    no month there, no day or time anywhere, and no filter that finds them by region."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.formats import date_format

    world = build_world()
    api = f"{live_server.url}/api/v1"
    text = "Bakkerijen krijgen geen stroomaansluiting door netcongestie."
    many = [_team_signal(world, "schakel_a", "a", f"{text} Zwolle {n}.") for n in range(5)]
    few = [_team_signal(world, "schakel_b", "b", f"{text} Breda {n}.") for n in range(2)]
    thread = Thread.objects.get(pk=many[0].thread_id)
    earlier = timezone.now() - timedelta(days=70)
    Signal.objects.filter(pk__in=[s.pk for s in many]).update(thread=thread)
    Signal.objects.filter(pk__in=[s.pk for s in few]).update(thread=thread, created_at=earlier)
    Thread.objects.filter(pk=thread.pk).update(signal_count=7)
    now_month = f"{timezone.localtime():%Y-%m}"
    old_month, old_year = f"{timezone.localtime(earlier):%Y-%m}", timezone.localtime(earlier).year

    def listed(query: str = "") -> dict:
        response = requests.get(f"{api}/signals{query}", timeout=10)
        assert response.status_code == 200, response.text
        return {s["reference"]: s for s in response.json()["results"]}

    signals = listed()
    assert set(signals) == {s.reference for s in many + few}
    for signal in many:
        shown = signals[signal.reference]
        assert (shown["region"], shown["createdMonth"]) == ("regio-a", now_month)
    for signal in few:  # 2 from region B, 2 in that month: neither is named
        shown = signals[signal.reference]
        assert (shown["region"], shown["createdMonth"]) == (None, None)
        assert shown["createdYear"] == old_year
    assert all("createdAt" not in s for s in signals.values())
    # The page says the same (its own test: test_pages).
    page = requests.get(
        live_server.url + reverse("signals:thread", args=[thread.public_id]), timeout=10
    ).text
    assert f"{world.regions['b'].name}: &lt;5" in page
    assert date_format(timezone.localtime(earlier), "F Y") not in page.split("signal-list")[1]
    # A filter by region finds only the signals that name it: region B's would give them away.
    assert listed("?region=regio-b") == {}
    assert set(listed("?region=regio-a")) == {s.reference for s in many}
    # The page counts every signal of the thread, also those not public: with 3 more from
    # region B in that month, region and month are counted 5 and named, in both places.
    hidden = [
        _team_signal(world, "schakel_b", "b", f"{text} Breda {n}.", publish=False)
        for n in range(2, 5)
    ]
    Signal.objects.filter(pk__in=[s.pk for s in hidden]).update(thread=thread, created_at=earlier)
    Thread.objects.filter(pk=thread.pk).update(signal_count=10)
    signals = listed()
    assert set(signals) == {s.reference for s in many + few}  # still only the public ones
    for signal in few:
        shown = signals[signal.reference]
        assert (shown["region"], shown["createdMonth"]) == ("regio-b", old_month)
    assert set(listed("?region=regio-b")) == {s.reference for s in few}
    page = requests.get(
        live_server.url + reverse("signals:thread", args=[thread.public_id]), timeout=10
    ).text
    assert f"{world.regions['b'].name}: 5" in page


def test_threads_in_the_api_give_the_month_they_began_not_the_moment(live_server):
    """A new thread begins with its first signal: a time to the second would be that signal's,
    which no public page shows."""
    from django.utils import timezone

    world = build_world()
    signal = raise_public_signal(world)
    thread = Thread.objects.get(pk=signal.thread_id)
    api = f"{live_server.url}/api/v1"
    month = f"{timezone.localtime(thread.created_at):%Y-%m}"
    listed = requests.get(f"{api}/threads", timeout=10).json()["results"]
    detail = requests.get(f"{api}/threads/{thread.public_id}", timeout=10).json()
    for shown in (next(t for t in listed if t["id"] == str(thread.public_id)), detail):
        assert shown["createdMonth"] == month and "createdAt" not in shown


def test_communities_and_meetings_through_the_api(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1"
    communities = requests.get(f"{api}/communities?region=regio-a", timeout=10).json()["results"]
    assert [c["name"] for c in communities] == ["Ondernemers Zwolle-Zuid"]
    meetings = requests.get(f"{api}/meetings", timeout=10).json()["results"]
    assert [m["title"] for m in meetings] == ["Ontbijtsessie energie besparen"]  # public only
    assert "participants" not in meetings[0]
    _problem(requests.get(f"{api}/meetings?from=gisteren", timeout=10), 400)
    new = {"region": "regio-a", "name": "Jonge ondernemers", "kind": "peer-groep"}
    _problem(requests.post(f"{api}/communities", json=new, timeout=10), 401)
    _problem(
        requests.post(
            f"{api}/communities", json=new, headers=_token(world.users["schakel_b"]), timeout=10
        ),
        403,
    )
    staff = _token(world.users["schakel_a"])
    _problem(
        requests.post(
            f"{api}/communities", json={**new, "kind": "club"}, headers=staff, timeout=10
        ),
        400,
    )
    made = requests.post(f"{api}/communities", json=new, headers=staff, timeout=10)
    assert made.status_code == 201, made.text
    meeting = {
        "community": made.json()["id"],
        "title": "Intervisie",
        "date": in_days(5).isoformat(),
        "startTime": "19:30",
        "format": "online",
        "isPublic": True,
    }
    _problem(
        requests.post(
            f"{api}/meetings",
            json={**meeting, "participantsCount": 3, "newParticipantsCount": 4},
            headers=staff,
            timeout=10,
        ),
        400,
    )
    logged = requests.post(f"{api}/meetings", json=meeting, headers=staff, timeout=10)
    assert logged.status_code == 201, logged.text
    assert logged.json()["region"] == "regio-a" and logged.json()["startTime"] == "19:30:00"


def test_a_meeting_is_read_and_corrected_through_the_api(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1"
    planned, held = world.meetings["public"], world.meetings["a"]
    public = requests.get(f"{api}/meetings/{planned.public_id}", timeout=10)
    assert public.status_code == 200 and public.json()["title"] == "Ontbijtsessie energie besparen"
    _problem(requests.get(f"{api}/meetings/{held.public_id}", timeout=10), 404)  # not public
    staff = _token(world.users["schakel_a"])
    assert requests.get(f"{api}/meetings/{held.public_id}", headers=staff, timeout=10).ok
    change = {"location": "Zwolle, Hanzehof"}
    _problem(requests.patch(f"{api}/meetings/{planned.public_id}", json=change, timeout=10), 401)
    other = _token(world.users["schakel_b"])
    _problem(
        requests.patch(
            f"{api}/meetings/{planned.public_id}", json=change, headers=other, timeout=10
        ),
        403,
    )
    _problem(
        requests.patch(
            f"{api}/meetings/{planned.public_id}",
            data='{"participantsCount": 1e400}',
            headers={**staff, "Content-Type": "application/json"},
            timeout=10,
        ),
        400,
    )
    moved = requests.patch(
        f"{api}/meetings/{planned.public_id}", json=change, headers=staff, timeout=10
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["location"] == "Zwolle, Hanzehof"
    assert moved.json()["title"] == "Ontbijtsessie energie besparen"  # the rest stays
    # A held meeting's numbers count toward the reach: a correction withdraws and reports again.
    corrected = requests.patch(
        f"{api}/meetings/{held.public_id}",
        json={"participantsCount": 20},
        headers=staff,
        timeout=10,
    )
    assert corrected.status_code == 200 and corrected.json()["participantsCount"] == 20
    assert standing_report(OutcomeEventKind.MEETING_HELD, held).quantity == 20
    # It took place: it cannot be called off.
    problem = _problem(
        requests.patch(
            f"{api}/meetings/{held.public_id}",
            json={"isCancelled": True},
            headers=staff,
            timeout=10,
        ),
        400,
    )
    assert [p["name"] for p in problem["invalidParams"]] == ["isCancelled"]
    assert "kunt u haar niet afzeggen" in problem["invalidParams"][0]["reason"]
    renamed = requests.patch(
        f"{api}/meetings/{held.public_id}",
        json={"title": "Netcongestie: verslag", "participantsCount": 24},
        headers=staff,
        timeout=10,
    )
    assert renamed.status_code == 200 and renamed.json()["participantsCount"] == 24
    assert (
        requests.put(
            f"{api}/meetings/{held.public_id}", json={}, headers=staff, timeout=10
        ).status_code
        == 405
    )


def test_small_participant_counts_are_only_for_who_keeps_the_meeting(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1"
    staff = _token(world.users["schakel_a"])
    community = requests.get(f"{api}/communities?region=regio-a", timeout=10).json()["results"][0]
    common = {"community": community["id"], "format": "fysiek", "isPublic": True}
    for title, count, new in (("Klein overleg", 3, 1), ("Drukke avond", 12, 4)):
        made = requests.post(
            f"{api}/meetings",
            json={
                **common,
                "title": title,
                "date": in_days(-3).isoformat(),
                "participantsCount": count,
                "newParticipantsCount": new,
            },
            headers=staff,
            timeout=10,
        )
        assert made.status_code == 201, made.text

    def counts(headers: dict) -> dict:
        rows = requests.get(f"{api}/meetings", headers=headers, timeout=10).json()["results"]
        return {m["title"]: (m["participantsCount"], m["newParticipantsCount"]) for m in rows}

    public = counts({})
    assert public["Klein overleg"] == (None, None)
    assert public["Drukke avond"] == (12, None)  # 12 is shown, the 4 new ones are not
    assert public["Ontbijtsessie energie besparen"] == (0, 0)  # not held yet: nothing to hide
    assert counts(staff)["Klein overleg"] == (3, 1)
    other_region = counts(_token(world.users["schakel_b"]))
    assert other_region["Klein overleg"] == (None, None)


def test_board_figures_through_the_api_suppress_small_reply_counts(live_server):
    from scharnier.signals import feedback

    world = build_world()
    url = f"{live_server.url}/api/v1/threads/figures"
    empty = requests.get(url, timeout=10)
    assert empty.status_code == 200
    assert empty.json() == {
        "threads": 0,
        "answered": 0,
        "deadlinesDue": 0,
        "answeredWithinDeadline": 0,
        "answeredWithinDeadlinePercent": None,
        "medianDaysToAnswer": None,
        "replies": 0,
        "satisfiedPercent": None,
    }
    signal = raise_public_signal(world)
    thread = Thread.objects.get(pk=signal.thread_id)
    assign_and_answer(world, thread, "Er komt een netloket.", deadline_days=10)

    def reply(satisfied: bool) -> None:
        token = feedback.request_feedback(thread)
        feedback.give_feedback(
            feedback=feedback.feedback_for(token), satisfied=satisfied, comment="Te vaag."
        )

    reply(False)
    few = requests.get(url, timeout=10).json()
    assert few["threads"] == 1 and few["answered"] == 1
    assert (few["deadlinesDue"], few["answeredWithinDeadline"]) == (1, 1)
    assert few["answeredWithinDeadlinePercent"] == 100 and few["medianDaysToAnswer"] == 0
    assert (few["replies"], few["satisfiedPercent"]) == ("<5", None)
    for _ in range(5):
        reply(True)
    enough = requests.get(url, timeout=10)
    assert (enough.json()["replies"], enough.json()["satisfiedPercent"]) == (6, 83)
    # What a raiser wrote, or who they are, never travels with the figures.
    assert "Te vaag" not in enough.text and "melder@" not in enough.text
