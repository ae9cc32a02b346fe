"""Consent texts, versioned. A recorded consent names the version the entrepreneur saw.

Never edit a published version: add a new one and point CURRENT_CONSENT_VERSION at it.
"""

from .models import ConsentPurpose

CURRENT_CONSENT_VERSION = "2026-3"

CONSENT_TEXTS: dict[str, dict[str, str]] = {
    "2026-1": {
        ConsentPurpose.HANDLING: (
            "Ik geef toestemming om mijn vraag en contactgegevens te gebruiken om mij te helpen. "
            "Het schakelteam van mijn regio mag ze lezen en delen met de organisaties waar zij "
            "mij naar doorverwijzen. Na afsluiten worden mijn gegevens na 24 maanden verwijderd."
        ),
        ConsentPurpose.FEEDBACK: (
            "Ik wil na afloop een e-mail krijgen met de vraag hoe ik geholpen ben."
        ),
    },
    # The same consent in plainer words: who deletes, and from when the 24 months run.
    "2026-2": {
        ConsentPurpose.HANDLING: (
            "Ik geef toestemming om mijn vraag en contactgegevens te gebruiken om mij te helpen. "
            "Het schakelteam van mijn regio mag ze lezen en delen met de organisaties waar zij "
            "mij naar doorverwijzen. 24 maanden nadat mijn vraag is afgesloten, verwijdert het "
            "schakelteam mijn gegevens."
        ),
        ConsentPurpose.FEEDBACK: (
            "Ik wil na afloop een e-mail krijgen met de vraag hoe ik geholpen ben."
        ),
    },
    # Outside the regions with a schakelteam a national team reads the question: 2026-2 promised
    # the regional team to everyone.
    "2026-3": {
        ConsentPurpose.HANDLING: (
            "Ik geef toestemming om mijn vraag en contactgegevens te gebruiken om mij te helpen. "
            "Het schakelteam van mijn regio mag ze lezen en delen met de organisaties waar het "
            "team mij naar doorverwijst. Heeft mijn regio nog geen schakelteam, dan doet het "
            "landelijke team dit. 24 maanden nadat mijn vraag is afgesloten, verwijdert het team "
            "mijn gegevens."
        ),
        ConsentPurpose.FEEDBACK: (
            "Ik wil na afloop een e-mail krijgen met de vraag hoe ik geholpen ben."
        ),
    },
}


def consent_text(purpose: str, version: str = CURRENT_CONSENT_VERSION) -> str:
    return CONSENT_TEXTS[version][purpose]
