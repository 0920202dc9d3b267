"""Stage 4 on its own: `assemble` given a spec, its sources and its resolved passages (read
by stages 1-3, called one by one) makes the format-neutral `Briefing`, with no renderer
and no file written."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from brief.assemble import assemble, short_names, surname
from brief.model import Briefing, HeaderField, Span, TextBlock
from brief.passages import resolve_passages
from brief.sources import load_sources
from brief.spec import read_spec
from brief.templates import find_template
from conftest import Project


def assembled(project: Project, spec: Path, template: str = "memo") -> Briefing:
    """Stages 1-3 for `spec`, each called on its own, then `assemble`."""
    read, errors, _ = read_spec(spec)
    assert errors == []
    sources, errors = load_sources(read, project.root)
    assert errors == []
    passages = resolve_passages(read, sources)
    return assemble(read, sources, passages,
                    find_template(template, project.root, project.root))


def test_the_memo_the_minimal_spec_makes(project):
    briefing = assembled(project, project.spec())
    assert (briefing.title, briefing.subtitle, briefing.date, briefing.marking,
            briefing.language, briefing.subject) == (
        "Test memo", None, "1 May 2024", "OFFICIAL-SENSITIVE", "en", "Test memo")
    assert briefing.stamp == datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    assert briefing.header == (
        HeaderField("To", "The Minister", "memo.to"),
        HeaderField("From", "Test desk", "memo.from"),
        HeaderField("Date", "1 May 2024"), HeaderField("Subject", "Test memo", "title"))
    assert briefing.bluf == (TextBlock((
        Span("The "), Span("plan", strong=True), Span(" is "), Span("rushed", emphasis=True),
        Span("."))),)
    assert briefing.decision is None and briefing.legends == ()
    assert [(s.title, s.kind, s.numbered) for s in briefing.sections] == [
        ("Risks", "risks", False), ("Actors", "incentives", False),
        ("Recommendations", "recommendations", True)]


def test_points_are_grouped_by_actor_and_numbered_in_recommendations(project):
    spec = project.spec(sections=[
        {"title": "Actors", "kind": "incentives", "points": [
            {"actor": "Critics", "text": "They want delay."},
            {"actor": "Ministry", "text": "It wants speed."},
            {"actor": "Critics", "text": "They want a vote."}]},
        {"title": "Recommendations", "kind": "recommendations", "points": [
            {"text": "Watch Moscow."}, {"text": "Talk to *Warsaw*."}]}])
    actors, recommendations = assembled(project, spec).sections
    assert [(g.heading, [p.body[0].plain for p in g.points]) for g in actors.groups] == [
        ("Critics", ["They want delay.", "They want a vote."]),
        ("Ministry", ["It wants speed."])]
    assert [p.number for g in actors.groups for p in g.points] == [None, None, None]
    points = recommendations.groups[0].points
    assert [(p.number, p.body[0].plain) for p in points] == [
        (1, "Watch Moscow."), (2, "Talk to Warsaw.")]
    assert points[1].body[0].spans[1] == Span("Warsaw", emphasis=True)


def test_each_passage_is_quoted_as_the_source_has_it_and_numbered_in_order(project):
    briefing = assembled(project, project.spec())
    quoted = [(q.texts, q.citation.label, q.is_quote, q.note) for q in briefing.quotations()]
    assert quoted == [
        (("its costs were not known",), "Example 2024, ¶4", True, 1),
        (("Critics argued that the plan was rushed. Critics argued that the plan was rushed, "
          "and that its costs were not known.",), "Example 2024, ¶4", False, 2),
        (("First line paragraph about Minsk.", "Second line paragraph about Moscow."),
         "One & Two 2023, ¶1–2", False, 3)]


def test_quotations_in_a_table_get_no_note_number(project):
    """A template that shows incentives as a table cites them in its cells: only the
    other quotations are numbered as notes."""
    project.template("tabled", "incentives: table\n")
    briefing = assembled(project, project.spec(template="tabled"), "tabled")
    assert [(s.kind, q.note) for s in briefing.sections for g in s.groups for p in g.points
            for q in p.quotations] == [("risks", 1), ("incentives", 0), ("recommendations", 2)]


def test_the_source_list_carries_each_files_fingerprint(project):
    briefing = assembled(project, project.spec())
    gazette, lines = briefing.sources
    assert (gazette.id, gazette.short, gazette.reference, gazette.url) == (
        "gazette", "Example 2024",
        "Ann Example, “The Quirks Gazette”, Gazette, 30 April 2024.", None)
    assert (lines.id, lines.short, lines.reference) == (
        "lines", "One & Two 2023", "Bo One and Cy Two, “Lines”, 2023.")
    for entry, file in ((gazette, "quirks.txt"), (lines, "one-per-line.txt")):
        data = (project.root / "sources" / file).read_bytes()
        assert entry.sha256 == hashlib.sha256(data).hexdigest()


def test_short_names_are_made_unique_and_cite_as_is_kept(project):
    spec = project.spec(sources={
        "gazette": {"authors": ["Ann Example"], "date": "2024-04-30"},
        "lines": {"authors": ["Ann Example"], "date": "2024"},
        "third": {"file": "sources/enc-utf8.txt", "title": "Third", "authors": ["Ann Example"],
                  "date": "2024", "cite_as": "Example 2024"}})
    read, errors, _ = read_spec(spec)
    assert errors == []
    sources, errors = load_sources(read, project.root)
    assert errors == []
    assert short_names(sources) == {
        "gazette": "Example 2024a", "lines": "Example 2024b", "third": "Example 2024"}


def test_surnames():
    assert surname("Ann Example") == "Example"
    assert surname("Example, Ann") == "Example"
    assert surname("  Plato ") == "Plato"


def test_a_web_source_says_when_it_was_read_in_the_templates_words(project):
    """`accessed:` in the template's date format and language, after the `accessed` label;
    a file named as a capture's snapshot gives its own date; other sources none."""
    snapshot = project.root / "sources" / "captured" / "q" / "2026-12-05T061500Z.txt"
    snapshot.parent.mkdir(parents=True)
    snapshot.write_bytes((project.root / "sources" / "quirks.txt").read_bytes())
    spec = project.spec(sources={
        "gazette": {"url": "https://example.org/gazette", "accessed": "2026-11-03"},
        "lines": {"file": "sources/captured/q/2026-12-05T061500Z.txt"}})
    listed = {s.id: s.accessed for s in assembled(project, spec).sources}
    assert listed == {"gazette": "accessed 3 November 2026",
                      "lines": "accessed 5 December 2026"}
    project.template("german", 'labels:\n  accessed: "abgerufen am {date}"\n')
    spec = project.spec(language="de", template="german", sources={
        "gazette": {"accessed": "2026-03-03"}})
    listed = {s.id: s.accessed for s in assembled(project, spec, "german").sources}
    assert listed["gazette"] == "abgerufen am 3 März 2026"
    assert listed["lines"] is None


