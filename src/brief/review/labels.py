"""Where a user changes a template label a reviewer reworded: in the template.yaml of the
spec's own template, or, for a built-in template (which is brief's, not the project's),
in a copy of it made with `brief templates new`."""

from __future__ import annotations

from pathlib import Path

from ..errors import display_path
from ..files import is_file, project_root
from ..folders import built_in, template_folders
from ..yamlfile import YamlDocument


def label_words(label: str, spec: YamlDocument, root: Path | None) -> str:
    """`the template label `labels.bluf` …`: the label and how to change it, for the
    template `spec` names (`memo` when it names none)."""
    data = spec.data if isinstance(spec.data, dict) else {}
    name = data.get("template") if isinstance(data.get("template"), str) else "memo"
    assert isinstance(name, str)
    folder = _folder(name, spec.path.parent, project_root(spec.path.parent, root))
    key = label.removeprefix("labels.")
    if folder is None:
        return f"the template label `{label}` (`labels:` in the template `{name}`'s template.yaml)"
    if built_in(folder):
        return (f"the template label `{label}` of the built-in template `{name}`; to change "
                f"it, copy the template (brief templates new NAME --from {name}), give "
                f"`{key}:` under `labels:` in templates/NAME/template.yaml, and set "
                "`template: NAME` in the spec")
    return (f"the template label `{label}`: give `{key}:` under `labels:` in "
            f"{display_path(folder / 'template.yaml')}")


def _folder(name: str, spec_folder: Path, root: Path) -> Path | None:
    """The template folder `name` stands for, as a build finds it (None if none)."""
    if "/" in name or "\\" in name or name.startswith("."):
        folder = spec_folder / name
        return folder if is_file(folder / "template.yaml") else None
    return next((base / name for base in template_folders(spec_folder, root)
                 if is_file(base / name / "template.yaml")), None)
