"""Organisations (providers and partners), their roles in regions, and users' memberships."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scharnier.core.models import optional_link
from scharnier.geography.models import Municipality, Province, Region

kvk_number_validator = RegexValidator(
    r"^\d{8}$", _("Een KvK-nummer bestaat uit precies 8 cijfers."), code="invalid_kvk_number"
)


class OrganisationKind(models.TextChoices):
    RIJK = "rijk", _("Rijksoverheid")
    UITVOERINGSORGANISATIE = "uitvoeringsorganisatie", _("Uitvoeringsorganisatie")
    ROM = "rom", _("Regionale ontwikkelingsmaatschappij (ROM)")
    PROVINCIE = "provincie", _("Provincie")
    GEMEENTE = "gemeente", _("Gemeente")
    HUB = "hub", _("Regionaal samenwerkingsverband / hub")
    BRANCHEORGANISATIE = "brancheorganisatie", _("Brancheorganisatie")
    ONDERNEMERSVERENIGING = "ondernemersvereniging", _("Ondernemersvereniging")
    ONDERWIJS = "onderwijs", _("Onderwijs- of kennisinstelling")
    EU = "eu", _("Europese Unie")
    PRIVAAT = "privaat", _("Private partij")


class Organisation(models.Model):
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    parent = optional_link(
        "self",
        related_name="branches",
        verbose_name=_("landelijke organisatie"),
        help_text=_("Bijvoorbeeld KvK voor een regiokantoor van KvK."),
    )
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_number_validator]
    )
    description = models.TextField(_("beschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=30, blank=True)
    province = optional_link(Province, related_name="organisations")
    municipality = optional_link(Municipality, related_name="organisations")

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def network_slugs(self) -> set[str]:
        """This organisation's slug and that of the national organisation it belongs to."""
        slugs = {self.slug}
        if self.parent_id:
            slugs.add(self.parent.slug)
        return slugs


class RegionalRoleKind(models.TextChoices):
    LEAD = "trekker", _("Trekker")
    CORE_PARTNER = "kernpartner", _("Kernpartner")
    PROVIDER = "uitvoerder", _("Uitvoerder")
    FUNDER = "financier", _("Financier")
    PARTICIPANT = "deelnemer", _("Deelnemer")
    # "Kijk voorbij de geijkte partners ... banken, verzekeraars, accountants ... Voetbalclubs of
    # kerkgenootschappen kunnen bijvoorbeeld óók belangrijke knooppunten zijn" (Bezint eer ge
    # begint): who reaches the firms, whether or not it offers help itself.
    NODE = "knooppunt", _("Knooppunt (bereikt ondernemers)")


class RegionalRole(models.Model):
    """An organisation's seat at a regional ecosystem's table."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="regional_roles"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="stakeholder_roles")
    role = models.CharField(_("rol"), max_length=20, choices=RegionalRoleKind.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    reach_estimate = models.PositiveIntegerField(
        _("geschat bereik"),
        null=True,
        blank=True,
        help_text=_(
            "Hoeveel ondernemers in de regio deze partij per jaar spreekt, naar schatting."
        ),
    )

    class Meta:
        verbose_name = _("regionale rol")
        verbose_name_plural = _("regionale rollen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "region"], name="one_role_per_organisation_per_region"
            )
        ]
        ordering = ["region", "role", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} - {self.get_role_display()} in {self.region}"


class DirectingOrganisation(models.Model):
    """The organisation that holds the regie of a regional ecosystem: "gegund door de regionale
    stakeholders" (000, 3.2.2), with the programme manager it appointed (REQUIREMENTS A7)."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="directing", verbose_name=_("regio")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="directed_regions",
        verbose_name=_("organisatie met de regie"),
    )
    granted_on = models.DateField(_("gegund op"))
    granted_by = models.CharField(_("gegund door"), max_length=300)
    programme_manager = optional_link(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("programmamanager"),
    )

    class Meta:
        verbose_name = _("regie van een regio")
        verbose_name_plural = _("regie van regio's")

    def __str__(self) -> str:
        return f"{self.organisation} in {self.region}"


