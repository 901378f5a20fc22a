"""`make cost`: the monthly estimate of the stack an inventory asks for, line by line.

    python -m tools.cost [-i inventories/prod] [-e name=value ...]
    python -m tools.cost --profile seed        the design document's cost table at today's prices
    python -m tools.cost --write | --check     docs/cost.md (seed, prod, staging), or is it current?

The quantities come from the inventory itself (playbooks/describe.yml: task counts and sizes,
schedules, ACU, NAT mode, Atlas tier) and from its `cost_usage` (traffic, storage, SaaS seats);
the prices from tools/cost_prices.yml, which is dated. With -e, the estimate is shown again with
those values, and what each line changes.

Two totals: at list price with every service at its desired count around the clock, and after
the savings the inventory itself makes (its scheduled scale-in, Fargate Spot as the default
capacity provider, and a Compute Savings Plan discount if cost_usage names one).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tools.generated import write_or_check

ROOT = Path(__file__).resolve().parents[1]
PRICES = Path(__file__).with_name("cost_prices.yml")
SEED = Path(__file__).with_name("cost_seed.yml")
WEEK_HOURS = 7 * 24
DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
# AWS cron: 1 = SUN ... 7 = SAT.
AWS_DAY_NUMBERS = {"1": "SUN", "2": "MON", "3": "TUE", "4": "WED", "5": "THU", "6": "FRI", "7": "SAT"}
WAF_RULES = 5  # ip-allow, two AWS managed rule groups, ip-deny, rate-limit (roles/cloudfront_waf)


@dataclass
class Line:
    item: str
    quantity: str
    list_price: float
    after_savings: float


def describe(inventory: str, extra_vars: list[str]) -> dict[str, Any]:
    """The effective values of the inventory (playbooks/describe.yml; no AWS call)."""
    with tempfile.TemporaryDirectory(prefix="describe-") as scratch:
        target = Path(scratch) / "description.json"
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "playbooks/describe.yml", "-i", inventory]
        command += ["-e", f"describe_file={target}"] + [arg for value in extra_vars for arg in ("-e", value)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"playbooks/describe.yml failed for {inventory}:\n{done.stdout[-3000:]}{done.stderr}")
        return json.loads(target.read_text())


def _expand(field: str, names: list[str], aliases: dict[str, str] | None = None) -> set[str]:
    """One AWS cron field (hours or days of the week) as the set of values it matches."""
    if field in ("*", "?"):
        return set(names)
    matched: set[str] = set()
    for part in field.split(","):
        ends = [(aliases or {}).get(end, end).upper() for end in part.split("-")]
        start, stop = names.index(ends[0]), names.index(ends[-1])
        matched.update(names[start : stop + 1] if start <= stop else names[start:] + names[: stop + 1])
    return matched


def fires(schedule: str) -> set[int]:
    """The hours of a week (0 = Monday 00:00) at which an AWS cron() schedule fires."""
    match = re.fullmatch(r"cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)", schedule.strip())
    if not match:
        return set()  # at() and rate() schedules are not simulated
    _minute, hour, _day, _month, weekday, _year = match.groups()
    hours = {int(h) for h in _expand(hour, [str(h) for h in range(24)])}
    days = _expand(weekday, DAYS, AWS_DAY_NUMBERS)
    return {DAYS.index(day) * 24 + h for day in days for h in hours}


def desired_tasks(ecs: dict[str, Any], service: dict[str, Any]) -> int:
    """A service's task count outside quiet hours: the desired count, within its autoscaling range."""
    return int(min(max(ecs["desired_count"], service["min_capacity"]), service["max_capacity"]))


def average_tasks(ecs: dict[str, Any], service: dict[str, Any]) -> float:
    """A service's tasks averaged over a week of its schedules.

    Assumes autoscaling runs at a schedule's minimum where the schedule lowers it below the
    service's minimum (quiet hours), and at the desired count otherwise.
    """
    desired, floor = desired_tasks(ecs, service), service["min_capacity"]
    firing = {hour: action for action in service["scheduled_actions"] for hour in fires(action["schedule"])}
    if not firing:
        return float(desired)
    total = 0
    for hour in range(WEEK_HOURS):
        last = next(firing[(hour - back) % WEEK_HOURS] for back in range(WEEK_HOURS) if (hour - back) % WEEK_HOURS in firing)
        total += last["min_capacity"] if last["min_capacity"] < floor else desired
    return total / WEEK_HOURS


