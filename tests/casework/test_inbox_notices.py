"""Above the inbox's filters: how many questions wait past their term, with a link to them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from scharnier.casework.models import Question
from tests.casework.conftest import submit

pytestmark = pytest.mark.django_db

NOTICE = "vragen wachten langer dan de termijn op een eerste reactie."


def _past_term(question: Question, days: int = 1) -> Question:
    Question.objects.filter(pk=question.pk).update(
        response_due_at=timezone.now() - timedelta(days=days)
    )
    return question


def test_the_inbox_says_how_many_questions_wait_past_their_term(world):
    client = Client()
    client.force_login(world.users["schakel_a"])
    page = client.get("/schakelteam/vragen/", {"regio": "regio-a"}).content.decode()
    assert "op een eerste reactie" not in page  # nothing late yet

    late = [_past_term(submit().question) for _ in range(2)]
    in_time = submit().question
    # The referred question has had its first reaction: not late, whatever its term said.
    _past_term(world.questions["a"], days=3)
    page = client.get("/schakelteam/vragen/", {"regio": "regio-a"}).content.decode()
    assert f"2 {NOTICE}" in page
    link = 'href="?regio=regio-a&amp;termijn=te-laat">Bekijk de vragen die te lang wachten</a>'
    assert link in page

    listed = client.get("/schakelteam/vragen/", {"regio": "regio-a", "termijn": "te-laat"})
    listed = listed.content.decode()
    assert all(q.reference in listed for q in late)
    assert in_time.reference not in listed and world.questions["a"].reference not in listed
    assert NOTICE not in listed  # the page that lists them does not say it again

    # Another region's inbox does not count them.
    other = Client()
    other.force_login(world.users["schakel_b"])
    assert NOTICE not in other.get("/schakelteam/vragen/", {"regio": "regio-b"}).content.decode()
