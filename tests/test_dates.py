"""Dates: read as analysts write them, refused where they are ambiguous, and printed in the
template's `date_format` and the memo's language in both formats and the email."""

from __future__ import annotations

import email
import email.policy

import docx
import pytest

from brief.dates import DateProblem, PartialDate, format_date, parse_date
from conftest import DATA, flat, pdf_pages


@pytest.mark.parametrize(("written", "read"), [
    ("2022-03-25", PartialDate(2022, 3, 25)),
    ("25 March 2022", PartialDate(2022, 3, 25)),
    ("25th March 2022", PartialDate(2022, 3, 25)),
    ("March 25, 2022", PartialDate(2022, 3, 25)),
    ("25 Mar 2022", PartialDate(2022, 3, 25)),
    ("2022/03/25", PartialDate(2022, 3, 25)),
    ("2022-03", PartialDate(2022, 3)),
    ("March 2022", PartialDate(2022, 3)),
    ("Mar. 2022", PartialDate(2022, 3)),
    ("Sept 2022", PartialDate(2022, 9)),
    ("2022", PartialDate(2022)),
])
def test_dates_as_analysts_write_them(written, read):
    assert parse_date(written) == read


def test_month_names_in_the_memos_language():
    assert parse_date("25 mars 2022", "fr") == PartialDate(2022, 3, 25)
    assert parse_date("25. März 2022", "de") == PartialDate(2022, 3, 25)
    with pytest.raises(DateProblem):
        parse_date("25 mars 2022", "en")


@pytest.mark.parametrize(("written", "message", "fix"), [
    ("25/03/2022", "'25/03/2022' is ambiguous: readers in different countries read day and "
     "month in different orders", "write it as 2022-03-25 (year-month-day)"),
    ("03/04/2022", "'03/04/2022' is ambiguous: it could be 3 April 2022 or 4 March 2022",
     "write it as 2022-04-03 or 2022-03-04 (year-month-day)"),
    ("3.4.22", "'3.4.22' is ambiguous: the century, the day and the month could each be read "
     "two ways", "write it year-month-day, such as 2022-03-25"),
    ("2022-02-30", "2022-02-30 is not a date: February 2022 has 28 days",
     "check the day and the month"),
    ("31 September 2022", "2022-09-31 is not a date: September 2022 has 30 days",
     "check the day and the month"),
    ("2022-13", "there is no month 13",
     "write it as 2022-03-25, 25 March 2022, March 25, 2022, 2022-03 or March 2022"),
    ("Spring 2022", "cannot read 'Spring 2022' as a date",
     "write it as 2022-03-25, 25 March 2022, March 25, 2022, 2022-03 or March 2022"),
])
def test_dates_that_are_refused(written, message, fix):
    with pytest.raises(DateProblem) as raised:
        parse_date(written)
    assert (raised.value.message, raised.value.fix) == (message, fix)


@pytest.mark.parametrize(("picture", "day", "month"), [
    ("d MMMM yyyy", "5 March 2022", "March 2022"),
    ("MMMM d, yyyy", "March 5, 2022", "March 2022"),
    ("dddd d MMMM yyyy", "Saturday 5 March 2022", "March 2022"),
    ("yyyy-MM-dd", "2022-03-05", "2022-03"),
    ("dd/MM/yyyy", "05/03/2022", "03/2022"),
    ("'Dated' d MMM yyyy", "Dated 5 Mar 2022", "Dated Mar 2022"),
])
def test_date_pictures_drop_what_a_date_does_not_know(picture, day, month):
    assert format_date(PartialDate(2022, 3, 5), picture) == day
    assert format_date(PartialDate(2022, 3), picture) == month
    assert format_date(PartialDate(2022), picture).endswith("2022")


def test_names_in_the_memos_language_with_their_grammar():
    assert format_date(PartialDate(2022, 3, 5), language="fr") == "5 mars 2022"
    assert format_date(PartialDate(2022, 3, 5), language="ru") == "5 марта 2022"
    assert format_date(PartialDate(2022, 3), language="ru") == "март 2022"  # stand-alone


@pytest.mark.e2e
def test_an_ambiguous_date_is_refused_at_its_line_with_the_iso_fix(project):
    spec = project.spec(date="03/04/2022")
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:2:7: error: date: '03/04/2022' is ambiguous: it could be 3 April 2022 or "
        "4 March 2022\n"
        "    hint: write it as 2022-04-03 or 2022-03-04 (year-month-day)\n"
        "brief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_an_impossible_date_is_the_specs_problem_not_an_internal_error(project):
    minimal = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    spec = project.spec(text=minimal.replace("date: 2024-05-01", "date: 2024-02-30"))
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "memo.yaml:3:7: error: date: 2024-02-30 is not a date: February 2024 has 29 days\n")
    assert "internal error" not in result.stderr
    assert project.files() == {}


@pytest.mark.slow
@pytest.mark.e2e
def test_date_format_and_language_reach_both_formats_and_the_email(project):
    project.template("us", "date_format: dddd, MMMM d, yyyy\n")
    spec = project.spec(template="us", language="fr", date="25 mars 2022",
                        distribution={"from": "Desk <desk@example.org>",
                                      "to": "minister@example.org"},
                        sources={"gazette": {"date": "April 2024"}})
    result = project.run("build", spec, "--email")
    assert result.exit_code == 0, result.stderr
    shown = "vendredi, mars 25, 2022"
    pages = [flat(page) for page in pdf_pages(project.output / "memo.pdf")]
    assert all(page.startswith(shown) for page in pages)  # the running header
    assert f"Date: {shown}" in pages[0]  # the memo header
    assert "“The Quirks Gazette”, Gazette, avril 2024." in pages[-1]  # the source list
    word = docx.Document(str(project.output / "memo.docx"))
    assert f"Date:\t{shown}" in [p.text for p in word.paragraphs]
    assert shown in word.sections[0].header.paragraphs[0].text
    assert any("“The Quirks Gazette”, Gazette, avril 2024." in p.text for p in word.paragraphs)
    message = email.message_from_bytes((project.output / "memo.eml").read_bytes(),
                                       policy=email.policy.default)
    plain = message.get_body(("plain",)).get_content()
    assert plain.splitlines()[:4] == ["OFFICIAL-SENSITIVE", "", "Test memo", shown]
