"""The metric registry's defaults and the monitoring vocabularies (size class, sector group).

The registry itself is data (`MetricDefinition`, seeded from `DEFAULT_METRICS` by a migration);
a national administrator edits it in the admin, which makes a new version. Everything here is
defined once and used by the rollups, the pages, the CSV files and the API.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from .models import OutcomeEventKind as K

OWNER = "Ministerie van EZ, programma mkb-dienstverlening"

# Funnel stages: a firm is in a stage from the first event of one of these kinds (data, editable).
FUNNEL_STAGES = ("reached", "activated", "supported")
FUNNEL_CODES = ("firms-reached", "firms-activated", "firms-supported")
# The KPIs of questions, referrals and plans, in the order pages and reports show them.
CASEWORK_CODES = (
    "questions",
    "referrals-made",
    "referrals-accepted",
    "acceptance-rate",
    "referrals-with-result",
    "closed-loop-share",
    "days-to-first-contact",
    "nps",
    "plans-made",
)
# The hinge back up (issue 13): what entrepreneurs do together in communities and what they raise.
COMMUNITY_CODES = ("community-participations", "signals-raised")
DEFAULT_STAGE_KINDS = {
    "reached": [K.QUESTION_RECEIVED, K.SCAN_COMPLETED, K.MEETING_PARTICIPATION],
    "activated": [K.SCAN_COMPLETED, K.PLAN_HANDED_OVER, K.REFERRAL_MADE],
    "supported": [K.REFERRAL_RESULT],
}

# code, name, definition (B1), unit, computation, period, event kinds (stages only)
DEFAULT_METRICS: list[dict] = [
    {
        "code": "firms-reached",
        "name": "Bereikte bedrijven",
        "definition": "Aantal verschillende bedrijven dat een vraag stelde, de toekomstscan "
        "invulde of naar een bijeenkomst kwam. Een bedrijf telt één keer, ook als het via "
        "meer ingangen kwam.",
        "unit": "bedrijven",
        "computation": "Unieke bedrijven (KvK-sleutel, anders de vraag, het plan of de deelname) "
        "met een eerste gebeurtenis van de soorten hieronder in de periode. Wie geactiveerd of "
        "ondersteund is, is ook bereikt.",
        "event_kinds": DEFAULT_STAGE_KINDS["reached"],
    },
    {
        "code": "firms-activated",
        "name": "Geactiveerde bedrijven",
        "definition": "Aantal verschillende bedrijven dat een plan maakte of om een "
        "doorverwijzing vroeg.",
        "unit": "bedrijven",
        "computation": "Unieke bedrijven met een eerste gebeurtenis van de soorten hieronder in "
        "de periode. Wie ondersteund is, is ook geactiveerd.",
        "event_kinds": DEFAULT_STAGE_KINDS["activated"],
    },
    {
        "code": "firms-supported",
        "name": "Ondersteunde bedrijven",
        "definition": "Aantal verschillende bedrijven met een doorverwijzing waarvan het "
        "resultaat is vastgelegd.",
        "unit": "bedrijven",
        "computation": "Unieke bedrijven met een eerste gebeurtenis van de soorten hieronder in "
        "de periode.",
        "event_kinds": DEFAULT_STAGE_KINDS["supported"],
    },
    {
        "code": "firms-reached-broad-sme",
        "name": "Bereikte bedrijven uit het brede mkb",
        "definition": "Bereikte bedrijven met 2 tot 50 werkzame personen (voor zover bekend).",
        "unit": "bedrijven",
        "computation": "Bereikte bedrijven met grootteklasse 2-9 of 10-49.",
    },
    {
        "code": "questions",
        "name": "Vragen per ingang",
        "definition": "Aantal hulpvragen dat binnenkwam, per ingang (website, scan, formulier "
        "op een andere website, gesprek, API).",
        "unit": "vragen",
        "computation": "Aantal gebeurtenissen 'vraag ontvangen'.",
    },
    {
        "code": "referrals-made",
        "name": "Doorverwijzingen",
        "definition": "Aantal keer dat het schakelteam een vraag doorverwees naar een aanbieder.",
        "unit": "doorverwijzingen",
        "computation": "Aantal gebeurtenissen 'doorverwijzing gemaakt'.",
    },
    {
        "code": "referrals-accepted",
        "name": "Geaccepteerde doorverwijzingen",
        "definition": "Aantal doorverwijzingen dat de aanbieder aannam.",
        "unit": "doorverwijzingen",
        "computation": "Aantal gebeurtenissen 'doorverwijzing geaccepteerd'.",
    },
    {
        "code": "referrals-with-result",
        "name": "Doorverwijzingen met resultaat",
        "definition": "Aantal doorverwijzingen waarvan de aanbieder het resultaat vastlegde.",
        "unit": "doorverwijzingen",
        "computation": "Aantal gebeurtenissen 'resultaat vastgelegd'.",
    },
    {
        "code": "acceptance-rate",
        "name": "Acceptatie van doorverwijzingen",
        "definition": "Van de doorverwijzingen waarover de aanbieder besliste: het deel dat hij "
        "aannam.",
        "unit": "procent",
        "computation": "geaccepteerd / (geaccepteerd + afgewezen) x 100, in de periode.",
    },
    {
        "code": "days-to-first-contact",
        "name": "Werkdagen tot eerste contact",
        "definition": "Hoeveel werkdagen het duurt tot het schakelteam voor het eerst op een "
        "vraag reageert. We tonen de middelste waarde (mediaan).",
        "unit": "werkdagen",
        "computation": "Mediaan van de werkdagen tussen indienen en eerste reactie, per vraag. "
        "Werkdagen zijn maandag tot en met vrijdag, zonder de officiële feestdagen.",
    },
    {
        "code": "closed-loop-share",
        "name": "Gesloten lus",
        "definition": "Van de doorverwijzingen: het deel waarvan het resultaat is vastgelegd.",
        "unit": "procent",
        "computation": "doorverwijzingen met resultaat / doorverwijzingen gemaakt x 100, in de "
        "periode.",
    },
    {
        "code": "nps",
        "name": "Net Promoter Score",
        "definition": "Hoe graag ondernemers de hulp aanraden (cijfer 0 tot 10). Het aandeel "
        "9-10 min het aandeel 0-6.",
        "unit": "score (-100 tot 100)",
        "computation": "(aantal 9-10 - aantal 0-6) / aantal antwoorden x 100.",
    },
    {
        "code": "plans-made",
        "name": "Gemaakte plannen",
        "definition": "Aantal persoonlijke plannen uit de toekomstscan.",
        "unit": "plannen",
        "computation": "Aantal gebeurtenissen 'toekomstscan ingevuld'.",
    },
    {
        "code": "community-participations",
        "name": "Deelnames aan mkb-gemeenschappen",
        "definition": "Hoe vaak ondernemers meededen aan een bijeenkomst van een "
        "mkb-gemeenschap. Wie twee keer kwam, telt twee keer.",
        "unit": "deelnames",
        "computation": "Som van het aantal deelnemers van de gehouden bijeenkomsten "
        "(gebeurtenis 'bijeenkomst gehouden') in de periode, in de regio en gemeente van de "
        "bijeenkomst.",
    },
    {
        "code": "signals-raised",
        "name": "Gemelde signalen",
        "definition": "Aantal knelpunten, gaten in het aanbod en goede voorbeelden dat "
        "ondernemers, gemeenschappen, schakelteams en aanbieders meldden.",
        "unit": "signalen",
        "computation": "Aantal gebeurtenissen 'signaal gemeld' in de periode, in de regio en "
        "gemeente van het signaal.",
    },
    {
        "code": "offers",
        "name": "Aanbod in het register",
        "definition": "Aantal gepubliceerde aanbiedingen (regelingen, programma's) in het "
        "register, nu.",
        "unit": "aanbiedingen",
        "computation": "Stand van het register op dit moment.",
    },
    {
        "code": "cleanup-progress",
        "name": "Opschoning van het aanbod",
        "definition": "Aantal dubbele aanbiedingen dat is opgeruimd, nu.",
        "unit": "aanbiedingen",
        "computation": "Stand van de opschoning (landschapsanalyse) op dit moment.",
    },
    {
        "code": "white-spots",
        "name": "Witte vlekken",
        "definition": "Combinaties van regio, thema en klantreisfase zonder aanbod, nu.",
        "unit": "combinaties",
        "computation": "Stand van de landschapsanalyse op dit moment.",
    },
]
for _metric in DEFAULT_METRICS:
    _metric.setdefault("event_kinds", [])
    _metric.setdefault("period", "kalenderhalfjaar of gekozen periode")
    _metric.setdefault("owner", OWNER)

# Later versions of default KPIs. The registry is data: a change is a new version from a date,
# never an edit of an old one (a migration and `ensure_metric_definitions` add these).
DEFAULT_REVISIONS: list[dict] = [
    {
        # Issue 10: the entrepreneur's own T1 scan, with consent, is a result of the support.
        "code": "firms-supported",
        "version": 2,
        "valid_from": datetime.date(2026, 11, 30),
        "definition": "Aantal verschillende bedrijven met een doorverwijzing waarvan het "
        "resultaat is vastgelegd, of dat de toekomstscan na een tijd opnieuw deed en goedvond "
        "dat die telt als resultaat.",
        "computation": "Unieke bedrijven met een eerste gebeurtenis van de soorten hieronder in "
        "de periode. De nieuwe scan telt voor het bedrijf van de eerste scan.",
        "event_kinds": [K.REFERRAL_RESULT, K.SCAN_REDONE],
    },
    # Plain names for readers of the open dashboard (audit 2 December 2026). The computation
    # does not change, so the new wording holds for every period: valid from the start.
    {
        "code": "closed-loop-share",
        "version": 2,
        "valid_from": datetime.date(2024, 1, 1),
        "name": "Doorverwijzingen waarvan het resultaat bekend is",
        "definition": "Van de doorverwijzingen: het deel waarvan de aanbieder het resultaat "
        "vastlegde. Zo weten we of de ondernemer echt verder is geholpen (in het Engels: "
        "closed loop).",
    },
    {
        "code": "nps",
        "version": 2,
        "valid_from": datetime.date(2024, 1, 1),
        "name": "Hoe graag ondernemers de hulp aanraden (NPS)",
        "definition": "Ondernemers geven een cijfer van 0 tot 10: hoe graag raden ze de hulp "
        "aan anderen aan? De score is het deel dat 9 of 10 gaf, min het deel dat 0 tot 6 gaf. "
        "Dit heet de Net Promoter Score (NPS).",
    },
    # A region's closing days (session 61) do not stop the count: the figure is measured the
    # same way in every region. Only the explanation changes, so valid from the start.
    {
        "code": "days-to-first-contact",
        "version": 2,
        "valid_from": datetime.date(2024, 1, 1),
        "computation": "Mediaan van de werkdagen tussen indienen en eerste reactie, per vraag. "
        "Werkdagen zijn maandag tot en met vrijdag, zonder de officiële feestdagen. Dagen "
        "waarop een schakelteam dicht is (bijvoorbeeld in de kerstvakantie) tellen wel mee: "
        "zo meten we in elke regio op dezelfde manier.",
    },
    # "Aanbiedingen" reads as special deals in shops; the register holds kinds of help.
    # Counted the same as before, so valid from the start.
    {
        "code": "offers",
        "version": 2,
        "valid_from": datetime.date(2024, 1, 1),
        "definition": "Aantal regelingen, programma's en andere vormen van hulp dat nu "
        "gepubliceerd in het register staat.",
        "unit": "vormen van hulp",
    },
    {
        "code": "cleanup-progress",
        "version": 2,
        "valid_from": datetime.date(2024, 1, 1),
        "definition": "Aantal dubbele regelingen, programma's en andere vormen van hulp "
        "dat na een besluit over overlap is opgeruimd, nu.",
        "unit": "vormen van hulp",
    },
    # Session 70: the size a schakelteam records at the intake counts where the firm's own
    # events told none; figures from this day may count more firms in the broad SME.
    {
        "code": "firms-reached-broad-sme",
        "version": 2,
        "valid_from": datetime.date(2026, 12, 8),
        "computation": "Bereikte bedrijven met grootteklasse 2-9 of 10-49. De grootte komt uit "
        "de eerste gebeurtenis van het bedrijf die haar noemt (bijvoorbeeld de toekomstscan); "
        "noemt geen daarvan de grootte, dan telt wat het schakelteam bij de intake vastlegde.",
    },
]

REVISABLE = ("name", "definition", "unit", "computation", "period", "owner", "event_kinds")
# The texts a reader sees: a revision that changes one of them is applied once.
REVISED_TEXTS = ("name", "definition", "unit", "computation")


def add_missing_defaults(definitions_model) -> int:
    """Version 1 of every default KPI the registry does not hold yet. Works with the real
    model and a migration's historical one. Returns the number added."""
    known = set(definitions_model.objects.values_list("code", flat=True))
    added = 0
    for spec in DEFAULT_METRICS:
        if spec["code"] not in known:
            definitions_model.objects.create(
                version=1,
                valid_from=datetime.date(2024, 1, 1),
                **{
                    k: (list(map(str, v)) if k == "event_kinds" else str(v))
                    for k, v in spec.items()
                },
            )
            added += 1
    return added


