"""Load the demo data set: regions, organisations, regional roles, users and offers.

Every write goes through the owning app's service functions (trusted: actor=None). The load is
idempotent: regions, organisations and offers are upserted by their stable keys (slug, or
provider + external_id), unchanged offers are skipped so a re-run adds no offer versions, and
existing users are left alone.
"""

import datetime
import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from scharnier.accounts import services as accounts_services
from scharnier.catalog import regional_notes
from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import (
    VOCABULARIES,
    ChangeSource,
    Offer,
    RegionalOfferNote,
    ScopeLevel,
)
from scharnier.core.workdays import next_working_day
from scharnier.geography import services as geography_services
from scharnier.geography.models import Municipality, Province, Region
from scharnier.learning import demo as learning_demo
from scharnier.monitoring import demo as monitoring_demo
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import Membership, Organisation, Role

DATA_DIR = Path(__file__).resolve().parent / "data"
OFFERS_DIR = DATA_DIR / "offers"

# Shared by every demo account; printed by the command. Demo only, never for real accounts.
DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105
# The second factor of every demo account (base32, for an authenticator app). Demo only.
DEMO_TOTP_SECRET = "KNDUQQKSJZEUKUSEIVWU6ICEIVGU6MJS"  # noqa: S105

# Short keys used in the offer files -> (service field, vocabulary or None).
_VOCABULARY_KEYS = {
    "themes": ("themes", "theme"),
    "phases": ("journey_phases", "journey_phase"),
    "directions": ("directions", "direction"),
    "sizes": ("size_classes", "size_class"),
    "sbi": ("sbi_sections", "sbi_section"),
    "channels": ("channels", "channel"),
}
_OFFER_KEYS = {
    "id",
    "provider",
    "title",
    "summary",
    "description",
    "type",
    "min_employees",
    "max_employees",
    "min_age",
    "scope",
    "areas",
    "cost",
    "cost_note",
    "valid_from",
    "valid_until",
    "structural",
    "budget",
    "has_impact_data",
    "impact_note",
    "url",
    "email",
    "phone",
    "source",
    "verified",
    "archived",
    *_VOCABULARY_KEYS,
}
_CENT = Decimal("0.01")
# External ids are referenced by other parts (evaluation sets): stable lowercase slugs.
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class DemoDataError(ValueError):
    """The demo data files contain a mistake (unknown key, code or reference)."""


@dataclass
class LoadSummary:
    regions: int = 0
    organisations: Counter = field(default_factory=Counter)
    regional_roles: int = 0
    users: Counter = field(default_factory=Counter)
    offers: Counter = field(default_factory=Counter)
    accounts: list[tuple[str, str]] = field(default_factory=list)


