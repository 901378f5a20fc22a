"""Read ECS service descriptions (community.aws.ecs_service_info's camelCase form)."""

from __future__ import annotations

from typing import Any


def ecs_revision(task_definition_arn: str) -> dict[str, str]:
    """A task definition ARN as {arn, family_revision} (the form the ecs_service role passes on)."""
    return {"arn": task_definition_arn, "family_revision": task_definition_arn.rsplit("/", 1)[-1]}


def ecs_rollout_states(services: list[dict[str, Any]], expected: dict[str, str]) -> dict[str, str]:
    """For each service name in expected (name -> task definition ARN), the rollout state of the
    deployment of that revision: IN_PROGRESS, COMPLETED or FAILED; ROLLED_BACK when the circuit
    breaker has put the previous revision back itself (the failed deployment is gone); PENDING
    when the service has no deployment of it yet; MISSING when the service is not active."""
    by_name = {s.get("serviceName"): s for s in services if s.get("status") == "ACTIVE"}
    states = {}
    for name, arn in expected.items():
        service = by_name.get(name)
        if service is None:
            states[name] = "MISSING"
            continue
        deployments = [d for d in service.get("deployments", []) if d.get("taskDefinition") == arn]
        if not deployments:
            # UpdateService creates the deployment at once; when it is gone and the service runs
            # another revision again, the circuit breaker rolled it back and ECS removed it.
            states[name] = "ROLLED_BACK" if service.get("taskDefinition") not in (None, arn) else "PENDING"
            continue
        # The newest deployment of the revision decides (a redeploy of it starts a new one).
        deployments.sort(key=lambda d: str(d.get("createdAt", "")), reverse=True)
        states[name] = deployments[0].get("rolloutState", "IN_PROGRESS")
    return states


def ecs_service_images(
    names: list[str],
    repository_urls: dict[str, str],
    image_tags: dict[str, Any],
    running: dict[str, str],
    initial_tag: str,
    present: list[str] | None = None,
    counts: dict[str, int] | None = None,
) -> dict[str, str]:
    """The image each service runs: <repository>:<tag> when image_tags names one (a deployment),
    else the image it runs now, else <repository>:<initial_tag> (a new service).

    With present (the images found in their repositories) and counts (each existing service's
    desired count), a service that never started - at 0 tasks, its image never pushed - takes
    the initial tag again: it has no image to keep, and the initial one may be there by now."""
    images = {}
    for name in names:
        current = running.get(name)
        never_started = present is not None and current not in present and int((counts or {}).get(name, 0)) == 0
        if name in image_tags:
            images[name] = f"{repository_urls[name]}:{image_tags[name]}"
        elif current and not never_started:
            images[name] = current
        else:
            images[name] = f"{repository_urls[name]}:{initial_tag}"
    return images


def ecs_desired_counts(existing: dict[str, dict[str, Any]], full_names: dict[str, str]) -> dict[str, int]:
    """{service: its desired count} of the services that exist (existing: by AWS name)."""
    return {name: int(existing[full].get("desiredCount", 0)) for name, full in full_names.items() if full in existing}


def ecs_counts_to_set(counts: dict[str, int], scaling: dict[str, dict[str, Any]], desired_count: int) -> dict[str, int]:
    """The desired count a converge gives each service of scaling: the one it has (autoscaling's)
    within the service's count_range, or desired_count (within it too) when it has none or 0."""
    found = {}
    for name, limits in scaling.items():
        low, high = (int(bound) for bound in limits["count_range"])
        found[name] = min(max(int(counts.get(name) or desired_count), low), high)
    return found


def ecs_image_candidates(
    names: list[str], repository_urls: dict[str, str], image_tags: dict[str, Any], running: dict[str, str], initial_tag: str
) -> list[str]:
    """Every image ecs_service_images may choose: the ones the services run, their initial ones
    and the deployed ones (what to ask ECR about), each once."""
    candidates = list(running.values())
    candidates += [f"{repository_urls[name]}:{initial_tag}" for name in names]
    candidates += [f"{repository_urls[name]}:{tag}" for name, tag in image_tags.items() if name in repository_urls]
    return list(dict.fromkeys(candidates))


