"""The PDF renderer: `html` fills the template's Jinja files and lays the page out with
WeasyPrint, `tags` builds the structure tree a screen reader follows, `finish` gives the
PDF its last touches, `word_css` turns reference.docx's styles into CSS, and `worker` runs
it all in a process of its own. (Kept empty: the worker forks before the rest loads.)"""
