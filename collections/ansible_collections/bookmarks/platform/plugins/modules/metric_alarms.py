#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage a set of CloudWatch metric alarms, metric-math alarms included, in one call."""

from __future__ import annotations

DOCUMENTATION = r"""
module: metric_alarms
version_added: 0.4.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Manage CloudWatch metric alarms, including metric-math alarms, idempotently
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Reads every named alarm with one C(DescribeAlarms) call, compares it field by field with the
    wanted one, and sends C(PutMetricAlarm) only for the alarms that differ (or do not exist).
  - Unlike M(amazon.aws.cloudwatch_metric_alarm), a metric-math alarm (O(alarms[].metrics)) that
    is already as wanted is reported unchanged.
  - Tags are compared per alarm with C(ListTagsForResource) and changed with C(TagResource) and
    C(UntagResource).
  - Supports check mode (nothing is written) and diff mode (each differing alarm before and after).
options:
  alarms:
    description: The alarms. Every alarm gets O(alarm_actions), O(ok_actions) and O(tags).
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The alarm name.
        type: str
        required: true
      description:
        description: The alarm description.
        type: str
      namespace:
        description: Namespace of a single-metric alarm, for example C(AWS/ECS).
        type: str
      metric_name:
        description: Metric of a single-metric alarm, for example C(CPUUtilization).
        type: str
      statistic:
        description: Statistic of a single-metric alarm.
        type: str
        choices: [SampleCount, Average, Sum, Minimum, Maximum]
      dimensions:
        description: Dimension name to value, for a single-metric alarm.
        type: dict
      period:
        description: Period in seconds of a single-metric alarm.
        type: int
      metrics:
        description:
          - A metric-math alarm, in the form of the C(Metrics) list of C(PutMetricAlarm)
            (C(Id), C(Expression) or C(MetricStat), C(Label), C(ReturnData)), passed as given.
          - Mutually exclusive with O(alarms[].namespace), O(alarms[].metric_name) and
            O(alarms[].statistic).
          - Set C(ReturnData) on every query; a key left out is not compared.
        type: list
        elements: dict
      threshold:
        description: The threshold the statistic or expression is compared with (required when present).
        type: float
      comparison_operator:
        description: How the value is compared with O(alarms[].threshold) (required when present).
        type: str
        choices:
          - GreaterThanOrEqualToThreshold
          - GreaterThanThreshold
          - LessThanThreshold
          - LessThanOrEqualToThreshold
      evaluation_periods:
        description: How many periods are evaluated (required when present).
        type: int
      datapoints_to_alarm:
        description: How many of those periods must breach (defaults to all of them).
        type: int
      treat_missing_data:
        description: How missing data points are treated.
        type: str
        default: missing
        choices: [breaching, notBreaching, ignore, missing]
  alarm_actions:
    description: ARNs notified when an alarm goes to ALARM (an SNS topic, for example).
    type: list
    elements: str
    default: []
  ok_actions:
    description: ARNs notified when an alarm goes back to OK.
    type: list
    elements: str
    default: []
  tags:
    description: Tags of every alarm.
    type: dict
    default: {}
  purge_tags:
    description: Remove tags of an alarm that O(tags) does not name.
    type: bool
    default: true
  state:
    description: C(absent) deletes the named alarms that exist (only O(alarms[].name) is read).
    type: str
    default: present
    choices: [present, absent]
"""

EXAMPLES = r"""
- name: ALB 5xx rate above 5 % for two periods of five minutes
  bookmarks.platform.metric_alarms:
    alarm_actions: [arn:aws:sns:ap-northeast-1:123456789012:alerts]
    alarms:
      - name: bookmark-manager-production-alb-5xx-rate
        threshold: 5
        comparison_operator: GreaterThanThreshold
        evaluation_periods: 2
        treat_missing_data: notBreaching
        metrics:
          - {Id: rate, Expression: "100 * (t + e) / r", Label: 5xx rate (%), ReturnData: true}
          - Id: t
            ReturnData: false
            MetricStat:
              Metric:
                Namespace: AWS/ApplicationELB
                MetricName: HTTPCode_Target_5XX_Count
                Dimensions: [{Name: LoadBalancer, Value: app/bookmark-manager-production-alb/0123456789abcdef}]
              Period: 300
              Stat: Sum
"""