def estimate(description: dict[str, Any], table: dict[str, Any]) -> list[Line]:
    price = {name: entry["price"] for name, entry in table["prices"].items()}
    hours = table["hours_per_month"]
    usage, ecs, vpc, aurora, atlas = (description[key] for key in ("usage", "ecs", "vpc", "aurora", "atlas"))
    lines: list[Line] = []

    arm = ecs["cpu_architecture"] == "ARM64"
    spot = price["fargate_spot_discount"] if ecs["default_capacity_provider"] == "FARGATE_SPOT" else 0.0
    plan = float(usage.get("compute_savings_plan_discount", 0.0))
    for name, service in ecs["services"].items():
        vcpu, gb = ((service.get("cpu") or ecs["cpu"]) / 1024, (service.get("memory") or ecs["memory"]) / 1024)
        task_hour = vcpu * price["fargate_arm_vcpu_hour" if arm else "fargate_vcpu_hour"]
        task_hour += gb * price["fargate_arm_gb_hour" if arm else "fargate_gb_hour"]
        desired, scheduled = desired_tasks(ecs, service), average_tasks(ecs, service)
        lines.append(
            Line(
                f"ECS Fargate: {name}",
                f"{desired} x {vcpu:g} vCPU / {gb:g} GB (avg {scheduled:.2f} with schedules)",
                desired * task_hour * hours,
                scheduled * task_hour * hours * (1 - spot) * (1 - plan),
            )
        )

    nat = len(vpc["availability_zones"]) if vpc["nat_gateway_mode"] == "per_az" else 1
    cost = nat * price["nat_gateway_hour"] * hours + usage["nat_processed_gb"] * price["nat_gateway_gb"]
    lines.append(Line("NAT gateways", f"{nat} x {hours} h, {usage['nat_processed_gb']} GB", cost, cost))
    addresses = nat + len(vpc["availability_zones"])  # the NAT gateways' and the ALB's
    cost = addresses * price["public_ipv4_hour"] * hours
    lines.append(Line("Public IPv4 addresses", f"{addresses} (NAT, ALB)", cost, cost))
    endpoints = len(vpc["interface_endpoints"]) * len(vpc["availability_zones"])
    cost = endpoints * price["interface_endpoint_hour"] * hours
    cost += usage["interface_endpoint_processed_gb"] * price["interface_endpoint_gb"]
    lines.append(Line("VPC interface endpoints", f"{endpoints} endpoint-AZs", cost, cost))
    cost = (price["alb_hour"] + usage["alb_average_lcu"] * price["alb_lcu_hour"]) * hours
    lines.append(Line("Application Load Balancer", f"1 x {hours} h, {usage['alb_average_lcu']:g} LCU", cost, cost))

    acu = min(max(float(usage["aurora_average_acu"]), aurora["min_capacity"]), aurora["max_capacity"])
    cost = aurora["instance_count"] * acu * price["aurora_acu_hour"] * hours
    lines.append(Line("Aurora Serverless v2 capacity", f"{aurora['instance_count']} x {acu:g} ACU avg", cost, cost))
    cost = usage["aurora_storage_gb"] * price["aurora_storage_gb_month"] + usage["aurora_io_million"] * price["aurora_io_million"]
    lines.append(Line("Aurora storage and I/O", f"{usage['aurora_storage_gb']} GB, {usage['aurora_io_million']} M I/O", cost, cost))

    cost = usage["cloudfront_transfer_gb"] * price["cloudfront_transfer_gb"]
    cost += usage["cloudfront_requests_million"] * 100 * price["cloudfront_https_10k"]
    quantity = f"{usage['cloudfront_transfer_gb']} GB, {usage['cloudfront_requests_million']} M requests"
    lines.append(Line("CloudFront", quantity, cost, cost))
    cost = price["waf_web_acl_month"] + WAF_RULES * price["waf_rule_month"]
    cost += usage["waf_requests_million"] * price["waf_requests_million"]
    lines.append(Line("WAF", f"1 web ACL, {WAF_RULES} rules, {usage['waf_requests_million']} M requests", cost, cost))
    cost = usage["s3_storage_gb"] * price["s3_gb_month"] + usage["ecr_storage_gb"] * price["ecr_gb_month"]
    lines.append(Line("S3 and ECR storage", f"{usage['s3_storage_gb']} GB, {usage['ecr_storage_gb']} GB", cost, cost))
    cost = usage["logs_ingested_gb"] * price["logs_ingested_gb"] + usage["logs_stored_gb"] * price["logs_stored_gb_month"]
    lines.append(Line("CloudWatch Logs", f"{usage['logs_ingested_gb']} GB in, {usage['logs_stored_gb']} GB kept", cost, cost))
    metrics = description["observability"]["alarms"] + 2  # the 5xx-rate alarm reads three metrics
    cost = metrics * price["alarm_metric_month"]
    lines.append(Line("CloudWatch alarms", f"{description['observability']['alarms']} alarms, {metrics} metrics", cost, cost))
    cost = price["route53_zone_month"] + price["route53_health_check_month"]
    cost += usage["dns_queries_million"] * price["route53_queries_million"]
    lines.append(Line("Route 53", f"1 zone, 1 health check, {usage['dns_queries_million']} M queries", cost, cost))

    size = atlas["instance_size"]
    cost = table["prices"]["atlas_hour"]["price"][size] * atlas["node_count"] / 3 * hours
    lines.append(Line("MongoDB Atlas", f"{size}, {atlas['node_count']} nodes", cost, cost))
    if atlas.get("pit_enabled"):
        oplog = usage.get("atlas_oplog_gb", 0)
        cost = oplog * price["atlas_oplog_gb_month"]
        lines.append(Line("MongoDB Atlas continuous backup", f"{oplog} GB of oplog", cost, cost))
    cost = usage["datadog_hosts"] * price["datadog_host_month"]
    lines.append(Line("Datadog", f"{usage['datadog_hosts']} hosts", cost, cost))
    cost = table["prices"]["sentry_plan_month"]["price"][usage["sentry_plan"]]
    lines.append(Line("Sentry", f"{usage['sentry_plan']} plan", cost, cost))
    return lines


