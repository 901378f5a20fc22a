"""The service catalogue: merged, checked with messages that name the field, and each role's view."""

from __future__ import annotations

from typing import Any

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.bookmarks.platform.plugins.filter.services import (
    alb_https_listener,
    alb_services,
    alb_service_ports,
    alb_target_groups,
    cloudfront_app_paths,
    sentry_platforms,
    service_catalogue,
    service_connect_ports,
)
from ansible_collections.bookmarks.platform.plugins.plugin_utils.service_catalogue import CatalogueError, catalogue, merge

DECLARED: dict[str, Any] = {
    "web": {"port": 3000, "route": {"default": True}, "secrets": ["SENTRY_DSN=SENTRY_DSN_WEB"], "sentry_platform": "javascript-nextjs", "calls": ["api"]},
    "api": {"port": "3001", "route": {"paths": ["/api/*"], "priority": 10}, "health_check_path": "/api/health", "sentry_platform": "node"},
}
ADMIN = {"admin": {"port": 3002, "route": {"paths": ["/admin/*"], "priority": 20}, "sentry_platform": "node"}}
SECRET = [{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Origin-Verify", "Values": ["s3cr3t"]}}]


def test_entries_get_every_field_in_the_roles_types() -> None:
    services = catalogue(DECLARED)
    assert list(services) == ["web", "api"]
    assert services["api"]["port"] == 3001
    assert services["api"]["route"] == {"default": False, "paths": ["/api/*"], "priority": 10}
    assert services["web"]["route"] == {"default": True, "paths": [], "priority": None}
    assert services["web"]["health_check_path"] == "/"
    assert services["api"]["secrets"] == [] and services["api"]["calls"] == []


def test_overrides_add_change_and_remove_services() -> None:
    assert list(catalogue(DECLARED, ADMIN)) == ["web", "api", "admin"]
    changed = catalogue(DECLARED, {"api": {"autoscaling": {"min_capacity": 3}, "environment": {"LOG_LEVEL": "debug"}}})
    assert changed["api"]["autoscaling"] == {"min_capacity": 3} and changed["api"]["port"] == 3001
    assert changed["api"]["environment"] == {"LOG_LEVEL": "debug"}
    nested = merge({"api": {"route": {"paths": ["/api/*"], "priority": 10}}}, {"api": {"route": {"priority": 5}}})
    assert nested["api"]["route"] == {"paths": ["/api/*"], "priority": 5}
    assert list(catalogue(DECLARED, {"web": None, "api": {"calls": []}})) == ["api"]
    assert DECLARED["api"]["port"] == "3001", "merging changed the declared catalogue"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"web": {"port": 3001}}, "app_service_catalogue.api.port: 3001 is web's port too"),
        ({"api": {"port": "http"}}, "app_service_catalogue.api.port: 'http' is not a whole number"),
        ({"api": {"port": 70000}}, "app_service_catalogue.api.port: 70000 is outside 1-65535"),
        ({"Admin": {"port": 1}}, "app_service_catalogue.Admin: a service name is 1-20 lower-case letters and digits"),
        ({"web-admin": {"port": 1}}, "app_service_catalogue.web-admin: a service name is 1-20 lower-case letters and digits"),
        ({"admin": {"route": {"default": True}}}, "app_service_catalogue.admin.port: required (the container's port)"),
        ({"admin": {"port": 3002, "route": {"default": True}}}, "app_service_catalogue: web, admin all take the default route"),
        ({"admin": {"port": 3002, "route": {"paths": ["/admin/*"]}}}, "app_service_catalogue.admin.route.priority: a route with paths needs a priority"),
        ({"admin": {"port": 3002, "route": {"paths": ["/admin/*"], "priority": 10}}}, "app_service_catalogue.admin.route.priority: 10 is api's too"),
        (
            {"admin": {"port": 3002, "route": {"paths": ["admin/*"], "priority": 20}}},
            "app_service_catalogue.admin.route.paths[0]: 'admin/*' is not a path pattern",
        ),
        ({"admin": {"port": 3002, "route": {"path": "/admin/*"}}}, "app_service_catalogue.admin.route: unknown field path (allowed: default, paths, priority)"),
        ({"admin": {"port": 3002, "prot": 1}}, "app_service_catalogue.admin: unknown field prot (allowed: port, route,"),
        ({"api": {"secrets": ["database_url"]}}, "app_service_catalogue.api.secrets[0]: 'database_url' must be NAME or NAME=PARAMETER"),
        ({"api": {"secrets": ["A", "A=B"]}}, "app_service_catalogue.api.secrets: a variable is named twice (A)"),
        ({"api": {"secrets": ["A"], "environment": {"A": "1"}}}, "app_service_catalogue.api.environment.A: also a secret of the service"),
        ({"api": {"sentry_platform": "cobol"}}, "app_service_catalogue.api.sentry_platform: 'cobol' is not one of javascript-nextjs, node"),
        ({"api": {"sidecars": ["newrelic"]}}, "app_service_catalogue.api.sidecars: 'newrelic' is not a known sidecar (datadog)"),
        ({"web": {"calls": ["db"]}}, "app_service_catalogue.web.calls: 'db' is not another service of the catalogue (web, api)"),
        ({"api": {"autoscaling": {"min": 1}}}, "app_service_catalogue.api.autoscaling: unknown field min (allowed: min_capacity, max_capacity, cpu_target)"),
        ({"api": {"monitors": {"error_rate": {"warn": 1}}}}, "app_service_catalogue.api.monitors.error_rate: thresholds are critical and warning"),
        ({"api": {"monitors": ["errors"]}}, "app_service_catalogue.api.monitors: unknown monitor errors (allowed: error_rate, latency_p95)"),
        ({"api": {"health_check_path": "health"}}, "app_service_catalogue.api.health_check_path: 'health' must be a path starting with /"),
    ],
)
def test_problems_name_the_field(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogueError) as raised:
        catalogue(DECLARED, overrides)
    assert str(raised.value).startswith(message), str(raised.value)


