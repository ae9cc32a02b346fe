"""Two KPIs of the hinge back up (issue 13): participations in communities, signals raised."""

from django.db import migrations

from scharnier.monitoring.registry import add_missing_defaults


def forwards(apps, schema_editor):
    add_missing_defaults(apps.get_model("monitoring", "MetricDefinition"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_pending_outcome_events")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
