"""One source for the offer's fields: the file format's columns. The API serializers, the editor
form and the consistency test take their field list and text limits from it."""

from scharnier.api.serializers import OfferSerializer, OfferWriteSerializer
from scharnier.catalog.fileformat import COLUMNS, OFFER_FIELDS, max_length
from scharnier.web.forms import OfferForm


def test_offer_fields_come_from_the_file_format():
    assert OFFER_FIELDS == tuple(
        c.field for c in COLUMNS if c.field not in ("public_id", "provider")
    )
    assert set(OfferWriteSerializer().fields) == {*OFFER_FIELDS, "provider"}
    assert set(OFFER_FIELDS) <= set(OfferSerializer.Meta.fields)
    assert set(OfferForm.Meta.fields) == set(OFFER_FIELDS)


def test_text_limits_are_the_file_formats():
    fields = OfferWriteSerializer().fields
    for column in COLUMNS:
        if column.max_length and column.kind in ("text", "longtext", "url", "email", "phone"):
            assert fields[column.field].max_length == max_length(column.field), column.field
