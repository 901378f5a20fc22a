"""Strict mode: what AWS finishes after the call returns, or changes by itself, and moto does at once (opt-in).

    EMULATOR_STRICT_DELAY=<seconds> scripts/emulator start     (the tests use 2)

With a delay above 0 the emulator keeps, for that long, what AWS keeps after a deletion or a
change returns; a run has to wait or retry, as it must on AWS (where it lasts seconds to minutes):

* ECS DeleteService leaves the service DRAINING while its tasks stop, then INACTIVE; while a
  service of a cluster is ACTIVE or DRAINING, DeleteCluster answers
  ClusterContainsServicesException.
* A CloudFront distribution is InProgress for the delay after its creation and after every
  update, then Deployed; DeleteDistribution answers DistributionNotDisabled while it is enabled
  or still InProgress (as after a disable that has not reached the edge locations yet).
* IAM answers MalformedPolicyDocument (Invalid principal) for a role's trust that names an
  OpenID Connect provider created less than the delay before.
* WAF answers WAFUnavailableEntityException when a web ACL (created or updated) references an IP
  set created less than the delay before, and WAFAssociatedItemException when an IP set is
  deleted while a web ACL uses it, or less than the delay after the last one stopped using it.
* ECS DescribeServices answers currentServiceDeployment and currentServiceRevisions, which AWS
  moves with every task replacement and scaling action; here they move at every read.
* ACM DeleteCertificate answers ResourceInUseException while an ALB listener or a CloudFront
  distribution uses the certificate, and for the delay after the last one is deleted.
* An interface endpoint's, an ALB's and a database instance's network interfaces outlive
  DeleteVpcEndpoints, DeleteLoadBalancer and DeleteDBInstance: meanwhile DeleteSubnet and
  DeleteSecurityGroup answer DependencyViolation for their subnets and security groups.

Each behaviour is tested in tests/test_emulator_strict.py; docs/emulator.md lists them.
"""

from __future__ import annotations

import datetime
import inspect
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

DELAY = 0.0
CLOUDFRONT_DISTRIBUTION = "cloudfront::distribution"  # moto's state-manager model


@dataclass
class Lingering:
    """Network interfaces AWS has not released yet: who left them, in which subnets and groups."""

    owner: str
    subnets: frozenset[str]
    groups: frozenset[str]
    until: float


_lingering: list[Lingering] = []


