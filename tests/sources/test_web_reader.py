"""Saved web pages: their encoding, their article's paragraphs, and quotes from the rest of
the page (sources/web.py)."""

from __future__ import annotations

import shutil

import pytest

from brief.errors import SourceError, Where
from brief.sources import load_source_file
from brief.sources.web import decode_page
from conftest import DATA, REPO, docx_footnotes, docx_paragraphs, flat, pdf_pages

PAGE = DATA / "sources" / "saved-page.html"


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Kraków</title></head><body><article>" \
           f"{body}</article></body></html>"


def test_the_declared_encoding_is_read_before_any_guess():
    polish = page("<p>Zażółć gęślą jaźń: rząd w Warszawie ogłosił nowe fundusze.</p>",
                  '<meta charset="iso-8859-2">').encode("iso-8859-2")
    text, encoding, bad = decode_page(polish)
    assert (encoding, bad) == ("iso-8859-2", 0)
    assert "Zażółć gęślą jaźń" in text
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
    assert decode_page(http_equiv + "ł".encode("windows-1250"))[:2] == (
        http_equiv.decode() + "ł", "windows-1250")
    assert decode_page(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>")[1] == "utf-8-sig"


def test_one_bad_byte_does_not_lose_the_page(project):
    article = "<p>" + "The ministry announced a new budget for the regions this week. " * 6
    raw = page(article + "</p>", '<meta charset="utf-8">').encode("utf-8")
    raw = raw.replace(b"new budget", b"new \xff budget", 1)
    path = project.root / "sources" / "bad-byte.html"
    path.write_bytes(raw)
    source = load_source_file(path)
    assert "The ministry announced a new \ufffd budget" in source.paragraphs[0].text
    assert source.notes == ("1 byte of the page cannot be read as utf-8, the encoding it "
                            "declares or seems to have: each shows as \ufffd",)


def test_paragraphs_come_from_the_page_structure_not_its_line_wraps(project):
    wrapped = ("<p>The first paragraph of the article runs over\nthree lines of the page's"
               "\nsource, as editors wrap it.</p>\n<p>The second paragraph is short.</p>"
               "<ul><li>A list item about Minsk.</li><li>Another about Moscow.</li></ul>")
    path = project.root / "sources" / "wrapped.html"
    path.write_text(page(wrapped * 3), encoding="utf-8")
    texts = [p.text for p in load_source_file(path).paragraphs]
    assert texts[:4] == [
        "The first paragraph of the article runs over three lines of the page's source, "
        "as editors wrap it.", "The second paragraph is short.", "A list item about Minsk.",
        "Another about Moscow."]


def spec_quoting(project, passage):
    points = [{"text": "A reader's comment.", "passages": [passage]}]
    return project.spec(sources={"page": {"file": "sources/saved-page.html"}},
                        sections=[{"title": "Risks", "kind": "risks", "points": points}])


@pytest.mark.e2e
def test_a_quote_outside_the_article_says_so_and_how_to_cite_it(project):
    spec_quoting(project, {"source": "page", "quote": "totally agree with everything"})
    result = project.run("build", "memo.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "memo.yaml:34:14: error: sections[0].points[0].passages[0].quote: quote is on the "
        "web page saved-page.html, but outside the article text that brief reads from it "
        "(source 'page')\n"
        "    quote:   \"totally agree with everything\"\n"
        "    hint: brief leaves out what is not the article (captions, sidebars, menus, "
        "comments); to quote it all the same, add `scope: page` to the passage: it is cited "
        "as the web page, without a paragraph number\n")
    assert project.files() == {}


@pytest.mark.slow
@pytest.mark.e2e
def test_scope_page_quotes_the_whole_page_and_cites_it_without_a_paragraph(project):
    spec_quoting(project, {"source": "page", "quote": "totally agree with everything",
                           "scope": "page"})
    result = project.run("build", "memo.yaml")
    assert result.exit_code == 0, result.stderr
    pdf_text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "totally agree with everything" in pdf_text
    assert "Analyst 2022, web page" in pdf_text
    word = project.output / "memo.docx"
    assert "totally agree with everything" in [text for _, text in docx_paragraphs(word)]
    assert docx_footnotes(word) == ["Analyst 2022, web page."]


@pytest.mark.e2e
def test_scope_page_is_for_web_pages_only(project):
    shutil.copy(PAGE, project.root / "sources" / "saved-page.html")
    points = [{"text": "x", "passages": [
        {"source": "gazette", "quote": "its costs were not known", "scope": "page"}]}]
    project.spec(sections=[{"title": "Risks", "kind": "risks", "points": points}])
    result = project.run("check", "memo.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "memo.yaml:33:14: error: sections[0].points[0].passages[0].scope: `scope: page` is "
        "for web pages; source 'gazette' (quirks.txt) is a text file\n")


@pytest.mark.slow
def test_a_page_over_the_text_limit_says_its_size_in_the_limit_s_unit(tmp_path):
    """The limit is in characters of text (what the article reader stops at): the message
    gives the page's size in characters too, not in MB beside a limit in characters."""
    page = tmp_path / "huge.html"
    body = "<p>" + "word " * 4_000_001 + "</p>"  # 20,000,005 characters of text, and tags
    page.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        load_source_file(page, "huge", Where(page))
    assert raised.value.message == (
        f"the web page huge.html holds {len(page.read_text(encoding='utf-8')):,} characters: "
        "saved pages of more than 20,000,000 characters cannot be read")


LONG = "<p>" + "The ministry announced a new budget for the regions this week, and the mayors " \
    "welcomed it. " * 3 + "</p>"


def read_page(tmp_path, body: str, name: str = "page.html"):
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head><title>Budget</title></head><body><nav>Home"
                    f" News</nav><article>{body}</article><aside>Unser Newsletter<br>jeden "
                    "Freitag neu</aside></body></html>", encoding="utf-8")
    return load_source_file(path)


