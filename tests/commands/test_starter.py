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
    (project.root / "briefings").mkdir()
    spec = project.root / "briefings" / "memo.yaml"
    spec.write_text("title: mine\n", encoding="utf-8")
    result = project.run("new", "memo", "--source", "sources/quirks.txt")
    assert result.exit_code == 1
    assert result.stderr == ("briefings/memo.yaml: error: briefings/memo.yaml already "
                             "exists\n"
                             "    hint: choose another name, or edit the spec that is there\n"
                             "brief new: failed (1 problem)\n")
    assert spec.read_text(encoding="utf-8") == "title: mine\n"


def test_a_source_with_no_title_of_its_own_is_named_after_its_file(project):
    shutil.copy(DATA / "sources" / "one-per-line.txt", project.root / "sources" / "notes.txt")
    result = project.run("new", "memo", "--source", "sources/notes.txt")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "briefings" / "memo.yaml").read_text(encoding="utf-8")
    assert "    title: notes   # from the file's name: write the article's title\n" in text
    assert project.run("check", "briefings/memo.yaml").exit_code == 0


def test_several_sources_after_one_source_option(project):
    """`brief new NAME --source A B`, as the README writes it, and `--source` before each."""
    result = project.run("new", "one", "--source", "sources/quirks.txt",
                         "sources/saved-page.html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created briefings/one.yaml with 2 sources: fill it in, then " \
        "run `brief check briefings/one.yaml`\n"
    text = (project.root / "briefings" / "one.yaml").read_text(encoding="utf-8")
    assert "  quirks:\n    file: ../sources/quirks.txt\n" in text
    assert "  saved:\n    file: ../sources/saved-page.html\n" in text
    both = project.run("new", "both", "--source", "sources/quirks.txt", "--source",
                       "sources/saved-page.html", "sources/article.docx")
    assert both.exit_code == 0, both.stderr
    assert "with 3 sources" in both.stdout
    assert project.run("check", "briefings/one.yaml").exit_code == 0


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
    assert not (project.root / "briefings").exists()
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
    # the spun copy of the Wolff article (see ../shared/articles), and each placeholder
    # of the starter still in place, at its line
    assert check.stderr.count("warning:") == 5
    assert "a leftover of a text spinner" in check.stderr
    lines = text.split("\n")
    for line, message in [
            ("title: Memo", "title: the title 'Memo' is the one `brief new` made from the "
             "spec's file name"),
            ("    title: wolff bayok belarus 2022   # from the file's name: write the "
             "article's title", "sources.wolff.title: the title 'wolff bayok belarus 2022' "
             "is the one `brief new` made from the source's file name"),
            ("bluf: |",  # a block of text: its key's line
             "bluf: 'The answer to the memo's question, first, in two or three sentences.' "
             "is the starter spec's placeholder"),
            ("    text: |", "sections[0].text: 'What the "
             "reader needs to know first.' is the starter spec's placeholder")]:
        number = lines.index(line) + 1
        assert f"briefings/memo.yaml:{number}:" in check.stderr
        assert f":{number}:" in next(w for w in check.stderr.splitlines() if message in w)
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


@pytest.fixture
def elsewhere(tmp_path_factory):
    """A folder outside the project holding the two sample articles and the README that
    cites them, as ../shared/articles does."""
    folder = tmp_path_factory.mktemp("articles")
    for name in ("wolff-bayok-belarus-2022.txt", "korybko-belarus-2020.txt"):
        shutil.copy(ARTICLES / name, folder / name)
    shutil.copy(DATA / "articles-readme.md", folder / "README.md")
    return folder


def test_a_source_outside_the_project_is_copied_into_it(project, elsewhere):
    """The README's own example: `brief new NAME --source ../shared/articles/A B` gives a
    spec that `brief check` accepts, naming copies in briefings/sources/."""
    (project.root / "briefings").mkdir()
    wolff, korybko = (elsewhere / "wolff-bayok-belarus-2022.txt",
                      elsewhere / "korybko-belarus-2020.txt")
    result = project.run("new", "mymemo", "--source", wolff, korybko)
    assert result.exit_code == 0, result.stderr
    copies = project.root / "briefings" / "sources"
    assert result.stdout == (
        f"copied {wolff} into the project as briefings/sources/wolff-bayok-belarus-2022.txt "
        "(brief reads only files inside the project)\n"
        f"copied {korybko} into the project as briefings/sources/korybko-belarus-2020.txt "
        "(brief reads only files inside the project)\n"
        "created briefings/mymemo.yaml with 2 sources: fill it in, then run "
        "`brief check briefings/mymemo.yaml`\n")
    for original in (wolff, korybko):  # byte for byte
        assert (copies / original.name).read_bytes() == original.read_bytes()
    text = (project.root / "briefings" / "mymemo.yaml").read_text(encoding="utf-8")
    assert "    file: sources/wolff-bayok-belarus-2022.txt\n" in text
    assert "    file: sources/korybko-belarus-2020.txt\n" in text
    check = project.run("check", "briefings/mymemo.yaml")
    assert check.exit_code == 0, check.stderr
    assert "outside the project" not in check.stderr


def test_a_copy_never_replaces_another_file_of_its_name(project, elsewhere):
    copies = project.root / "briefings" / "sources"
    copies.mkdir(parents=True)
    wolff = elsewhere / "wolff-bayok-belarus-2022.txt"
    (copies / wolff.name).write_text("Another article of the same name.\n", encoding="utf-8")
    result = project.run("new", "memo", "--source", wolff)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"copied {wolff} into the project as briefings/sources/wolff-bayok-belarus-2022-2.txt"
        " (brief reads only files inside the project); "
        "briefings/sources/wolff-bayok-belarus-2022.txt is another file, kept")
    assert (copies / wolff.name).read_text(encoding="utf-8") == \
        "Another article of the same name.\n"
    assert (copies / "wolff-bayok-belarus-2022-2.txt").read_bytes() == wolff.read_bytes()
    text = (project.root / "briefings" / "memo.yaml").read_text(encoding="utf-8")
    assert "    file: sources/wolff-bayok-belarus-2022-2.txt\n" in text
    # The same file again: its copy is used as it is, not copied a third time
    again = project.run("new", "again", "--source", wolff)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        f"{wolff} is outside the project; the spec names its copy already there, "
        "briefings/sources/wolff-bayok-belarus-2022-2.txt (the same bytes)")
    assert sorted(p.name for p in copies.iterdir()) == [
        "wolff-bayok-belarus-2022-2.txt", "wolff-bayok-belarus-2022.txt"]