class Role(models.TextChoices):
    """What a user may do. Region- and organisation-scoped roles carry their scope."""

    ADMINISTRATOR = "beheerder", _("Beheerder")
    NATIONAL_ANALYST = "landelijk_analist", _("Landelijk analist")
    REGIONAL_DIRECTOR = "regionale_regisseur", _("Regionale regisseur")
    SCHAKELTEAM_MEMBER = "schakelteam", _("Schakelteam-medewerker")
    PROVIDER_EDITOR = "aanbieder_redacteur", _("Aanbieder-redacteur")
    # Reads its province's regions' self-assessments and visitations (issue 10).
    PROVINCE = "provincie", _("Provincie")


# What each role does, in a sentence (shown where someone hands a role out).
ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: _("beheert heel Scharnier en alle accounts."),
    Role.NATIONAL_ANALYST: _("bekijkt de landelijke analyses en behandelt de rode draden."),
    Role.REGIONAL_DIRECTOR: _(
        "beheert de regio (haar gegevens, partners en gemeenschappen) en dit team."
    ),
    Role.SCHAKELTEAM_MEMBER: _(
        "behandelt de vragen van ondernemers uit de regio en verwijst ze door."
    ),
    Role.PROVIDER_EDITOR: _("houdt het aanbod van de organisatie bij en pakt doorverwijzingen op."),
    Role.PROVINCE: _("leest de zelfevaluaties en visitaties van de regio's in de provincie."),
}

REGION_SCOPED_ROLES = frozenset({Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER})
ORGANISATION_SCOPED_ROLES = frozenset({Role.PROVIDER_EDITOR})
PROVINCE_SCOPED_ROLES = frozenset({Role.PROVINCE})


_HELD_ALREADY = _("Deze gebruiker heeft deze rol hier al.")


class Membership(models.Model):
    """A user holding a role, scoped to a region or an organisation where the role needs it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    organisation = optional_link(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    region = optional_link(
        Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("regio")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("provincie"),
    )

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in REGION_SCOPED_ROLES))
                | Q(region__isnull=False),
                name="region_scoped_role_has_region",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in ORGANISATION_SCOPED_ROLES))
                | Q(organisation__isnull=False),
                name="organisation_scoped_role_has_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in PROVINCE_SCOPED_ROLES))
                | Q(province__isnull=False),
                name="province_scoped_role_has_province",
            ),
            # One row per user, role and scope. Per scope, because a unique constraint over
            # nullable columns lets rows with an empty column repeat (NULL differs from NULL).
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="unique_region_membership",
                violation_error_message=_HELD_ALREADY,
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unique_organisation_membership",
                violation_error_message=_HELD_ALREADY,
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=Q(province__isnull=False),
                name="unique_province_membership",
                violation_error_message=_HELD_ALREADY,
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region__isnull=True, organisation__isnull=True, province__isnull=True),
                name="unique_national_membership",
                violation_error_message=_HELD_ALREADY,
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.organisation or self.province or ""
        return f"{self.user} - {self.get_role_display()} {scope}".strip()

    def clean(self) -> None:
        if self.role in REGION_SCOPED_ROLES and not self.region_id:
            raise ValidationError({"region": _("Deze rol hoort bij een regio. Kies een regio.")})
        if self.role in ORGANISATION_SCOPED_ROLES and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("Deze rol hoort bij een organisatie. Kies een organisatie.")}
            )
        if self.role in PROVINCE_SCOPED_ROLES and not self.province_id:
            raise ValidationError(
                {"province": _("Deze rol hoort bij een provincie. Kies een provincie.")}
            )


class MembershipChangeKind(models.TextChoices):
    GRANTED = "gegeven", _("gegeven")
    WITHDRAWN = "ingetrokken", _("ingetrokken")


class MembershipChange(models.Model):
    """Who gave or took which role, and when: the history of a team's access (the BIO asks that
    changes in access rights are recorded). Kept as long as the account it is about."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_changes",
        verbose_name=_("gebruiker"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gedaan door"),
    )
    kind = models.CharField(_("wijziging"), max_length=20, choices=MembershipChangeKind.choices)
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    organisation = optional_link(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisatie")
    )
    region = optional_link(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("regio")
    )
    province = optional_link(
        Province, on_delete=models.CASCADE, related_name="+", verbose_name=_("provincie")
    )
    at = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("wijziging in een rol")
        verbose_name_plural = _("wijzigingen in rollen")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} {self.get_kind_display()}"

    @property
    def granted(self) -> bool:
        return self.kind == MembershipChangeKind.GRANTED
