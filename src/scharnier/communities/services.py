"""Writes for communities, meetings and participants. Pages, API, admin and commands call these.

Every write checks the role matrix first (organisations.permissions) and reports participation
to the monitoring interface, so it counts toward the region's reach.
"""

import csv
import io
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scharnier.catalog.fileformat import FALSE_WORDS, TRUE_WORDS
from scharnier.core.validation import EMAIL_INVALID, kvk_problem
from scharnier.geography.models import Region
from scharnier.monitoring.services import firm_key
from scharnier.organisations.permissions import Action, require_permission

from . import outcomes
from .models import Campaign, Community, Meeting, Participant
from .retention import retention_months
from .vocabularies import choices

# The consent texts participants agree to, in their own words. Never edit a version a
# participant agreed to: add a new one and point CONSENT_VERSION at it.
CONSENT_TEXTS: dict[str, str] = {
    "2026-1": gettext_lazy(
        "Ik geef toestemming om mijn naam, e-mailadres en (als ik het invul) KvK-nummer te "
        "bewaren voor deze bijeenkomst en om te tellen hoeveel ondernemers de community bereikt. "
        "Mijn KvK-nummer wordt alleen versleuteld bewaard."
    ),
    # Says how long, and what "versleuteld" meant: a code from which the number cannot be read.
    "2026-2": gettext_lazy(
        "Ik geef toestemming om mijn naam, e-mailadres en KvK-nummer (als ik dat geef) te "
        "bewaren. Zo kan de regio tellen hoeveel ondernemers de community bereikt. Van mijn "
        "KvK-nummer wordt alleen een code bewaard waaruit niemand het nummer kan halen. "
        "%(months)s maanden na de bijeenkomst worden mijn naam en e-mailadres gewist."
    ),
}
CONSENT_VERSION = "2026-2"


def consent_text(version: str = CONSENT_VERSION) -> str:
    """The consent text of a version, with this installation's retention period."""
    return str(CONSENT_TEXTS[version]) % {"months": retention_months()}


COMMUNITY_FIELDS = ("name", "kind", "status", "organiser", "reach", "description", "website")


def _check_code(field: str, vocabulary: str, value: str) -> None:
    if value not in dict(choices(vocabulary)):
        raise ValidationError({field: _("Kies een waarde uit de lijst.")})


@transaction.atomic
def save_community(
    *,
    actor,
    region: Region,
    data: dict,
    community: Community | None = None,
) -> Community:
    """Create or change a community on the region's map."""
    require_permission(actor, Action.MANAGE_COMMUNITIES, community or region)
    if community is not None and community.region_id != region.pk:
        raise ValidationError({"region": _("Een community kan niet naar een andere regio.")})
    _check_code("kind", "community_kind", data.get("kind", ""))
    _check_code("status", "community_status", data.get("status", "actief"))
    community = community or Community(region=region)
    for name in COMMUNITY_FIELDS:
        if name in data:
            value = data[name]
            # An empty text field is "", an empty link (no organiser) stays None.
            if value is None and not Community._meta.get_field(name).null:
                value = 0 if name == "reach" else ""
            setattr(community, name, value)
    if community.reach in (None, ""):
        community.reach = 0
    community.full_clean(exclude=["created_at"])
    community.save()
    if "themes" in data:
        community.themes.set(data["themes"])
    if "sbi_sections" in data:
        community.sbi_sections.set(data["sbi_sections"])
    if "municipalities" in data:
        municipalities = list(data["municipalities"])
        outside = [
            m.name for m in municipalities if not region.municipalities.filter(pk=m.pk).exists()
        ]
        if outside:
            raise ValidationError(
                {
                    "municipalities": _("Deze gemeenten horen niet bij de regio: %(names)s")
                    % {"names": ", ".join(outside)}
                }
            )
        community.municipalities.set(municipalities)
    return community


MEETING_FIELDS = (
    "title",
    "date",
    "start_time",
    "end_time",
    "format",
    "municipality",
    "location",
    "participants_count",
    "new_participants_count",
    "follow_up_questions",
    "is_public",
    "is_cancelled",
)


