"""Survey statistics: per-question counts, overall and by region (reads only)."""

from __future__ import annotations

from collections import Counter, defaultdict

from redrider.regions import tree

from .choices import QuestionKind
from .models import Answer, Survey, SurveyResponse


def _region_key(code: str, depth: str) -> str:
    """Group a county code at prefecture (`depth`="prefecture") or county level."""
    return (tree.ancestor_at(code, "prefecture") or code) if depth == "prefecture" else code


def survey_stats(*, survey: Survey, user, region: str | None = None, by: str = "county") -> dict:
    """Per-question statistics over the responses the user may see.

    Returns `{"responses": N, "by_region": {code: n}, "questions": [...]}`; each question has
    `counts` (per option for single/multiple, per score for rating), `mean`/`min`/`max` for
    rating and number, `texts` (up to 50) for text, and `by_region` counts of answers.
    """
    responses = SurveyResponse.objects.visible_to(user).filter(survey=survey)
    if region:
        responses = responses.in_region(region)
    by_region = Counter(_region_key(c, by) for c in responses.values_list("region_code", flat=True))
    answers = Answer.objects.filter(response__in=responses).values_list(
        "question_id", "choices", "number", "text", "response__region_code"
    )
    per_q: dict[int, list] = defaultdict(list)
    for qid, choices, number, text, code in answers:
        per_q[qid].append((choices, number, text, _region_key(code, by)))
    questions = []
    for q in survey.questions.all():
        rows = per_q.get(q.pk, [])
        item = {
            "id": q.pk,
            "position": q.position,
            "kind": q.kind,
            "text": q.text,
            "options": q.options,
            "answered": len(rows),
            "by_region": dict(Counter(r[3] for r in rows)),
        }
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            counts = Counter(i for r in rows for i in r[0])
            item["counts"] = [counts.get(i, 0) for i in range(len(q.options))]
            regional: dict[str, list[int]] = {}
            for choices, _n, _t, code in rows:
                bucket = regional.setdefault(code, [0] * len(q.options))
                for i in choices:
                    bucket[i] += 1
            item["counts_by_region"] = regional
        elif q.kind in (QuestionKind.RATING, QuestionKind.NUMBER):
            values = [r[1] for r in rows if r[1] is not None]
            item["mean"] = round(sum(values) / len(values), 2) if values else None
            item["min"] = min(values) if values else None
            item["max"] = max(values) if values else None
            if q.kind == QuestionKind.RATING:
                counts = Counter(int(v) for v in values)
                item["counts"] = [counts.get(s, 0) for s in range(1, q.scale_max + 1)]
                item["options"] = [f"{s}分" for s in range(1, q.scale_max + 1)]
        else:
            item["texts"] = [r[2] for r in rows if r[2]][:50]
        questions.append(item)
    return {
        "survey": survey.pk,
        "title": survey.title,
        "responses": sum(by_region.values()),
        "by_region": dict(sorted(by_region.items())),
        "questions": questions,
        "scope": tree.prefix(region) if region else "",
    }
