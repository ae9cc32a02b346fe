"""Building blocks shared by the bounded contexts."""

import uuid
from typing import Any

from django.db import models


def public_id_field() -> models.UUIDField:
    """The identifier a row shows outside (links, API): random and fixed, not the primary key."""
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


def optional_link(
    to: Any, *, on_delete: Any = models.PROTECT, related_name: str | None = "+", **kwargs: Any
) -> models.ForeignKey:
    """A foreign key that may be empty (in the database and in forms). By default it keeps the
    row it points to from being deleted and adds no reverse accessor there."""
    return models.ForeignKey(
        to, on_delete=on_delete, null=True, blank=True, related_name=related_name, **kwargs
    )


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