def _not_called_off_once_held(meeting: Meeting, data: dict) -> None:
    if data.get("is_cancelled") and outcomes.held_reported(meeting):
        raise ValidationError(
            {
                "is_cancelled": _(
                    "Deze bijeenkomst is geweest en telt mee in het bereik van de regio. Daarom "
                    "kunt u haar niet afzeggen. Kwam er niemand? Zet het aantal deelnemers op 0."
                )
            }
        )


@transaction.atomic
def log_meeting(
    *,
    actor,
    community: Community,
    data: dict,
    meeting: Meeting | None = None,
) -> Meeting:
    """The two-minute meeting log (also a planned public event when the date is ahead)."""
    require_permission(actor, Action.LOG_MEETING, community)
    if meeting is not None and meeting.community_id != community.pk:
        require_permission(actor, Action.LOG_MEETING, meeting.community)
    if meeting is not None:
        _not_called_off_once_held(meeting, data)
    _check_code("format", "meeting_format", data.get("format", meeting.format if meeting else ""))
    municipality = data.get("municipality")
    if (
        municipality is not None
        and not community.region.municipalities.filter(pk=municipality.pk).exists()
    ):
        raise ValidationError({"municipality": _("Deze gemeente hoort niet bij de regio.")})
    meeting = meeting or Meeting(community=community, created_by=actor)
    meeting.community = community
    for name in MEETING_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in ("location", "follow_up_questions"):
                value = ""
            if value is None and name in ("participants_count", "new_participants_count"):
                value = 0
            setattr(meeting, name, value)
    meeting.full_clean(exclude=["created_at", "created_by"])
    meeting.save()
    if "themes" in data:
        meeting.themes.set(data["themes"])
    outcomes.meeting_held(meeting)
    return meeting


