"""The Dutch message catalogue is complete and where the settings say it is.

The catalogue is regenerated from the code and templates in a temporary folder and its msgids are
compared with the committed one, so a string added without `make messages` fails this test.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("nl") / "LC_MESSAGES" / "django.po"
IGNORED = ["locale", "var", "tests", "benchmarks", "staticfiles", "docs", "node_modules", ".venv"]


def msgids(po_file: Path) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every entry, with continuation lines joined."""
    entries: set[tuple[str, str]] = set()
    context, current, field = "", None, None
    for line in po_file.read_text(encoding="utf-8").splitlines() + [""]:
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if match:
            field = match.group(1)
            if field == "msgctxt":
                context = match.group(2)
            elif field == "msgid":
                current = match.group(2)
            continue
        if line.startswith('"') and field in ("msgid", "msgctxt"):
            if field == "msgid":
                current = (current or "") + line[1:-1]
            else:
                context += line[1:-1]
            continue
        if not line.strip() and current is not None:
            if current:
                entries.add((context, current))
            context, current, field = "", None, None
    return entries


def test_locale_paths_exist_and_hold_the_dutch_catalogue():
    assert settings.LOCALE_PATHS
    for path in settings.LOCALE_PATHS:
        assert Path(path).is_dir(), f"LOCALE_PATHS points at a missing folder: {path}"
    committed = Path(settings.LOCALE_PATHS[0]) / CATALOGUE
    assert committed.exists()
    assert committed.with_suffix(".mo").exists(), "run `make messages` (compilemessages)"
    assert len(msgids(committed)) > 500


def test_every_translatable_string_is_in_the_committed_catalogue(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command(
            "makemessages", locale=["nl"], ignore_patterns=IGNORED, verbosity=0, no_obsolete=True
        )
    fresh = msgids(tmp_path / CATALOGUE)
    committed = msgids(Path(settings.LOCALE_PATHS[0]) / CATALOGUE)
    assert len(fresh) > 500  # the regeneration itself found the project's strings
    missing = sorted(fresh - committed)
    assert not missing, f"{len(missing)} strings missing; run `make messages`: {missing[:10]}"


def test_parser_reads_multiline_and_context_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nl\\n"\n\n'
        'msgctxt "knop"\nmsgid ""\n"Lange "\n"tekst"\nmsgstr ""\n\n'
        'msgid "Eén"\nmsgid_plural "Twee"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    assert msgids(po) == {("knop", "Lange tekst"), ("", "Eén")}
