"""API shapes of monitoring (snake_case here; camelCase on the wire). Only protected figures."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import MetricDefinition


class MetricDefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MetricDefinition
        fields = [
            "code",
            "version",
            "valid_from",
            "name",
            "definition",
            "unit",
            "computation",
            "period",
            "owner",
            "event_kinds",
        ]


@extend_schema_field({"type": "number", "nullable": True})
class NullableNumberField(serializers.Field):
    """A number, or null when it is withheld (a count of 1-4, or too few data)."""

    def to_representation(self, value):
        return value


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code van het kengetal in het register.")
    name = serializers.CharField()
    unit = serializers.CharField()
    version = serializers.IntegerField(help_text="Versie van de definitie die het cijfer maakte.")
    value = NullableNumberField(help_text="Het cijfer; null als het is verborgen.")
    display = serializers.CharField(help_text="Zoals getoond: een getal, '<5' of een tekst.")


class MetricsSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="NL, RG:<regio> of een CBS-gemeentecode.")
    area_name = serializers.CharField()
    period = serializers.CharField(help_text="'sinds de start' of een halfjaar (2026-H1).")
    figures = FigureSerializer(many=True)


class AreaReachSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    reached = NullableNumberField()
    reached_display = serializers.CharField()
    task = serializers.IntegerField(help_text="Geschat aantal bedrijven in het brede mkb.")
    target = serializers.IntegerField()
    share_of_task = NullableNumberField(help_text="Procent van de opgave; null als verborgen.")


class AreaReachListSerializer(serializers.Serializer):
    area = serializers.CharField()
    period = serializers.CharField()
    metric = serializers.CharField(help_text="Kengetal en versie, bijvoorbeeld firms-reached@v1.")
    areas = AreaReachSerializer(many=True)


class AgreedTargetSerializer(serializers.Serializer):
    metric_code = serializers.CharField(help_text="Code van het kengetal in het register.")
    metric_name = serializers.CharField()
    unit = serializers.CharField(help_text="Eenheid van het kengetal.")
    metric_version = serializers.IntegerField(
        help_text="Versie van de definitie die het resultaat maakte."
    )
    baseline = NullableNumberField(help_text="Nulmeting; null als niet vastgelegd of verborgen.")
    baseline_display = serializers.CharField()
    baseline_on = serializers.DateField(allow_null=True, help_text="Datum van de nulmeting.")
    target = serializers.IntegerField(help_text="Afgesproken streefwaarde.")
    target_display = serializers.CharField()
    actual = NullableNumberField(help_text="Resultaat over het jaar; null als verborgen.")
    actual_display = serializers.CharField(help_text="Zoals getoond: een getal, '<5' of een tekst.")


class ResultAgreementSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="RG:<regio>.")
    area_name = serializers.CharField()
    year = serializers.IntegerField()
    parties = serializers.ListField(child=serializers.CharField(), help_text="De partijen.")
    note = serializers.CharField(allow_blank=True)
    agreements = AgreedTargetSerializer(many=True)
