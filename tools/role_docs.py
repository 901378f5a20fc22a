"""Each role's README input table, generated from its meta/argument_specs.yml (make role-docs).

The argument spec is the one source of a role's inputs: Ansible validates with it, `ansible-doc
-t role` shows it, and this writes the README's "Inputs" table from it, between two markers:

    <!-- inputs: generated from meta/argument_specs.yml by make role-docs -->
    | variable | default | meaning |
    ...
    <!-- end of inputs -->

The table lists the `validate` entry point's options (every input of the role), in the spec's
order. The default column shows `defaults/main.yml`'s value (a Jinja expression as written, since
it is computed from other inputs), "required" for a required input. `problems()` names every
place where the three disagree: a spec default other than defaults/main.yml's, a variable in
defaults/main.yml with no spec, an option with no description, a README whose table is not the
generated one; and where a role's outputs (the facts its tasks/publish.yml sets) are named like
an input or missing from its README. A role that skips an unchanged build (its tasks/main.yml
runs bookmarks.platform.role_state) must also take every one of its variables that its files read
as an input of the entry point main: the role's digest covers those inputs only.
`python -m tools.role_docs --check` exits 1 on any of them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "collections"))

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_outputs import published_names  # noqa: E402
ROLES = ROOT / "roles"
BEGIN = "<!-- inputs: generated from meta/argument_specs.yml by make role-docs -->"
END = "<!-- end of inputs -->"
BLOCK = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.DOTALL)
# Roles list the inputs of every entry point here (playbooks/preflight.yml checks it).
ALL_INPUTS = "validate"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text()) if path.exists() else None


def options(role: Path) -> dict[str, dict[str, Any]]:
    """The role's inputs: its validate entry point's options in the spec's order, then those only
    another entry point takes (the wiring of a build, such as the IDs other roles publish)."""
    specs = load(role / "meta" / "argument_specs.yml")["argument_specs"]
    found = dict(specs[ALL_INPUTS].get("options") or {})
    for entry_point, spec in specs.items():
        for name, option in (spec.get("options") or {}).items():
            found.setdefault(name, option)
    return found


def defaults(role: Path) -> dict[str, Any]:
    return load(role / "defaults" / "main.yml") or {}


def flow(value: Any) -> str:
    """A default as a reader writes it in YAML: strings bare, lists and maps in flow style."""
    if isinstance(value, str):
        return value if value else '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in value.items()) + "}"
    return json.dumps(value)


def cell(text: str) -> str:
    """Text inside a Markdown table cell: no pipe or line break breaks the row."""
    return " ".join(text.split()).replace("|", "\\|")


def code(text: str) -> str:
    ticks = "``" if "`" in text else "`"
    padding = " " if ticks == "``" else ""
    return f"{ticks}{padding}{text}{padding}{ticks}"


def description(spec: dict[str, Any]) -> str:
    text = spec.get("description", "")
    return " ".join(text) if isinstance(text, list) else str(text)


def choices(spec: dict[str, Any]) -> str:
    allowed = spec.get("choices")
    if not allowed:
        return ""
    each = "Each " if spec.get("type") == "list" else ""
    return f" {each}{'one' if each else 'One'} of {', '.join(code(flow(choice)) for choice in allowed)}."


# A longer list or map is named, not printed: the table stays readable.
LONGEST_DEFAULT = 80


def shown(value: Any) -> str:
    text = flow(value)
    if len(text) > LONGEST_DEFAULT and isinstance(value, (list, dict)):
        return f"{len(value)} entries in defaults/main.yml"
    return code(text)


def default_cell(name: str, spec: dict[str, Any], role_defaults: dict[str, Any]) -> str:
    if spec.get("required"):
        return "required"
    if name in role_defaults:
        return shown(role_defaults[name])
    if "default" in spec:
        return shown(spec["default"])
    return "unset"


def table(role: Path) -> str:
    role_defaults = defaults(role)
    lines = [BEGIN, "| variable | default | meaning |", "| --- | --- | --- |"]
    for name, spec in options(role).items():
        lines.append(f"| `{name}` | {cell(default_cell(name, spec, role_defaults))} | {cell(description(spec) + choices(spec))} |")
    lines.append(END)
    return "\n".join(lines)


def outputs(role: Path) -> list[str]:
    """The role's output contract: the facts its tasks/publish.yml sets ([] without one)."""
    return published_names(load(role / "tasks" / "publish.yml"))