RETURN = r"""
alarms:
  description: Each alarm's name and ARN (in check mode, the ARN an alarm would get).
  returned: always
  type: list
  elements: dict
  sample: [{name: bookmark-manager-production-alb-5xx-rate, arn: "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:x"}]
changed_alarms:
  description: The names of the alarms that were (or in check mode would be) created, changed or deleted.
  returned: always
  type: list
  elements: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

SINGLE_METRIC_KEYS = ("namespace", "metric_name", "statistic")


def wanted(alarm: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The PutMetricAlarm request for one alarm (without tags)."""
    request: dict[str, Any] = {
        "AlarmName": alarm["name"],
        "ActionsEnabled": True,
        "AlarmActions": sorted(params["alarm_actions"]),
        "OKActions": sorted(params["ok_actions"]),
        "Threshold": float(alarm["threshold"]),
        "ComparisonOperator": alarm["comparison_operator"],
        "EvaluationPeriods": alarm["evaluation_periods"],
        "DatapointsToAlarm": alarm.get("datapoints_to_alarm") or alarm["evaluation_periods"],
        "TreatMissingData": alarm.get("treat_missing_data") or "missing",
    }
    if alarm.get("description"):
        request["AlarmDescription"] = alarm["description"]
    if alarm.get("metrics"):
        request["Metrics"] = alarm["metrics"]
    else:
        request.update(
            Namespace=alarm["namespace"],
            MetricName=alarm["metric_name"],
            Statistic=alarm["statistic"],
            Period=alarm["period"],
            Dimensions=[{"Name": k, "Value": str(v)} for k, v in sorted((alarm.get("dimensions") or {}).items())],
        )
    return request


def problems(alarm: dict[str, Any]) -> list[str]:
    name = alarm["name"]
    unset = [key for key in ("threshold", "comparison_operator", "evaluation_periods") if alarm.get(key) is None]
    if unset:
        return [f"alarms[{name}]: {', '.join(unset)} required"]
    single = [key for key in SINGLE_METRIC_KEYS if alarm.get(key)]
    if alarm.get("metrics"):
        if single:
            return [f"alarms[{name}]: metrics (metric math) excludes {', '.join(single)}"]
        return []
    missing = [key for key in (*SINGLE_METRIC_KEYS, "period") if not alarm.get(key)]
    return [f"alarms[{name}]: a single-metric alarm needs {', '.join(missing)} (or give metrics)"] if missing else []