def test_not_a_catalogue() -> None:
    with pytest.raises(CatalogueError, match="^app_service_catalogue: expected a mapping of the application's services"):
        catalogue([])
    with pytest.raises(CatalogueError, match="^app_service_overrides: expected a mapping"):
        catalogue(DECLARED, ["admin"])
    with pytest.raises(AnsibleFilterError, match="^app_service_catalogue.api.port: 3001 is web's port too$"):
        service_catalogue(DECLARED, {"web": {"port": 3001}})


def test_the_views_of_the_roles() -> None:
    services = catalogue(DECLARED, ADMIN)
    assert alb_service_ports(services) == [3000, 3001, 3002]
    assert service_connect_ports(services) == [3001]  # web calls api
    assert alb_services(services)["api"] == {"port": 3001, "health_check_path": "/api/health", "paths": ["/api/*"], "priority": 10, "default": False}
    assert alb_target_groups(alb_services(services), "p") == [
        {"key": "admin", "name": "p-admin", "port": 3002, "health_check_path": "/"},
        {"key": "api", "name": "p-api", "port": 3001, "health_check_path": "/api/health"},
        {"key": "web", "name": "p-web", "port": 3000, "health_check_path": "/"},
    ]
    assert cloudfront_app_paths(services) == ["/api/*", "/admin/*"]
    assert sentry_platforms(services) == {"admin": "node", "api": "node", "web": "javascript-nextjs"}


def test_an_internal_service_gets_no_target_group_and_no_alb_port() -> None:
    services = catalogue(DECLARED, {"worker": {"port": 4000}})
    assert list(alb_services(services)) == ["web", "api"]
    assert alb_service_ports(services) == [3000, 3001]


def test_the_listener_with_the_secret_header() -> None:
    listener = alb_https_listener(alb_services(catalogue(DECLARED, ADMIN)), "p", SECRET)
    assert listener["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"] == "403"
    assert [(rule["Priority"], rule["Actions"][0]["TargetGroupName"]) for rule in listener["Rules"]] == [("10", "p-api"), ("20", "p-admin"), ("30", "p-web")]
    assert listener["Rules"][0]["Conditions"] == [{"Field": "path-pattern", "Values": ["/api/*"]}, *SECRET]
    assert listener["Rules"][2]["Conditions"] == SECRET


def test_the_listener_without_a_secret_header() -> None:
    listener = alb_https_listener(alb_services(catalogue(DECLARED)), "p")
    assert listener["DefaultActions"] == [{"Type": "forward", "TargetGroupName": "p-web"}]
    api_rule = {"Conditions": [{"Field": "path-pattern", "Values": ["/api/*"]}], "Priority": "10", "Actions": [{"Type": "forward", "TargetGroupName": "p-api"}]}
    assert listener["Rules"] == [api_rule]
    nobody = alb_https_listener(alb_services(catalogue(DECLARED, {"web": None})), "p")
    assert nobody["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"] == "404"


def test_monitors_named_or_with_thresholds() -> None:
    named = catalogue(DECLARED, {"api": {"monitors": ["error_rate"]}})
    assert named["api"]["monitors"] == {"error_rate": {}}
    given = catalogue(DECLARED, {"api": {"monitors": {"latency_p95": {"critical": "2"}}}})
    assert given["api"]["monitors"] == {"latency_p95": {"critical": 2.0}}
