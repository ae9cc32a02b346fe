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
    dependencies = [("catalog", "0004_offer_has_impact_data_offer_impact_note")]

    operations = [
        migrations.AddField(
            model_name="sbisection",
            name="for_entrepreneurs",
            field=models.BooleanField(
                default=True, verbose_name="ondernemers kunnen deze sector kiezen"
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