def test_the_source_summary_gives_a_snapshots_date_as_the_list_does(project):
    """A source's `snapshot` gives its own access date, in the list of sources and in the
    source summary alike, over the library's `accessed`."""
    folder = project.root / "sources" / "captured" / "analyst"
    folder.mkdir(parents=True)
    for name in ("2026-12-05T061500Z.txt", "2026-11-30T120000Z.txt"):
        (folder / name).write_bytes((project.root / "sources" / "quirks.txt").read_bytes())
    spec = project.spec(sources={"gazette": {
        "file": "sources/captured/analyst/2026-12-05T061500Z.txt", "accessed": "2026-12-05",
        "snapshot": "2026-11-30T120000Z"}})
    briefing = assembled(project, spec)
    [listed] = [s.accessed for s in briefing.sources if s.id == "gazette"]
    assert listed == "accessed 30 November 2026"
    assert briefing.source_summary is not None
    text = briefing.source_summary.body[0].plain  # type: ignore[union-attr]
    assert "Captured from the web: Example 2024 (accessed 30 November 2026)." in text
    assert "5 December" not in text


def test_a_captured_page_s_snapshot_date_is_shown_in_a_csl_style(project):
    """The date a snapshot was taken reaches the style (the loaded source's, not only the
    spec's `accessed:`), and Chicago, which prints none for a dated page, gets brief's."""
    snapshot = project.root / "sources" / "captured" / "q" / "2026-12-05T061500Z.txt"
    snapshot.parent.mkdir(parents=True)
    snapshot.write_bytes((project.root / "sources" / "quirks.txt").read_bytes())
    project.template("chicago", "citation_style: chicago-note-bibliography\n")
    spec = project.spec(template="chicago", sources={"lines": {
        "file": "sources/captured/q/2026-12-05T061500Z.txt", "date": "2022-03-18",
        "url": "https://example.org/lines"}})
    listed = {s.id: "".join(span.text for span in s.styled)
              for s in assembled(project, spec, "chicago").sources}
    assert listed["lines"].endswith(
        "March 18, 2022. https://example.org/lines. Accessed 5 December 2026.")