def resolve(source, quote: str, scope: str | None = None) -> str:
    """What brief says of a quote of `source`: "verified", or the error's message."""
    from brief.errors import PassageError
    from brief.passages import Resolver
    from brief.spec import PassageSpec

    resolver = Resolver({"s": source}, lambda key: Where(source.path))
    try:
        resolver.resolve(PassageSpec(source="s", quote=quote, scope=scope, key_path=("q",)))
    except PassageError as error:
        return error.message
    return "verified"


def test_a_line_break_parts_words_and_a_blank_line_parts_paragraphs(tmp_path):
    source = read_page(tmp_path, "<h1>Budget news</h1>" + LONG
                       + "<p>Pullover: H&amp;M<br>Flauschjacke: Bershka<br>Rock: Zara</p>"
                       + LONG + "<p>Den Ofen vorheizen.<br>\n<br>Ein zweiter Absatz folgt nach "
                       "einer Leerzeile.</p>" + LONG)
    texts = [p.text for p in source.paragraphs]
    assert "Pullover: H&M Flauschjacke: Bershka Rock: Zara" in texts
    assert texts[texts.index("Den Ofen vorheizen."):][:2] == [
        "Den Ofen vorheizen.", "Ein zweiter Absatz folgt nach einer Leerzeile."]
    assert resolve(source, "H&M Flauschjacke: Bershka") == "verified"


def test_a_quote_across_a_line_break_outside_the_article_is_found_with_scope_page(tmp_path):
    source = read_page(tmp_path, "<h1>Budget news</h1>" + LONG * 2)
    assert "Unser Newsletter jeden Freitag neu" in [b.text for b in source.page_paragraphs]
    assert resolve(source, "Newsletter jeden Freitag", scope="page") == "verified"
    assert "outside the article text" in resolve(source, "Newsletter jeden Freitag")


def test_text_after_a_heading_without_its_own_paragraph_element_is_kept(tmp_path):
    source = read_page(tmp_path, "<h1>Budget news</h1>" + LONG + "<h2>What the mayors said"
                       "</h2>Mayors of the northern regions said they would spend the money "
                       "on schools and roads before the winter comes." + LONG)
    texts = [p.text for p in source.paragraphs]
    heading = texts.index("What the mayors said")
    assert texts[heading + 1] == ("Mayors of the northern regions said they would spend the "
                                  "money on schools and roads before the winter comes.")