def ecs_services_waiting_for_image(
    names: list[str], images: dict[str, str], found: list[dict[str, Any]], existing: dict[str, dict[str, Any]], full_names: dict[str, str]
) -> list[str]:
    """The services that must not start yet: the image they would run is not in its repository
    (ecr_image_info's answer), and they are new or still at a desired count of 0. A service that
    runs is never stopped for a missing image; a deployment refuses one instead."""
    missing = {answer["image"] for answer in found if not answer.get("exists", True)}
    waiting = []
    for name in names:
        service = existing.get(full_names[name])
        if images[name] in missing and (service is None or int(service.get("desiredCount", 0)) == 0):
            waiting.append(name)
    return waiting


def ecs_service_scaling(
    services: dict[str, dict[str, Any]], min_capacity: int, max_capacity: int, cpu_target: int, scheduled_actions: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Each service's autoscaling: its own (the catalogue's autoscaling and schedules) over the
    environment's, as {min_capacity, max_capacity, cpu_target, scheduled_actions, capacities (the
    limits the role or a schedule sets, [[min, max], ...]), scheduled_capacities (the schedules'
    as [{min_capacity, max_capacity}]), count_range ([lowest, highest] count autoscaling may set)}."""
    found = {}
    for name, service in services.items():
        own = service.get("autoscaling") or {}
        low, high = int(own.get("min_capacity", min_capacity)), int(own.get("max_capacity", max_capacity))
        actions = service.get("schedules")
        actions = scheduled_actions if actions is None else actions
        actions = [{**action, "min_capacity": int(action["min_capacity"]), "max_capacity": int(action["max_capacity"])} for action in actions]
        capacities = [[low, high]] + [[action["min_capacity"], action["max_capacity"]] for action in actions]
        found[name] = {
            "min_capacity": low,
            "max_capacity": high,
            "cpu_target": int(own.get("cpu_target", cpu_target)),
            "scheduled_actions": actions,
            "capacities": capacities,
            "scheduled_capacities": [{"min_capacity": pair[0], "max_capacity": pair[1]} for pair in capacities[1:]],
            "count_range": [min(pair[0] for pair in capacities), max(pair[1] for pair in capacities)],
        }
    return found


def called(name: str, services: dict[str, dict[str, Any]]) -> bool:
    """Whether another service calls this one (Service Connect publishes it)."""
    return any(name in (other.get("calls") or []) for other in services.values())


def ecs_service_connect(name: str, services: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A service's Service Connect configuration (ecs_service_settings' service_connect): a service
    another one calls is published as <name>:<port> (its port mapping named <name>); one that only
    calls others is a client; one that does neither has none. The namespace is the cluster's."""
    service = services[name]
    if called(name, services):
        alias = {"port": int(service["port"]), "dnsName": name}
        return {"enabled": True, "services": [{"portName": name, "discoveryName": name, "clientAliases": [alias]}]}
    return {"enabled": bool(service.get("calls"))}


# The parameter the Datadog agent sidecar reads its API key from.
DATADOG_API_KEY = "DATADOG_API_KEY"


def _app_secrets(service: dict[str, Any]) -> list[tuple[str, str]]:
    """(variable, parameter name) of each secret of the app container: NAME, or NAME=PARAMETER."""
    pairs = []
    for secret in service.get("secrets") or []:
        variable, parameter = (secret.split("=", 1) + [""])[:2]
        pairs.append((variable, parameter or variable))
    return pairs