def render(description: dict[str, Any], lines: list[Line], table: dict[str, Any]) -> str:
    title = f"{description['name_prefix']} ({description['region']}), monthly, {table['currency']}"
    rows = [f"## {title}", "", "| Line | Quantity | List price | After savings |", "| --- | --- | ---: | ---: |"]
    rows += [f"| {line.item} | {line.quantity} | {line.list_price:,.2f} | {line.after_savings:,.2f} |" for line in lines]
    list_total, saved_total = sum(line.list_price for line in lines), sum(line.after_savings for line in lines)
    rows.append(f"| **Total** | | **{list_total:,.2f}** | **{saved_total:,.2f}** |")
    rows += ["", f"Prices: tools/cost_prices.yml, dated {table['date']} (re-check them before budgeting)."]
    return "\n".join(rows)


def render_change(before: list[Line], after: list[Line], changes: list[str]) -> str:
    rows = [f"## What {' '.join(changes)} costs", "", "| Line | Before | After | Change |", "| --- | ---: | ---: | ---: |"]
    for old, new in zip(before, after):
        if abs(new.after_savings - old.after_savings) >= 0.005:
            delta = new.after_savings - old.after_savings
            rows.append(f"| {old.item} | {old.after_savings:,.2f} | {new.after_savings:,.2f} | {delta:+,.2f} |")
    old_total, new_total = sum(line.after_savings for line in before), sum(line.after_savings for line in after)
    rows.append(f"| **Total** | **{old_total:,.2f}** | **{new_total:,.2f}** | **{new_total - old_total:+,.2f}** |")
    return "\n".join(rows)


# The design document's table (tools/cost_seed.yml) ------------------------------------------------


def unit_price(table: dict[str, Any], key: str) -> float:
    """The price of `name` or `name:tier` (a tiered price such as atlas_hour:M10)."""
    name, _, tier = key.partition(":")
    entry = table["prices"][name]["price"]
    return float(entry[tier] if tier else entry)


def priced(quantities: dict[str, float], table: dict[str, Any], override: dict[str, float] | None = None) -> float:
    """Sum of quantity x price, with `override` replacing some prices (the document's own)."""
    return sum(amount * (override or {}).get(key, unit_price(table, key)) for key, amount in quantities.items())


def within(a: float, b: float, tolerance: dict[str, float]) -> bool:
    return abs(a - b) <= max(tolerance["dollars"], tolerance["share"] * b)


