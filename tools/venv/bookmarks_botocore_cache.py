"""One cache of botocore's data files per interpreter, instead of one per boto3 session.

Installed into the project's virtualenv by scripts/setup-venv.sh (this module and a .pth file
that imports it at start-up). botocore parses a service's JSON model (EC2's is the largest)
every time a new session creates a client, and every AWS module makes a new session. Under
Mitogen for Ansible the modules of a run share one interpreter per lane, so with one cache per
interpreter a model is parsed once per run instead of once per task (measured: a no-op re-run
of site.yml 35 s -> 24 s). Without Mitogen each module is a process of its own and nothing
changes.

botocore already shares these parsed files among every client of one session (its Loader
caches them per instance); this makes the loaders of an interpreter that read the same
directories share the one cache. Nothing is imported until botocore.loaders itself is.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from types import ModuleType
from typing import Any

# One cache per (search paths, extras): loaders that read other directories keep their own.
_CACHES: dict[tuple[Any, ...], dict[Any, Any]] = {}


def share_caches(loaders: ModuleType) -> None:
    """Make every botocore Loader built with the default file loader share its directories' cache."""
    original = loaders.Loader.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if type(self.file_loader) is self.FILE_LOADER_CLASS:
            key = (tuple(self.search_paths), tuple(self.extras_types))
            self._cache = _CACHES.setdefault(key, {})

    loaders.Loader.__init__ = __init__


class _Finder(importlib.abc.MetaPathFinder):
    """Patches botocore.loaders right after it is first imported, then steps aside."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != "botocore.loaders":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            share_caches(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install() -> None:
    if "botocore.loaders" in sys.modules:
        share_caches(sys.modules["botocore.loaders"])
    elif not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
