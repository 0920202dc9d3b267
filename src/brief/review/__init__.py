"""The review round trip: a reviewer's tracked changes and comments in a Word file
brief built, read back and written into the spec.

Its stages, each a module:
- `reviewed`: read the reviewed .docx: each paragraph's text before and after the
  reviewer's tracked changes, the changes (who, when, what), the comments and their
  replies, and the trace brief wrote into the file when it built it (`brief.origins`);
- `findings`: match the paragraphs to the trace and to the spec as it is now, and say
  of each change what it touches (the analyst's text, a verified quotation, something
  brief generated) and what can be done with it;
- `markdown_edit`: carry a change of the words a reader sees into the Markdown the
  analyst wrote (a change inside `**bold**` stays inside it);
- `new_points`: a paragraph the reviewer added after a point, as a new point;
- `spec_edit`: write a new value, a comment or a new point into the spec's text, leaving
  every other byte as it was;
- `apply`: all of it together for `brief review --apply`: the new spec, checked by
  brief's own reader before it replaces the old one.
"""
