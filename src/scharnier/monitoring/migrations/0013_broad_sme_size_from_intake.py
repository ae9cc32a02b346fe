from django.db import migrations

from scharnier.monitoring.registry import apply_default_revisions


def add_registry_revisions(apps, schema_editor):
    # firms-reached-broad-sme v2: the size recorded at the intake counts too
    # (registry.DEFAULT_REVISIONS).
    apply_default_revisions(apps.get_model("monitoring", "MetricDefinition"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0012_question_intake_event")]

    operations = [migrations.RunPython(add_registry_revisions, migrations.RunPython.noop)]
