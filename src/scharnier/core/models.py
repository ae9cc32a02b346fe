"""Building blocks shared by the bounded contexts."""

from django.db import models


class VocabularyTerm(models.Model):
    """A term of a controlled vocabulary: a stable code, a Dutch label and an order.

    The terms themselves are data (loaded from each app's `vocabularies.json`), so code never
    spells out labels.
    """

    code = models.SlugField("code", max_length=40, unique=True)
    label = models.CharField("naam", max_length=120)
    description = models.TextField("toelichting", blank=True)
    position = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label
