"""Assessment instruments: a community's questions, each answer's points, the score and the band it falls in.

An instrument (its definition as ces.contract.schemas.InstrumentDefinitionSchema loads it) has items, each
with answer options worth points and a weight; the score is the sum of weight x points of the answers
given, and the bands (each from a minimum score) say which recommendation a score gives. Plain Python.
"""
from __future__ import annotations

from hmis_kit.errors import ValidationFailed


def scored(definition: dict, answers: dict[str, str]) -> dict:
    """The score, band and recommendation of one set of answers (item code -> option code), with each question
    and the answer's label as HUD's AssessmentQuestions record them. Every item must be answered, with one of
    its options; an answer to no item is refused."""
    problems: dict[str, list[str]] = {}
    items = {item["code"]: item for item in definition["items"]}
    for code in answers:
        if code not in items:
            problems[f"answers.{code}"] = ["not an item of this instrument"]
    score, questions = 0, []
    for order, item in enumerate(definition["items"], start=1):
        options = {option["code"]: option for option in item["options"]}
        given = answers.get(item["code"])
        if given is None:
            problems[f"answers.{item['code']}"] = ["required: every item must be answered"]
            continue
        if given not in options:
            problems[f"answers.{item['code']}"] = [f"must be one of: {', '.join(options)}"]
            continue
        score += item.get("weight", 1) * options[given]["points"]
        questions.append({"group": item.get("group"), "order": order, "question": item["question"],
                          "answer": options[given]["label"]})
    if problems:
        raise ValidationFailed("the answers do not fit the instrument", problems)
    return {"score": score, **band_of(definition["bands"], score), "questions": questions}


def band_of(bands: list[dict], score: int) -> dict:
    """The band of a score: the one with the highest minimum at or below it (bands need not be given in order);
    below every band, none."""
    reached = [band for band in bands if band["min_score"] <= score]
    if not reached:
        return {"band": None, "recommendation": None}
    best = max(reached, key=lambda band: band["min_score"])
    return {"band": best["band"], "recommendation": best["recommendation"]}
