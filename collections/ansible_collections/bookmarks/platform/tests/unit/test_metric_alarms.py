"""metric_alarms against moto in-process: alarms read back with boto3, writes counted."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

from ansible_collections.bookmarks.platform.plugins.modules import metric_alarms

TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alerts"
SIMPLE = {
    "name": "svc-cpu",
    "description": "CPU above 80 %",
    "namespace": "AWS/ECS",
    "metric_name": "CPUUtilization",
    "statistic": "Average",
    "dimensions": {"ServiceName": "web", "ClusterName": "c"},
    "period": 300,
    "metrics": None,
    "threshold": 80,
    "comparison_operator": "GreaterThanThreshold",
    "evaluation_periods": 2,
    "datapoints_to_alarm": None,
    "treat_missing_data": "missing",
}
MATH = {
    **{key: None for key in SIMPLE},
    "name": "alb-5xx-rate",
    "threshold": 5,
    "comparison_operator": "GreaterThanThreshold",
    "evaluation_periods": 2,
    "treat_missing_data": "notBreaching",
    "metrics": [
        {"Id": "rate", "Expression": "100 * (t + e) / r", "Label": "5xx rate (%)", "ReturnData": True},
        *[
            {
                "Id": key,
                "ReturnData": False,
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AWS/ApplicationELB",
                        "MetricName": metric,
                        "Dimensions": [{"Name": "LoadBalancer", "Value": "app/alb/0123"}],
                    },
                    "Period": 300,
                    "Stat": "Sum",
                },
            }
            for key, metric in (("t", "HTTPCode_Target_5XX_Count"), ("e", "HTTPCode_ELB_5XX_Count"), ("r", "RequestCount"))
        ],
    ],
}


@pytest.fixture
def cw() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("cloudwatch", region_name="ap-northeast-1")


def params(*alarms: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    base = {
        "alarms": [copy.deepcopy(a) for a in alarms],
        "alarm_actions": [TOPIC],
        "ok_actions": [],
        "tags": {"Project": "test"},
        "purge_tags": True,
        "state": "present",
    }
    base.update(overrides)
    return base


def stored(cw: Any, name: str) -> dict[str, Any]:
    [alarm] = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    return dict(alarm)


def tags(cw: Any, name: str) -> dict[str, str]:
    arn = stored(cw, name)["AlarmArn"]
    return {t["Key"]: t["Value"] for t in cw.list_tags_for_resource(ResourceARN=arn)["Tags"]}


def test_check_mode_on_nothing_reports_both_and_writes_nothing(cw: Any) -> None:
    calls = Calls(cw)
    result = metric_alarms.run(cw, params(SIMPLE, MATH), check_mode=True)
    assert result["changed"] is True
    assert result["changed_alarms"] == ["svc-cpu", "alb-5xx-rate"]
    assert result["diff"]["after"]["alb-5xx-rate"]["Metrics"][0]["Expression"] == "100 * (t + e) / r"
    assert calls.writes == []
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_create_then_rerun_sends_no_write_for_a_metric_math_alarm(cw: Any) -> None:
    created = metric_alarms.run(cw, params(SIMPLE, MATH), check_mode=False)
    assert created["changed"] is True
    math = stored(cw, "alb-5xx-rate")
    assert [m["Id"] for m in math["Metrics"]] == ["rate", "t", "e", "r"]
    assert math["AlarmActions"] == [TOPIC]
    assert math["TreatMissingData"] == "notBreaching"
    simple = stored(cw, "svc-cpu")
    assert simple["Threshold"] == 80.0 and simple["DatapointsToAlarm"] == 2
    assert tags(cw, "svc-cpu") == {"Project": "test"}
    assert created["alarms"][1]["arn"] == math["AlarmArn"]

    calls = Calls(cw)
    again = metric_alarms.run(cw, params(SIMPLE, MATH), check_mode=False)
    assert again["changed"] is False
    assert calls.writes == []


def test_threshold_edited_by_hand_is_named_then_repaired(cw: Any) -> None:
    metric_alarms.run(cw, params(SIMPLE, MATH), check_mode=False)
    cw.put_metric_alarm(**{**metric_alarms.wanted(MATH, params()), "Threshold": 50.0})
    calls = Calls(cw)
    dry = metric_alarms.run(cw, params(SIMPLE, MATH), check_mode=True)
    assert dry["changed_alarms"] == ["alb-5xx-rate"]
    assert dry["diff"]["before"]["alb-5xx-rate"]["Threshold"] == 50.0
    assert dry["diff"]["after"]["alb-5xx-rate"]["Threshold"] == 5.0
    assert calls.writes == []
    assert stored(cw, "alb-5xx-rate")["Threshold"] == 50.0

    metric_alarms.run(cw, params(SIMPLE, MATH), check_mode=False)
    assert stored(cw, "alb-5xx-rate")["Threshold"] == 5.0


def test_a_changed_expression_and_a_removed_tag_are_repaired(cw: Any) -> None:
    metric_alarms.run(cw, params(SIMPLE, MATH), check_mode=False)
    cw.untag_resource(ResourceARN=stored(cw, "svc-cpu")["AlarmArn"], TagKeys=["Project"])
    changed = copy.deepcopy(MATH)
    changed["metrics"][0]["Expression"] = "100 * t / r"
    result = metric_alarms.run(cw, params(SIMPLE, changed), check_mode=False)
    assert sorted(result["changed_alarms"]) == ["alb-5xx-rate", "svc-cpu"]
    assert result["diff"]["before"]["svc-cpu"] == {"Tags": {}}
    assert stored(cw, "alb-5xx-rate")["Metrics"][0]["Expression"] == "100 * t / r"
    assert tags(cw, "svc-cpu") == {"Project": "test"}


def test_absent_deletes_only_what_exists(cw: Any) -> None:
    metric_alarms.run(cw, params(SIMPLE), check_mode=False)
    names_only = [{"name": "svc-cpu"}, {"name": "never-made"}]
    dry = metric_alarms.run(cw, params(*names_only, state="absent"), check_mode=True)
    assert dry["changed_alarms"] == ["svc-cpu"]
    assert len(cw.describe_alarms()["MetricAlarms"]) == 1
    gone = metric_alarms.run(cw, params(*names_only, state="absent"), check_mode=False)
    assert gone["changed_alarms"] == ["svc-cpu"]
    assert cw.describe_alarms()["MetricAlarms"] == []
    assert metric_alarms.run(cw, params(*names_only, state="absent"), check_mode=False)["changed"] is False


@pytest.mark.parametrize(
    ("alarm", "message"),
    [
        ({**SIMPLE, "metrics": MATH["metrics"]}, "metrics (metric math) excludes namespace, metric_name, statistic"),
        ({**SIMPLE, "period": None}, "a single-metric alarm needs period"),
        ({**SIMPLE, "threshold": None}, "threshold required"),
    ],
)
def test_inconsistent_alarms_fail_before_any_write(cw: Any, alarm: dict[str, Any], message: str) -> None:
    calls = Calls(cw)
    with pytest.raises(RuntimeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        metric_alarms.run(cw, params(alarm), check_mode=False)
    assert calls.writes == []


def test_a_name_given_twice_is_refused(cw: Any) -> None:
    with pytest.raises(RuntimeError, match="repeated: svc-cpu"):
        metric_alarms.run(cw, params(SIMPLE, SIMPLE), check_mode=False)