def seed_problems(seed: dict[str, Any], table: dict[str, Any]) -> list[str]:
    """Where the seed profile does not account for the document's figures (empty when it does).

    Each line must come within the tolerance of the document's figure at today's prices, or
    state a reason with the prices the document used, and those must give its figure.
    """
    problems = []
    for line in seed["lines"]:
        ours, theirs = priced(line["quantities"], table), line["document"]
        if "document_prices" in line:
            implied = priced(line["quantities"], table, line["document_prices"])
            if not line.get("reason"):
                problems.append(f"{line['service']}: document_prices without a reason")
            if not within(implied, theirs, seed["tolerance"]):
                problems.append(f"{line['service']}: the stated prices give {implied:.2f}, the document {theirs}")
        elif not within(ours, theirs, seed["tolerance"]):
            problems.append(f"{line['service']}: {ours:.2f} at today's prices, the document {theirs}, and no reason stated")
    if sum(line["document"] for line in seed["lines"]) != seed["document_total"]:
        problems.append(f"the lines do not add up to the document's total {seed['document_total']}")
    return problems


def saving(measure: dict[str, Any], seed: dict[str, Any], table: dict[str, Any], ecs: dict[str, Any]) -> float:
    """What a measure the document lists changes its line by, at today's prices (negative: it saves)."""
    if measure.get("schedule"):
        line = next(found for found in seed["lines"] if found["service"] == measure["line"])
        document = {"desired_count": 2}
        service = {"min_capacity": 2, "max_capacity": 10, "scheduled_actions": measure["schedule"]}
        return priced(line["quantities"], table) * (average_tasks(document, service) / 2 - 1)
    return priced(measure["quantities"], table)


def schedule_premium(description: dict[str, Any], table: dict[str, Any], actions: list[dict[str, Any]]) -> float:
    """What the environment's services cost a month more with their own schedules than with
    `actions` (the document's night scale-in), at list price after their savings."""
    ecs = description["ecs"]
    with_theirs = {**description, "ecs": {**ecs, "services": {name: {**s, "scheduled_actions": actions} for name, s in ecs["services"].items()}}}
    ours = sum(line.after_savings for line in estimate(description, table) if line.item.startswith("ECS Fargate"))
    theirs = sum(line.after_savings for line in estimate(with_theirs, table) if line.item.startswith("ECS Fargate"))
    return ours - theirs


def money(value: float) -> str:
    return f"{value:,.2f}" if value >= 0 else f"−{-value:,.2f}"


