"""The Datadog APM monitors made for the services of the catalogue."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter.datadog import datadog_apm_monitors

DEFAULTS = {"error_rate": {"critical": 0.05, "warning": 0.03}, "latency_p95": {"critical": 1.0, "warning": 0.5}}


def test_two_monitors_per_service_on_its_unified_service_tag() -> None:
    apm = [{"name": "api", "service": "bm-api", "error_rate": {}, "latency_p95": {"critical": 2}}]
    error, latency = datadog_apm_monitors(apm, "[production] bm", "production", ["env:production"], "\n\n@slack-alerts", DEFAULTS)
    assert error["name"] == "[production] bm API error rate"
    assert error["query"] == (
        "sum(last_5m):sum:trace.express.request.errors{service:bm-api,env:production}.as_count()"
        " / sum:trace.express.request.hits{service:bm-api,env:production}.as_count() > 0.05"
    )
    assert error["message"].endswith("(now {{value}}).\n\n@slack-alerts")
    assert error["options"]["thresholds"] == {"critical": 0.05, "warning": 0.03}
    assert latency["name"] == "[production] bm API latency p95"
    assert latency["query"] == "avg(last_10m):p95:trace.express.request{service:bm-api,env:production} > 2"
    assert latency["options"]["thresholds"] == {"critical": 2.0, "warning": 0.5}


def test_only_the_monitors_a_service_names() -> None:
    monitors = datadog_apm_monitors([{"name": "web", "service": "bm-web", "error_rate": {}}], "p", "e", [], "", DEFAULTS)
    assert [m["name"] for m in monitors] == ["p WEB error rate"]
    assert datadog_apm_monitors([], "p", "e", [], "", DEFAULTS) == []
