from django.db import migrations

from scharnier.monitoring.registry import apply_default_revisions


def add_registry_revisions(apps, schema_editor):
    # "vormen van hulp" instead of "aanbiedingen": offers v2 and cleanup-progress v2
    # (registry.DEFAULT_REVISIONS).
    apply_default_revisions(apps.get_model("monitoring", "MetricDefinition"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0009_plain_metric_names")]

    operations = [migrations.RunPython(add_registry_revisions, migrations.RunPython.noop)]