def test_the_details_a_readme_beside_the_source_gives(project, elsewhere):
    """A collection of saved articles cites each in its README (`Authors, "Title",
    Publisher, Date`): what the file itself does not state is taken from there, when the
    collection is inside the project."""
    inside = project.root / "articles"
    shutil.copytree(elsewhere, inside)
    result = project.run("new", "memo", "--source", inside / "wolff-bayok-belarus-2022.txt")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "briefings" / "memo.yaml").read_text(encoding="utf-8")
    assert ("    title: The complex calculations that will decide whether Belarus enters "
            "the conflict on Russia's side   # from README.md, beside the file\n"
            "    authors: [Stefan Wolff, Anastasiya Bayok]   # from the notes on the authors "
            "after the text\n"
            "    publisher: The Conversation\n"
            "    date: 2022-03\n") in text
    check = project.run("check", "briefings/memo.yaml")
    assert check.exit_code == 0, check.stderr
    assert "sources.wolff.title" not in check.stderr


def test_a_new_spec_goes_in_briefings_where_help_says(project, tmp_path_factory,
                                                     monkeypatch):
    """In a folder that is no project yet, `brief new` makes briefings/ (so the folder
    becomes the project); from inside a project's folder, the spec goes in the project's
    briefings/."""
    bare = tmp_path_factory.mktemp("bare")
    shutil.copy(project.root / "sources" / "quirks.txt", bare / "quirks.txt")
    monkeypatch.chdir(bare)
    result = project.run("new", "fromtmp", "--source", "quirks.txt")
    assert result.exit_code == 0, result.stderr
    assert (bare / "briefings" / "fromtmp.yaml").is_file()
    assert not (bare / "fromtmp.yaml").exists()
    assert "    file: ../quirks.txt\n" in \
        (bare / "briefings" / "fromtmp.yaml").read_text(encoding="utf-8")
    assert project.run("check", "briefings/fromtmp.yaml").exit_code == 0
    monkeypatch.chdir(bare / "briefings")
    inner = project.run("new", "second", "--source", "../quirks.txt")
    assert inner.exit_code == 0, inner.stderr
    assert (bare / "briefings" / "second.yaml").is_file()
    assert inner.stdout.endswith("created second.yaml with 1 source: fill it in, then run "
                                 "`brief check second.yaml`\n")


def test_help_says_where_the_spec_goes_and_that_outside_sources_are_copied(project):
    shown = " ".join(project.run("new", "--help").stdout.split())
    assert "Start a new spec, briefings/NAME.yaml" in shown
    assert "A file outside the project is copied into briefings/sources/." in shown


def test_nothing_is_written_where_a_copy_cannot_be(project, elsewhere):
    (project.root / "briefings").mkdir()
    (project.root / "briefings" / "sources").write_text("not a folder\n", encoding="utf-8")
    wolff = elsewhere / "wolff-bayok-belarus-2022.txt"
    result = project.run("new", "memo", "--source", wolff, wolff)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: cannot write briefings/sources: File exists; nothing was written\n"
        "    hint: brief new writes the spec in briefings/ and copies sources from outside "
        "the project into briefings/sources/\n"
        "brief new: failed (1 problem)\n")
    assert sorted(p.name for p in (project.root / "briefings").iterdir()) == ["sources"]


def test_a_source_given_twice_is_copied_once(project, elsewhere):
    wolff = elsewhere / "wolff-bayok-belarus-2022.txt"
    result = project.run("new", "memo", "--source", wolff, wolff)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("copied ") == 1
    assert [p.name for p in (project.root / "briefings" / "sources").iterdir()] == [wolff.name]


def test_a_readme_outside_the_project_is_not_read(project, elsewhere):
    """brief reads no file outside the project that it was not given: the README beside a
    source it copies in stays unread, and the title is the file name's, said so."""
    result = project.run("new", "memo", "--source", elsewhere / "wolff-bayok-belarus-2022.txt")
    assert result.exit_code == 0, result.stderr
    text = (project.root / "briefings" / "memo.yaml").read_text(encoding="utf-8")
    assert "The Conversation" not in text and "README" not in text
    assert "# from the file's name: write the article's title" in text


def test_authors_with_commas_and_brackets_stay_one_author_each():
    """A by-line such as `Smith, J.` is one author in the list `brief new` and `brief
    capture` write, not two (a flow list splits on a bare comma)."""
    import yaml

    from brief.commands.starter import yaml_flow_list

    authors = ("Smith, J.", "X]: y", "Анна Ёлкина", "O'Brien")
    line = yaml_flow_list(authors)
    assert "\n" not in line
    assert yaml.safe_load(f"authors: {line}") == {"authors": list(authors)}
