"""How well brief reads real documents nobody here wrote (../shared/corpus), measured by
bench/corpus.py: these rates may rise, never fall."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("corpus", REPO / "bench" / "corpus.py")
assert _spec is not None and _spec.loader is not None
corpus = importlib.util.module_from_spec(_spec)
sys.modules["corpus"] = corpus  # its dataclasses look their module up there
_spec.loader.exec_module(corpus)


def test_web_pages_article_strings_verify_or_say_they_lie_outside_the_article():
    rates = corpus.measure_web()
    assert rates.tried == 987
    assert rates.verified + rates.explained >= 961  # 97.4 %
    assert rates.verified + rates.explained + rates.cut >= 986  # and quotes cutting a word
    assert rates.verified >= 910  # 92.2 %
    assert rates.kept_out >= 963 and rates.furniture == 1001  # 96.2 % of boilerplate out


@pytest.mark.parametrize(("kind", "verified", "tried"), [("pdf", 90, 90), ("docx", 11, 11)])
def test_quotes_a_reader_copies_from_pdfs_and_word_files_verify(kind, verified, tried):
    rates = corpus.measure_files(kind)
    # As rates: as many quotes tried as when the rate was pinned, and as large a share of
    # them verified (comparing (verified, tried) as a pair let a falling share pass).
    assert rates.tried >= tried, rates.misses
    assert rates.verified / rates.tried >= verified / tried, rates.misses
    assert rates.kept_out == rates.furniture, rates.misses  # headers, footers, page numbers
    for name, person, counted in rates.paragraphs:
        assert abs(counted - person) <= person * 0.1, name
