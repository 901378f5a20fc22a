"""The ALB behind CloudFront: only CloudFront's servers, carrying the secret header, get through.

Used by tests/test_site.py on its converged stack. Nothing here can reach the ALB the way a
client would (the emulator runs no load balancer); what AWS enforces is read back: the security
group's only source, the listener's rules and default answer, the header CloudFront sends.
"""

from __future__ import annotations

from typing import Any

PREFIX = "bookmark-manager-local"
SECRET = "/bookmark-manager/local/cloudfront/origin-secret"
HEADER = "X-Origin-Verify"
CLOUDFRONT_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing"


def alb_admits_only_cloudfront_with_the_secret_header(session: Any) -> None:
    ec2, elbv2, ssm = session.client("ec2"), session.client("elbv2"), session.client("ssm")
    secret = ssm.get_parameter(Name=SECRET, WithDecryption=True)["Parameter"]["Value"]
    assert len(secret) == 48

    cloudfront = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [CLOUDFRONT_PREFIX_LIST]}])
    group = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [f"{PREFIX}-alb"]}])["SecurityGroups"][0]
    assert [
        (rule["FromPort"], rule["ToPort"], [p["PrefixListId"] for p in rule["PrefixListIds"]], rule["IpRanges"], rule["Ipv6Ranges"])
        for rule in group["IpPermissions"]
    ] == [(443, 443, [cloudfront["PrefixLists"][0]["PrefixListId"]], [], [])], group["IpPermissions"]

    balancer = elbv2.describe_load_balancers(Names=[f"{PREFIX}-alb"])["LoadBalancers"][0]
    https = next(l for l in elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"] if l["Port"] == 443)
    assert https["DefaultActions"][0]["Type"] == "fixed-response"
    assert https["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"] == "403"
    rules = [rule for rule in elbv2.describe_rules(ListenerArn=https["ListenerArn"])["Rules"] if not rule["IsDefault"]]
    assert len(rules) == 2
    for rule in rules:
        [header] = [c["HttpHeaderConfig"] for c in rule["Conditions"] if c["Field"] == "http-header"]
        assert header == {"HttpHeaderName": HEADER, "Values": [secret]}, rule
        assert rule["Actions"][0]["Type"] == "forward"

    cloudfront_api = session.client("cloudfront", region_name="us-east-1")
    [summary] = cloudfront_api.list_distributions()["DistributionList"]["Items"]
    config = cloudfront_api.get_distribution_config(Id=summary["Id"])["DistributionConfig"]
    origin = next(o for o in config["Origins"]["Items"] if o["Id"] == "alb")
    assert origin["CustomHeaders"]["Items"] == [{"HeaderName": HEADER, "HeaderValue": secret}]

    # Route 53's health check goes through CloudFront (www), which sends the header; not to origin.
    route53 = session.client("route53")
    [check] = route53.list_health_checks()["HealthChecks"]
    assert check["HealthCheckConfig"]["FullyQualifiedDomainName"] == "www.bookmark-manager.test"


ACCEPTED = "/bookmark-manager/local/cloudfront/origin-secret-accepted"


def sent_and_accepted(session: Any) -> tuple[str, set[str]]:
    """The header value CloudFront sends to the ALB, and the values every forwarding rule of the
    ALB's HTTPS listener accepts."""
    elbv2, cloudfront = session.client("elbv2"), session.client("cloudfront", region_name="us-east-1")
    [summary] = cloudfront.list_distributions()["DistributionList"]["Items"]
    config = cloudfront.get_distribution_config(Id=summary["Id"])["DistributionConfig"]
    [sent] = [h["HeaderValue"] for o in config["Origins"]["Items"] if o["Id"] == "alb" for h in o["CustomHeaders"]["Items"] if h["HeaderName"] == HEADER]
    balancer = elbv2.describe_load_balancers(Names=[f"{PREFIX}-alb"])["LoadBalancers"][0]
    https = next(l for l in elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"] if l["Port"] == 443)
    rules = [rule for rule in elbv2.describe_rules(ListenerArn=https["ListenerArn"])["Rules"] if not rule["IsDefault"]]
    accepted = [frozenset(c["HttpHeaderConfig"]["Values"]) for rule in rules for c in rule["Conditions"] if c["Field"] == "http-header"]
    assert len(set(accepted)) == 1, accepted  # every rule accepts the same values
    return sent, set(accepted[0])


class OriginRotation:
    """playbooks/rotate.yml -e secret=origin, phase by phase (accept, switch, finish): after each,
    the ALB accepts what CloudFront sends; at the end CloudFront sends a new value, the ALB accepts
    it alone, and the old one is refused."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.old, accepted = sent_and_accepted(session)
        assert accepted == {self.old}
        self.seen: list[tuple[bool, int]] = []

    def after(self, phase: str, output: str) -> None:
        sent, accepted = sent_and_accepted(self.session)
        assert sent in accepted, f"after {phase}, the ALB does not accept the header CloudFront sends"
        assert self.old not in output and all(value not in output for value in accepted), f"a secret value in the {phase} output"
        self.seen.append((sent == self.old, len(accepted)))

    def done(self) -> None:
        assert self.seen == [(True, 2), (False, 2), (False, 1)], self.seen  # old sent, both accepted; new sent, both; new alone
        sent, accepted = sent_and_accepted(self.session)
        assert sent != self.old and accepted == {sent}
        ssm = self.session.client("ssm")
        assert ssm.get_parameter(Name=SECRET, WithDecryption=True)["Parameter"]["Value"] == sent
        assert not ssm.get_parameters(Names=[ACCEPTED])["Parameters"]
