"""Start moto in server mode, bound to loopback, with the emulator's known gaps corrected.

Each correction makes moto answer the way AWS does where the stack depends on it. None of
them hides a bug of ours: every one is listed in docs/emulator.md with the AWS behaviour it
restores, and each has a test in tests/test_emulator_launcher.py that fails without it.
"""

from __future__ import annotations

import argparse
import atexit
import inspect
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from tests.harness.emulator import rdsdata, strict
from tests.harness.postgres import Postgres

LOOPBACK = "127.0.0.1"


def fix_nat_gateway_tag_resource_type() -> None:
    """DescribeTags: AWS reports NAT gateways as resource type ``natgateway``, moto as ``nat-gateway``.

    amazon.aws.ec2_vpc_nat_gateway filters its tags by ``resource-type=natgateway``; with moto's
    value it never sees its own tags and re-tags the gateway on every run.
    """
    from moto.ec2 import utils

    utils.EC2_PREFIX_TO_RESOURCE[utils.EC2_RESOURCE_TO_PREFIX["nat-gateway"]] = "natgateway"


def fix_rule_description_updates_return() -> None:
    """UpdateSecurityGroupRuleDescriptions{Ingress,Egress}: AWS answers ``<return>true</return>``, moto nothing.

    amazon.aws.ec2_security_group reads ``Return`` from the answer and fails with
    ``Module failed: 'Return'`` whenever it only has to change a rule's description.
    """
    from moto.core.responses import ActionResult
    from moto.ec2.responses.security_groups import SecurityGroups

    for name in ("update_security_group_rule_descriptions_ingress", "update_security_group_rule_descriptions_egress"):
        original = getattr(SecurityGroups, name)
        if getattr(original, "__corrected__", False):
            continue

        def corrected(self: SecurityGroups, __original: Callable[..., object] = original) -> ActionResult:
            __original(self)
            return ActionResult({"Return": True})

        corrected.__corrected__ = True  # type: ignore[attr-defined]
        setattr(SecurityGroups, name, corrected)


ALB_DEFAULT_ATTRIBUTES = {
    "access_logs.s3.enabled": "false",
    "idle_timeout.timeout_seconds": "60",
    "routing.http2.enabled": "true",
    "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "routing.http.xff_client_port.enabled": "false",
    "routing.http.preserve_host_header.enabled": "false",
    "routing.http.xff_header_processing.mode": "append",
    "waf.fail_open.enabled": "false",
}