def ecs_secret_parameters(services: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """{service: the names of the parameters its containers read}, as ecs_container_definitions
    names them (the app container's secrets, and the Datadog agent's API key): what each service's
    execution role may read, and nothing else."""
    listed = {}
    for name, service in services.items():
        parameters = {parameter for _variable, parameter in _app_secrets(service)}
        if "datadog" in (service.get("sidecars") or []):
            parameters.add(DATADOG_API_KEY)
        listed[name] = sorted(parameters)
    return listed


def ecs_secret_readers(services: dict[str, dict[str, Any]], names: list[str]) -> list[str]:
    """The services whose containers read any of the named parameters (their tasks must start
    again to read a new value: ECS injects a secret when a task starts)."""
    wanted = set(names)
    return sorted(name for name, read in ecs_secret_parameters(services).items() if wanted & set(read))


def ecs_task_roles(services: list[str], prefix: str) -> dict[str, Any]:
    """The IAM roles the services' tasks run with: {execution: {service: <prefix>-<service>-execution},
    task: <prefix>-ecs-task}. One execution role per service, so that each reads only its own
    parameters, image and logs; the one task role (assets bucket, ECS Exec) holds no secret."""
    return {"execution": {name: f"{prefix}-{name}-execution" for name in services}, "task": f"{prefix}-ecs-task"}


def ecs_task_role_names(services: list[str], prefix: str) -> list[str]:
    """Every role name of ecs_task_roles, the execution roles first (what a deploy may pass)."""
    roles = ecs_task_roles(services, prefix)
    return [*roles["execution"].values(), roles["task"]]


def ecs_execution_role_policy(scope: dict[str, Any]) -> dict[str, Any]:
    """A service's execution role's policy: pull its own image, write its own log group, read
    exactly its parameters (listed ARNs; ECS asks for them with ssm:GetParameters) and decrypt them
    through SSM only.

    scope: account, region, repository (name), log_group, parameter_path (/<project>/<env>),
    parameters (names under it), kms_key_arn ("" = the key SSM uses, through SSM only)."""
    account, region = scope["account"], scope["region"]
    statements: list[dict[str, Any]] = [
        {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {
            "Sid": "PullOwnImage",
            "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Resource": f"arn:aws:ecr:{region}:{account}:repository/{scope['repository']}",
        },
        {
            "Sid": "WriteOwnLogs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:{region}:{account}:log-group:{scope['log_group']}:log-stream:*",
        },
    ]
    if scope["parameters"]:
        path = scope["parameter_path"].rstrip("/")
        statements += [
            {
                "Sid": "ReadOwnParameters",
                "Effect": "Allow",
                "Action": "ssm:GetParameters",
                "Resource": [f"arn:aws:ssm:{region}:{account}:parameter{path}/{name}" for name in sorted(scope["parameters"])],
            },
            {
                "Sid": "DecryptOwnParameters",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": scope.get("kms_key_arn") or f"arn:aws:kms:{region}:{account}:key/*",
                "Condition": {"StringEquals": {"kms:ViaService": f"ssm.{region}.amazonaws.com"}},
            },
        ]
    return {"Version": "2012-10-17", "Statement": statements}


def ecs_execution_roles(services: list[str], scope: dict[str, Any]) -> list[dict[str, Any]]:
    """The ecs_cluster role's execution roles, one per service: {name, description, policy_name,
    policy}. Its repository is <prefix>-<service>, its log group /ecs/<prefix>-<service>, its
    parameters those scope.parameters lists for it (ecs_secret_parameters).

    scope: prefix, account, region, parameter_path, parameters ({service: [names]}), kms_key_arn."""
    names = ecs_task_roles(services, scope["prefix"])["execution"]
    roles = []
    for service in services:
        full = f"{scope['prefix']}-{service}"
        parameters = (scope.get("parameters") or {}).get(service, [])
        policy = ecs_execution_role_policy({**scope, "repository": full, "log_group": f"/ecs/{full}", "parameters": parameters})
        roles.append({
            "name": names[service],
            "description": f"ECS pulls the image, writes the logs and reads the parameters of the {full} tasks",
            "policy_name": "own-image-logs-and-parameters",
            "policy": policy,
        })  # fmt: skip
    return roles


def ecs_container_definitions(
    name: str,
    service: dict[str, Any],
    image: str,
    parameter_prefix: str,
    log_options: dict[str, str],
    datadog: dict[str, str],
    services: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The containers of a service's task definition: the application's (its port, NODE_ENV and
    PORT with the service's environment, its secrets as SSM parameter ARNs under parameter_prefix:
    NAME, or NAME=PARAMETER when the parameter has another name) and its sidecars (datadog: the
    agent, its API key from DATADOG_API_KEY; datadog gives {site, image, env}).

    With services (the whole catalogue): a service another one calls names its port mapping for
    Service Connect, and a service that calls others gets <NAME>_URL=http://<name>:<port> for each."""
    services = services or {}
    urls = {f"{other.upper()}_URL": f"http://{other}:{services[other]['port']}" for other in service.get("calls") or [] if other in services}
    environment = {
        "NODE_ENV": "production",
        "PORT": str(service["port"]),
        **urls,
        **{key: str(value) for key, value in (service.get("environment") or {}).items()},
    }
    port: dict[str, Any] = {"containerPort": int(service["port"]), "protocol": "tcp"}
    if called(name, services):
        port.update(name=name, appProtocol="http")
    secrets = [{"name": variable, "valueFrom": f"{parameter_prefix}{parameter}"} for variable, parameter in _app_secrets(service)]
    logging = {"logDriver": "awslogs", "options": dict(log_options)}
    containers: list[dict[str, Any]] = [
        {
            "name": name,
            "image": image,
            "essential": True,
            "portMappings": [port],
            "environment": [{"name": key, "value": value} for key, value in environment.items()],
            "secrets": secrets,
            "logConfiguration": logging,
        }
    ]
    if "datadog" in (service.get("sidecars") or []):
        containers.append(
            {
                "name": "datadog-agent",
                "image": datadog["image"],
                "essential": False,
                "environment": [
                    {"name": "ECS_FARGATE", "value": "true"},
                    {"name": "DD_SITE", "value": datadog["site"]},
                    {"name": "DD_SERVICE", "value": name},
                    {"name": "DD_ENV", "value": datadog.get("env", "")},
                ],
                "secrets": [{"name": "DD_API_KEY", "valueFrom": f"{parameter_prefix}{DATADOG_API_KEY}"}],
                "logConfiguration": logging,
            }
        )
    return containers


def ecr_lifecycle_rules(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """An ECR lifecycle policy's rules that never expire an image a deployment ran.

    ECR never lets a rule expire an image that matches the tags of a rule before it. So: released
    images (<release_tag_prefix>*, tagged by playbooks/deploy.yml) first, the newest releases_kept
    of them kept; each pinned tag next (the image services start from before a deployment); untagged
    images a day after their push; last, anything else (CI's pushes) beyond the newest images_kept.

    spec: release_tag_prefix, releases_kept, pinned_tags, images_kept.
    """
    prefix = str(spec["release_tag_prefix"])

    def rule(selection: dict[str, Any], description: str) -> dict[str, Any]:
        return {"rulePriority": 0, "description": description, "selection": selection, "action": {"type": "expire"}}

    kept = int(spec["releases_kept"])
    rules = [rule({"tagStatus": "tagged", "tagPatternList": [f"{prefix}*"], "countType": "imageCountMoreThan", "countNumber": kept},
                  f"Keep the newest {kept} released images ({prefix}*): a deployment ran them")]  # fmt: skip
    for tag in spec.get("pinned_tags") or []:
        if not str(tag).startswith(prefix):
            rules.append(rule({"tagStatus": "tagged", "tagPatternList": [str(tag)], "countType": "imageCountMoreThan", "countNumber": 1},
                              f"Keep the image tagged {tag}"))  # fmt: skip
    rules.append(rule({"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1},
                      "Expire untagged images a day after their push"))  # fmt: skip
    images = int(spec["images_kept"])
    rules.append(rule({"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": images},
                      f"Keep the newest {images} of the other images (CI's pushes)"))  # fmt: skip
    return [{**entry, "rulePriority": priority} for priority, entry in enumerate(rules, start=1)]


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {
            "ecs_revision": ecs_revision,
            "ecs_rollout_states": ecs_rollout_states,
            "ecs_services_waiting_for_image": ecs_services_waiting_for_image,
            "ecs_service_images": ecs_service_images,
            "ecr_lifecycle_rules": ecr_lifecycle_rules,
            "ecs_image_candidates": ecs_image_candidates,
            "ecs_desired_counts": ecs_desired_counts,
            "ecs_counts_to_set": ecs_counts_to_set,
            "ecs_service_scaling": ecs_service_scaling,
            "ecs_container_definitions": ecs_container_definitions,
            "ecs_service_connect": ecs_service_connect,
            "ecs_secret_parameters": ecs_secret_parameters,
            "ecs_secret_readers": ecs_secret_readers,
            "ecs_task_roles": ecs_task_roles,
            "ecs_task_role_names": ecs_task_role_names,
            "ecs_execution_roles": ecs_execution_roles,
        }