def apply_default_revisions(definitions_model) -> int:
    """Add each revision above as the next version of its KPI, unless a version with its texts
    (name, definition, unit, computation as far as the revision gives them) exists already
    (also when an administrator's own versions came in between). Works with the real model
    and a migration's historical one. Returns the number added."""
    added = 0
    for revision in DEFAULT_REVISIONS:
        versions = definitions_model.objects.filter(code=revision["code"])
        newest = versions.order_by("-version").first()
        texts = {k: v for k, v in revision.items() if k in REVISED_TEXTS}
        if newest is None or versions.filter(**texts).exists():
            continue
        values = {name: getattr(newest, name) for name in REVISABLE}
        values.update({k: v for k, v in revision.items() if k in REVISABLE})
        values["event_kinds"] = [str(kind) for kind in values["event_kinds"]]
        definitions_model.objects.create(
            code=revision["code"],
            version=newest.version + 1,
            valid_from=revision["valid_from"],
            **values,
        )
        added += 1
    return added


STAGE_METRIC = {
    "reached": "firms-reached",
    "activated": "firms-activated",
    "supported": "firms-supported",
}

# Size classes by number of working persons; broad SME (breed mkb) is 2-50.
SIZE_CLASSES = (
    ("1", _("1 persoon")),
    ("2-9", _("2 tot 10 personen")),
    ("10-49", _("10 tot 50 personen")),
    ("50+", _("50 personen of meer")),
)
BROAD_SME_SIZE_CLASSES = ("2-9", "10-49")