def test_closing_list_items_and_table_rows_are_content_not_trailing_labels(tmp_path):
    source = read_page(tmp_path, "<h1>Die Plejaden</h1>" + LONG * 2 + "<ul><li>Art der "
                       "Aufnahme: Digitalfoto</li><li>Belichtung: 30 s</li></ul><table><tr>"
                       "<td>Ort</td><td>Sternwarte Hamburg</td></tr></table><h3>Mehr zum "
                       "Thema</h3>")
    assert [p.text for p in source.paragraphs][-3:] == [
        "Art der Aufnahme: Digitalfoto", "Belichtung: 30 s", "Ort\tSternwarte Hamburg"]


def test_chinese_and_japanese_articles_are_read_whole(tmp_path):
    chinese = ("<h1>北京的春天</h1>" + "<p>北京的春天来得很快，人们在公园里散步，"
               "孩子们在草地上放风筝。市政府宣布了新的绿化计划，"
               "将在城市周边种植更多的树木。</p>" * 3
               + "<p>这是最后一段文字，讲述了城市的未来发展方向</p>")
    texts = [p.text for p in read_page(tmp_path, chinese, "zh.html").paragraphs]
    assert texts[-1] == "这是最后一段文字，讲述了城市的未来发展方向"  # 20 characters: not a label
    japanese = "<h1>東京の天気</h1>" + "<p>今日は東京で雪が降りました。電車が遅れています！</p>" * 3
    texts = [p.text for p in read_page(tmp_path, japanese, "ja.html").paragraphs]
    assert texts[-1] == "今日は東京で雪が降りました。電車が遅れています！"


def test_a_hyphen_before_a_space_is_a_suspended_compound_in_a_web_page(tmp_path):
    source = read_page(tmp_path, "<h1>Haubenfahrzeuge</h1>" + LONG + "<p>Nach dem Krieg "
                       "übernahmen die Arbeiter- und Soldatenräte das Werk in Berlin.</p><p>El "
                       "ministro uruguayo- causó a la firma que dirige la pérdida de dos "
                       "contratos.</p>" + LONG)
    assert source.paragraphs[2].text == ("Nach dem Krieg übernahmen die Arbeiter- und "
                                         "Soldatenräte das Werk in Berlin.")
    for quote in ("und Soldatenräte das Werk", "die Arbeiter- und Soldatenräte",
                  "causó a la firma que dirige"):
        assert resolve(source, quote) == "verified", quote
    assert resolve(source, "Arbeiterund Soldatenräte").startswith("quote not found")


def test_teasers_sign_ups_disclosures_credits_dates_and_author_notes_are_left_out(tmp_path):
    kept = ("The company's newsletter reached two million readers last year.",
            "El puerto cerró dos días.", "The launch pad was rebuilt after the storm.")
    left_out = ["*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
                "Lesen Sie hier: Spielabbruch in der Kreisliga", "Weitere Informationen:",
                "Vorschau auf den nächsten Artikel", "23.10.2018", "3:59 PM Briefe",
                "Get the Daily Edition by email and never miss our top stories",
                "This post contains references to products from one or more of our "
                "advertisers. We may receive compensation when you click on links.",
                "(Credit: NASA/Kim Shiflett)", "Fot. Jan Kowalski / Agencja Gazeta"]
    body = "<h1>Der Park</h1>" + "".join(
        f"<p>{line}</p>" + LONG for line in left_out[:5]) + "".join(
        f"<p>{line}</p>" for line in kept[:2]) + "".join(
        f"<p>{line}</p>" for line in left_out[5:]) + LONG + (
        f"<p>{kept[2]} (Credit: NASA)</p>") + LONG + (
        "<p>Jane Doe is a senior reporter at the Daily Planet, where she covers city hall "
        "and the port.</p>")
    texts = [p.text for p in read_page(tmp_path, body).paragraphs]
    for line in kept:
        assert line in texts
    for line in left_out:
        assert not any(line in text for text in texts), line
    assert texts[-1] == LONG[3:-4].strip()  # the note on the author after the article
    rows = "<table><tr><td>23.10.2018</td><td>12 mm Regen</td></tr></table>"
    texts = [p.text for p in read_page(tmp_path, "<h1>Wetter</h1>" + LONG + rows + LONG,
                                       "rows.html").paragraphs]
    assert "23.10.2018\t12 mm Regen" in texts


