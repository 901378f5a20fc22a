#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request a DNS-validated ACM certificate (community.aws.acm_certificate only imports)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: acm_certificate_request
version_added: 0.1.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Request a DNS-validated ACM certificate
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Requests an Amazon-issued certificate validated by DNS, and returns the CNAME records that
    prove ownership, so that a later task can create them in Route 53.
  - The certificate is found again by its C(Name) tag and domain name. Its names cannot change in
    ACM, so a change of O(subject_alternative_names) requests a new certificate; the old one is
    left in place (it may still be in use) and returned as RV(superseded_arn).
  - With O(wait=true), waits until the certificate is C(ISSUED) (after the records exist).
  - Supports check mode and diff mode.
options:
  domain_name:
    description: The certificate's primary name.
    type: str
    required: true
  subject_alternative_names:
    description: Further names (the primary name is always included).
    type: list
    elements: str
    default: []
  key_algorithm:
    description: The key type.
    type: str
    choices: [RSA_2048, EC_prime256v1, EC_secp384r1]
    default: RSA_2048
  tags:
    description: Tags; C(Name) identifies the certificate and is required when O(state=present).
    type: dict
    default: {}
  purge_tags:
    description: Remove tags that are not in O(tags).
    type: bool
    default: true
  wait:
    description: Wait until the certificate is ISSUED.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait, for the certificate to be issued, or with O(state=absent) for AWS to
        release a certificate that a deleted ALB listener or CloudFront distribution used (ACM
        answers C(ResourceInUseException) for minutes after they are deleted).
    type: int
    default: 600
  poll_interval:
    description: Seconds between two attempts to delete a certificate that is still in use.
    type: int
    default: 15
    version_added: 0.6.0
  state:
    description: present requests (or finds) the certificate; absent deletes every certificate with this Name tag.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: Certificate for CloudFront (us-east-1)
  bookmarks.platform.acm_certificate_request:
    aws_region: us-east-1
    domain_name: bookmark-manager.example.com
    subject_alternative_names: [www.bookmark-manager.example.com]
    tags:
      Name: bookmark-manager-production-cloudfront
  register: cert
"""

RETURN = r"""
certificate:
  description: The certificate (in check mode before creation, what it would be, without ARN).
  returned: when O(state=present)
  type: dict
  contains:
    arn:
      description: The certificate ARN.
      type: str
    domain_name:
      description: The primary name.
      type: str
    subject_alternative_names:
      description: Every name, the primary one included.
      type: list
      elements: str
    status:
      description: PENDING_VALIDATION, ISSUED, ...
      type: str
    validation_records:
      description: The DNS records that validate the certificate, one per distinct record.
      type: list
      elements: dict
      contains:
        name:
          description: Record name.
          type: str
        type:
          description: Record type (CNAME).
          type: str
        value:
          description: Record value.
          type: str
    tags:
      description: Tags.
      type: dict
superseded_arn:
  description: The certificate that a change of names replaced (not deleted).
  returned: when a new certificate replaced another
  type: str
deleted_arns:
  description: The certificates deleted.
  returned: when O(state=absent)
  type: list
  elements: str
validation_records:
  description:
    - With O(state=absent), the DNS validation records of the certificates deleted (C(name),
      C(type), C(value)), so that the caller removes them from a zone it keeps.
  returned: when O(state=absent)
  type: list
  elements: dict