def size_class_of(employees: int | None) -> str:
    if not employees:
        return ""
    if employees < 2:
        return "1"
    if employees < 10:
        return "2-9"
    if employees < 50:
        return "10-49"
    return "50+"


# The eight CBS sector groups of the KWB (establishments per municipality), by SBI section.
SECTOR_GROUPS = (
    ("a", _("Landbouw, bosbouw en visserij"), "A"),
    ("bf", _("Nijverheid, energie en bouw"), "BCDEF"),
    ("gi", _("Handel en horeca"), "GI"),
    ("hj", _("Vervoer, informatie en communicatie"), "HJ"),
    ("kl", _("Financiële diensten en onroerend goed"), "KL"),
    ("mn", _("Zakelijke dienstverlening"), "MN"),
    ("oq", _("Overheid, onderwijs en zorg"), "OPQ"),
    ("ru", _("Cultuur, recreatie en overige diensten"), "RSTU"),
)


def sector_of(sbi: str) -> str:
    letter = (sbi or "").strip()[:1].upper()
    for code, _label, letters in SECTOR_GROUPS:
        if letter and letter in letters:
            return code
    return ""


# The breakdowns every event-count measure is rolled up by ("" is the total).
DIMENSIONS = ("", "door", "theme", "size_class", "sector", "phase")
# Measures whose events carry a number: rolled up as a histogram of that number.
VALUE_KINDS = (K.FIRST_CONTACT, K.FEEDBACK_GIVEN)
