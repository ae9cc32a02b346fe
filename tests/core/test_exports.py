"""CSV downloads open safely in a spreadsheet: a text is never run as a formula."""

import csv
import io

import pytest

from scharnier.core.exports import Table, csv_response, spreadsheet_safe


@pytest.mark.parametrize(
    "cell,expected",
    [
        ('=HYPERLINK("http://x.example";"klik")', '\'=HYPERLINK("http://x.example";"klik")'),
        ("+31 6 werkt niet", "'+31 6 werkt niet"),
        ("-werkt niet", "'-werkt niet"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-12,5", "'-12,5"),  # a Dutch decimal is no Python float: quoted, harmless
        ("-12.5", "-12.5"),  # a number stays a number
        ("-", "-"),  # "nothing" in a table
        ("Netcongestie", "Netcongestie"),
        (12, 12),
        (None, None),
    ],
)
def test_text_that_would_be_a_formula_is_quoted(cell, expected):
    assert spreadsheet_safe(cell) == expected


def test_csv_response_quotes_formulas_in_rows_not_in_headers():
    response = csv_response(
        "proef", [Table(caption="Proef", headers=["Titel", "Aantal"], rows=[["=1+1", 3]])]
    )
    assert response["Content-Disposition"] == 'attachment; filename="proef.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Titel", "Aantal"], ["'=1+1", "3"]]
