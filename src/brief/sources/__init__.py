"""Stage 2: sources. `readers` picks the reader of each file's format (`text`, `web`, `pdf`,
`word`; their shared types in `base`), which turn it into blocks of text,
`paragraphs` numbers them, `loading` reads the sources a spec names, `matching` finds
quotes in them forgiving only typography, and `checks` warns about doubtful sources."""

from .loading import Source, load_source, load_source_file, load_sources, read_source
from .paragraphs import Paragraph, number_paragraphs, split_paragraphs

__all__ = ["Paragraph", "Source", "load_source", "load_source_file", "load_sources",
           "number_paragraphs", "read_source", "split_paragraphs"]
