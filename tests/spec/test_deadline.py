"""A decision deadline the principal cannot meet: before the memo's date, or (a memo
without a date) already past. A warning at the deadline's line; the memo is still built."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_deadline_before_the_memos_date_is_warned_of_at_its_line(project):
    spec = project.spec(date="2024-05-01",
                        decision_requested={"text": "Approve.", "deadline": "2024-04-25"})
    result = project.run("check", spec)
    assert result.exit_code == 0, result.stderr
    line = line_of(spec, "deadline:")
    assert result.stderr.count("decision_requested") == 1
    assert (
        f"memo.yaml:{line}:13: warning: decision_requested.deadline: the decision deadline, "
        "2024-04-25, is before the memo's date, 2024-05-01\n"
        "    hint: give the date by which the principal must decide, after the memo's "
        "`date`\n") in result.stderr
    strict = project.run("check", spec, "--strict")
    assert strict.exit_code == 1


@pytest.mark.parametrize("deadline", ["2024-05-01", "2024-05-10", "May 2024", "2024"])
def test_a_deadline_on_or_after_the_memos_date_is_not_warned_of(project, deadline):
    """Even when it is long past: a memo is right as of its date (the example's deadline
    is in 2022). A deadline known to the month or year is before the date only if all of
    it is."""
    spec = project.spec(date="2024-05-01",
                        decision_requested={"text": "Approve.", "deadline": deadline})
    result = project.run("check", spec)
    assert result.exit_code == 0
    assert "deadline" not in result.stderr


def test_a_deadline_in_the_month_before_the_memos_date_is_warned_of_as_written(project):
    spec = project.spec(date="May 2024", decision_requested={"text": "Approve.",
                                                             "deadline": "April 2024"})
    result = project.run("check", spec)
    assert "the decision deadline, April 2024, is before the memo's date, May 2024\n" in \
        result.stderr


def test_a_past_deadline_of_a_memo_without_a_date_is_warned_of(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01: "today"
    spec = project.spec(date=None, decision_requested={"text": "Approve.",
                                                       "deadline": "2024-05-31"})
    result = project.run("check", spec)
    assert result.exit_code == 0, result.stderr
    line = line_of(spec, "deadline:")
    assert result.stderr.count("decision_requested") == 1
    assert (
        f"memo.yaml:{line}:13: warning: decision_requested.deadline: the decision deadline, "
        "2024-05-31, is in the past (today is 2024-06-01)\n"
        "    hint: give the date by which the principal must decide, or give the memo the "
        "`date` it was written on\n") in result.stderr
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717113600")  # 2024-05-31: the day itself
    assert "deadline" not in project.run("check", spec).stderr
