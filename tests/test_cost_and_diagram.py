"""make cost and make diagram: computed from the inventories, and their committed documents current."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tools import cost, diagram

TABLE = yaml.safe_load(cost.PRICES.read_text())


@pytest.fixture(scope="module")
def prod() -> dict[str, Any]:
    return cost.describe("inventories/prod", [])


def line(lines: list[cost.Line], item: str) -> cost.Line:
    return next(found for found in lines if found.item == item)


def test_the_committed_documents_match_the_inventories() -> None:
    assert cost.main(["--check"]) == 0, "docs/cost.md is out of date: make cost-doc"
    assert diagram.main(["--check"]) == 0, "docs/architecture.md is out of date: make diagram"


def test_schedules_are_simulated_hour_by_hour() -> None:
    assert len(cost.fires("cron(0 22 * * ? *)")) == 7
    assert cost.fires("cron(0 7 ? * MON-FRI *)") == {day * 24 + 7 for day in range(5)}
    assert cost.fires("cron(30 9 ? * 1,7 *)") == {5 * 24 + 9, 6 * 24 + 9}  # AWS: 1 = Sunday, 7 = Saturday
    ecs = {"desired_count": 2}
    service = {
        "min_capacity": 2,
        "max_capacity": 10,
        "scheduled_actions": [
            {"schedule": "cron(0 22 * * ? *)", "min_capacity": 1},
            {"schedule": "cron(0 7 ? * MON-FRI *)", "min_capacity": 2},
        ],
    }
    # Scaled in Mon-Thu nights (4 x 9 h) and from Friday 22:00 to Monday 07:00 (57 h).
    assert cost.average_tasks(ecs, service) == pytest.approx((93 * 1 + 75 * 2) / 168)
    assert cost.average_tasks(ecs, {**service, "scheduled_actions": []}) == 2
    # A service's own range: a minimum of 3 runs 3 tasks outside quiet hours.
    assert cost.average_tasks(ecs, {**service, "min_capacity": 3, "scheduled_actions": []}) == 3


def test_prod_is_priced_from_its_own_values(prod: dict[str, Any]) -> None:
    lines = cost.estimate(prod, TABLE)
    hours = TABLE["hours_per_month"]
    fargate = line(lines, "ECS Fargate: web")
    assert fargate.list_price == pytest.approx(2 * (0.5 * 0.05056 + 1 * 0.00553) * hours)
    # Prod's nights and weekends never go below 2 tasks (one per AZ): no schedule saving.
    assert fargate.after_savings == pytest.approx(fargate.list_price)
    assert min(service["count_range"][0] for service in prod["ecs"]["services"].values()) == 2
    assert line(lines, "MongoDB Atlas continuous backup").list_price == pytest.approx(10 * 0.20)
    assert line(lines, "NAT gateways").list_price == pytest.approx(2 * 0.062 * hours + 50 * 0.062)  # per AZ in prod
    assert line(lines, "MongoDB Atlas").list_price == pytest.approx(0.10 * hours)
    assert line(lines, "Aurora Serverless v2 capacity").list_price == pytest.approx(2 * 0.5 * 0.15 * hours)


def test_a_change_of_values_is_priced(prod: dict[str, Any]) -> None:
    before = cost.estimate(prod, TABLE)
    after = cost.estimate(cost.describe("inventories/prod", ["vpc_nat_gateway_mode=single", "atlas_instance_size=M20"]), TABLE)
    hours = TABLE["hours_per_month"]
    assert line(after, "NAT gateways").list_price - line(before, "NAT gateways").list_price == pytest.approx(-0.062 * hours)
    assert line(after, "MongoDB Atlas").list_price == pytest.approx(0.25 * hours)
    changed = {old.item for old, new in zip(before, after) if old.after_savings != new.after_savings}
    assert changed == {"NAT gateways", "Public IPv4 addresses", "MongoDB Atlas"}
    assert "| MongoDB Atlas | 73.00 | 182.50 | +109.50 |" in cost.render_change(before, after, ["atlas_instance_size=M20"])


def test_a_service_added_by_an_inventory_is_priced() -> None:
    """tests/inventories/three_services adds admin through the catalogue's overrides alone."""
    lines = {found.item: found for found in cost.estimate(cost.describe("tests/inventories/three_services", []), TABLE)}
    assert lines["ECS Fargate: admin"].list_price == lines["ECS Fargate: api"].list_price > 0
    assert lines["CloudWatch alarms"].quantity == "11 alarms, 13 metrics"  # CPU, memory, unhealthy targets each; 5xx rate; Aurora


