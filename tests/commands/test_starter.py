"""`brief new`: a starter spec that `brief check` accepts as it is, with its sources'
details taken from the files."""

from __future__ import annotations

import shutil

import pytest

from brief.spec import SECTION_KINDS
from conftest import DATA, REPO

pytestmark = pytest.mark.e2e


def test_a_new_spec_with_the_sources_details_that_check_accepts(project, pdf_article):
    (project.root / "briefings").mkdir()
    shutil.copy(pdf_article, project.root / "sources" / "article.pdf")
    result = project.run("new", "minsk-options", "--source", "sources/saved-page.html",
                         "--source", "sources/article.docx", "--source", "sources/article.pdf",
                         "--source", "sources/quirks.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created briefings/minsk-options.yaml with 4 sources: fill it " \
        "in, then run `brief check briefings/minsk-options.yaml`\n"
    text = (project.root / "briefings" / "minsk-options.yaml").read_text(encoding="utf-8")
    assert "title: Minsk options\n" in text
    assert ("  saved:\n"
            "    file: ../sources/saved-page.html\n"
            "    title: Minsk’s narrowing options\n"
            "    authors: [Jane Analyst]\n"
            "    publisher: The Daily Example\n"
            "    date: 2022-03-18\n"
            "    url: https://example.org/world/minsk-narrowing-options\n") in text
    assert ("  article:\n    file: ../sources/article.docx\n"
            "    title: Sanctions and the Belarusian economy\n"
            "    authors: [Sam Writer]\n") in text
    assert ("  article-2:\n    file: ../sources/article.pdf\n"
            "    title: Belarus between two capitals\n"
            "    authors: [Petra Example]\n") in text
    # A text file has no details: its first line, a heading, is taken as its title.
    assert "  quirks:\n    file: ../sources/quirks.txt\n    title: The Quirks Gazette\n" in text
    for kind in SECTION_KINDS:  # every kind of section, as an example
        assert f"kind: {kind}" in text
    for key in ("decision_requested:", "key_judgments:", "marking:", "distribution:"):
        assert f"# {key}" in text
    # Each source graded F, "cannot be judged", until the analyst grades it: no warning
    assert text.count("    reliability: F   # cannot be judged yet: your grade, from A "
                      "(completely reliable) to E (unreliable)\n") == 4
    check = project.run("check", "briefings/minsk-options.yaml")
    assert check.exit_code == 0, check.stderr
    assert check.stdout == "briefings/minsk-options.yaml: OK, 0 passages verified in 4 " \
        "sources\n"


def test_a_new_spec_never_replaces_one(project):
    spec = project.root / "memo.yaml"
    spec.write_text("title: mine\n", encoding="utf-8")
    result = project.run("new", "memo", "--source", "sources/quirks.txt")
    assert result.exit_code == 1
    assert result.stderr == ("memo.yaml: error: memo.yaml already exists\n"
                             "    hint: choose another name, or edit the spec that is there\n"
                             "brief new: failed (1 problem)\n")
    assert spec.read_text(encoding="utf-8") == "title: mine\n"


def test_a_source_with_no_title_of_its_own_is_named_after_its_file(project):
    shutil.copy(DATA / "sources" / "one-per-line.txt", project.root / "sources" / "notes.txt")
    result = project.run("new", "memo", "--source", "sources/notes.txt")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "memo.yaml").read_text(encoding="utf-8")
    assert "    title: notes   # from the file's name: write the article's title\n" in text
    assert project.run("check", "memo.yaml").exit_code == 0


def test_several_sources_after_one_source_option(project):
    """`brief new NAME --source A B`, as the README writes it, and `--source` before each."""
    result = project.run("new", "one", "--source", "sources/quirks.txt",
                         "sources/saved-page.html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created one.yaml with 2 sources: fill it in, then run " \
        "`brief check one.yaml`\n"
    text = (project.root / "one.yaml").read_text(encoding="utf-8")
    assert "  quirks:\n    file: sources/quirks.txt\n" in text
    assert "  saved:\n    file: sources/saved-page.html\n" in text
    both = project.run("new", "both", "--source", "sources/quirks.txt", "--source",
                       "sources/saved-page.html", "sources/article.docx")
    assert both.exit_code == 0, both.stderr
    assert "with 3 sources" in both.stdout
    assert project.run("check", "one.yaml").exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (("--source", "sources/quirks.txt", "sources/saved-page.html", "memo"),
     "error: brief new takes the new spec's name first, then its sources: "
     "sources/saved-page.html is a source file\n"
     "    hint: brief new NAME --source sources/saved-page.html ...\n"),
    (("memo", "--source", "sources/quirks.txt", "sources/gone.txt"),
     "sources/gone.txt: error: source file not found: sources/gone.txt\n"
     "    hint: give the path of an article, from the current folder\n"),
    (("memo", "--source", "sources"),
     "sources: error: not a source file, a folder: sources\n"
     "    hint: give the path of an article, from the current folder\n"),
    (("memo",),
     "error: a new spec needs at least one source: --source FILE\n"
     "    hint: give the article you are briefing on, such as --source "
     "briefings/sources/article.pdf\n"),
])
def test_a_new_spec_from_sources_that_are_not_there(project, args, message):
    result = project.run("new", *args)
    assert result.exit_code == 1
    assert result.stderr == message + "brief new: failed (1 problem)\n"
    assert not (project.root / "memo.yaml").exists()
    assert not (project.root / "sources" / "quirks.yaml").exists()


