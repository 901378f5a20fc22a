"""ecr_lifecycle_rules, evaluated as ECR evaluates a lifecycle policy (its documented rules): an image
a deployment ran is never expired, whatever CI pushes; the old count-only policy expired it."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from ansible_collections.bookmarks.platform.plugins.filter.ecs import ecr_lifecycle_rules

SPEC = {"release_tag_prefix": "release-", "releases_kept": 100, "pinned_tags": ["latest"], "images_kept": 20}
# The policy before: the newest 20 images, whatever their tags.
COUNT_ONLY = [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 20}, "action": {"type": "expire"}}]


@dataclass
class Image:
    pushed_day: float
    tags: list[str] = field(default_factory=list)


def matches(rule: dict[str, Any], image: Image) -> bool:
    """Whether the image meets the rule's tagging requirements (every pattern matches a tag)."""
    status = rule["selection"]["tagStatus"]
    if status == "untagged":
        return not image.tags
    if status == "any":
        return True
    patterns = rule["selection"].get("tagPatternList") or [f"{prefix}*" for prefix in rule["selection"].get("tagPrefixList", [])]
    return bool(image.tags) and all(any(fnmatchcase(tag, pattern) for tag in image.tags) for pattern in patterns)


def expired(rules: list[dict[str, Any]], images: list[Image], today: float) -> list[Image]:
    """ECR's evaluation: rules by priority; an image that meets the tags of an earlier rule is never
    expired by a later one; a count keeps the newest, an age expires what was pushed before it."""
    gone: list[Image] = []
    ordered = sorted(rules, key=lambda rule: rule["rulePriority"])
    for index, rule in enumerate(ordered):
        selected = sorted((image for image in images if matches(rule, image)), key=lambda image: image.pushed_day, reverse=True)
        selection = rule["selection"]
        if selection["countType"] == "imageCountMoreThan":
            candidates = selected[selection["countNumber"] :]
        else:
            candidates = [image for image in selected if today - image.pushed_day > selection["countNumber"]]
        protected = [image for image in candidates if any(matches(earlier, image) for earlier in ordered[:index])]
        gone += [image for image in candidates if image not in protected and image not in gone]
    return gone


def history() -> tuple[list[Image], dict[str, Image]]:
    """The first image (latest), 40 CI pushes a day apart, two of them deployed, an old untagged one."""
    first = Image(0, ["latest"])
    pushes = [Image(day, [f"sha{day}"]) for day in range(1, 41)]
    pushes[4].tags.append("release-sha5")  # the previous deployment
    pushes[30].tags.append("release-sha31")  # the current one
    untagged = Image(2)
    return [first, *pushes, untagged], {"first": first, "previous": pushes[4], "current": pushes[30], "untagged": untagged, "old_ci": pushes[0]}


def test_what_a_deployment_ran_and_the_first_image_are_kept_the_rest_expires() -> None:
    images, named = history()
    gone = expired(ecr_lifecycle_rules(SPEC), images, today=41)
    assert named["previous"] not in gone and named["current"] not in gone and named["first"] not in gone
    assert named["untagged"] in gone and named["old_ci"] in gone
    assert len([image for image in images if image not in gone]) == 3 + 20 - 1  # the 20 newest CI images hold the current release


def test_the_count_only_policy_expired_the_previous_deployment_and_the_first_image() -> None:
    images, named = history()
    gone = expired(COUNT_ONLY, images, today=41)
    assert named["previous"] in gone and named["first"] in gone


def test_the_rules_in_the_order_ecr_requires() -> None:
    rules = ecr_lifecycle_rules({**SPEC, "pinned_tags": ["latest", "release-1"]})
    assert [rule["rulePriority"] for rule in rules] == [1, 2, 3, 4]
    assert [rule["selection"]["tagStatus"] for rule in rules] == ["tagged", "tagged", "untagged", "any"]  # any comes last
    assert rules[0]["selection"]["tagPatternList"] == ["release-*"] and rules[1]["selection"]["tagPatternList"] == ["latest"]
    assert rules[3]["selection"]["countNumber"] == 20
