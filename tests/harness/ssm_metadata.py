"""Print what the tests may know of the SSM parameters under a path: never a value.

``python -m tests.harness.ssm_metadata /bookmark-manager/local`` prints, per parameter name, its type,
version, KMS key, the value's length and the SHA-256 of the value (so a test can tell whether a
value changed, or equals a known test value, without the value appearing in any output).
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

from tests.harness.stack_inventory import emulator_session


def metadata(path: str, session: Any = None) -> dict[str, dict[str, Any]]:
    ssm = (session or emulator_session()).client("ssm")
    found: dict[str, dict[str, Any]] = {}
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path=path, Recursive=True, WithDecryption=True):
        for parameter in page["Parameters"]:
            described = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": [parameter["Name"]]}])["Parameters"]
            found[parameter["Name"]] = {
                "type": parameter["Type"],
                "version": parameter["Version"],
                "key_id": described[0].get("KeyId") if described else None,
                "length": len(parameter["Value"]),
                "sha256": hashlib.sha256(parameter["Value"].encode()).hexdigest(),
            }
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(metadata(argv[0]), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
