"""Print the ecs_cluster role's resources as JSON, read with boto3 from the emulator."""

from __future__ import annotations

import json
import os

import boto3

REGION = "ap-northeast-1"
PREFIX = "molecule-ecs"


def client(service: str):  # noqa: ANN201 - a boto3 client
    return boto3.client(service, region_name=REGION, endpoint_url=os.environ["AWS_ENDPOINT_URL"])


def main() -> None:
    ecs, ecr, iam, logs = client("ecs"), client("ecr"), client("iam"), client("logs")
    [cluster] = ecs.describe_clusters(clusters=[f"{PREFIX}-cluster"], include=["SETTINGS"])["clusters"]
    repositories = []
    for repository in ecr.describe_repositories()["repositories"]:
        lifecycle = ecr.get_lifecycle_policy(repositoryName=repository["repositoryName"])["lifecyclePolicyText"]
        repositories.append({
            "name": repository["repositoryName"],
            "scan_on_push": repository["imageScanningConfiguration"]["scanOnPush"],
            "mutability": repository["imageTagMutability"],
            "lifecycle": json.loads(lifecycle),
            "tags": sorted(tag for image in ecr.describe_images(repositoryName=repository["repositoryName"])["imageDetails"] for tag in image.get("imageTags", [])),
        })
    roles = {}
    for name in (f"{PREFIX}-web-execution", f"{PREFIX}-api-execution", f"{PREFIX}-ecs-task"):
        role = iam.get_role(RoleName=name)["Role"]
        [policy_name] = iam.list_role_policies(RoleName=name)["PolicyNames"]
        inline = iam.get_role_policy(RoleName=name, PolicyName=policy_name)["PolicyDocument"]
        roles[name] = {
            "trust": role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
            "managed": [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]],
            "inline": inline if isinstance(inline, dict) else json.loads(inline),
        }
    groups = logs.describe_log_groups(logGroupNamePrefix=f"/ecs/{PREFIX}-")["logGroups"]
    print(json.dumps({
        "cluster": {k: cluster.get(k) for k in ("status", "settings", "capacityProviders")},
        "repositories": repositories,
        "roles": roles,
        "log_groups": {g["logGroupName"]: g.get("retentionInDays") for g in groups},
    }, default=str))


if __name__ == "__main__":
    main()