def _read_json(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def offer_specs(directory: Path = OFFERS_DIR) -> list[dict[str, Any]]:
    """Every offer in the data files, with its file's defaults applied."""
    specs: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            content = tomllib.load(handle)
        defaults = content.get("defaults", {})
        for offer in content.get("offer", []):
            spec = {**defaults, **offer}
            unknown = set(spec) - _OFFER_KEYS
            if unknown:
                raise DemoDataError(f"{path.name}: {spec.get('id')}: unknown keys {unknown}")
            missing = {"id", "provider", "title", "summary", "type"} - set(spec)
            if missing:
                raise DemoDataError(f"{path.name}: {spec.get('id')}: missing keys {missing}")
            if not _ID_PATTERN.fullmatch(spec["id"]):
                raise DemoDataError(f"{path.name}: {spec['id']!r} is not a lowercase slug")
            spec["_file"] = path.name
            specs.append(spec)
    keys = Counter((s["provider"], s["id"]) for s in specs)
    duplicates = [key for key, count in keys.items() if count > 1]
    if duplicates:
        raise DemoDataError(f"duplicate offer ids: {duplicates}")
    return specs


# --- regions and organisations -------------------------------------------------------------


def _load_regions(summary: LoadSummary) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for item in _read_json("regions.json"):
        codes = item["municipalities"]
        municipalities = list(Municipality.objects.filter(code__in=list(codes)))
        found = {m.code: m.name for m in municipalities}
        if found != codes:
            raise DemoDataError(f"region {item['slug']}: municipality codes/names do not match CBS")
        regions[item["slug"]] = geography_services.save_region(
            slug=item["slug"],
            name=item["name"],
            municipalities=municipalities,
            rollout_wave=item["rollout_wave"],
            status=item["status"],
            description=item.get("description", ""),
            website=item.get("website", ""),
        )
        summary.regions += 1
    return regions


def _organisation_fields(item: dict[str, Any], known: dict[str, Organisation]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": item["name"],
        "kind": item["kind"],
        "parent": known[item["parent"]] if item.get("parent") else None,
        "kvk_number": item.get("kvk_number", ""),
        "description": item.get("description", ""),
        "website": item.get("website", ""),
        "email": item.get("email", ""),
        "phone": item.get("phone", ""),
        "province": Province.objects.get(code=item["province"]) if item.get("province") else None,
        "municipality": (
            Municipality.objects.get(code=item["municipality"])
            if item.get("municipality")
            else None
        ),
    }
    return fields


def _load_organisations(summary: LoadSummary) -> dict[str, Organisation]:
    existing = {o.slug: o for o in Organisation.objects.all()}
    known: dict[str, Organisation] = {}
    for item in _read_json("organisations.json"):
        slug = item["slug"]
        fields = _organisation_fields(item, known)
        current = existing.get(slug)
        if current is not None and all(getattr(current, k) == v for k, v in fields.items()):
            known[slug] = current
            summary.organisations["unchanged"] += 1
            continue
        known[slug] = organisation_services.save_organisation(slug=slug, **fields)
        summary.organisations["created" if current is None else "updated"] += 1
    return known


def _load_regional_roles(
    summary: LoadSummary, regions: dict[str, Region], organisations: dict[str, Organisation]
) -> None:
    for item in _read_json("regions.json"):
        region = regions[item["slug"]]
        for role in item.get("roles", []):
            organisation_services.set_regional_role(
                region=region,
                organisation=organisations[role["organisation"]],
                role=role["role"],
                note=role.get("note", ""),
                reach_estimate=role.get("reach_estimate"),
            )
            summary.regional_roles += 1


def _load_directing(regions: dict[str, Region], organisations: dict[str, Organisation]) -> None:
    """Who holds the regie (made up for the demo), after the users: one is programme manager."""
    users = get_user_model().objects
    for item in _read_json("regions.json"):
        directing = item.get("directing")
        if directing is None:
            continue
        manager = directing.get("programme_manager")
        organisation_services.assign_directing_organisation(
            region=regions[item["slug"]],
            organisation=organisations[directing["organisation"]],
            granted_on=datetime.date.fromisoformat(directing["granted_on"]),
            granted_by=directing["granted_by"],
            programme_manager=users.get(username=manager) if manager else None,
        )


def _load_users(
    summary: LoadSummary, regions: dict[str, Region], organisations: dict[str, Organisation]
) -> None:
    user_model = get_user_model()
    for item in _read_json("users.json"):
        user = user_model.objects.filter(username=item["username"]).first()
        if user is None:
            user = organisation_services.create_user(
                username=item["username"],
                password=DEMO_PASSWORD,
                first_name=item.get("first_name", ""),
                last_name=item.get("last_name", ""),
                is_staff=item.get("is_staff", False),
                is_superuser=item.get("is_superuser", False),
            )
            summary.users["created"] += 1
        else:
            summary.users["unchanged"] += 1
        organisation = organisations[item["organisation"]] if item.get("organisation") else None
        region = regions[item["region"]] if item.get("region") else None
        province = Province.objects.get(code=item["province"]) if item.get("province") else None
        organisation_services.grant_membership(
            user=user,
            role=item["role"],
            organisation=organisation,
            region=region,
            province=province,
        )
        accounts_services.set_known_device(user, DEMO_TOTP_SECRET)
        summary.accounts.append((item["username"], item["label"]))


DEMO_MAIL_DOMAIN = "demo.scharnier.example"
FORMER_COLLEAGUE_EMAIL = f"f.smit@{DEMO_MAIL_DOMAIN}"


def demo_member(role: str, **scope) -> Any:
    """The first demo account with this role in this scope (a region, an organisation)."""
    membership = (
        Membership.objects.filter(role=role, **scope).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _load_former_colleague(region: Region) -> None:
    """A colleague who left the region's schakelteam: the director added and later removed
    them in Mijn team, which takes the role and leaves the account on. Teams en toegang then
    shows the administrator an account without a role to switch off."""
    if get_user_model().objects.filter(email__iexact=FORMER_COLLEAGUE_EMAIL).exists():
        return
    director = demo_member(Role.REGIONAL_DIRECTOR, region=region)
    if director is None:
        return
    membership, _created = organisation_services.add_team_member(
        actor=director,
        team=region,
        role=Role.SCHAKELTEAM_MEMBER,
        email=FORMER_COLLEAGUE_EMAIL,
        first_name="Frank",
        last_name="Smit",
    )
    organisation_services.remove_team_member(actor=director, membership=membership)


def give_demo_addresses() -> list[str]:
    """Every demo account an address of its own (a reserved domain that receives nothing), so
    "Wachtwoord vergeten" and the mail to staff can be tried: `make run` prints the mail in its
    console. Given last, after the demo's questions, so that loading sends no mail."""
    addresses = []
    for item in _read_json("users.json"):
        user = get_user_model().objects.filter(username=item["username"]).first()
        if user is not None and not user.email:
            organisation_services.change_user_email(user, f"{user.username}@{DEMO_MAIL_DOMAIN}")
        if user is not None:
            addresses.append(user.email)
    return addresses


# --- offers -----------------------------------------------------------------------------------


class _Terms:
    """Vocabulary terms and areas by code, fetched once."""

    def __init__(self) -> None:
        self.vocabularies = {
            name: {t.code: t for t in model.objects.all()} for name, model in VOCABULARIES.items()
        }
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.regions = {r.slug: r for r in Region.objects.all()}
        self.municipalities = {m.code: m for m in Municipality.objects.all()}

    def terms(self, vocabulary: str, codes: list[str], where: str) -> list:
        table = self.vocabularies[vocabulary]
        missing = [c for c in codes if c not in table]
        if missing:
            raise DemoDataError(f"{where}: unknown {vocabulary} codes {missing}")
        return [table[c] for c in codes]

    def areas(self, scope: str, codes: list[str], where: str) -> dict[str, list]:
        tables = {
            ScopeLevel.PROVINCE: ("provinces", self.provinces),
            ScopeLevel.REGION: ("regions", self.regions),
            ScopeLevel.MUNICIPALITY: ("municipalities", self.municipalities),
        }
        result: dict[str, list] = {"provinces": [], "regions": [], "municipalities": []}
        if scope == ScopeLevel.NATIONAL:
            if codes:
                raise DemoDataError(f"{where}: a national offer has no areas")
            return result
        name, table = tables[scope]
        missing = [c for c in codes if c not in table]
        if missing or not codes:
            raise DemoDataError(f"{where}: unknown or missing {name} {missing}")
        result[name] = [table[c] for c in codes]
        return result


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(_CENT)


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def offer_data(spec: dict[str, Any], terms: _Terms) -> dict[str, Any]:
    """The full data dict for `catalog.services.create_offer/update_offer`."""
    where = f"{spec['_file']}: {spec['id']}"
    scope = spec.get("scope", ScopeLevel.NATIONAL)
    if scope not in ScopeLevel.values:
        raise DemoDataError(f"{where}: unknown scope {scope!r}")
    data: dict[str, Any] = {
        "external_id": spec["id"],
        "title": spec["title"],
        "summary": spec["summary"],
        "description": spec.get("description", "").strip(),
        "offer_type": terms.terms("offer_type", [spec["type"]], where)[0],
        "min_employees": spec.get("min_employees"),
        "max_employees": spec.get("max_employees"),
        "min_company_age_years": spec.get("min_age"),
        "scope_level": scope,
        "cost_eur": _money(spec.get("cost")),
        "cost_note": spec.get("cost_note", ""),
        "valid_from": _date(spec.get("valid_from")),
        "valid_until": _date(spec.get("valid_until")),
        "is_structural": spec.get("structural", True),
        "budget_eur": _money(spec.get("budget")),
        "has_impact_data": spec.get("has_impact_data", False),
        "impact_note": spec.get("impact_note", ""),
        "url": spec.get("url", ""),
        "contact_email": spec.get("email", ""),
        "contact_phone": spec.get("phone", ""),
        "source": spec.get("source", ""),
        "last_verified_on": _date(spec.get("verified")),
    }
    for key, (field_name, vocabulary) in _VOCABULARY_KEYS.items():
        data[field_name] = terms.terms(vocabulary, spec.get(key, []), where)
    data.update(terms.areas(scope, spec.get("areas", []), where))
    return data


def _content(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in snapshot.items() if k != "is_archived"}


def _wanted_snapshot(provider: Organisation, data: dict[str, Any]) -> dict[str, Any]:
    """What `offer_snapshot` will say once `data` is saved (content only)."""
    snapshot: dict[str, Any] = {"provider": provider.slug}
    for name in catalog_services.SCALAR_FIELDS:
        snapshot[name] = catalog_services.plain_value(data[name])
    for name in catalog_services.MANY_FIELDS:
        snapshot[name] = sorted(catalog_services.plain_value(item) for item in data[name])
    return snapshot


def _load_offers(summary: LoadSummary, organisations: dict[str, Organisation]) -> None:
    terms = _Terms()
    # Prefetched so that comparing an unchanged offer costs no extra queries.
    existing = {
        (o.provider.slug, o.external_id): o
        for o in Offer.objects.select_related("provider", "offer_type")
        .prefetch_related(*catalog_services.MANY_FIELDS)
        .exclude(external_id="")
    }
    for spec in offer_specs():
        provider = organisations.get(spec["provider"])
        if provider is None:
            raise DemoDataError(f"{spec['_file']}: {spec['id']}: unknown provider")
        data = offer_data(spec, terms)
        offer = existing.get((provider.slug, spec["id"]))
        if offer is None:
            offer = catalog_services.create_offer(
                actor=None, provider=provider, data=data, source=ChangeSource.SYSTEM
            )
            summary.offers["created"] += 1
        elif _content(catalog_services.offer_snapshot(offer)) != _wanted_snapshot(provider, data):
            offer = catalog_services.update_offer(
                actor=None, offer=offer, data=data, source=ChangeSource.SYSTEM
            )
            summary.offers["updated"] += 1
        else:
            summary.offers["unchanged"] += 1
        if spec.get("archived", False) and not offer.is_archived:
            catalog_services.archive_offer(actor=None, offer=offer, source=ChangeSource.SYSTEM)
        elif not spec.get("archived", False) and offer.is_archived:
            catalog_services.restore_offer(actor=None, offer=offer, source=ChangeSource.SYSTEM)


# What the regions add to national offers (REQUIREMENTS A11): who helps here, an example, a
# meeting. Made up; (region, staff account, provider, offer title, contact organisation, note).
REGIONAL_NOTES = [
    (
        "regio-zwolle",
        "schakelteam-zwolle",
        "rvo",
        "ISDE voor bedrijven: subsidie voor warmtepomp of zonneboiler",
        "gemeente-zwolle",
        {
            "contact": "Het energieloket van de gemeente helpt met de aanvraag: 038 498 00 00",
            "example": "Een bakkerij in Kampen verving haar gasketel door een warmtepomp. Het "
            "energieloket rekende voor wat het opleverde en hielp met de aanvraag.",
            "event_title": "Ontbijtsessie energiesubsidies in Zwolle",
            "event_days_ahead": 16,
        },
    ),
    (
        "regio-zwolle",
        "schakelteam-zwolle",
        "kvk",
        "Geldzorgen? Praat er op tijd over",
        "gemeente-zwolle",
        {"contact": "Het ondernemersloket van de gemeente: bel 14 038 en vraag naar Geldzorgen."},
    ),
    (
        "achterhoek",
        "regisseur-achterhoek",
        "kvk",
        "Netcongestie: wat betekent een vol stroomnet voor uw bedrijf?",
        "ondernemersplein-achterhoek",
        {
            "contact": "Ondernemersplein Achterhoek kijkt met u naar een energiehub op uw "
            "bedrijventerrein.",
        },
    ),
]


def _load_regional_notes(
    regions: dict[str, Region], organisations: dict[str, Organisation]
) -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    today = datetime.date.today()
    for region_slug, username, provider, title, helper, texts in REGIONAL_NOTES:
        region, actor = regions.get(region_slug), users.get(username)
        offer = Offer.objects.filter(provider__slug=provider, title=title).first()
        if None in (region, actor, offer) or helper not in organisations:
            continue
        if RegionalOfferNote.objects.filter(offer=offer, region=region).exists():
            continue
        data = {k: v for k, v in texts.items() if k != "event_days_ahead"}
        data["contact_organisation"] = organisations[helper]
        if "event_days_ahead" in texts:
            data["event_date"] = next_working_day(
                today + datetime.timedelta(days=texts["event_days_ahead"])
            )
        regional_notes.save_note(actor=actor, offer=offer, region=region, data=data)


@transaction.atomic
def load_demo_data() -> LoadSummary:
    """Create or update the whole demo data set; safe to run again."""
    summary = LoadSummary()
    regions = _load_regions(summary)
    organisations = _load_organisations(summary)
    _load_regional_roles(summary, regions, organisations)
    _load_users(summary, regions, organisations)
    _load_directing(regions, organisations)
    _load_former_colleague(regions["regio-zwolle"])
    _load_offers(summary, organisations)
    _load_regional_notes(regions, organisations)
    __import__("scharnier.signals.demo", fromlist=["load"]).load()  # communities, signals
    learning_demo.load()  # stories, visitation, provinces (issue 10); rounds: load_reports
    monitoring_demo.load()  # result agreements 2026 for every region (issue 10)
    return summary
