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
    ecs = {
        "desired_count": 2,
        "min_capacity": 2,
        "scheduled_actions": [
            {"schedule": "cron(0 22 * * ? *)", "min_capacity": 1},
            {"schedule": "cron(0 7 ? * MON-FRI *)", "min_capacity": 2},
        ],
    }
    # Scaled in Mon-Thu nights (4 x 9 h) and from Friday 22:00 to Monday 07:00 (57 h).
    assert cost.average_tasks(ecs) == pytest.approx((93 * 1 + 75 * 2) / 168)
    assert cost.average_tasks({**ecs, "scheduled_actions": []}) == 2


def test_prod_is_priced_from_its_own_values(prod: dict[str, Any]) -> None:
    lines = cost.estimate(prod, TABLE)
    hours = TABLE["hours_per_month"]
    fargate = line(lines, "ECS Fargate: web")
    assert fargate.list_price == pytest.approx(2 * (0.5 * 0.05056 + 1 * 0.00553) * hours)
    assert fargate.after_savings == pytest.approx(fargate.list_price * 243 / 168 / 2)
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


def test_the_diagram_draws_what_the_inventory_asks_for(prod: dict[str, Any]) -> None:
    picture = diagram.mermaid(prod)
    assert picture.count('["NAT gateway<br/>') == 2  # one per AZ in prod
    assert "0.5-16 ACU, 2 instances" in picture
    assert "MongoDB Atlas M10" in picture
    smaller = diagram.mermaid({**prod, "vpc": {**prod["vpc"], "nat_gateway_mode": "single"}})
    assert smaller.count('["NAT gateway<br/>') == 1
