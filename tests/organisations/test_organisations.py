import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scharnier.organisations import services
from scharnier.organisations.models import Membership, OrganisationKind, RegionalRoleKind, Role
from scharnier.organisations.queries import required_stakeholder_checks
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["1234567", "123456789", "1234567a", "12 34 56 78"])
def test_kvk_number_must_be_eight_digits(number):
    with pytest.raises(ValidationError) as error:
        make_organisation(kvk_number=number)
    assert "8 cijfers" in str(error.value)


def test_valid_kvk_number_is_accepted():
    assert make_organisation(kvk_number="12345678").kvk_number == "12345678"


def test_required_stakeholders_present_and_missing():
    region = make_region()
    kvk = make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE)
    kvk_oost = make_organisation(
        "kvk-oost", kind=OrganisationKind.UITVOERINGSORGANISATIE, parent=kvk
    )
    province = make_organisation("provincie-overijssel", kind=OrganisationKind.PROVINCIE)
    mkb = make_organisation("mkb-nederland", kind=OrganisationKind.ONDERNEMERSVERENIGING)
    for organisation in (kvk_oost, province, mkb):
        services.set_regional_role(
            region=region, organisation=organisation, role=RegionalRoleKind.CORE_PARTNER
        )
    checks = {check.stakeholder.code: check for check in required_stakeholder_checks(region)}
    assert set(checks) == {"provincie", "kvk", "rom", "rvo", "werkgevers", "privaat"}
    assert [o.slug for o in checks["kvk"].organisations] == ["kvk-oost"]
    assert checks["provincie"].present and checks["werkgevers"].present
    assert not checks["rom"].present and not checks["rvo"].present
    assert not checks["privaat"].present


def test_regional_director_may_change_only_own_region_roles():
    region, other = make_region(), make_region(municipality_codes=["GM0758"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    organisation = make_organisation()
    services.set_regional_role(
        actor=director, region=region, organisation=organisation, role=RegionalRoleKind.LEAD
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_regional_role(
            actor=director, region=other, organisation=organisation, role=RegionalRoleKind.LEAD
        )
    assert not other.stakeholder_roles.exists()


def test_scoped_roles_need_their_scope():
    user = make_user()
    with pytest.raises(ValidationError):
        services.grant_membership(user=user, role=Role.SCHAKELTEAM_MEMBER)
    with pytest.raises(ValidationError):
        services.grant_membership(user=user, role=Role.PROVIDER_EDITOR)
    # The database refuses it too, whatever path writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.REGIONAL_DIRECTOR)