ARTICLES = REPO / "briefings" / "sources"  # the sample articles of ../shared/articles


def starter(project, *names: str) -> str:
    """The starter spec `brief new` writes for some of the sample articles."""
    (project.root / "briefings" / "sources").mkdir(parents=True)
    for name in names:
        shutil.copy(ARTICLES / name, project.root / "briefings" / "sources" / name)
    result = project.run("new", "memo", "--source",
                         *(f"briefings/sources/{name}" for name in names))
    assert result.exit_code == 0, result.stderr
    return (project.root / "briefings" / "memo.yaml").read_text(encoding="utf-8")


def test_the_title_by_line_and_dateline_a_text_file_states(project):
    text = starter(project, "korybko-belarus-2020.txt")
    assert ("  korybko:\n"
            "    file: sources/korybko-belarus-2020.txt\n"
            "    title: 'Russian-Belarusian Relations: Back to Being Brothers? Crimea 2.0 Is "
            "Unlikely'\n"
            "    authors: [Andrew Korybko]\n"       # "By Andrew Korybko"
            "    publisher: Global Research\n"      # "Global Research, August 17, 2020"
            "    date: 2020-08-17\n"
            "    # url: https://example.org/the-article\n") in text


def test_the_authors_from_the_notes_on_them_after_the_text(project):
    """The Conversation's article names its authors only in the notes after its text
    ("Stefan Wolff receives funding from ...", "Anastasiya Bayok is an OSCE ...")."""
    text = starter(project, "wolff-bayok-belarus-2022.txt")
    assert ("  wolff:\n"
            "    file: sources/wolff-bayok-belarus-2022.txt\n"
            # its first line is a sentence of the text, not a title
            "    title: wolff bayok belarus 2022   # from the file's name: write the "
            "article's title\n"
            "    authors: [Stefan Wolff, Anastasiya Bayok]   # from the notes on the authors "
            "after the text\n"
            "    # publisher: Where it was published\n"
            "    # date: 2022-03-18\n") in text
    # The examples quote paragraphs short enough to draw no warning (under 80 words)
    assert "#           - {source: wolff, paragraph: 1}\n" in text
    assert "#           - {source: wolff, paragraphs: 1-2}\n" in text


def test_examples_of_releases_portion_marking_credibility_and_prefix(project):
    text = starter(project, "korybko-belarus-2020.txt")
    for example in ("# portion_marking: TLP:CLEAR", "# releases:", "#   - marking: TLP:CLEAR",
                    "#         credibility: 2", "#         # prefix: the words just before",
                    "#     marking: TLP:AMBER            # a part marked above a release"):
        assert example in text
    # The examples quote the source's own words, so that they verify as they are: a
    # sentence of its text, not its title, by-line or the notes at the end
    assert ("#         quote: Some notable developments occurred since the author's analysis "
            "on Friday about how \"Belarus' 'Democratic Security' Operation Shouldn't Be "
            "Exploited For Russophobic Purposes\".\n") in text
    assert "#           - {source: korybko, paragraph: 6}\n" in text


@pytest.mark.slow
def test_the_starter_checks_clean_and_builds_with_every_example_filled_in(project):
    text = starter(project, "korybko-belarus-2020.txt", "wolff-bayok-belarus-2022.txt")
    check = project.run("check", "briefings/memo.yaml")
    assert check.exit_code == 0, check.stderr
    assert check.stdout == "briefings/memo.yaml: OK, 0 passages verified in 2 sources\n"
    # the only warning: the spun copy of the Wolff article (see ../shared/articles)
    assert check.stderr.count("warning:") == 1
    assert "a leftover of a text spinner" in check.stderr
    build = project.run("build", "briefings/memo.yaml")
    assert build.exit_code == 0, build.stderr
    assert (project.output / "memo.pdf").exists() and (project.output / "memo.docx").exists()
    # Every commented example taken in, as an analyst fills the spec in
    body = text.split("\ntitle:", 1)[1]
    filled = "title:" + "\n".join(line[2:] if line.startswith("# ") else line
                                  for line in body.split("\n"))
    (project.root / "briefings" / "filled.yaml").write_text(filled, encoding="utf-8")
    check = project.run("check", "briefings/filled.yaml")
    assert check.exit_code == 0, check.stderr
    assert check.stdout == "briefings/filled.yaml: OK, 4 passages verified in 2 sources; " \
        "release TLP:CLEAR: 3 passages\n"
    build = project.run("build", "briefings/filled.yaml")
    assert build.exit_code == 0, build.stderr
    from pypdf import PdfReader

    partners = PdfReader(project.output / "filled-TLP-CLEAR.pdf")
    seen = " ".join(page.extract_text() for page in partners.pages)
    assert "Some notable developments occurred" in seen
    assert "What to do." not in seen  # the recommendations, marked TLP:AMBER, left out
