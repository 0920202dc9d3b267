"""YAML read as plain data only: every trick a hostile spec can play with YAML is refused
at its line, with exit code 1 and nothing written, never an internal error."""

from __future__ import annotations

import pytest
import yaml

import attacks
from brief import yamlfile
from brief.errors import SpecError

WAITS = "    nothing else in memo.yaml is checked until it reads as YAML\n"
PLAIN = (" is not plain YAML data, which is all brief reads\n" + WAITS
         + "    hint: write the value plainly; put text in quotes\n")


def refused(project, text: str) -> str:
    spec = project.spec(text=text)
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not project.output.exists()
    assert result.stderr.endswith("brief build: failed (1 problem); no files were written\n")
    return result.stderr.removesuffix("brief build: failed (1 problem); no files were written\n")


@pytest.mark.e2e
@pytest.mark.parametrize(("yaml_text", "message"), [
    ("title: T\ndate: !!int 12abc\n", "memo.yaml:2:7: error: the tag !!int" + PLAIN),
    ("title: T\ndate: !!bool maybe\n", "memo.yaml:2:7: error: the tag !!bool" + PLAIN),
    ("title: T\ndate: !!timestamp 2022-13-45junk\n",
     "memo.yaml:2:7: error: the tag !!timestamp" + PLAIN),
    ("title: !!python/object:os.system echo\n",
     "memo.yaml:1:8: error: the tag !!python/object:os.system" + PLAIN),
    ("title: T\n1.5: x\n", "memo.yaml:2:1: error: a key must be text, and `1.5` is read as a "
     "number\n" + WAITS + "    hint: put the key in quotes\n"),
    ("title: T\nnull: x\n", "memo.yaml:2:1: error: a key must be text, and `null` is read as "
     "nothing (null)\n" + WAITS + "    hint: put the key in quotes\n"),
    ("title: T\n? !!set {a, b}\n: x\n", "memo.yaml:2:3: error: a key must be text, not a list "
     "or a mapping\n" + WAITS),
    ("title: T\n<<: {bluf: x}\n", "memo.yaml:2:1: error: merge keys (`<<`) are not plain YAML "
     "data, which is all brief reads\n" + WAITS + "    hint: write the keys out\n"),
    ("title: T\nsections:\n  - {title: R, kind: &r [*r]}\n", "memo.yaml:3:26: error: the alias "
     "*r stands inside the value it names, so that value would contain itself\n" + WAITS
     + "    hint: write the value out, or use the alias elsewhere\n"),
    ("title: T\nbluf: *nothing\n", "memo.yaml:2:7: error: the alias *nothing names no anchor "
     "(&nothing)\n" + WAITS),
    ("title: T\n---\ntitle: U\n", "memo.yaml:2:1: error: the file holds more than one YAML "
     "document (a line `---` starts another)\n" + WAITS + "    hint: keep one document: remove "
     "the second `---`\n"),
    ("title: T\ndate: 1" + "9" * 5000 + "\n", "memo.yaml:2:7: error: cannot read "
     "'199999999999999999999999999...' as a whole number\n" + WAITS + "    hint: put it in "
     "quotes to keep it as text\n"),
])
def test_yaml_that_is_not_plain_data_is_refused_at_its_line(project, yaml_text, message):
    assert refused(project, yaml_text) == message


