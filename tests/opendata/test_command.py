"""`manage.py export_open_data --format hsds|cpsv -o FILE`."""

import json

import pytest
from django.core.management import CommandError, call_command
from rdflib import Graph

pytestmark = pytest.mark.django_db


def test_exports_hsds_to_a_file(catalog, tmp_path, capsys):
    target = tmp_path / "aanbod.json"

    call_command("export_open_data", "--format", "hsds", "-o", str(target))

    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["services"]) == 5
    out = capsys.readouterr().out
    assert "Aanbod verwerkt: 5 van 5" in out
    assert f"5 aanbod geëxporteerd naar {target}" in out
    assert not (tmp_path / "aanbod.json.partial").exists()


def test_exports_cpsv_to_a_file(catalog, tmp_path):
    target = tmp_path / "aanbod.ttl"

    call_command("export_open_data", "--format", "cpsv", "--output", str(target))

    graph = Graph().parse(target, format="turtle")
    assert len(graph) > 100


def test_exports_to_stdout(catalog, capsys):
    call_command("export_open_data", "--format", "hsds", "-o", "-")

    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["services"]) == 5
    assert "Aanbod verwerkt" in captured.err  # progress stays out of the data


def test_refuses_a_missing_folder_with_a_clear_message(catalog, tmp_path):
    target = tmp_path / "bestaat-niet" / "aanbod.json"

    with pytest.raises(CommandError, match="bestaat niet. Maak de map eerst aan"):
        call_command("export_open_data", "--format", "hsds", "-o", str(target))
    assert not target.parent.exists()


def test_refuses_a_folder_as_output(catalog, tmp_path):
    with pytest.raises(CommandError, match="is een map"):
        call_command("export_open_data", "--format", "cpsv", "-o", str(tmp_path))


def test_refuses_an_unknown_format(tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_open_data", "--format", "xml", "-o", str(tmp_path / "x"))
