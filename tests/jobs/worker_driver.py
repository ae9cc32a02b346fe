"""Run by test_worker.py in a separate process: create data and start jobs on the real queue.

`start ROWS`: a check of a ROWS-row file and a job that always fails; `confirm JOB`: save a
checked file; `events N`: record N outcome events, each in its own transaction (as requests
do); `mail ADDRESS`: queue one e-mail. Prints one JSON line with the job ids (or the number of
events, or whether the mail was queued).
Environment: DATABASE_URL, REDIS_URL, SCHARNIER_TASKS.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scharnier.settings.development")
django.setup()

from scharnier.catalog import uploads  # noqa: E402
from scharnier.jobs.models import JobKind  # noqa: E402
from scharnier.jobs.services import start_job  # noqa: E402
from scharnier.organisations import services as organisation_services  # noqa: E402
from scharnier.organisations.models import OrganisationKind, Role  # noqa: E402

if sys.argv[1] == "confirm":
    from django.contrib.auth import get_user_model

    from scharnier.jobs.models import Job

    check = Job.objects.get(pk=int(sys.argv[2]))
    user = get_user_model().objects.get(pk=check.created_by_id)
    print(json.dumps({"save": uploads.confirm_check(user=user, check=check).pk}))
    sys.exit(0)

if sys.argv[1] == "mail":
    from scharnier.core import mail

    queued = mail.send("Uw vraag", "Tekst met een link.", sys.argv[2], kind="worker test")
    print(json.dumps({"queued": queued}))
    sys.exit(0)

if sys.argv[1] == "events":
    from scharnier.monitoring.models import OutcomeEventKind
    from scharnier.monitoring.services import record_outcome_event

    count = int(sys.argv[2])
    for number in range(count):
        record_outcome_event(
            kind=OutcomeEventKind.QUESTION_RECEIVED, source=("test.question", number), door="site"
        )
    print(json.dumps({"events": count}))
    sys.exit(0)

rows = int(sys.argv[2])
provider = organisation_services.save_organisation(
    slug="kvk", name="KVK", kind=OrganisationKind.UITVOERINGSORGANISATIE
)
user = organisation_services.create_user(username="redacteur", password="Geheim-wachtwoord-123")
organisation_services.grant_membership(user=user, role=Role.PROVIDER_EDITOR, organisation=provider)
lines = ["kenmerk;titel;samenvatting;soort;themas;fasen;gebied"]
row = "W-{n};Spreekuur {n};Vragen stellen.;advies;strategie;weten;nationaal"
lines += [row.format(n=n) for n in range(rows)]
check = uploads.start_check(
    user=user, provider=provider, name="aanbod.csv", content="\n".join(lines).encode()
)
# A job that cannot succeed: its provider does not exist (every attempt raises).
broken = start_job(
    JobKind.IMPORT_OFFERS,
    user=user,
    parameters={"actor_id": user.pk, "provider_id": 999_999, "dry_run": True},
    input_name="kapot.csv",
    input_data=b"kenmerk;titel\n",
)
print(json.dumps({"check": check.pk, "broken": broken.pk, "user": user.pk}))
