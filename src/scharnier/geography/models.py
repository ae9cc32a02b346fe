"""Provinces, municipalities (CBS codes) and regions: named groups of municipalities."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(
        _("CBS-code"), max_length=4, unique=True, validators=[RegexValidator(r"^PV\d{2}$")]
    )
    name = models.CharField(_("naam"), max_length=80)

    class Meta:
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CoropArea(models.Model):
    code = models.CharField(_("CBS-code"), max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=80)

    class Meta:
        verbose_name = _("COROP-gebied")
        verbose_name_plural = _("COROP-gebieden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LabourMarketRegion(models.Model):
    code = models.CharField(_("CBS-code"), max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=80)

    class Meta:
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[RegexValidator(r"^GM\d{4}$")]
    )
    name = models.CharField(_("naam"), max_length=80)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    corop_area = models.ForeignKey(
        CoropArea, on_delete=models.PROTECT, related_name="municipalities"
    )
    labour_market_region = models.ForeignKey(
        LabourMarketRegion, on_delete=models.PROTECT, related_name="municipalities"
    )
    population = models.PositiveIntegerField(_("inwoners (2024)"), null=True, blank=True)
    land_area_ha = models.PositiveIntegerField(_("landoppervlakte (ha)"), null=True, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RolloutWave(models.IntegerChoices):
    """The Actieagenda rolls the regional approach out in waves: 5 > 15 > 30 > 40 regions."""

    FOCUS_2024 = 1, _("Focusregio 2024")
    WAVE_2025 = 2, _("Tweede golf (2025)")
    WAVE_2026 = 3, _("Derde golf (2026)")
    WAVE_LATER = 4, _("Latere golf")


class RegionStatus(models.TextChoices):
    EXPLORING = "verkenning", _("Verkenning")
    STARTING = "opstart", _("In opbouw")
    ACTIVE = "actief", _("Actief")
    STOPPED = "gestopt", _("Gestopt")


class Region(models.Model):
    """A regional ecosystem: a named group of municipalities working as one."""

    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=120, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="regions", verbose_name=_("gemeenten")
    )
    rollout_wave = models.PositiveSmallIntegerField(
        _("uitrolgolf"), choices=RolloutWave.choices, default=RolloutWave.WAVE_LATER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegionStatus.choices, default=RegionStatus.EXPLORING
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def area_key(self) -> str:
        return area_key_for_region(self.slug)


# Area keys name every level of geographic scope in one namespace, so that "offers available
# in municipality X" is a single indexed lookup (see catalog.models.OfferArea).
NATIONAL_AREA_KEY = "NL"


def area_key_for_region(slug: str) -> str:
    return f"RG:{slug}"