def uncovered_inputs(role: Path) -> list[str]:
    """For a role that skips an unchanged build: the variables named <role>_... that its tasks,
    vars or templates read but the entry point main does not take (so its digest would not
    change with them). [] for other roles."""
    if "role_state_role:" not in (role / "tasks" / "main.yml").read_text():
        return []
    # A name, not a YAML key (a module's option such as vpc_endpoint_type:).
    name = re.compile(rf"(?<![\w.]){re.escape(role.name)}_[a-z0-9_]+\b(?!\s*:)")
    specs = load(role / "meta" / "argument_specs.yml")["argument_specs"]
    main = specs["main"].get("options") or {}
    # An entry point of its own (tasks_from: rotate) may take inputs the build never reads: those
    # read only in its own tasks file are not the digest's business.
    own = {name: role / "tasks" / f"{entry}.yml" for entry, spec in specs.items() if entry != "main" for name in (spec.get("options") or {}) if name not in main}
    files = [*sorted((role / "tasks").glob("*.yml")), role / "vars" / "main.yml", *sorted((role / "templates").glob("*"))]
    read = {(found, path) for path in files if path.is_file() for found in name.findall(path.read_text())}
    return sorted({found for found, path in read if own.get(found) != path} - set(main) - set(outputs(role)))


def readme_with_table(role: Path) -> str | None:
    """The role's README with its generated table in place, or None when it has no markers."""
    text = (role / "README.md").read_text()
    if not BLOCK.search(text):
        return None
    return BLOCK.sub(lambda _match: table(role), text, count=1)


def problems(role: Path) -> list[str]:
    """Where the spec, defaults/main.yml and the README of one role disagree."""
    found: list[str] = []
    specs = options(role)
    role_defaults = defaults(role)
    for name, spec in specs.items():
        if not description(spec).strip():
            found.append(f"{role.name}: {name} has no description in meta/argument_specs.yml")
        if "default" in spec and name in role_defaults and spec["default"] != role_defaults[name]:
            found.append(
                f"{role.name}: {name} defaults to {flow(spec['default'])} in meta/argument_specs.yml "
                f"but to {flow(role_defaults[name])} in defaults/main.yml"
            )
        if spec.get("required") and name in role_defaults:
            found.append(f"{role.name}: {name} is required in meta/argument_specs.yml but has a value in defaults/main.yml")
    for name in role_defaults:
        if name not in specs:
            found.append(f"{role.name}: {name} is set in defaults/main.yml but is not an input of meta/argument_specs.yml")
    readme_text = (role / "README.md").read_text()
    for name in outputs(role):
        if name in specs:
            found.append(f"{role.name}: {name} is both an input (meta/argument_specs.yml) and an output (tasks/publish.yml)")
        if f"`{name}`" not in readme_text:
            found.append(f"{role.name}: {name}, an output of tasks/publish.yml, is not in README.md")
    for name in uncovered_inputs(role):
        found.append(f"{role.name}: {name} is read by the role but is not an input of its entry point main, which its digest covers")
    readme = readme_with_table(role)
    if readme is None:
        found.append(f"{role.name}: README.md has no generated inputs table ({BEGIN})")
    elif readme != (role / "README.md").read_text():
        found.append(f"{role.name}: README.md's inputs table is not the one meta/argument_specs.yml gives: run make role-docs")
    return found


def roles() -> list[Path]:
    return sorted(path.parent.parent for path in ROLES.glob("*/meta/argument_specs.yml"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a README, spec or default disagrees")
    args = parser.parse_args(argv)
    if args.check:
        found = [problem for role in roles() for problem in problems(role)]
        for problem in found:
            print(problem, file=sys.stderr)
        return 1 if found else 0
    for role in roles():
        readme = readme_with_table(role)
        if readme is None:
            print(f"{role.name}: README.md has no markers for its inputs table; add {BEGIN} ... {END}", file=sys.stderr)
            return 1
        if readme != (role / "README.md").read_text():
            (role / "README.md").write_text(readme)
            print(f"wrote roles/{role.name}/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