def covers(want: Any, have: Any) -> bool:
    """True when every key given in want has the same value in have (lists element by element)."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(covers(v, have.get(k)) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(have, list) and len(want) == len(have) and all(covers(w, h) for w, h in zip(want, have))
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(have, (int, float)):
        return float(want) == float(have)
    return bool(want == have)


def current_view(have: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    """The described alarm in the shape of the request, for the comparison and the diff."""
    view = {key: have.get(key) for key in want}
    for key in ("AlarmActions", "OKActions"):
        view[key] = sorted(have.get(key) or [])
    if "Dimensions" in view:
        view["Dimensions"] = sorted(have.get("Dimensions") or [], key=lambda d: d["Name"])
    return view


def tag_changes(client: Any, arn: str, params: dict[str, Any]) -> tuple[dict[str, str], dict[str, str], list[str]]:
    have = {t["Key"]: t["Value"] for t in client.list_tags_for_resource(ResourceARN=arn).get("Tags", [])}
    want = {k: str(v) for k, v in params["tags"].items()}
    to_set = {k: v for k, v in want.items() if have.get(k) != v}
    to_drop = [k for k in have if k not in want] if params["purge_tags"] else []
    return have, to_set, to_drop


def describe(client: Any, names: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(names), 100):
        paginator = client.get_paginator("describe_alarms")
        for page in paginator.paginate(AlarmNames=names[start:start + 100], AlarmTypes=["MetricAlarm"]):
            found.update({a["AlarmName"]: a for a in page.get("MetricAlarms", [])})
    return found


def arn_for(client: Any, name: str, existing: dict[str, dict[str, Any]]) -> str:
    if name in existing:
        return str(existing[name]["AlarmArn"])
    return f"arn:aws:cloudwatch:{client.meta.region_name}:(account):alarm:{name}"


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    names = [a["name"] for a in params["alarms"]]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise RuntimeError(f"alarms: each name once; repeated: {', '.join(duplicates)}")
    existing = describe(client, names)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    changed: list[str] = []

    if params["state"] == "absent":
        gone = [n for n in names if n in existing]
        if gone and not check_mode:
            for start in range(0, len(gone), 100):
                client.delete_alarms(AlarmNames=gone[start:start + 100])
        return {
            "changed": bool(gone),
            "changed_alarms": gone,
            "alarms": [],
            "diff": {"before": {n: "present" for n in gone}, "after": {n: "absent" for n in gone}},
        }

    errors = [p for alarm in params["alarms"] for p in problems(alarm)]
    if errors:
        raise RuntimeError("; ".join(errors))
    for alarm in params["alarms"]:
        name = alarm["name"]
        want = wanted(alarm, params)
        have = existing.get(name)
        if have is None:
            before[name], after[name] = {}, {**want, "Tags": dict(params["tags"])}
            changed.append(name)
            if not check_mode:
                tags = [{"Key": k, "Value": str(v)} for k, v in params["tags"].items()]
                client.put_metric_alarm(**want, **({"Tags": tags} if tags else {}))
            continue
        view = current_view(have, want)
        config_differs = not covers(want, view)
        tags_have, to_set, to_drop = tag_changes(client, have["AlarmArn"], params)
        if not (config_differs or to_set or to_drop):
            continue
        changed.append(name)
        before[name] = {**view, "Tags": tags_have} if config_differs else {"Tags": tags_have}
        tags_after = {k: v for k, v in {**tags_have, **to_set}.items() if k not in to_drop}
        after[name] = {**want, "Tags": tags_after} if config_differs else {"Tags": tags_after}
        if check_mode:
            continue
        if config_differs:
            client.put_metric_alarm(**want)
        if to_set:
            client.tag_resource(ResourceARN=have["AlarmArn"], Tags=[{"Key": k, "Value": v} for k, v in to_set.items()])
        if to_drop:
            client.untag_resource(ResourceARN=have["AlarmArn"], TagKeys=to_drop)

    if changed and not check_mode:
        existing = describe(client, names)
    return {
        "changed": bool(changed),
        "changed_alarms": changed,
        "alarms": [{"name": n, "arn": arn_for(client, n, existing)} for n in names],
        "diff": {"before": before, "after": after},
    }


def main() -> None:
    alarm_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        namespace=dict(type="str"),
        metric_name=dict(type="str"),
        statistic=dict(type="str", choices=["SampleCount", "Average", "Sum", "Minimum", "Maximum"]),
        dimensions=dict(type="dict"),
        period=dict(type="int"),
        metrics=dict(type="list", elements="dict"),
        threshold=dict(type="float"),
        comparison_operator=dict(
            type="str",
            choices=[
                "GreaterThanOrEqualToThreshold",
                "GreaterThanThreshold",
                "LessThanThreshold",
                "LessThanOrEqualToThreshold",
            ],
        ),
        evaluation_periods=dict(type="int"),
        datapoints_to_alarm=dict(type="int"),
        treat_missing_data=dict(
            type="str", default="missing", choices=["breaching", "notBreaching", "ignore", "missing"]
        ),
    )
    module = AnsibleAWSModule(
        argument_spec=dict(
            alarms=dict(type="list", elements="dict", required=True, options=alarm_spec),
            alarm_actions=dict(type="list", elements="str", default=[]),
            ok_actions=dict(type="list", elements="str", default=[]),
            tags=dict(type="dict", default={}),
            purge_tags=dict(type="bool", default=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    run_module(module, "cloudwatch", run, "Failed to manage the CloudWatch alarms")


if __name__ == "__main__":
    main()