"""

import time
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module
from ansible_collections.bookmarks.platform.plugins.module_utils.waits import wait_until
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

LIVE_STATUSES = ["PENDING_VALIDATION", "ISSUED", "INACTIVE"]
RECORD_POLL_S = 2.0


def names(params: dict[str, Any]) -> list[str]:
    return sorted({params["domain_name"], *params.get("subject_alternative_names", [])})


def describe(client: Any, arn: str) -> dict[str, Any]:
    certificate = client.describe_certificate(CertificateArn=arn)["Certificate"]
    tags = boto3_tag_list_to_ansible_dict(client.list_tags_for_certificate(CertificateArn=arn).get("Tags", []))
    records: list[dict[str, str]] = []
    for option in certificate.get("DomainValidationOptions", []):
        record = option.get("ResourceRecord")
        if record:
            entry = {"name": record["Name"], "type": record["Type"], "value": record["Value"]}
            if entry not in records:
                records.append(entry)
    return {
        "arn": arn,
        "domain_name": certificate["DomainName"],
        "subject_alternative_names": sorted(certificate.get("SubjectAlternativeNames", [certificate["DomainName"]])),
        "status": certificate["Status"],
        "validation_records": records,
        "tags": tags,
    }


def find(client: Any, domain_name: str, name_tag: str, key_algorithm: str) -> list[dict[str, Any]]:
    """Live certificates for this domain that carry this Name tag, newest first.

    ListCertificates returns RSA_2048 certificates only unless Includes.keyTypes names others."""
    found = []
    paginator = client.get_paginator("list_certificates")
    for page in paginator.paginate(CertificateStatuses=LIVE_STATUSES, Includes={"keyTypes": [key_algorithm]}):
        for summary in page.get("CertificateSummaryList", []):
            if summary["DomainName"] != domain_name:
                continue
            certificate = describe(client, summary["CertificateArn"])
            if certificate["tags"].get("Name") == name_tag:
                found.append(certificate)
    return sorted(found, key=lambda c: c["arn"], reverse=True)


def request(client: Any, params: dict[str, Any]) -> str:
    arguments: dict[str, Any] = {
        "DomainName": params["domain_name"],
        "ValidationMethod": "DNS",
        "KeyAlgorithm": params["key_algorithm"],
        "Tags": ansible_dict_to_boto3_tag_list(params["tags"]),
    }
    alternative = [name for name in names(params) if name != params["domain_name"]]
    if alternative:
        arguments["SubjectAlternativeNames"] = [params["domain_name"], *alternative]
    return client.request_certificate(**arguments)["CertificateArn"]


def wait_for(client: Any, arn: str, ready: Any, timeout: int, what: str) -> dict[str, Any]:
    def done(certificate: dict[str, Any]) -> bool:
        if certificate["status"] in ("FAILED", "VALIDATION_TIMED_OUT", "REVOKED") and not ready(certificate):
            raise RuntimeError(f"certificate {arn} is {certificate['status']}")
        return bool(ready(certificate))

    return wait_until(
        lambda: describe(client, arn), done, timeout,
        lambda certificate: f"certificate {arn}: {what} not reached after {timeout} s (status {certificate['status']})",
        first=RECORD_POLL_S,
    )  # fmt: skip


def ensure_present(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    want_names = names(params)
    found = find(client, params["domain_name"], params["tags"]["Name"], params["key_algorithm"])
    current = next((c for c in found if c["subject_alternative_names"] == want_names), None)
    result: dict[str, Any] = {"changed": False}

    if current is None:
        planned = {
            "arn": None,
            "domain_name": params["domain_name"],
            "subject_alternative_names": want_names,
            "status": "PENDING_VALIDATION",
            "validation_records": [],
            "tags": params["tags"],
        }
        if found:
            result["superseded_arn"] = found[0]["arn"]
        if check_mode:
            result.update(changed=True, certificate=planned, diff={"before": found[0] if found else {}, "after": planned})
            return result
        arn = request(client, params)
        # The validation records appear a few seconds after the request.
        certificate = wait_for(
            client, arn, lambda c: len(c["validation_records"]) > 0, params["wait_timeout"], "validation records"
        )
        result.update(changed=True, certificate=certificate, diff={"before": found[0] if found else {}, "after": certificate})
    else:
        to_set, to_unset = compare_aws_tags(current["tags"], params["tags"], params["purge_tags"])
        certificate = current
        if to_set or to_unset:
            after = dict(current, tags={**{k: v for k, v in current["tags"].items() if k not in to_unset}, **to_set})
            if not check_mode:
                if to_unset:
                    client.remove_tags_from_certificate(CertificateArn=current["arn"], Tags=[{"Key": k} for k in to_unset])
                if to_set:
                    client.add_tags_to_certificate(CertificateArn=current["arn"], Tags=ansible_dict_to_boto3_tag_list(to_set))
            result.update(changed=True, diff={"before": current, "after": after})
            certificate = after
        result["certificate"] = certificate

    if params["wait"] and not check_mode and result["certificate"]["status"] != "ISSUED":
        result["certificate"] = wait_for(
            client, result["certificate"]["arn"], lambda c: c["status"] == "ISSUED", params["wait_timeout"], "ISSUED"
        )
    return result


def delete(client: Any, arn: str, timeout: int, interval: int) -> None:
    """Delete the certificate, retrying while AWS still counts it in use (bounded by timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.delete_certificate(CertificateArn=arn)
            return
        except client.exceptions.ResourceInUseException as error:
            if time.monotonic() + interval > deadline:
                raise RuntimeError(
                    f"certificate {arn} is still in use after {timeout} s ({error}). A deleted ALB listener or CloudFront"
                    " distribution keeps its certificate in use for minutes; one this project did not create keeps it"
                    " until it is gone (aws acm describe-certificate, InUseBy). Run the teardown again later."
                ) from error
        time.sleep(interval)


def ensure_absent(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    name_tag = params["tags"].get("Name")
    if not name_tag:
        raise RuntimeError("tags.Name is required to find the certificate to delete")
    found = find(client, params["domain_name"], name_tag, params["key_algorithm"])
    if not check_mode:
        for certificate in found:
            delete(client, certificate["arn"], params["wait_timeout"], params["poll_interval"])
    records = [record for certificate in found for record in certificate["validation_records"]]
    return {
        "changed": bool(found),
        "deleted_arns": [c["arn"] for c in found],
        # What validated them, for the caller to remove from the zone when it keeps the zone.
        "validation_records": [record for index, record in enumerate(records) if record not in records[:index]],
        "diff": {"before": found[0] if found else {}, "after": {}},
    }


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    if params["state"] == "absent":
        return ensure_absent(client, params, check_mode)
    if not params["tags"].get("Name"):
        raise RuntimeError("tags.Name is required: it identifies the certificate on later runs")
    return ensure_present(client, params, check_mode)


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            domain_name=dict(type="str", required=True),
            subject_alternative_names=dict(type="list", elements="str", default=[]),
            key_algorithm=dict(type="str", default="RSA_2048", choices=["RSA_2048", "EC_prime256v1", "EC_secp384r1"]),
            tags=dict(type="dict", default={}),
            purge_tags=dict(type="bool", default=True),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=600),
            poll_interval=dict(type="int", default=15),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    run_module(module, "acm", run, "Failed to manage the ACM certificate")


if __name__ == "__main__":
    main()
