# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the ecs_cluster role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import (
    IMAGE_TAG, LOG_RETENTIONS, Values, matches, parameter_path, pattern, rule, teardown_timing, within,
)


pattern("ecs_cluster", "ecs_cluster_name_prefix", r"^[a-z0-9][a-z0-9-]{0,39}$", "must be lower-case letters, digits and hyphens, at most 40 characters.")


@rule("ecs_cluster")
def ecs_cluster_log_retention(v: Values) -> str | None:
    days = v["ecs_cluster_log_retention_days"]
    if days in LOG_RETENTIONS:
        return None
    return f"ecs_cluster_log_retention_days: {days} is not a retention CloudWatch Logs accepts ({', '.join(map(str, LOG_RETENTIONS))})."


within("ecs_cluster", "ecs_cluster_images_kept", 1, 1000)


@rule("ecs_cluster")
def ecs_cluster_capacity_providers(v: Values) -> str | None:
    providers = v["ecs_cluster_capacity_providers"]
    if providers and not set(providers) - {"FARGATE", "FARGATE_SPOT"}:
        return None
    return f"ecs_cluster_capacity_providers: {', '.join(providers)} may hold FARGATE and FARGATE_SPOT only."


@rule("ecs_cluster")
def ecs_cluster_default_capacity_provider(v: Values) -> str | None:
    default = v["ecs_cluster_default_capacity_provider"]
    if default in v["ecs_cluster_capacity_providers"]:
        return None
    return f"ecs_cluster_default_capacity_provider: {default} is not in ecs_cluster_capacity_providers."


rule("ecs_cluster")(parameter_path("ecs_cluster_ssm_parameter_path"))


@rule("ecs_cluster")
def ecs_cluster_kms_key_arn(v: Values) -> str | None:
    arn = v["ecs_cluster_kms_key_arn"]
    if not arn or matches(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", arn):
        return None
    return f"ecs_cluster_kms_key_arn: {arn} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."


@rule("ecs_cluster")
def ecs_cluster_services(v: Values) -> str | None:
    services = v["ecs_cluster_services"]
    if all(matches(r"^[a-z][a-z0-9-]*$", name) for name in services) and len(set(services)) == len(services):
        return None
    return f"ecs_cluster_services: {', '.join(services)} must be lower-case names, each once."


@rule("ecs_cluster")
def ecs_cluster_service_parameters(v: Values) -> str | None:
    listed = v["ecs_cluster_service_parameters"]
    unknown = sorted(set(listed) - set(v["ecs_cluster_services"]))
    if unknown:
        return f"ecs_cluster_service_parameters: {', '.join(unknown)} is not in ecs_cluster_services."
    bad = sorted(str(name) for names in listed.values() for name in (names or []) if not matches(r"^[A-Za-z0-9_.-]+$", name))
    if bad:
        return f"ecs_cluster_service_parameters: {', '.join(bad)} is not a parameter name under the path (letters, digits, _ . -)."
    return None


rule("ecs_cluster")(teardown_timing("ecs_cluster"))
within("ecs_cluster", "ecs_cluster_releases_kept", 2, 1000)
pattern(
    "ecs_cluster", "ecs_cluster_release_tag_prefix", r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$",
    "must be letters, digits, _ . - (the start of an image tag, at most 100).",
)


@rule("ecs_cluster")
def ecs_cluster_pinned_image_tags(v: Values) -> str | None:
    bad = [str(tag) for tag in v["ecs_cluster_pinned_image_tags"] if not matches(IMAGE_TAG, tag)]
    return f"ecs_cluster_pinned_image_tags: {', '.join(bad)} is not an image tag (letters, digits, _ . -, at most 128)." if bad else None
