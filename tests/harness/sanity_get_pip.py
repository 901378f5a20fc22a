"""ansible-test's pip bootstrap, offline: what it downloads as get-pip.py, written by this project.

ansible-test creates each sanity test's virtual environment without pip, then runs the
get-pip.py it downloads from ci-files.testing.ansible.com (cached as
~/.ansible/test/cache/get_pip_<version>.py) with pip's options and the pins it wants
(pip==<version>). With no internet, tests/harness/sanity.py puts this script there instead: it
installs the pip that comes with Python (ensurepip), then the pinned pip from the package index
pip is configured with. get-pip.py's own options (--no-setuptools, --no-wheel) are dropped: pip
installs neither unless asked.
"""

from __future__ import annotations

import ensurepip
import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}


def main(argv: list[str]) -> int:
    ensurepip.bootstrap()
    arguments = [argument for argument in argv if argument not in GET_PIP_ONLY]
    return subprocess.call([sys.executable, "-m", "pip", "install", *arguments])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