class Pending(dict[str, float]):
    """Keys AWS has not settled yet, each until the delay after it was held."""

    def hold(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key:
                self[key] = now() + DELAY

    def held(self, key: str) -> bool:
        return self.get(key, 0.0) > now()


# Certificate ARN -> until when AWS still counts it in use by a deleted listener or distribution.
_released_certificates = Pending()


def now() -> float:
    return time.monotonic()


def ids(items: Iterable[Any] | None) -> frozenset[str]:
    """IDs of moto objects, of moto's dicts ({"VpcSecurityGroupId": ...}) or plain IDs."""
    found = set()
    for item in items or []:
        if isinstance(item, dict):
            found.update(value for key, value in item.items() if key.lower().endswith("id") and isinstance(value, str))
        else:
            found.add(getattr(item, "id", item))
    return frozenset(found)


def linger(owner: str, subnets: Iterable[Any] | None, groups: Iterable[Any] | None) -> None:
    _lingering.append(Lingering(owner, ids(subnets), ids(groups), now() + DELAY))


def holding(subnet: str | None = None, group: str | None = None) -> str | None:
    """Who still holds network interfaces in the subnet or the security group, if anyone."""
    _lingering[:] = [entry for entry in _lingering if entry.until > now()]
    for entry in _lingering:
        if subnet in entry.subnets or group in entry.groups:
            return entry.owner
    return None


_originals: dict[tuple[Any, str], Any] = {}


def wrap(owner: Any, name: str, wrapper: Callable[..., Any]) -> None:
    """Replace owner.name by wrapper(original, *args, **kwargs), once."""
    if (owner, name) in _originals:
        return
    original = _originals[(owner, name)] = getattr(owner, name)

    def strict(*args: Any, **kwargs: Any) -> Any:
        return wrapper(original, *args, **kwargs)

    setattr(owner, name, strict)


# --- ECS -------------------------------------------------------------------------------------


def ecs_delete_service(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    deleted = original(backend, *args, **kwargs)
    deleted.status = "DRAINING"
    deleted.strict_inactive_at = now() + DELAY
    return deleted


def ecs_settle(backend: Any) -> None:
    """DRAINING services whose tasks have stopped become INACTIVE."""
    for service in backend.services.values():
        if service.status == "DRAINING" and getattr(service, "strict_inactive_at", 0) <= now():
            service.status = "INACTIVE"


_ecs_task_replacements = itertools.count(1)


def ecs_describe_services(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    """Also answers the fields AWS moves by itself with every task replacement and scaling action:
    currentServiceDeployment and currentServiceRevisions (requested, running and pending counts).
    Here they move at every read, the worst case, so that a hash of them never matches twice."""
    ecs_settle(backend)
    services, failures = original(backend, *args, **kwargs)
    for service in services:
        if getattr(service, "status", "") != "ACTIVE":
            continue
        replacement = next(_ecs_task_replacements)
        deployment = f"{service.arn.replace(':service/', ':service-deployment/')}/{replacement}"
        service.current_service_deployment = deployment
        running = max(0, service.desired_count - replacement % 2)
        service.current_service_revisions = [{
            "arn": service.task_definition.replace(":task-definition/", ":service-revision/") if service.task_definition else deployment,
            "requestedTaskCount": service.desired_count, "runningTaskCount": running, "pendingTaskCount": service.desired_count - running,
        }]  # fmt: skip
    return services, failures


def ecs_delete_cluster(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    from moto.ecs.exceptions import ECSException

    ecs_settle(backend)
    name = str(argument(args, kwargs, "cluster_str")).split("/")[-1]
    if any(key.split(":", 1)[0] == name and service.status in ("ACTIVE", "DRAINING") for key, service in backend.services.items()):
        raise ECSException("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.")
    return original(backend, *args, **kwargs)


# --- ACM -------------------------------------------------------------------------------------


def certificates_in_use(account_id: str) -> set[str]:
    """Certificate ARNs used by a listener of any ALB or by any CloudFront distribution now."""
    from moto.cloudfront.models import cloudfront_backends
    from moto.elbv2.models import elbv2_backends

    used: set[str] = set()
    for backend in elbv2_backends[account_id].values():
        for balancer in backend.load_balancers.values():
            for listener in balancer.listeners.values():
                used.update(listener_certificates(listener))
    for backend in cloudfront_backends[account_id].values():
        for distribution in backend.distributions.values():
            used.add(distribution_certificate(distribution))
    return used - {""}


def distribution_certificate(distribution: Any) -> str:
    certificate = getattr(distribution.distribution_config, "ViewerCertificate", None)
    return getattr(certificate, "acm_certificate_arn", "") or ""


def argument(args: tuple[Any, ...], kwargs: dict[str, Any], name: str) -> Any:
    """A backend method's first argument, however moto's response layer passed it."""
    return kwargs[name] if name in kwargs else args[0] if args else None


def release_certificates(arns: Iterable[str]) -> None:
    _released_certificates.hold(arns)


def listener_certificates(listener: Any) -> list[str]:
    """A listener's certificate ARNs (moto keeps ARNs, or dicts after a ModifyListener)."""
    return [
        certificate if isinstance(certificate, str) else certificate.get("certificate_arn") or certificate.get("CertificateArn", "")
        for certificate in listener.certificates or []
    ]


def acm_delete_certificate(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    from moto.core.exceptions import AWSError

    arn = argument(args, kwargs, "arn")
    if arn in certificates_in_use(backend.account_id) or _released_certificates.held(arn):
        raise AWSError(f"Certificate {arn} is in use.", exception_type="ResourceInUseException")
    return original(backend, *args, **kwargs)


# --- ELBv2, CloudFront, RDS, EC2 -------------------------------------------------------------


def elbv2_delete_load_balancer(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    balancer = backend.load_balancers.get(argument(args, kwargs, "arn"))
    if balancer is not None:
        linger(f"load balancer {balancer.name}", balancer.subnets, balancer.security_groups)
        release_certificates(arn for listener in balancer.listeners.values() for arn in listener_certificates(listener))
    return original(backend, *args, **kwargs)


def elbv2_delete_listener(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    listener = original(backend, *args, **kwargs)
    release_certificates(listener_certificates(listener))
    return listener


def cloudfront_in_progress(distribution: Any) -> None:
    """A distribution whose change CloudFront is deploying: InProgress for the delay, then Deployed."""
    distribution.status = "InProgress"
    distribution._time_progressed = datetime.datetime.now()  # pylint: disable=protected-access


def cloudfront_update_distribution(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    result = original(backend, *args, **kwargs)
    cloudfront_in_progress(result[0])
    return result


def cloudfront_enabled(distribution: Any) -> bool:
    return str(getattr(distribution.distribution_config, "Enabled", False)).lower() == "true"


def cloudfront_delete_distribution(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    from moto.cloudfront.exceptions import CloudFrontException

    distribution = backend.distributions.get(argument(args, kwargs, "distribution_id"))
    if distribution is not None and (cloudfront_enabled(distribution) or distribution.status != "Deployed"):
        # AWS deletes only a disabled distribution whose disable has been deployed.
        raise CloudFrontException("DistributionNotDisabled", "The distribution you are trying to delete has not been disabled.")
    result = original(backend, *args, **kwargs)
    if distribution is not None:
        release_certificates([distribution_certificate(distribution)])
    return result


def rds_delete_db_instance(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    identifier = argument(args, kwargs, "db_instance_identifier")
    instance = backend.databases.get(identifier)
    result = original(backend, *args, **kwargs)
    if instance is not None:
        owner = getattr(instance, "cluster", None) or instance
        group = backend.subnet_groups.get(getattr(owner, "db_subnet_group_name", "") or instance.db_subnet_group_name)
        linger(f"database instance {identifier}", getattr(group, "_subnets", []), getattr(owner, "vpc_security_group_ids", []))
    return result


def ec2_delete_vpc_endpoints(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    for endpoint_id in argument(args, kwargs, "vpce_ids") or []:
        endpoint = backend.vpc_end_points.get(endpoint_id)
        if endpoint is not None and endpoint.vpc_endpoint_type.lower() == "interface" and endpoint.state != "deleted":
            linger(f"VPC endpoint {endpoint_id}", endpoint.subnet_ids, endpoint.security_group_ids)
    return original(backend, *args, **kwargs)


def ec2_delete_subnet(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    from moto.ec2.exceptions import DependencyViolationError

    subnet_id = argument(args, kwargs, "subnet_id")
    if holding(subnet=subnet_id):
        raise DependencyViolationError(f"The subnet '{subnet_id}' has dependencies and cannot be deleted.")
    return original(backend, *args, **kwargs)


def ec2_delete_security_group(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    from moto.ec2.exceptions import DependencyViolationError

    group_id = kwargs.get("group_id")
    if not group_id:
        name = argument(args, kwargs, "name")
        group = backend.get_security_group_from_name(name) if name else None
        group_id = getattr(group, "id", None)
    if group_id and holding(group=group_id):
        raise DependencyViolationError(f"resource {group_id} has a dependent object")
    return original(backend, *args, **kwargs)


# --- IAM --------------------------------------------------------------------------------------

# OpenID Connect provider ARN -> when IAM accepts a trust policy that names it.
_iam_providers_ready = Pending()


def iam_federated_principals(document: Any) -> set[str]:
    """The Federated principals of a policy document (JSON text or parsed)."""
    policy = json.loads(document) if isinstance(document, str) else document or {}
    statements = policy.get("Statement", [])
    found: set[str] = set()
    for statement in statements if isinstance(statements, list) else [statements]:
        principal = statement.get("Principal") if isinstance(statement, dict) else None
        federated = principal.get("Federated", []) if isinstance(principal, dict) else []
        found.update([federated] if isinstance(federated, str) else federated)
    return found


def iam_refuse_unpropagated(document: Any) -> None:
    from moto.iam.exceptions import MalformedPolicyDocument

    for arn in sorted(iam_federated_principals(document)):
        if _iam_providers_ready.held(arn):
            raise MalformedPolicyDocument(f'Invalid principal in policy: "Federated":"{arn}"')


def iam_create_open_id_connect_provider(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    provider = original(backend, *args, **kwargs)
    _iam_providers_ready.hold([provider.arn])
    return provider


def iam_create_role(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    iam_refuse_unpropagated(called_with(original, backend, args, kwargs).get("assume_role_policy_document"))
    return original(backend, *args, **kwargs)


def iam_update_assume_role_policy(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    iam_refuse_unpropagated(called_with(original, backend, args, kwargs).get("policy_document"))
    return original(backend, *args, **kwargs)


# --- WAF --------------------------------------------------------------------------------------

# IP set ARN -> when WAF lets a web ACL reference it (a new IP set propagates first).
_waf_ip_sets_ready = Pending()
# IP set ARN -> until when WAF still counts it used by a web ACL deleted or changed away from it.
_waf_ip_sets_released = Pending()


def called_with(original: Callable[..., Any], backend: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """A backend method's arguments by name, however moto's response layer passed them."""
    return dict(inspect.signature(original).bind(backend, *args, **kwargs).arguments)


def waf_ip_set_arns(value: Any) -> set[str]:
    """The IP sets a web ACL's rules reference (IPSetReferenceStatement, at any depth)."""
    if isinstance(value, dict):
        found = {value["IPSetReferenceStatement"]["ARN"]} if isinstance(value.get("IPSetReferenceStatement"), dict) else set()
        return found.union(*(waf_ip_set_arns(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(waf_ip_set_arns(item) for item in value))
    if hasattr(value, "statement"):  # a stored rule (moto's FakeRule)
        return waf_ip_set_arns(value.statement)
    return set()


def waf_error(code: str, message: str) -> Exception:
    from moto.wafv2.exceptions import WAFv2ClientError

    return WAFv2ClientError(code, message)


def waf_refuse_unavailable(rules: Any) -> None:
    for arn in sorted(waf_ip_set_arns(rules)):
        if _waf_ip_sets_ready.held(arn):
            raise waf_error("WAFUnavailableEntityException", f"AWS WAF couldn't retrieve the resource that you requested. Retry your request. ({arn})")


def waf_web_acl(backend: Any, name: str, acl_id: str) -> Any:
    return next((acl for acl in backend.wacls.values() if acl.name == name and acl.id == acl_id), None)


def wafv2_create_ip_set(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    ip_set = original(backend, *args, **kwargs)
    _waf_ip_sets_ready.hold([ip_set.arn])
    return ip_set


def wafv2_create_web_acl(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    waf_refuse_unavailable(called_with(original, backend, args, kwargs).get("rules"))
    return original(backend, *args, **kwargs)


def wafv2_update_web_acl(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    arguments = called_with(original, backend, args, kwargs)
    waf_refuse_unavailable(arguments.get("rules"))
    acl = waf_web_acl(backend, arguments["name"], arguments["_id"])
    before = waf_ip_set_arns(acl.rules) if acl is not None else set()
    result = original(backend, *args, **kwargs)
    _waf_ip_sets_released.hold(before - waf_ip_set_arns(acl.rules if acl is not None else []))
    return result


def wafv2_delete_web_acl(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    arguments = called_with(original, backend, args, kwargs)
    acl = waf_web_acl(backend, arguments["name"], arguments["_id"])
    result = original(backend, *args, **kwargs)
    if acl is not None:
        _waf_ip_sets_released.hold(waf_ip_set_arns(acl.rules))
    return result


def wafv2_delete_ip_set(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    arguments = called_with(original, backend, args, kwargs)
    ip_set = next((item for item in backend.ip_sets.values() if item.ip_set_id == arguments["_id"]), None)
    if ip_set is not None:
        used = any(ip_set.arn in waf_ip_set_arns(acl.rules) for acl in backend.wacls.values())
        if used or _waf_ip_sets_released.held(ip_set.arn):
            raise waf_error(
                "WAFAssociatedItemException",
                "AWS WAF couldn't perform the operation because your resource is being used by another resource or it's associated with another resource.",
            )
    return original(backend, *args, **kwargs)


def enable(delay: float) -> list[str]:
    """Turn strict mode on with this delay (seconds); the names of what it changed."""
    global DELAY  # pylint: disable=global-statement
    DELAY = delay
    from moto.acm.models import AWSCertificateManagerBackend
    from moto.cloudfront.models import CloudFrontBackend
    from moto.ec2.models import EC2Backend
    from moto.ecs.models import EC2ContainerServiceBackend
    from moto.elbv2.models import ELBv2Backend
    from moto.iam.models import IAMBackend
    from moto.moto_api import state_manager
    from moto.rds.models import RDSBackend
    from moto.wafv2.models import WAFV2Backend

    changes = [
        (EC2ContainerServiceBackend, "delete_service", ecs_delete_service),
        (EC2ContainerServiceBackend, "describe_services", ecs_describe_services),
        (EC2ContainerServiceBackend, "delete_cluster", ecs_delete_cluster),
        (AWSCertificateManagerBackend, "delete_certificate", acm_delete_certificate),
        (ELBv2Backend, "delete_load_balancer", elbv2_delete_load_balancer),
        (ELBv2Backend, "delete_listener", elbv2_delete_listener),
        (CloudFrontBackend, "update_distribution", cloudfront_update_distribution),
        (CloudFrontBackend, "delete_distribution", cloudfront_delete_distribution),
        (RDSBackend, "delete_db_instance", rds_delete_db_instance),
        (EC2Backend, "delete_vpc_endpoints", ec2_delete_vpc_endpoints),
        (EC2Backend, "delete_subnet", ec2_delete_subnet),
        (EC2Backend, "delete_security_group", ec2_delete_security_group),
        (IAMBackend, "create_open_id_connect_provider", iam_create_open_id_connect_provider),
        (IAMBackend, "create_role", iam_create_role),
        (IAMBackend, "update_assume_role_policy", iam_update_assume_role_policy),
        (WAFV2Backend, "create_ip_set", wafv2_create_ip_set),
        (WAFV2Backend, "create_web_acl", wafv2_create_web_acl),
        (WAFV2Backend, "update_web_acl", wafv2_update_web_acl),
        (WAFV2Backend, "delete_web_acl", wafv2_delete_web_acl),
        (WAFV2Backend, "delete_ip_set", wafv2_delete_ip_set),
    ]
    for owner, name, wrapper in changes:
        wrap(owner, name, wrapper)
    # A created or updated distribution is InProgress for the delay, then Deployed.
    state_manager.set_transition(CLOUDFRONT_DISTRIBUTION, {"progression": "time", "seconds": delay})
    return [f"{owner.__name__}.{name}" for owner, name, _ in changes]


def disable() -> None:
    """Put moto back as it was (for tests that run moto in-process after a strict one)."""
    global DELAY  # pylint: disable=global-statement
    DELAY = 0.0
    from moto.moto_api import state_manager

    state_manager.unset_transition(CLOUDFRONT_DISTRIBUTION)
    for (owner, name), original in _originals.items():
        setattr(owner, name, original)
    _originals.clear()
    _lingering.clear()
    for pending in (_released_certificates, _waf_ip_sets_ready, _waf_ip_sets_released, _iam_providers_ready):
        pending.clear()


def delay_from_environment() -> float:
    return float(os.environ.get("EMULATOR_STRICT_DELAY") or 0)