def render_seed(seed: dict[str, Any], table: dict[str, Any], description: dict[str, Any], prod: list[Line]) -> str:
    """The document's table, its assumptions at today's prices, its savings and what it left out."""
    rows = [
        "## The design document's table at today's prices",
        "",
        f"The document's eleven lines (\"コスト試算\"), each priced again with its own assumption",
        f"(tools/cost_seed.yml) and the Tokyo prices of tools/cost_prices.yml. A figure within"
        f" ${seed['tolerance']['dollars']:g} or {seed['tolerance']['share']:.0%} of the document's needs no reason.",
        "",
        "| Line | Document's assumption | Document | Today, Tokyo | Why they differ | Left out of the line | Its cost |",
        "| --- | --- | ---: | ---: | --- | --- | ---: |",
    ]
    ours_total = left_total = 0.0
    for line in seed["lines"]:
        ours = priced(line["quantities"], table)
        left = line.get("left_out")
        left_cost = priced(left["quantities"], table) if left else 0.0
        ours_total, left_total = ours_total + ours, left_total + left_cost
        why = line.get("reason") or line.get("note") or "same"
        rows.append(
            f"| {line['service']} | {line['assumption']} | {line['document']} | {money(ours)} | {why} "
            f"| {left['what'] if left else ''} | {money(left_cost) if left else ''} |"
        )
    rows.append(f"| **Total** | | **{seed['document_total']}** | **{money(ours_total)}** | | | **{money(left_total)}** |")

    claimed = sum(item["document"]["before"] - item["document"]["after"] for item in seed["savings"])
    rows += [
        "",
        "### The savings the document lists",
        "",
        "| Measure | Line | Document | Today, Tokyo | Why |",
        "| --- | --- | --- | ---: | --- |",
    ]
    real_total = 0.0
    for item in seed["savings"]:
        change = saving(item, seed, table, description["ecs"])
        real_total += change
        before, after = item["document"]["before"], item["document"]["after"]
        rows.append(f"| {item['measure']} | {item['line']} | ${before} → ${after} | {money(change)} | {item['why']} |")
    rows += [
        f"| **Total** | | **−{claimed}** | **{money(real_total)}** | |",
        "",
        f"The document's savings add up to ${claimed}, which take its ${seed['document_total']} to"
        f" ${seed['document_total'] - claimed}; it states ${seed['document_total_after_savings']}, which its own lines do not give."
        f" At today's prices the same measures {'save' if real_total < 0 else 'add'} ${abs(real_total):,.2f} a month:"
        f" ${ours_total + real_total:,.2f} with them, against the document's assumptions at ${ours_total:,.2f}.",
    ]
    night = next((item for item in seed["savings"] if item.get("schedule")), None)
    if night:
        premium = schedule_premium(description, table, night["schedule"])
        rows += [
            "",
            f"Prod's schedules keep each service at 2 tasks at night and on weekends (inventories/prod: one task is one AZ,"
            f" and the document's minimum is 2), so prod does not take the night scale-in: against the document's"
            f" schedule it costs ${premium:,.2f} a month more.",
        ]

    rows += ["", "### What the stack builds that the table does not price", "", "| Item | Monthly |", "| --- | ---: |"]
    extras_total = 0.0
    for extra in seed["stack_extras"]:
        cost = priced(extra["quantities"], table)
        extras_total += cost
        rows.append(f"| {extra['what']} | {money(cost)} |")
    rows.append(f"| **Total** | **{money(extras_total)}** |")
    rows += [
        "",
        "### Side by side",
        "",
        "| | Monthly |",
        "| --- | ---: |",
        f"| The document's table | {seed['document_total']:,.2f} |",
        f"| Its assumptions at today's Tokyo prices | {money(ours_total)} |",
        f"| … with what each line leaves out | {money(ours_total + left_total)} |",
        f"| … and what the stack builds besides | {money(ours_total + left_total + extras_total)} |",
        f"| This stack in prod with its own values (below), at list price | {money(sum(line.list_price for line in prod))} |",
        f"| … after its own savings | {money(sum(line.after_savings for line in prod))} |",
        "",
        "The fourth figure puts the document's traffic on what the stack builds; prod's own `cost_usage`",
        f"(below) assumes {description['usage']['cloudfront_transfer_gb']} GB of CloudFront transfer instead of 1,000,"
        " and states the traffic the document does not.",
    ]
    return "\n".join(rows)


def document(table: dict[str, Any]) -> str:
    parts = [
        "# Monthly cost",
        "",
        "Generated by `make cost-doc` (tools/cost.py): first the design document's cost table against",
        "today's prices (`make cost PROFILE=seed`, from tools/cost_seed.yml), then each inventory's",
        "estimate from its own values and its `cost_usage`, all priced with tools/cost_prices.yml; a",
        "test fails when this file, the seed profile and the inventories disagree.",
        "`make cost INVENTORY=inventories/prod ARGS='-e name=value'` shows what a change costs.",
        "Do not edit it by hand.",
    ]
    seed = yaml.safe_load(SEED.read_text())
    prod = describe("inventories/prod", [])
    prod_lines = estimate(prod, table)
    parts += ["", render_seed(seed, table, prod, prod_lines)]
    parts += ["", render(prod, prod_lines, table).replace("## ", "## prod: ", 1)]
    staging = describe("inventories/staging", [])
    parts += ["", render(staging, estimate(staging, table), table).replace("## ", "## staging: ", 1)]
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("-i", "--inventory", default="inventories/prod")
    parser.add_argument("-e", "--extra-vars", action="append", default=[], help="a change to price (name=value)")
    parser.add_argument("--profile", choices=["seed"], help="seed: the design document's table at today's prices")
    parser.add_argument("--write", action="store_true", help="write docs/cost.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/cost.md is out of date")
    options = parser.parse_args(argv)
    table = yaml.safe_load(PRICES.read_text())
    if options.write or options.check:
        return write_or_check(ROOT / "docs" / "cost.md", document(table), options.check, "cost-doc")
    description = describe(options.inventory, [])
    lines = estimate(description, table)
    if options.profile == "seed":
        print(render_seed(yaml.safe_load(SEED.read_text()), table, description, lines))
        return 0
    print(render(description, lines, table))
    if options.extra_vars:
        changed = estimate(describe(options.inventory, options.extra_vars), table)
        print()
        print(render_change(lines, changed, options.extra_vars))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
