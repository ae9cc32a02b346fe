"""Version 1 of every default KPI, and a subject for the events recorded before subjects existed."""

import datetime

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat

from scharnier.monitoring.registry import DEFAULT_METRICS


def forwards(apps, schema_editor):
    MetricDefinition = apps.get_model("monitoring", "MetricDefinition")
    OutcomeEvent = apps.get_model("monitoring", "OutcomeEvent")
    known = set(MetricDefinition.objects.values_list("code", flat=True))
    for spec in DEFAULT_METRICS:
        if spec["code"] not in known:
            MetricDefinition.objects.create(
                version=1,
                valid_from=datetime.date(2024, 1, 1),
                **{k: (list(map(str, v)) if k == "event_kinds" else str(v)) for k, v in spec.items()},
            )
    OutcomeEvent.objects.filter(subject="").update(
        subject=Concat("source_type", Value(":"), "source_id")
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_registry_rollups_targets")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
