"""Count the API operations a boto3 client sends, to prove a run wrote nothing."""

from __future__ import annotations

from typing import Any

READ_PREFIXES = ("Describe", "Get", "List", "Head", "BatchGet")


class Calls:
    def __init__(self, client: Any) -> None:
        self.names: list[str] = []
        client.meta.events.register(f"before-call.{client.meta.service_model.service_name}", self._record)

    def _record(self, model: Any, **_: Any) -> None:
        self.names.append(model.name)

    @property
    def writes(self) -> list[str]:
        return [name for name in self.names if not name.startswith(READ_PREFIXES)]
