from django.db import migrations

from scharnier.monitoring.registry import apply_default_revisions


def add_registry_revisions(apps, schema_editor):
    # Plain names for the open dashboard: closed-loop-share v2 and nps v2
    # (registry.DEFAULT_REVISIONS).
    apply_default_revisions(apps.get_model("monitoring", "MetricDefinition"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0008_meeting_corrections")]

    operations = [migrations.RunPython(add_registry_revisions, migrations.RunPython.noop)]
