"""Strict mode: AWS's asynchronous deletions, which moto performs at once (opt-in).

    EMULATOR_STRICT_DELAY=<seconds> scripts/emulator start     (the tests use 2)

With a delay above 0 the emulator keeps, for that long, what AWS keeps after a deletion
returns; a teardown has to wait or retry, as it must on AWS (where it lasts minutes):

* ECS DeleteService leaves the service DRAINING while its tasks stop, then INACTIVE; while a
  service of a cluster is ACTIVE or DRAINING, DeleteCluster answers
  ClusterContainsServicesException.
* ACM DeleteCertificate answers ResourceInUseException while an ALB listener or a CloudFront
  distribution uses the certificate, and for the delay after the last one is deleted.
* An interface endpoint's, an ALB's and a database instance's network interfaces outlive
  DeleteVpcEndpoints, DeleteLoadBalancer and DeleteDBInstance: meanwhile DeleteSubnet and
  DeleteSecurityGroup answer DependencyViolation for their subnets and security groups.

Each behaviour is tested in tests/test_emulator_strict.py; docs/emulator.md lists them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

DELAY = 0.0


@dataclass
class Lingering:
    """Network interfaces AWS has not released yet: who left them, in which subnets and groups."""

    owner: str
    subnets: frozenset[str]
    groups: frozenset[str]
    until: float


_lingering: list[Lingering] = []
# Certificate ARN -> until when AWS still counts it in use by a deleted listener or distribution.
_released_certificates: dict[str, float] = {}


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


def ecs_describe_services(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    ecs_settle(backend)
    return original(backend, *args, **kwargs)


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
    for arn in arns:
        if arn:
            _released_certificates[arn] = now() + DELAY


def listener_certificates(listener: Any) -> list[str]:
    """A listener's certificate ARNs (moto keeps ARNs, or dicts after a ModifyListener)."""
    return [
        certificate if isinstance(certificate, str) else certificate.get("certificate_arn") or certificate.get("CertificateArn", "")
        for certificate in listener.certificates or []
    ]


def acm_delete_certificate(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    from moto.core.exceptions import AWSError

    arn = argument(args, kwargs, "arn")
    if arn in certificates_in_use(backend.account_id) or _released_certificates.get(arn, 0) > now():
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


def cloudfront_delete_distribution(original: Callable[..., Any], backend: Any, *args: Any, **kwargs: Any) -> Any:
    distribution = backend.distributions.get(argument(args, kwargs, "distribution_id"))
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


def enable(delay: float) -> list[str]:
    """Turn strict mode on with this delay (seconds); the names of what it changed."""
    global DELAY  # pylint: disable=global-statement
    DELAY = delay
    from moto.acm.models import AWSCertificateManagerBackend
    from moto.cloudfront.models import CloudFrontBackend
    from moto.ec2.models import EC2Backend
    from moto.ecs.models import EC2ContainerServiceBackend
    from moto.elbv2.models import ELBv2Backend
    from moto.rds.models import RDSBackend

    changes = [
        (EC2ContainerServiceBackend, "delete_service", ecs_delete_service),
        (EC2ContainerServiceBackend, "describe_services", ecs_describe_services),
        (EC2ContainerServiceBackend, "delete_cluster", ecs_delete_cluster),
        (AWSCertificateManagerBackend, "delete_certificate", acm_delete_certificate),
        (ELBv2Backend, "delete_load_balancer", elbv2_delete_load_balancer),
        (ELBv2Backend, "delete_listener", elbv2_delete_listener),
        (CloudFrontBackend, "delete_distribution", cloudfront_delete_distribution),
        (RDSBackend, "delete_db_instance", rds_delete_db_instance),
        (EC2Backend, "delete_vpc_endpoints", ec2_delete_vpc_endpoints),
        (EC2Backend, "delete_subnet", ec2_delete_subnet),
        (EC2Backend, "delete_security_group", ec2_delete_security_group),
    ]
    for owner, name, wrapper in changes:
        wrap(owner, name, wrapper)
    return [f"{owner.__name__}.{name}" for owner, name, _ in changes]


def disable() -> None:
    """Put moto back as it was (for tests that run moto in-process after a strict one)."""
    global DELAY  # pylint: disable=global-statement
    DELAY = 0.0
    for (owner, name), original in _originals.items():
        setattr(owner, name, original)
    _originals.clear()
    _lingering.clear()
    _released_certificates.clear()


def delay_from_environment() -> float:
    return float(os.environ.get("EMULATOR_STRICT_DELAY") or 0)
