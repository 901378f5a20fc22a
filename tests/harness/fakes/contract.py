"""An OpenAPI 3.0 contract that the local SaaS fakes check every request and response against.

The vendors' descriptions are the subsets in the repository's ``contracts/`` (its README gives each
one's source, version and sha256).
Validation uses openapi-schema-validator (installed with moto): OAS 3.0 ``nullable``,
``readOnly``/``writeOnly`` by direction, and ``discriminator`` dispatch.

Three things are read differently on load (never changed in the files), each because the
published document contradicts the traffic the vendor itself sends and accepts:

* a schema with a discriminator whose mapped schemas refer back to it through ``allOf`` (Atlas's
  ``CloudRegionConfig20240805``) would make the validator recurse forever: the back-references
  are pointed at a copy of the parent without its ``oneOf``/``discriminator``;
* ``oneOf`` without a discriminator is checked as ``anyOf``: Atlas's hardware-spec unions overlap
  (``{"instanceSize": "M10"}`` is valid AWS, Azure and GCP), so strict ``oneOf`` rejects every
  cluster Atlas accepts;
* ``type: object`` beside a ``oneOf`` whose alternatives are all strings (Atlas's ``regionName``)
  is dropped: read literally, no value could ever be valid.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_REF = "#/components/schemas/"
BASE_URI = "urn:contract"
METHODS = ("get", "put", "post", "delete", "patch")


def contracts_dir() -> Path:
    """Where the vendors' OpenAPI subsets are: the repository's contracts/, nothing outside it."""
    return ROOT / "contracts"


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the vendors' traffic reads it (see the module docstring)."""
    document = break_discriminator_cycles(copy.deepcopy(document))

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            alternatives = node.get("oneOf")
            if isinstance(alternatives, list) and "discriminator" not in node:
                node["anyOf"] = node.pop("oneOf")
            union = node.get("anyOf") or node.get("oneOf") or []
            if node.get("type") == "object" and union and all(isinstance(a, dict) and a.get("type") == "string" for a in union):
                del node["type"]
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(document)
    return document


def break_discriminator_cycles(document: dict[str, Any]) -> dict[str, Any]:
    """Point mapped schemas' allOf back-references at a base copy of their discriminating parent."""
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    for name, schema in list(schemas.items()):
        mapping = (schema.get("discriminator") or {}).get("mapping") or {}
        if not mapping:
            continue
        base_name = f"{name}__base"
        schemas[base_name] = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "discriminator")}
        for target in mapping.values():
            child = schemas.get(target.removeprefix(SCHEMA_REF), {})
            for part in child.get("allOf", []):
                if part.get("$ref") == SCHEMA_REF + name:
                    part["$ref"] = SCHEMA_REF + base_name
    return document


@dataclass
class Operation:
    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    spec: dict[str, Any]
    parameters: list[dict[str, Any]] = field(default_factory=list)
    pointer: str = ""

    @property
    def request_media_types(self) -> dict[str, Any]:
        return (self.spec.get("requestBody") or {}).get("content", {})

    def success_media_types(self) -> list[str]:
        found: list[str] = []
        for status, response in self.spec.get("responses", {}).items():
            if str(status).startswith("2"):
                found += list(response.get("content", {}))
        return found


