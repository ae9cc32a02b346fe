"""The toekomstscan: shared framework (data), regional wording, and scoring into priorities."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ScanQuestionAdaptation

FRAMEWORK_PATH = Path(__file__).resolve().parent / "data" / "toekomstscan.json"
DIRECTION_QUESTION = "richting"
# One step of urgency outweighs the strongest pull of the chosen direction (at most 3 in the
# framework): the firm's own answer decides, the direction breaks ties and fills up the plan.
URGENCY_WEIGHT = 4


@lru_cache(maxsize=1)
def framework() -> dict[str, Any]:
    return json.loads(FRAMEWORK_PATH.read_text(encoding="utf-8"))


def question_codes() -> list[str]:
    data = framework()
    return [data["direction_question"]["code"], *(q["code"] for q in data["theme_questions"])]


def scale_values() -> list[int]:
    return [s["value"] for s in framework()["scale"]]


@dataclass
class ScanQuestion:
    code: str
    text: str
    help_text: str
    options: list[tuple[str, str]]  # (value, text)


def direction_sentence(direction: str) -> str:
    """The scan's sentence for a direction, as the entrepreneur chose it ("" if unknown)."""
    options = framework()["direction_question"]["options"]
    return next((o["text"] for o in options if o["direction"] == direction), "")


def questions(region=None) -> list[ScanQuestion]:
    """The scan's questions, in the region's own wording where it adapted them."""
    data = framework()
    adapted = {}
    if region is not None:
        adapted = {a.question_code: a for a in ScanQuestionAdaptation.objects.filter(region=region)}
    scale = [(str(s["value"]), s["text"]) for s in data["scale"]]
    direction = data["direction_question"]
    items = [
        ScanQuestion(
            code=direction["code"],
            text=direction["text"],
            help_text=direction.get("help_text", ""),
            options=[(o["direction"], o["text"]) for o in direction["options"]],
        )
    ]
    items += [
        ScanQuestion(
            code=q["code"], text=q["text"], help_text=q.get("help_text", ""), options=scale
        )
        for q in data["theme_questions"]
    ]
    for item in items:
        if item.code in adapted:
            item.text = adapted[item.code].text
            item.help_text = adapted[item.code].help_text or item.help_text
    return items


def validate_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Cleaned answers {code: direction code | urgency int}; Dutch errors per question code."""
    data = framework()
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    directions = [o["direction"] for o in data["direction_question"]["options"]]
    direction = answers.get(DIRECTION_QUESTION)
    if direction not in directions:
        errors[DIRECTION_QUESTION] = _("Kies de zin die het best bij uw bedrijf past.")
    else:
        cleaned[DIRECTION_QUESTION] = direction
    allowed = set(scale_values())
    for question in data["theme_questions"]:
        raw = answers.get(question["code"])
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value not in allowed:
            errors[question["code"]] = _("Kies bij deze vraag een van de antwoorden.")
        else:
            cleaned[question["code"]] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@dataclass
class Priority:
    theme: str  # Theme code
    question: str  # the concrete question behind the answers (B1 Dutch)
    score: int
    urgency: int  # the firm's own answer, 0-3 (0 when it came from the direction only)
    from_direction: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def priorities(cleaned: dict[str, Any]) -> list[Priority]:
    """3-5 priority questions: urgent themes first, then what the chosen direction asks for.

    Ties keep the framework's order, so raising one answer never pushes that theme out.
    """
    data = framework()
    direction_weights: dict[str, int] = data["direction_themes"].get(
        cleaned[DIRECTION_QUESTION], {}
    )
    candidates: list[tuple[int, int, Priority]] = []
    seen: set[str] = set()
    for order, question in enumerate(data["theme_questions"]):
        urgency = int(cleaned[question["code"]])
        pull = direction_weights.get(question["theme"], 0)
        score = URGENCY_WEIGHT * urgency + pull
        seen.add(question["theme"])
        candidates.append(
            (
                score,
                order,
                Priority(
                    question["theme"], question["priority_question"], score, urgency, urgency == 0
                ),
            )
        )
    extra_questions = data["direction_priority_questions"]
    for offset, (theme, pull) in enumerate(direction_weights.items()):
        if theme not in seen and theme in extra_questions:
            candidates.append(
                (pull, 100 + offset, Priority(theme, extra_questions[theme], pull, 0, True))
            )
    candidates.sort(key=lambda c: (-c[0], c[1]))
    chosen = [p for score, _order, p in candidates if score > 0][: data["max_priorities"]]
    for _score, _order, priority in candidates:
        if len(chosen) >= data["min_priorities"]:
            break
        if priority not in chosen:
            chosen.append(priority)
    return chosen