def fix_alb_default_attributes() -> None:
    """DescribeLoadBalancerAttributes of a new ALB: AWS lists every attribute with its default
    (ALB_DEFAULT_ATTRIBUTES); moto omits these ("for Terraform compatibility").

    amazon.aws.elb_application_lb reads them to compare and fails with a KeyError, e.g.
    ``Module failed: 'access_logs_s3_enabled'`` or ``'routing_http2_enabled'``.
    """
    from moto.elbv2.models import FakeLoadBalancer

    original = FakeLoadBalancer.__init__
    if getattr(original, "__corrected__", False):
        return

    def corrected(self: FakeLoadBalancer, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        if self.type == "application":
            for key, value in ALB_DEFAULT_ATTRIBUTES.items():
                self.attrs.setdefault(key, value)

    corrected.__corrected__ = True  # type: ignore[attr-defined]
    FakeLoadBalancer.__init__ = corrected  # type: ignore[method-assign]


def fix_target_group_default_attributes() -> None:
    """DescribeTargetGroupAttributes of a new HTTP(S) target group: AWS lists
    ``stickiness.lb_cookie.duration_seconds=86400``; moto omits it.

    community.aws.elb_target_group compares the stickiness duration with that attribute and fails
    with ``Module failed: 'stickiness_lb_cookie_duration_seconds'`` (a KeyError).
    """
    from moto.elbv2.models import FakeTargetGroup

    original = FakeTargetGroup.__init__
    if getattr(original, "__corrected__", False):
        return

    def corrected(self: FakeTargetGroup, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        if self.protocol in ("HTTP", "HTTPS"):
            self.attributes.setdefault("stickiness.lb_cookie.duration_seconds", "86400")

    corrected.__corrected__ = True  # type: ignore[attr-defined]
    FakeTargetGroup.__init__ = corrected  # type: ignore[method-assign]


def fix_cloudfront_distribution_config() -> None:
    """GetDistribution(Config): answer with what AWS stores.

    moto drops an origin's ``S3OriginConfig`` and ``OriginAccessControlId``; returns the legacy
    ``ForwardedValues`` and TTLs on behaviours that use a cache policy (AWS omits them); returns
    unset ``CachePolicyId``/``OriginRequestPolicyId``/``RealtimeLogConfigArn`` as ``""`` (AWS omits
    them); lists empty ``TrustedSigners``/``TrustedKeyGroups`` with ``Items: []`` (AWS sends no
    Items); and leaves out each behaviour's ``GrpcConfig``, which AWS returns, ``{Enabled: false}``
    unless gRPC was turned on. With any of these,
    community.aws.cloudfront_distribution sees a difference and updates the distribution on every run.
    """
    from moto.cloudfront import models

    def normalise(behaviour: object, config: dict[str, object]) -> None:
        if config.get("CachePolicyId"):
            for attribute, key in (("forwarded_values", "ForwardedValues"), ("min_ttl", "MinTTL"),
                                   ("default_ttl", "DefaultTTL"), ("max_ttl", "MaxTTL")):
                if key not in config:
                    setattr(behaviour, attribute, None)
        for attribute in ("cache_policy_id", "origin_request_policy_id", "response_headers_policy_id", "realtime_log_config_arn"):
            if not getattr(behaviour, attribute, None):
                setattr(behaviour, attribute, None)
        grpc = config.get("GrpcConfig") or {}
        behaviour.grpc_config = {"Enabled": str(grpc.get("Enabled", False)).lower() == "true"}  # type: ignore[attr-defined]
        for attribute in ("trusted_signers", "trusted_key_groups"):
            group = getattr(behaviour, attribute)
            if not group.quantity:
                group.items = None

    for cls in (models.DefaultCacheBehaviour, models.CacheBehaviour):
        original = cls.__dict__["__init__"]
        if getattr(original, "__corrected__", False):
            continue

        def behaviour_init(self: object, config: dict[str, object], __original: Callable[..., None] = original) -> None:
            __original(self, config)
            normalise(self, config)

        behaviour_init.__corrected__ = True  # type: ignore[attr-defined]
        cls.__init__ = behaviour_init  # type: ignore[method-assign]

    origin_init = models.Origin.__init__
    if not getattr(origin_init, "__corrected__", False):

        def corrected_origin(self: models.Origin, origin: dict[str, object]) -> None:
            origin_init(self, origin)
            self.s3_origin_config = origin.get("S3OriginConfig")  # type: ignore[attr-defined]
            self.origin_access_control_id = origin.get("OriginAccessControlId", "")  # type: ignore[attr-defined]

        corrected_origin.__corrected__ = True  # type: ignore[attr-defined]
        models.Origin.__init__ = corrected_origin  # type: ignore[method-assign]


ECS_CREATE_SERVICE_FIELDS = {
    "deploymentConfiguration": "deployment_configuration",
    "enableExecuteCommand": "enable_execute_command",
    "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
}


def fix_ecs_create_service_fields() -> None:
    """CreateService: store the deployment configuration, ECS Exec and the grace period, as AWS does.

    moto reads these three fields only in UpdateService, so a service created with a circuit
    breaker, ECS Exec or a grace period describes without them, and community.aws.ecs_service
    updates it on its second run.
    """
    from moto.core.responses import ActionResult
    from moto.ecs.responses import EC2ContainerServiceResponse

    original = EC2ContainerServiceResponse.create_service
    # fix_ecs_service_connect corrects CreateService too: each correction has its own mark.
    if getattr(original, "__create_fields__", False):
        return

    def corrected(self: EC2ContainerServiceResponse) -> ActionResult:
        result = original(self)
        service = self.ecs_backend.services[
            f"{self._get_param('cluster', 'default').split('/')[-1]}:{self._get_param('serviceName')}"
        ]
        for key, attribute in ECS_CREATE_SERVICE_FIELDS.items():
            value = self._get_param(key)
            if value is not None:
                setattr(service, attribute, value)
        return result

    corrected.__corrected__ = True  # type: ignore[attr-defined]
    corrected.__create_fields__ = True  # type: ignore[attr-defined]
    EC2ContainerServiceResponse.create_service = corrected  # type: ignore[method-assign]


def fix_acm_key_algorithms() -> None:
    """RequestCertificate keeps its KeyAlgorithm, and ListCertificates without Includes.keyTypes
    lists RSA_2048 certificates only, as AWS documents.

    moto issues every requested certificate with an RSA 2048 key whatever KeyAlgorithm asked for,
    and lists every key type by default. On AWS a certificate requested as EC_prime256v1 is not
    listed unless Includes.keyTypes names it, so a lookup that does not name it requests a new
    certificate on every run.
    """
    from moto.acm.models import AWSCertificateManagerBackend, CertBundle
    from moto.acm.responses import AWSCertificateManagerResponse
    from moto.core.responses import ActionResult

    request = AWSCertificateManagerResponse.request_certificate
    if getattr(request, "__corrected__", False):
        return

    def corrected_request(self: AWSCertificateManagerResponse) -> ActionResult:
        result = request(self)
        algorithm = self._get_param("KeyAlgorithm")
        if algorithm:
            self.acm_backend.get_certificate(result.result["CertificateArn"]).requested_key_algorithm = algorithm
        return result

    describe = CertBundle.describe

    def corrected_describe(self: CertBundle) -> dict[str, object]:
        described = describe(self)
        algorithm = getattr(self, "requested_key_algorithm", None)
        if algorithm:
            described["Certificate"]["KeyAlgorithm"] = algorithm  # type: ignore[index]
        return described

    list_certificates = AWSCertificateManagerBackend.list_certificates

    def corrected_list(self: AWSCertificateManagerBackend, statuses: list[str], includes: dict[str, object] | None) -> object:
        includes = dict(includes or {})
        includes.setdefault("keyTypes", ["RSA_2048"])
        return list_certificates(self, statuses, includes)

    for function in (corrected_request, corrected_describe, corrected_list):
        function.__corrected__ = True  # type: ignore[attr-defined]
    AWSCertificateManagerResponse.request_certificate = corrected_request  # type: ignore[method-assign]
    CertBundle.describe = corrected_describe  # type: ignore[method-assign]
    AWSCertificateManagerBackend.list_certificates = corrected_list  # type: ignore[method-assign]


def fix_rds_engine_version_downgrade() -> None:
    """ModifyDBCluster with an EngineVersion below the cluster's: AWS refuses with
    ``InvalidParameterCombination: Cannot upgrade aurora-postgresql from 17.5 to 17.4``; moto applies it.

    With auto minor version upgrades AWS moves a cluster's minor version on its own; a converge
    that sends the inventory's older version back fails on AWS and must not pass here.
    """
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.models import RDSBackend

    modify = RDSBackend.modify_db_cluster
    if getattr(modify, "__corrected__", False):
        return

    def numbers(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in str(version).split(".") if part.isdigit())

    def corrected(self: RDSBackend, kwargs: dict[str, object]) -> object:
        wanted = kwargs.get("engine_version")
        cluster = self.clusters.get(str(kwargs.get("db_cluster_identifier")))
        if wanted and cluster is not None and numbers(str(wanted)) < numbers(cluster.engine_version):
            raise InvalidParameterCombination(f"Cannot upgrade {cluster.engine} from {cluster.engine_version} to {wanted}")
        return modify(self, kwargs)

    corrected.__corrected__ = True  # type: ignore[attr-defined]
    RDSBackend.modify_db_cluster = corrected  # type: ignore[method-assign]


def fix_prefix_list_rule_descriptions() -> None:
    """A security group rule that admits a managed prefix list keeps its Description, as on AWS.

    moto stores only the prefix list's ID, so DescribeSecurityGroups answers the rule without
    its description and amazon.aws.ec2_security_group updates the description on every run
    (the ALB's group admits CloudFront's origin-facing prefix list).
    """
    from moto.ec2.models.security_groups import SecurityGroup, SecurityGroupBackend, SecurityGroupRule

    rule_init = SecurityGroupRule.__init__
    if getattr(rule_init, "__corrected__", False):
        return

    signature = inspect.signature(rule_init)

    def corrected_rule(self: SecurityGroupRule, *args: object, **kwargs: object) -> None:
        rule_init(self, *args, **kwargs)  # type: ignore[arg-type]
        entry = signature.bind(self, *args, **kwargs).arguments.get("prefix_list_id")
        self.prefix_list_description = entry.get("Description") if isinstance(entry, dict) else None  # type: ignore[attr-defined]

    flattened = SecurityGroup._flattened_rules

    def corrected_flattened(self: SecurityGroup, rules: list[SecurityGroupRule]) -> list[object]:
        views = flattened(self, rules)
        descriptions = {
            (rule.from_port, rule.to_port, rule.ip_protocol, rule.prefix_list_id): getattr(rule, "prefix_list_description", None)
            for rule in rules
            if rule.prefix_list_id
        }
        for view in views:
            view.prefix_list_ids = [  # type: ignore[attr-defined]
                {**entry, "Description": description}
                if (description := descriptions.get((view.from_port, view.to_port, view.ip_protocol, entry["PrefixListId"])))  # type: ignore[attr-defined]
                else entry
                for entry in view.prefix_list_ids  # type: ignore[attr-defined]
            ]
        return views

    update = SecurityGroupBackend._sg_update_description

    def corrected_update(self: SecurityGroupBackend, security_rule: SecurityGroupRule, rule: SecurityGroupRule) -> None:
        update(self, security_rule, rule)
        description = getattr(security_rule, "prefix_list_description", None)
        if description is not None and security_rule.prefix_list_id and security_rule.prefix_list_id == rule.prefix_list_id:
            rule.prefix_list_description = description  # type: ignore[attr-defined]

    for function in (corrected_rule, corrected_flattened, corrected_update):
        function.__corrected__ = True  # type: ignore[attr-defined]
    SecurityGroupRule.__init__ = corrected_rule  # type: ignore[method-assign]
    SecurityGroup._flattened_rules = corrected_flattened  # type: ignore[method-assign]
    SecurityGroupBackend._sg_update_description = corrected_update  # type: ignore[method-assign]


SERVERLESS_V2_FIRST = "Set the Serverless v2 scaling configuration on the parent DB cluster before creating a Serverless v2 DB instance."


def fix_rds_restore_serverless_v2() -> None:
    """A cluster restored to a point in time has a Serverless v2 scaling configuration only when the
    restore request gave one, and CreateDBInstance with ``db.serverless`` in a cluster that has
    none answers ``InvalidDBClusterStateFault``, as on AWS.

    moto copies every attribute of the source cluster into the restored one and creates any
    instance class, so a restore that forgets the scaling configuration passed here and fails on
    AWS when its first instance is created.
    """
    from moto.rds.exceptions import InvalidDBClusterStateFault
    from moto.rds.models import RDSBackend

    restore = RDSBackend.restore_db_cluster_to_point_in_time
    if getattr(restore, "__corrected__", False):
        return

    def corrected_restore(self: RDSBackend, *args: object, **kwargs: object) -> object:
        cluster = restore(self, *args, **kwargs)
        if "serverless_v2_scaling_configuration" not in kwargs:
            cluster.serverless_v2_scaling_configuration = None  # type: ignore[attr-defined]
        return cluster

    create = RDSBackend.create_db_instance

    def corrected_create(self: RDSBackend, db_kwargs: dict[str, object]) -> object:
        cluster = self.clusters.get(str(db_kwargs.get("db_cluster_identifier")))
        if db_kwargs.get("db_instance_class") == "db.serverless" and cluster is not None and not cluster.serverless_v2_scaling_configuration:
            raise InvalidDBClusterStateFault(SERVERLESS_V2_FIRST)
        return create(self, db_kwargs)

    for function in (corrected_restore, corrected_create):
        function.__corrected__ = True  # type: ignore[attr-defined]
    RDSBackend.restore_db_cluster_to_point_in_time = corrected_restore  # type: ignore[method-assign]
    RDSBackend.create_db_instance = corrected_create  # type: ignore[method-assign]


def fix_ecs_service_connect() -> None:
    """CreateService and UpdateService: keep the Service Connect configuration, as AWS does.

    moto drops serviceConnectConfiguration. AWS keeps it per deployment: DescribeServices answers
    it in each deployment (the PRIMARY one is what the service runs), not at the service's top
    level, and a deployment that does not name it keeps the previous one's.
    """
    from moto.core.responses import ActionResult
    from moto.ecs.responses import EC2ContainerServiceResponse

    originals = {name: getattr(EC2ContainerServiceResponse, name) for name in ("create_service", "update_service")}
    # fix_ecs_create_service_fields corrects CreateService too: each correction has its own mark,
    # so that they apply in any order, each once (the wrappers pass the marks of what they wrap on).
    if getattr(originals["create_service"], "__service_connect__", False):
        return

    def correct(name: str) -> Callable[[EC2ContainerServiceResponse], ActionResult]:
        original = originals[name]

        def corrected(self: EC2ContainerServiceResponse) -> ActionResult:
            result = original(self)
            configuration = self._get_param("serviceConnectConfiguration")
            service = self._get_param("serviceName") or self._get_param("service")
            found = self.ecs_backend.services.get(f"{self._get_param('cluster', 'default').split('/')[-1]}:{service.split('/')[-1]}")
            if configuration is not None and found is not None:
                for deployment in found.deployments:
                    if deployment.get("status") == "PRIMARY":
                        deployment["serviceConnectConfiguration"] = configuration
            return result

        corrected.__dict__.update({key: value for key, value in vars(original).items() if key.startswith("__")})
        corrected.__corrected__ = True  # type: ignore[attr-defined]
        corrected.__service_connect__ = True  # type: ignore[attr-defined]
        return corrected

    for name in originals:
        setattr(EC2ContainerServiceResponse, name, correct(name))


def fix_rds_data_api_on_provisioned_aurora_postgresql() -> None:
    """CreateDBCluster's EnableHttpEndpoint, and the EnableHttpEndpoint operation, on an Aurora
    PostgreSQL cluster in provisioned mode (Serverless v2) turn its Data API on, as AWS does since
    December 2023 (Aurora PostgreSQL 13.11+, 14.8+, 15.3+, 16 and 17), and DescribeDBClusters
    answers HttpEndpointEnabled true.

    moto keeps it only for Serverless v1 clusters of a few old engine versions, silently turning it
    off otherwise, and has no EnableHttpEndpoint operation: a role that turns the Data API on would
    see it off and send it on every run.
    """
    from moto.rds.models import DBCluster

    prop = DBCluster.enable_http_endpoint
    if getattr(prop.fset, "__corrected__", False):
        return

    def setter(self: DBCluster, val: bool | None) -> None:
        prop.fset(self, val)  # type: ignore[misc]
        if val is not None and self.engine == "aurora-postgresql" and self.engine_mode == "provisioned":
            self._enable_http_endpoint = bool(val)

    setter.__corrected__ = True  # type: ignore[attr-defined]
    DBCluster.enable_http_endpoint = property(prop.fget, setter)  # type: ignore[assignment]

    from moto.core.responses import ActionResult
    from moto.rds.exceptions import DBClusterNotFoundError
    from moto.rds.responses import RDSResponse

    def enable_http_endpoint(self: RDSResponse) -> ActionResult:
        arn = self.params.get("ResourceArn")
        found = [cluster for cluster in self.backend.clusters.values() if cluster.arn == arn]
        if not found:
            raise DBClusterNotFoundError(str(arn))
        found[0].enable_http_endpoint = True
        return ActionResult({"ResourceArn": arn, "HttpEndpointEnabled": found[0].enable_http_endpoint})

    enable_http_endpoint.__corrected__ = True  # type: ignore[attr-defined]
    RDSResponse.enable_http_endpoint = enable_http_endpoint  # type: ignore[attr-defined]


# What DescribeDBClusterParameters answers for the parameters the stack sets, before they are set
# (Source engine-default), in an Aurora PostgreSQL family's group. AWS lists every parameter of
# the family; the stack reads only these.
AURORA_POSTGRESQL_DEFAULTS = {
    "rds.force_ssl": {"ParameterValue": "0", "Description": "Force SSL connections.", "Source": "engine-default", "ApplyType": "dynamic",
                      "DataType": "boolean", "AllowedValues": "0,1", "IsModifiable": True, "ApplyMethod": "pending-reboot"},
}  # fmt: skip


def fix_rds_cluster_parameter_defaults() -> None:
    """DescribeDBClusterParameters: a cluster parameter group of an Aurora PostgreSQL family lists
    its engine's parameters, those not set with their default (Source engine-default), and
    Source=user lists only those set, as AWS does.

    moto lists only the parameters set, so amazon.aws.rds_cluster_param_group, which looks each
    parameter it sets up among the listed ones, fails with "Could not find parameter" on a new group.
    """
    from moto.rds.models import RDSBackend
    from moto.rds.responses import RDSResponse

    original = RDSResponse.describe_db_cluster_parameters
    if getattr(original, "__corrected__", False):
        return

    def corrected(self: RDSResponse) -> object:
        from moto.core.responses import ActionResult

        name = self.params.get("DBClusterParameterGroupName")
        backend: RDSBackend = self.backend
        user = {p["ParameterName"]: {**p, "Source": "user"} for p in backend.describe_db_cluster_parameters(name)}
        group = backend.db_cluster_parameter_groups[str(name).lower()]
        defaults = AURORA_POSTGRESQL_DEFAULTS if str(group.db_parameter_group_family).startswith("aurora-postgresql") else {}
        if self.params.get("Source") == "user":
            listed = user
        else:
            listed = {**{key: {"ParameterName": key, **value} for key, value in defaults.items()}, **{
                key: {**defaults.get(key, {}), **value} for key, value in user.items()}}  # fmt: skip
        return ActionResult({"Parameters": [listed[key] for key in sorted(listed)]})

    corrected.__corrected__ = True  # type: ignore[attr-defined]
    RDSResponse.describe_db_cluster_parameters = corrected  # type: ignore[method-assign]


CORRECTIONS: tuple[Callable[[], None], ...] = (
    fix_rds_cluster_parameter_defaults,
    fix_rds_data_api_on_provisioned_aurora_postgresql,
    fix_rds_restore_serverless_v2,
    fix_prefix_list_rule_descriptions,
    fix_rds_engine_version_downgrade,
    fix_acm_key_algorithms,
    fix_ecs_create_service_fields,
    fix_ecs_service_connect,
    fix_cloudfront_distribution_config,
    fix_target_group_default_attributes,
    fix_alb_default_attributes,
    fix_nat_gateway_tag_resource_type,
    fix_rule_description_updates_return,
)


def apply_corrections() -> list[str]:
    """Apply every correction; return their names (idempotent)."""
    for correction in CORRECTIONS:
        correction()
    return [correction.__name__ for correction in CORRECTIONS]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("EMULATOR_PORT", "5001")))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "0")
    applied = apply_corrections()
    print(f"emulator: corrections applied: {', '.join(applied)}", flush=True)
    # The Data API's SQL runs on a PostgreSQL of the emulator's own (tests/harness/emulator/rdsdata.py),
    # stopped by its PID when the emulator stops.
    postgres = Postgres.start()
    rdsdata.install(postgres)
    stop = lambda *_: (postgres.stop(), os._exit(0))  # noqa: E731 - moto's server never returns
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    atexit.register(postgres.stop)
    print(f"emulator: the Data API runs SQL on PostgreSQL (pid {postgres.process.pid}, port {postgres.port})", flush=True)
    if os.environ.get("EMULATOR_POSTGRES_FILE"):
        Path(os.environ["EMULATOR_POSTGRES_FILE"]).write_text(json.dumps({"pid": postgres.process.pid, "port": postgres.port}))
    delay = strict.delay_from_environment()
    if delay > 0:
        print(f"emulator: strict mode, deletions settle after {delay:g} s: {', '.join(strict.enable(delay))}", flush=True)

    from moto import server

    # Never bind anything but loopback: the emulator accepts any credentials.
    server.main(["-H", LOOPBACK, "-p", str(args.port)])


if __name__ == "__main__":
    main()
