# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the ssm_params role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from collections import Counter

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import BUILD, Values, matches, parameter_path, rule


rule("ssm_params")(parameter_path("ssm_params_path"))


@rule("ssm_params", BUILD)  # a removal needs no secret
def ssm_params_secrets_set(v: Values) -> str | None:
    missing = [name for name, value in v["ssm_params_secrets"].items() if not value]
    return " ".join(f"ssm_params_secrets.{name}: empty or missing; set it in the inventory's vault file." for name in missing) or None


def ssm_params_names(v: Values) -> list[str]:
    return [*v["ssm_params_secrets"], *v["ssm_params_values"], *v["ssm_params_generated"]]


@rule("ssm_params")
def ssm_params_valid_names(v: Values) -> str | None:
    bad = [name for name in ssm_params_names(v) if not matches(r"^[A-Za-z0-9_.-]+$", name)]
    return f"ssm_params_*: {', '.join(bad)} are not parameter names (letters, digits, _ . -)." if bad else None


@rule("ssm_params")
def ssm_params_unique_names(v: Values) -> str | None:
    twice = [name for name, count in Counter(ssm_params_names(v)).items() if count > 1]
    if not twice:
        return None
    return f"ssm_params_*: {', '.join(twice)} named more than once (in ssm_params_secrets, ssm_params_values, ssm_params_generated)."


@rule("ssm_params")
def ssm_params_generated_lengths(v: Values) -> str | None:
    specs = {name: spec or {} for name, spec in v["ssm_params_generated"].items()}
    missing = [name for name, spec in specs.items() if "length" not in spec and "same_as" not in spec]
    return " ".join(f"ssm_params_generated.{name}: needs a length (16 to 4096)." for name in missing) or None


@rule("ssm_params")
def ssm_params_generated_same_as(v: Values) -> str | None:
    specs = {name: spec or {} for name, spec in v["ssm_params_generated"].items()}
    generated = [name for name, spec in specs.items() if "same_as" not in spec]
    wrong = [f"ssm_params_generated.{name}.same_as: {spec['same_as']} must be one of the generated secrets ({', '.join(generated) or 'none'})."
             for name, spec in specs.items() if "same_as" in spec and spec["same_as"] not in generated]  # fmt: skip
    return " ".join(wrong) or None