class Contract:
    """Routes and validation for one OpenAPI document."""

    def __init__(self, filename: str) -> None:
        self.path = contracts_dir() / filename
        self.document = normalise(yaml.safe_load(self.path.read_text()))
        # Absolute references, so that any schema cut out of the document resolves them.
        self.schemas = absolute_refs(self.document)
        self.registry: Registry[Any] = Registry().with_resource(BASE_URI, Resource.from_contents(self.schemas, default_specification=DRAFT4))
        self.operations: list[Operation] = []
        for template, item in self.document["paths"].items():
            shared = item.get("parameters", [])
            regex = path_regex(template)
            for method in METHODS:
                if method in item:
                    spec = item[method]
                    parameters = [self.resolve(p) for p in shared + spec.get("parameters", [])]
                    pointer = f"#/paths/{template.replace('~', '~0').replace('/', '~1')}/{method}"
                    self.operations.append(Operation(spec["operationId"], method.upper(), template, re.compile(regex), spec, parameters, pointer))
        # Literal segments first: /monitor/search must not be read as /monitor/{monitor_id}.
        self.operations.sort(key=lambda op: op.template.count("{"))

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.document
            for token in node["$ref"].removeprefix("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        for operation in self.operations:
            found = operation.pattern.match(path)
            if found and operation.method == method:
                return operation, found.groupdict()
        return None

    def sample(self, schema: dict[str, Any], overrides: Any = None) -> Any:
        """The smallest value the schema accepts (required fields only), with overrides laid over it.

        Fakes answer with this, so an answer holds every field the contract requires even where
        the fake has nothing to say (Sentry's project has some 80 required fields).
        """
        schema = self.resolve(schema)
        if overrides is not None and not isinstance(overrides, dict):
            return overrides
        overrides = overrides or {}
        for key in ("allOf",):
            if key in schema:
                merged: dict[str, Any] = {}
                for part in schema[key]:
                    value = self.sample(part)
                    if isinstance(value, dict):
                        merged.update(value)
                return {**merged, **overrides}
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self.sample(schema[key][0], overrides or None)
        if schema.get("nullable") and not overrides and schema.get("type") != "object":
            return None
        kind = schema.get("type")
        if "enum" in schema:
            return schema["enum"][0]
        if kind == "object" or "properties" in schema:
            properties = schema.get("properties", {})
            value = {name: self.sample(properties.get(name, {})) for name in schema.get("required", []) if name not in overrides}
            for name, given in overrides.items():
                value[name] = self.sample(properties[name], given) if name in properties and isinstance(given, dict) else given
            return value
        if kind == "array":
            return []
        if kind == "string":
            return {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01"}.get(schema.get("format", ""), "")
        if kind in ("integer", "number"):
            return schema.get("minimum", 0)
        if kind == "boolean":
            return False
        return None

    def schema_errors(self, schema: dict[str, Any], instance: Any, *, direction: str) -> list[str]:
        validator_class = OAS30WriteValidator if direction == "request" else OAS30ReadValidator
        validator = validator_class(absolute_refs(schema), registry=self.registry)
        found = [f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}" for error in validator.iter_errors(instance)]
        return list(dict.fromkeys(found))

    def request_errors(
        self, operation: Operation, path_params: dict[str, str], query: dict[str, str], headers: dict[str, str], body: bytes
    ) -> list[str]:
        """Everything wrong with a request, by the contract (empty when it is valid)."""
        errors: list[str] = []
        lowered = {k.lower(): v for k, v in headers.items()}
        for parameter in operation.parameters:
            where = parameter["in"]
            name = parameter["name"]
            source = {"path": path_params, "query": query, "header": lowered}.get(where, {})
            key = name.lower() if where == "header" else name
            if key not in source:
                if parameter.get("required"):
                    errors.append(f"{where} parameter {name}: required")
                continue
            value = coerce(source[key], self.resolve(parameter.get("schema", {})))
            errors += [f"{where} parameter {name}: {e}" for e in self.schema_errors(parameter.get("schema", {}), value, direction="request")]
        known = {p["name"] for p in operation.parameters if p["in"] == "query"}
        errors += [f"query parameter {name}: not in the contract" for name in query if name not in known]
        media_types = operation.request_media_types
        if media_types:
            content_type = lowered.get("content-type", "").split(";")[0].strip()
            if content_type not in media_types:
                errors.append(f"Content-Type {content_type or '(none)'}: the contract takes {', '.join(media_types)}")
            elif body or (operation.spec.get("requestBody") or {}).get("required"):
                try:
                    document = json.loads(body or b"null")
                except ValueError as error:
                    return errors + [f"body: not JSON ({error})"]
                errors += self.schema_errors(media_types[content_type].get("schema", {}), document, direction="request")
        elif body:
            errors.append("body: the contract defines no request body for this operation")
        accept = lowered.get("accept", "")
        success = operation.success_media_types()
        if success and accept and not any(media in accept for media in success + ["*/*"]):
            errors.append(f"Accept {accept}: the contract answers with {', '.join(success)}")
        return errors

    def response_errors(self, operation: Operation, status: int, content_type: str, body: Any) -> list[str]:
        """Everything wrong with a response, by the contract (empty when it is valid)."""
        responses = operation.spec.get("responses", {})
        declared = responses.get(str(status)) or responses.get("default")
        if declared is None:
            return [f"status {status}: not a response of {operation.operation_id} ({', '.join(map(str, responses))})"]
        declared = self.resolve(declared)
        content = declared.get("content", {})
        # No content declared means an undescribed body (Sentry's errors carry {"detail": ...}).
        if body is None or not content:
            return []
        if content_type not in content:
            return [f"Content-Type {content_type}: {operation.operation_id} {status} answers with {', '.join(content) or 'no body'}"]
        return self.schema_errors(content[content_type].get("schema", {}), body, direction="response")


def absolute_refs(node: Any) -> Any:
    """A copy of node whose local $refs (#/...) name the registered document (urn:contract#/...)."""
    if isinstance(node, dict):
        return {k: (BASE_URI + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else absolute_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [absolute_refs(item) for item in node]
    return node


def path_regex(template: str) -> str:
    """/a/{b}/c as ^/a/(?P<b>[^/]+)/c$."""
    parts = re.split(r"\{([^}]+)\}", template)
    return "^" + "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts)) + "$"


def coerce(value: str, schema: dict[str, Any]) -> Any:
    """A path, query or header string as the type its schema names."""
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean":
        return {"true": True, "false": False}.get(value.lower(), value)
    return value