def test_the_diagram_draws_what_the_inventory_asks_for(prod: dict[str, Any]) -> None:
    picture = diagram.mermaid(prod)
    assert picture.count('["NAT gateway<br/>') == 2  # one per AZ in prod
    assert "0.5-16 ACU, 2 instances" in picture
    assert "MongoDB Atlas M10" in picture
    smaller = diagram.mermaid({**prod, "vpc": {**prod["vpc"], "nat_gateway_mode": "single"}})
    assert smaller.count('["NAT gateway<br/>') == 1


SEED = yaml.safe_load(cost.SEED.read_text())


def seed_line(service: str) -> dict[str, Any]:
    return next(found for found in SEED["lines"] if found["service"] == service)


def test_the_seed_profile_accounts_for_each_of_the_documents_lines() -> None:
    assert len(SEED["lines"]) == 11 and cost.seed_problems(SEED, TABLE) == []
    hours = TABLE["hours_per_month"]
    # The document's assumption, 0.5 vCPU x 1 GB x 2 tasks x 730 h, at Tokyo's price and at the one it used.
    fargate = seed_line("ECS Fargate")
    assert cost.priced(fargate["quantities"], TABLE) == pytest.approx(2 * (0.5 * 0.05056 + 1 * 0.00553) * hours)
    assert cost.priced(fargate["quantities"], TABLE, fargate["document_prices"]) == pytest.approx(36.04, abs=0.01)
    assert cost.priced({"atlas_hour:M10": hours, "sentry_plan_month:team": 1}, TABLE) == pytest.approx(73.0 + 26.0)


def test_a_figure_the_reasons_do_not_explain_is_reported() -> None:
    unexplained = {**SEED, "lines": [{**line, "document": 40} if line["service"] == "ALB" else line for line in SEED["lines"]]}
    assert cost.seed_problems(unexplained, TABLE) == [
        "ALB: 23.58 at today's prices, the document 40, and no reason stated",
        "the lines do not add up to the document's total 373",
    ]
    wrong_prices = [{**line, "document_prices": {"cloudfront_transfer_gb": 0.114}} if line["service"] == "CloudFront" else line for line in SEED["lines"]]
    assert cost.seed_problems({**SEED, "lines": wrong_prices}, TABLE) == ["CloudFront: the stated prices give 114.00, the document 85"]


def test_the_documents_savings_are_priced_again(prod: dict[str, Any]) -> None:
    measures = {item["measure"]: cost.saving(item, SEED, TABLE, prod["ecs"]) for item in SEED["savings"]}
    # Endpoints cost more by the hour than the NAT traffic they take: 6 endpoint-AZs x 730 h.
    assert measures["VPC endpoints (S3, ECR, CloudWatch Logs)"] == pytest.approx(6 * 730 * 0.014 + 80 * 0.01 - 80 * 0.062)
    assert measures["night and holiday scale-in"] == pytest.approx(-cost.priced(seed_line("ECS Fargate")["quantities"], TABLE) * 93 / 168 / 2)  # 93 of 168 hours at one task
    # Against the document's scale-in to one task at night, prod's two cost 93 of 168 hours of a task per service.
    premium = 2 * (0.5 * 0.05056 + 1 * 0.00553) * TABLE["hours_per_month"] * 93 / 168
    assert cost.schedule_premium(prod, TABLE, next(item["schedule"] for item in SEED["savings"] if item.get("schedule"))) == pytest.approx(premium)
    text = cost.render_seed(SEED, TABLE, prod, cost.estimate(prod, TABLE))
    assert f"against the document's schedule it costs ${premium:,.2f} a month more" in text
    assert "The document's savings add up to $43, which take its $373 to $330; it states $320" in text
    assert "| **Total** | | **373** | **484.69** | | | **68.33** |" in text


def test_the_seed_extras_count_what_the_stack_builds(prod: dict[str, Any]) -> None:
    extras = {extra["what"]: extra["quantities"] for extra in SEED["stack_extras"]}
    waf = next(quantities for what, quantities in extras.items() if what.startswith("WAF"))
    alarms = next(quantities for what, quantities in extras.items() if what.startswith("CloudWatch alarms"))
    assert waf["waf_rule_month"] == cost.WAF_RULES
    assert alarms["alarm_metric_month"] == prod["observability"]["alarms"] + 2
    endpoints = len(prod["vpc"]["interface_endpoints"]) * len(prod["vpc"]["availability_zones"])
    assert extras["interface endpoints (ecr.api, ecr.dkr, logs in 2 AZs)"]["interface_endpoint_hour"] == endpoints * 730