def test_the_lead_the_page_shows_from_its_description_opens_the_article(tmp_path):
    lead = ("Die Lokalwahlen endeten mit einem großen Sieg der Opposition und beendeten die "
            "Karriere des Premierministers.")
    path = tmp_path / "lead.html"
    path.write_text(
        f'<html><head><title>Wahlen</title><meta name="description" content="{lead}"></head>'
        f'<body><nav>Start Themen</nav><h1>Erdrutschsieg</h1><div class="intro">{lead} '
        f'<span>picture alliance | Jan Kowalski</span></div><article>{LONG * 3}</article>'
        "<footer>Impressum</footer></body></html>", encoding="utf-8")
    texts = [p.text for p in load_source_file(path).paragraphs]
    assert texts[:2] == [lead, LONG[3:-4].strip()]
    assert resolve(load_source_file(path), "mit einem großen Sieg der Opposition") == "verified"


def test_paragraphs_inside_a_list_item_stay_apart(tmp_path):
    source = read_page(tmp_path, "<h1>Links der Woche</h1>" + LONG + "<ul><li><p>HP sperrt "
                       "Druckerpatrone bei Kündigung von Tintenabo</p><p>via t3n News</p></li>"
                       "<li><p>Mythen der Agilität</p><p>via Agile Verwaltung</p></li></ul>")
    texts = [p.text for p in source.paragraphs]
    assert texts[-4:] == ["HP sperrt Druckerpatrone bei Kündigung von Tintenabo",
                          "via t3n News", "Mythen der Agilität", "via Agile Verwaltung"]


@pytest.mark.slow
def test_a_section_the_precision_mode_drops_is_read_in_the_default_mode():
    """smava's page: trafilatura's precision mode keeps its opening paragraphs only, and
    leaves out its questions and answers, which its default mode keeps."""
    path = REPO.parent / "shared" / "corpus" / "web" / "smava.de.privatkredit.html"
    if not path.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    source = load_source_file(path)
    assert resolve(source, "Wie wird die Höhe der fälligen Zinsen für meinen Privatkredit "
                   "bestimmt?") == "verified"


def test_a_quote_that_cuts_a_word_short_is_told_so(tmp_path):
    from brief.errors import PassageError
    from brief.passages import Resolver
    from brief.spec import PassageSpec

    source = read_page(tmp_path, "<h1>Möbel</h1>" + LONG + "<p>Der Barschrank aus den 50er "
                       "Jahren steht im Flur.</p>" + LONG)
    resolver = Resolver({"s": source}, lambda key: Where(source.path))
    with pytest.raises(PassageError) as raised:
        resolver.resolve(PassageSpec(source="s", quote="Barschrank aus den 50er Jahre",
                                     key_path=("q",)))
    assert (raised.value.message, raised.value.hint) == (
        "quote begins or ends inside a word in source 's' (page.html): ¶3 has it only "
        "within \"Barschrank aus den 50er Jahren\"", "quote whole words, as the source has them")
    assert resolve(source, "arschrank aus den 50er Jahren").startswith("quote begins or ends")


@pytest.mark.parametrize(("title", "publisher"), [
    ("Nachtzüge in Europa | 02.11.2021", None), ("Nachtzüge in Europa - 2 November 2021", None),
    ('Nachtzüge in Europa</title><meta property="og:site_name" content="ZEIT ONLINE">'
     "<title>", "ZEIT ONLINE")])
def test_a_date_at_the_end_of_the_title_is_not_the_publisher(tmp_path, title, publisher):
    """A page that names no site: trafilatura takes the end of its title for the site's
    name, which may be a date; the memo would cite "02.11.2021 2021, ¶6"."""
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>{title}</title></head><body><article>"
                    + "".join(f"<p>Absatz {n} des Artikels über Nachtzüge und "
                              "Schnellstrecken in Europa, mit genug Wörtern.</p>"
                              for n in range(8)) + "</article></body></html>",
                    encoding="utf-8")
    assert load_source_file(page).file_metadata.publisher == publisher
