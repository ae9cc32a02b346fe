"""Every work page is either in a role's menu or refused to it with the Dutch 403 page.

/taken/ (a user's tasks) and /verhalen/beheer/ (story drafts) opened for roles that had no
menu item for them: /taken/ for every signed-in user, always empty for the roles that never
start a task (only an offer-file upload records who started it); the story drafts for every role
that drafts stories, who saw "Verhaal vastleggen" but could not find their drafts again.
"""

import pytest

from scharnier.core import navigation
from scharnier.geography.models import Municipality
from scharnier.organisations.models import Role
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

# role -> (may open /taken/, may open /verhalen/beheer/)
EXPECTED = {
    "zonder_rol": (False, False),
    "beheerder": (True, True),
    "analist": (False, False),
    "regisseur": (False, True),
    "schakelteam": (False, True),
    "redacteur": (True, True),
    "provincie": (False, False),
    "superuser": (True, True),
}


def _user(name: str):
    region = make_region("eigen-regio")
    if name == "zonder_rol":
        return make_user()
    if name == "superuser":
        user = make_user()
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        return user
    return {
        "beheerder": lambda: make_user(Role.ADMINISTRATOR),
        "analist": lambda: make_user(Role.NATIONAL_ANALYST),
        "regisseur": lambda: make_user(Role.REGIONAL_DIRECTOR, region=region),
        "schakelteam": lambda: make_user(Role.SCHAKELTEAM_MEMBER, region=region),
        "redacteur": lambda: make_user(Role.PROVIDER_EDITOR, organisation=make_organisation()),
        "provincie": lambda: make_user(
            Role.PROVINCE, province=Municipality.objects.get(code="GM0193").province
        ),
    }[name]()


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_tasks_and_story_drafts_open_exactly_for_the_roles_whose_menu_links_them(client, role):
    user = _user(role)
    client.force_login(user)
    menu = {item["url"] for item in navigation.entries("work", user)}
    for path, allowed in zip(("/taken/", "/verhalen/beheer/"), EXPECTED[role], strict=True):
        response = client.get(path)
        if allowed:
            assert response.status_code == 200, path
            assert path in menu, path
            assert f'href="{path}"' in response.content.decode(), path
        else:
            assert response.status_code == 403, path
            assert path not in menu, path
            html = response.content.decode()
            assert "U heeft geen toegang tot deze pagina" in html, path


def test_writing_a_story_keeps_verhalen_beheren_marked_as_the_current_page():
    user = make_user(Role.SCHAKELTEAM_MEMBER, region=make_region("eigen-regio"))
    current = [
        item["url"]
        for item in navigation.entries("work", user, "/verhalen/nieuw/")
        if item["current"]
    ]
    assert current == ["/verhalen/beheer/"]
