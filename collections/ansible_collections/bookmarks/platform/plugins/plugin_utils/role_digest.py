# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inputs half of a role's digest: a role's validated inputs and the code that acts on them.

bookmarks.platform.role_inputs returns it for each role it checks at the build's entry point;
bookmarks.platform.role_state hashes it together with the role's resources (module_utils/role_state.py).
Any change of an input, of a file of the role (tasks, vars, defaults, meta, templates, files),
of this collection's plugins or of the versions of ansible-core, amazon.aws and community.aws
changes the digest, so the next run of the role takes its full path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

# Files of a role that do not act on anything.
IGNORED = ("README.md", "molecule")
PLUGINS = Path(__file__).resolve().parents[1]


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"))


def _hash_files(root: Path, skip: tuple[str, ...] = ()) -> str:
    sha = hashlib.sha256()
    for path in _files(root):
        relative = path.relative_to(root)
        if relative.parts[0] in skip:
            continue
        sha.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


@lru_cache(maxsize=1)
def code_versions() -> dict[str, str]:
    """This collection's plugins (hashed) and the versions of the code they run on."""
    from ansible.release import __version__ as ansible_core  # pylint: disable=import-outside-toplevel

    versions = {"bookmarks.platform plugins": _hash_files(PLUGINS), "ansible-core": ansible_core}
    try:
        from ansible_collections.amazon.aws.plugins.module_utils.common import AMAZON_AWS_COLLECTION_VERSION  # pylint: disable=import-outside-toplevel
        from ansible_collections.community.aws.plugins.module_utils.common import COMMUNITY_AWS_COLLECTION_VERSION  # pylint: disable=import-outside-toplevel
    except ImportError:  # pragma: no cover - both ship with the ansible bundle
        return versions
    return {**versions, "amazon.aws": AMAZON_AWS_COLLECTION_VERSION, "community.aws": COMMUNITY_AWS_COLLECTION_VERSION}


def inputs_digest(role_path: Path, values: Mapping[str, Any]) -> str:
    """The hash of a role's validated inputs, its files and code_versions()."""
    document = json.dumps(
        {"inputs": values, "role": _hash_files(role_path, IGNORED), "code": code_versions()},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(document.encode()).hexdigest()