@pytest.mark.e2e
def test_an_alias_bomb_is_refused_before_it_expands(project):
    spec = attacks.yaml_alias_bomb(project.root)
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:6:34: error: the YAML holds more than 20,000 values (counting each use of "
        "an alias): no spec or template needs so many\n" + WAITS
        + "    hint: look for aliases (`*name`) that repeat large values\n"
        "brief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_deep_nesting_is_refused_without_recursion(project):
    spec = attacks.yaml_deep_nesting(project.root)
    assert refused(project, spec.read_text()) == (
        "memo.yaml:2:56: error: the YAML nests more than 50 levels deep\n" + WAITS
        + "    hint: a spec needs a few levels; check the brackets and indentation here\n")


NESTED_TOO_DEEP = "error: the YAML nests more than 50 levels deep"
DEEP_HINT = "hint: a spec needs a few levels; check the brackets and indentation here"


@pytest.mark.slow
@pytest.mark.parametrize("parser", ["libyaml", "python"])
@pytest.mark.parametrize(("text", "where"), [
    # flow nesting far past libyaml 0.2.6's own limit of 1,000, and just past brief's
    # (the top mapping is level 1, so the 50th bracket opens level 51)
    ("title: Deep\nbluf: " + "[" * 5000 + "]" * 5000 + "\n", (2, 6 + 49 + 1)),
    ("title: Deep\nbluf: " + "{a: " * 51 + "}" * 51 + "\n", (2, 6 + 49 * 4 + 1)),
    # block nesting: each level one line deeper
    ("title: Deep\n" + "".join(" " * level + f"k{level}:\n" for level in range(60)),
     (52, 51)),
    ("title: Deep\nbluf:\n" + "".join(" " * (2 * level) + "- \n" for level in range(60))
     .replace("- \n", "-\n"), (3 + 49, 2 * 49 + 1)),
])
def test_nesting_is_refused_at_the_first_level_past_the_limit_by_either_parser(
        tmp_path, parser, text, where):
    """Whichever parser PyYAML gives (libyaml 0.2.5 sets no limit, 0.2.6 stops at 1,000
    flow levels; PyYAML's own sets none), brief's limit is the one met, at its place."""
    if parser == "libyaml" and not yaml.__with_libyaml__:
        pytest.skip("PyYAML is installed without libyaml")
    loader = yamlfile.Loader if parser == "libyaml" else yamlfile.PythonLoader
    with pytest.raises(SpecError) as raised:
        yamlfile.parse_yaml(text, tmp_path / "memo.yaml", loader_class=loader)
    error = raised.value
    assert (error.where.line, error.where.column) == where
    assert error.message == NESTED_TOO_DEEP.removeprefix("error: ")
    assert error.hint == DEEP_HINT.removeprefix("hint: ")


@pytest.mark.slow
@pytest.mark.e2e
def test_a_spec_over_the_size_limit_is_refused_unread(project, monkeypatch):
    spec = attacks.spec_too_large(project.root)
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml: error: memo.yaml is 2.2 MB, more than the 1 MB brief allows for a spec\n"
        "    hint: if the file is what you mean, allow more with BRIEF_MAX_SPEC_SIZE=10MB (for "
        "example)\n"
        "brief check: failed (1 problem)\n")
    monkeypatch.setenv("BRIEF_MAX_SPEC_SIZE", "3MB")
    assert "more than the" not in project.run("check", spec).stderr


@pytest.mark.e2e
def test_a_limit_that_is_no_size_is_said_so(project, monkeypatch):
    monkeypatch.setenv("BRIEF_MAX_SPEC_SIZE", "big")
    result = project.run("check", project.spec())
    assert result.exit_code == 1
    assert result.stderr == ("error: BRIEF_MAX_SPEC_SIZE must be a size such as 200MB or 2GB, "
                             "not 'big'\nbrief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_template_yaml_and_scales_are_read_the_same_way(project):
    project.template("tagged", "citations: !!python/name:os.system\n")
    result = project.run("check", project.spec(template="tagged"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "templates/tagged/template.yaml:2:12: error: the tag !!python/name:os.system is not "
        "plain YAML data, which is all brief reads\n")
    (project.root / "scales").mkdir()
    (project.root / "scales" / "bomb.yaml").write_text(
        attacks.yaml_alias_bomb(project.root).read_text().replace("title: Lol\n", ""))
    project.spec()  # the spec again, after the bomb took its name
    result = project.run("check", project.spec(likelihood_scale="bomb"))
    assert result.exit_code == 1
    assert "scales/bomb.yaml:5:40: error: the YAML holds more than 20,000 values" \
        in result.stderr
