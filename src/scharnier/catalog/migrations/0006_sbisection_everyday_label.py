from django.db import migrations, models

VOCABULARY_MODELS = {
    "theme": "Theme",
    "journey_phase": "JourneyPhase",
    "offer_type": "OfferType",
    "direction": "Direction",
    "size_class": "SizeClass",
    "sbi_section": "SbiSection",
    "channel": "Channel",
}


def load(apps, schema_editor):
    from scharnier.catalog.services import sync_vocabularies

    sync_vocabularies(
        {name: apps.get_model("catalog", model) for name, model in VOCABULARY_MODELS.items()}
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_sbisection_for_entrepreneurs")]

    operations = [
        migrations.AddField(
            model_name="sbisection",
            name="everyday_label",
            field=models.CharField(
                blank=True, max_length=80, verbose_name="naam in gewone woorden"
            ),
        ),
        migrations.AddField(
            model_name="sbisection",
            name="everyday_examples",
            field=models.CharField(blank=True, max_length=120, verbose_name="voorbeelden"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
