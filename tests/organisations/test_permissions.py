"""Role x action x object matrix: who may change which offers, organisations and regions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scharnier.catalog import services as catalog_services
from scharnier.geography.models import Municipality
from scharnier.organisations.models import Role
from scharnier.organisations.permissions import Action, has_permission
from tests.factories import make_offer, make_organisation, make_region, make_user, offer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = make_organisation("eigen-org")
    other = make_organisation("andere-org")
    region = make_region("eigen-regio")
    other_region = make_region("andere-regio", municipality_codes=["GM0758"])
    users = {
        "anoniem": None,
        "zonder_rol": make_user(),
        "beheerder": make_user(Role.ADMINISTRATOR),
        "analist": make_user(Role.NATIONAL_ANALYST),
        "regisseur": make_user(Role.REGIONAL_DIRECTOR, region=region),
        "schakelteam": make_user(Role.SCHAKELTEAM_MEMBER, region=region),
        "redacteur": make_user(Role.PROVIDER_EDITOR, organisation=own),
        # Reads self-assessments and visitations (learning); changes nothing here.
        "provincie": make_user(
            Role.PROVINCE, province=Municipality.objects.get(code="GM0193").province
        ),
    }
    objects = {
        "own_org": own,
        "other_org": other,
        "own_offer": make_offer(provider=own),
        "other_offer": make_offer(provider=other),
        "region": region,
        "other_region": other_region,
        "province": Municipality.objects.get(code="GM0193").province,
        "other_province": Municipality.objects.get(code="GM0758").province,
        "nothing": None,
    }
    return users, objects


# (action, object) -> roles allowed; every other role is refused.
MATRIX = {
    (Action.CREATE_OFFER, "own_org"): {"beheerder", "redacteur"},
    (Action.CREATE_OFFER, "other_org"): {"beheerder"},
    (Action.CHANGE_OFFER, "own_offer"): {"beheerder", "redacteur"},
    (Action.CHANGE_OFFER, "other_offer"): {"beheerder"},
    (Action.ARCHIVE_OFFER, "own_offer"): {"beheerder", "redacteur"},
    (Action.ARCHIVE_OFFER, "other_offer"): {"beheerder"},
    (Action.CHANGE_ORGANISATION, "own_org"): {"beheerder", "redacteur"},
    (Action.CHANGE_ORGANISATION, "other_org"): {"beheerder"},
    (Action.CHANGE_REGION, "region"): {"beheerder", "regisseur"},
    (Action.CHANGE_REGION, "other_region"): {"beheerder"},
    # "Mijn team": a director the region's team, an editor the organisation's editors, a
    # province's staff the province's.
    (Action.MANAGE_TEAM, "region"): {"beheerder", "regisseur"},
    (Action.MANAGE_TEAM, "other_region"): {"beheerder"},
    (Action.MANAGE_TEAM, "own_org"): {"beheerder", "redacteur"},
    (Action.MANAGE_TEAM, "other_org"): {"beheerder"},
    (Action.MANAGE_TEAM, "own_offer"): {"beheerder"},
    (Action.MANAGE_TEAM, "province"): {"beheerder", "provincie"},
    (Action.MANAGE_TEAM, "other_province"): {"beheerder"},
    # Every team at once ("Teams"), and switching off accounts without a role.
    (Action.MANAGE_TEAM, "nothing"): {"beheerder"},
    (Action.VIEW_ANALYSIS, "region"): {"beheerder", "analist", "regisseur"},
    (Action.VIEW_ANALYSIS, "other_region"): {"beheerder", "analist"},
    (Action.TRANSLATE_OFFER, "region"): {"beheerder", "regisseur", "schakelteam"},
    (Action.TRANSLATE_OFFER, "other_region"): {"beheerder"},
    (Action.TRANSLATE_OFFER, "own_offer"): {"beheerder"},
}
ROLES = [
    "anoniem",
    "zonder_rol",
    "beheerder",
    "analist",
    "regisseur",
    "schakelteam",
    "redacteur",
    "provincie",
]


def test_province_role_needs_a_province():
    with pytest.raises(ValidationError) as error:
        make_user(Role.PROVINCE)
    assert "province" in error.value.message_dict


def test_permission_matrix(world):
    users, objects = world
    failures = []
    for (action, object_name), allowed in MATRIX.items():
        for role in ROLES:
            user = users[role]
            if user is None:
                from django.contrib.auth.models import AnonymousUser

                user = AnonymousUser()
            result = has_permission(user, action, objects[object_name])
            if result != (role in allowed):
                failures.append((role, action, object_name, result))
    assert failures == []


def test_services_enforce_the_matrix(world):
    users, objects = world
    editor = users["redacteur"]
    with pytest.raises(PermissionDenied):
        catalog_services.create_offer(
            actor=editor, provider=objects["other_org"], data=offer_data()
        )
    with pytest.raises(PermissionDenied):
        catalog_services.update_offer(
            actor=editor, offer=objects["other_offer"], data={"title": "Gekaapt"}
        )
    with pytest.raises(PermissionDenied):
        catalog_services.archive_offer(actor=editor, offer=objects["other_offer"])
    objects["other_offer"].refresh_from_db()
    assert objects["other_offer"].title != "Gekaapt"
    assert not objects["other_offer"].is_archived

    changed = catalog_services.update_offer(
        actor=editor, offer=objects["own_offer"], data={"title": "Nieuwe titel"}
    )
    assert changed.title == "Nieuwe titel"
    assert changed.versions.count() == 2
    assert changed.versions.first().changed_fields == ["title"]
    assert changed.versions.first().changed_by == editor


def test_inactive_user_loses_rights(world):
    users, objects = world
    editor = users["redacteur"]
    editor.is_active = False
    editor.save()
    assert not has_permission(editor, Action.CHANGE_OFFER, objects["own_offer"])


def test_a_role_is_held_once_per_scope(world):
    from django.db import IntegrityError, transaction

    from scharnier.organisations.models import Membership

    users, objects = world
    for role, scope in [
        (Role.SCHAKELTEAM_MEMBER, {"region": objects["region"]}),
        (Role.PROVIDER_EDITOR, {"organisation": objects["own_org"]}),
        (Role.PROVINCE, {"province": Municipality.objects.get(code="GM0193").province}),
        (Role.ADMINISTRATOR, {}),
    ]:
        holder = next(u for u in users.values() if u and u.memberships.filter(role=role).exists())
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=holder, role=role, **scope)
    # The same role in another region is another membership.
    other = Membership.objects.create(
        user=users["schakelteam"], role=Role.SCHAKELTEAM_MEMBER, region=objects["other_region"]
    )
    assert other.pk