def _validated_participant(name: str, email: str, kvk_number: str) -> dict:
    errors: dict[str, str] = {}
    name = (name or "").strip()
    email = (email or "").strip().lower()
    kvk_number = (kvk_number or "").strip()
    if not name:
        errors["name"] = _("Vul een naam in.")
    elif len(name) > 120:
        errors["name"] = _("Een naam is hoogstens 120 tekens.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = str(EMAIL_INVALID)
    if kvk_number and (problem := kvk_problem(kvk_number)):
        errors["kvk_number"] = problem
    if errors:
        raise ValidationError(errors)
    return {"name": name, "email": email, "firm_key": firm_key(kvk_number)}


@transaction.atomic
def register_participant(
    *,
    actor,
    meeting: Meeting,
    name: str,
    email: str,
    kvk_number: str = "",
    is_new: bool = False,
    consent: bool,
    consent_version: str = CONSENT_VERSION,
) -> Participant:
    require_permission(actor, Action.LOG_MEETING, meeting)
    if not consent:
        raise ValidationError(
            {"consent": _("Zonder toestemming kunnen we geen deelnemer opslaan.")}
        )
    values = _validated_participant(name, email, kvk_number)
    if meeting.participants.filter(email=values["email"]).exists():
        raise ValidationError({"email": _("Dit e-mailadres staat al bij deze bijeenkomst.")})
    participant = Participant.objects.create(
        meeting=meeting, is_new=is_new, consent_version=consent_version, **values
    )
    outcomes.participated(participant)
    return participant


@transaction.atomic
def erase_participant(*, actor, meeting: Meeting, participant_id: int) -> Participant:
    """Erase one participant's name, e-mail address and firm key at their request (consent
    withdrawn). The row stays, like after the retention period, so the count stays right."""
    require_permission(actor, Action.LOG_MEETING, meeting)
    try:
        participant = meeting.participants.select_for_update().get(
            pk=participant_id, erased_at__isnull=True
        )
    except Participant.DoesNotExist:
        raise ValidationError(_("Deze deelnemer staat niet (meer) bij deze bijeenkomst.")) from None
    participant.name = participant.email = participant.firm_key = ""
    participant.erased_at = timezone.now()
    participant.save(update_fields=["name", "email", "firm_key", "erased_at"])
    return participant


# The attendance file: one row per participant who gave consent (the organiser confirms that).
ATTENDANCE_COLUMNS = ("naam", "e-mail", "kvk-nummer", "nieuw")
_REQUIRED_COLUMNS = ("naam", "e-mail")
# The offer import's yes/no words; an "x" ticks a box on a paper list, empty means no.
_YES = TRUE_WORDS | {"x"}
_NO = FALSE_WORDS | {""}
MAX_ATTENDANCE_ROWS = 2000


@dataclass(frozen=True)
class RowProblem:
    row: int  # line number in the file (the header is line 1)
    column: str
    message: str

    def __str__(self) -> str:
        if self.row:
            return _("Regel %(row)s, kolom '%(column)s': %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return str(self.message)


class AttendanceImportError(ValidationError):
    """The file was refused as a whole; `problems` says where and why."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems])


NOT_CSV = gettext_lazy(
    "Dit bestand is geen CSV-bestand (tekst). Sla de lijst op als CSV en probeer het opnieuw."
)
# Control characters (tab and line breaks aside) never occur in a text file: a picture, a PDF
# or a spreadsheet renamed .csv decodes as cp1252 all the same.
_BINARY_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(content: bytes) -> str:
    encodings = (
        ("utf-16",) if content[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    )
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _BINARY_RE.search(text):
            return text
        break
    raise AttendanceImportError([RowProblem(0, "", str(NOT_CSV))])


def parse_attendance_csv(content: bytes) -> list[dict]:
    """Check the whole file first; any problem refuses all rows."""
    text = _decode(content)
    if not text.strip():
        raise AttendanceImportError([RowProblem(0, "", _("Het bestand is leeg."))])
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    problems: list[RowProblem] = []
    missing = [c for c in _REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h and h not in ATTENDANCE_COLUMNS]
    for column in missing:
        problems.append(RowProblem(1, column, _("deze kolom ontbreekt in de kopregel.")))
    for column in unknown:
        problems.append(
            RowProblem(
                1,
                column,
                _("deze kolom kennen we niet. Gebruik: %(columns)s.")
                % {"columns": ", ".join(ATTENDANCE_COLUMNS)},
            )
        )
    if problems:
        raise AttendanceImportError(problems)
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(rows) >= MAX_ATTENDANCE_ROWS:
            problems.append(
                RowProblem(
                    line, "", _("te veel regels (hoogstens %(n)s).") % {"n": MAX_ATTENDANCE_ROWS}
                )
            )
            break
        if len(raw) > len(header):
            problems.append(
                RowProblem(line, "", _("deze regel heeft meer cellen dan de kopregel."))
            )
            continue
        record = dict(zip(header, [c.strip() for c in raw], strict=False))
        # Every problem of a row is reported at once, so one correction round suffices.
        row_problems: list[RowProblem] = []
        try:
            values = _validated_participant(
                record.get("naam", ""), record.get("e-mail", ""), record.get("kvk-nummer", "")
            )
        except ValidationError as error:
            columns = {"name": "naam", "email": "e-mail", "kvk_number": "kvk-nummer"}
            for field, messages in error.message_dict.items():
                row_problems.extend(RowProblem(line, columns[field], m) for m in messages)
        new_value = record.get("nieuw", "").lower()
        if new_value not in _YES | _NO:
            message = _("Schrijf ja of nee, niet '%(value)s'.") % {"value": record["nieuw"][:40]}
            row_problems.append(RowProblem(line, "nieuw", message))
        if row_problems:
            problems.extend(row_problems)
            continue
        if values["email"] in seen:
            problems.append(
                RowProblem(
                    line,
                    "e-mail",
                    _("dit e-mailadres staat ook op regel %(row)s.")
                    % {"row": seen[values["email"]]},
                )
            )
            continue
        seen[values["email"]] = line
        rows.append({**values, "is_new": new_value in _YES})
    if problems:
        raise AttendanceImportError(problems)
    if not rows:
        raise AttendanceImportError([RowProblem(0, "", _("Het bestand heeft geen deelnemers."))])
    return rows


@transaction.atomic
def import_attendance(*, actor, meeting: Meeting, content: bytes, consent_confirmed: bool) -> int:
    """All-or-nothing: every row is valid and new, or nothing is stored. Returns rows added."""
    require_permission(actor, Action.LOG_MEETING, meeting)
    if not consent_confirmed:
        raise AttendanceImportError(
            [
                RowProblem(
                    0, "", _("Bevestig dat iedereen in het bestand toestemming heeft gegeven.")
                )
            ]
        )
    rows = parse_attendance_csv(content)
    existing = set(meeting.participants.values_list("email", flat=True))
    clashes = [r["email"] for r in rows if r["email"] in existing]
    if clashes:
        raise AttendanceImportError(
            [
                RowProblem(
                    0,
                    "e-mail",
                    _("%(n)s e-mailadres(sen) staan al bij deze bijeenkomst.")
                    % {"n": len(clashes)},
                )
            ]
        )
    participants = [
        Participant.objects.create(meeting=meeting, consent_version=CONSENT_VERSION, **row)
        for row in rows
    ]
    for participant in participants:
        outcomes.participated(participant)
    return len(participants)


# --- Outreach campaigns -----------------------------------------------------------------------

CAMPAIGN_FIELDS = ("title", "channel", "starts_on", "ends_on", "firms_approached", "note")


def _new_campaign_code(region: Region, title: str) -> str:
    """Readable and unique: the region, a few words of the title and a random tail, so that a
    code seen in one letter does not lead to guessing another campaign's."""
    words = slugify(title)[:18].strip("-") or "actie"
    while True:
        code = f"{slugify(region.slug)[:14].strip('-')}-{words}-{secrets.token_hex(2)}"
        if not Campaign.objects.filter(code=code).exists():
            return code


@transaction.atomic
def save_campaign(
    *, actor, region: Region, data: dict, campaign: Campaign | None = None
) -> Campaign:
    """Create or change an outreach campaign of the region; its code never changes (it is in
    the letters and posts that were sent)."""
    require_permission(actor, Action.MANAGE_COMMUNITIES, region)
    if campaign is not None and campaign.region_id != region.pk:
        raise ValidationError({"region": _("Een benaderactie kan niet naar een andere regio.")})
    _check_code("channel", "campaign_channel", data.get("channel", ""))
    campaign = campaign or Campaign(region=region, created_by=actor)
    for name in CAMPAIGN_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in ("title", "note"):
                value = ""
            setattr(campaign, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if campaign.ends_on and campaign.starts_on and campaign.ends_on < campaign.starts_on:
        errors["ends_on"] = [_("De einddatum moet op of na de begindatum liggen.")]
    if campaign.firms_approached is not None and campaign.firms_approached > 1_000_000:
        errors["firms_approached"] = [_("Vul een aantal tot 1.000.000 in.")]
    municipalities = list(data.get("municipalities", []))
    outside = [m.name for m in municipalities if m.pk not in _municipality_ids(region)]
    if outside:
        errors["municipalities"] = [
            _("Deze gemeenten horen niet bij de regio: %(names)s") % {"names": ", ".join(outside)}
        ]
    if errors:
        raise ValidationError(errors)
    if not campaign.code:
        campaign.code = _new_campaign_code(region, campaign.title)
    campaign.full_clean(exclude=["created_at", "created_by", "region"])
    campaign.save()
    for name in ("themes", "sbi_sections", "municipalities"):
        if name in data:
            getattr(campaign, name).set(data[name])
    return campaign


def _municipality_ids(region: Region) -> set[int]:
    return set(region.municipalities.values_list("pk", flat=True))


def remove_campaign(*, actor, campaign: Campaign) -> None:
    require_permission(actor, Action.MANAGE_COMMUNITIES, campaign.region)
    campaign.delete()
