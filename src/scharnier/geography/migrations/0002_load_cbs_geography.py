from django.db import migrations


def load(apps, schema_editor):
    from scharnier.geography.loading import load_cbs_geography

    load_cbs_geography(
        apps.get_model("geography", "Province"),
        apps.get_model("geography", "CoropArea"),
        apps.get_model("geography", "LabourMarketRegion"),
        apps.get_model("geography", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
