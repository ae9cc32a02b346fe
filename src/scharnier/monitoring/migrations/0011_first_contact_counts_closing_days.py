from django.db import migrations

from scharnier.monitoring.registry import apply_default_revisions


def add_registry_revisions(apps, schema_editor):
    # days-to-first-contact v2: its computation says that a region's closing days count
    # (registry.DEFAULT_REVISIONS).
    apply_default_revisions(apps.get_model("monitoring", "MetricDefinition"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0010_plain_offer_units")]

    operations = [migrations.RunPython(add_registry_revisions, migrations.RunPython.noop)]
