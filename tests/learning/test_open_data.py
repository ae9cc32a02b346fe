"""The stories' open-data file is listed on /open-data/ with every column documented."""

import pytest
from django.utils.html import escape

from scharnier.learning import services
from scharnier.learning.models import Story
from scharnier.learning.serializers import STORY_EXPORT_COLUMNS, export_story
from tests.learning.world import build_world

pytestmark = pytest.mark.django_db


def test_open_data_index_lists_the_stories_file_and_documents_its_columns(client):
    html = client.get("/open-data/").content.decode()

    assert 'href="/open-data/verhalen.json"' in html
    assert "Kolommen van verhalen.json" in html
    for name, doc in STORY_EXPORT_COLUMNS:
        assert f"<code>{name}</code>" in html
        assert escape(str(doc)) in html
    assert 'href="/dashboard/open-data/"' in html  # the KPI files are found from here too


def test_documented_columns_are_exactly_the_keys_of_the_export(client):
    world = build_world()
    story = world.stories["region_draft"]
    services.request_consent(actor=world.users["schakel_a"], story=story, notify=False)
    published = services.confirm_consent(story=Story.objects.get(pk=story.pk))

    row = export_story(published)
    exported = client.get("/open-data/verhalen.json").json()["stories"]

    assert [name for name, _doc in STORY_EXPORT_COLUMNS] == list(row)
    assert [list(r) for r in exported] == [list(row)]
