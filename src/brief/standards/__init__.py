"""Analytic standards: source `grading` (Admiralty), handling `markings` (TLP 2.0 and
classifications), `likelihood` scales of estimative language, and the `checks` that hold
a spec to them."""
