#!/usr/bin/env python3
"""Checks `botcensus serve`'s API against its OpenAPI document (tests of Tests/WebViewTests).

  validate-webview-api.py spec OPENAPI.json
      the document is valid OpenAPI (openapi-spec-validator), and its Verdict and Census schemas are the
      contracts of docs/schema (with `$defs` moved to components/schemas), not a drifted copy
  validate-webview-api.py answer OPENAPI.json SCHEMA FILE.json
      FILE.json validates against components/schemas/SCHEMA of the document (JSON Schema 2020-12, which
      OpenAPI 3.1 schemas are)

Prints one line per problem; exit 1 when there is any, 3 when a module is missing.
"""
import copy
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

try:
    from jsonschema import Draft202012Validator
    from openapi_spec_validator import validate as validate_openapi
except ImportError as e:  # the test fails on this in CI, and says why
    print(f"missing Python module: {e.name} (scripts/setup.sh installs it)", file=sys.stderr)
    sys.exit(3)


def contract(name, defs_to_components):
    schema = json.loads((ROOT / "docs/schema" / name).read_text())
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    schema.pop("$defs", None)
    text = json.dumps(schema)
    for old, new in defs_to_components.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/components/schemas/{new}"')
    return json.loads(text)


def check_spec(spec):
    problems = []
    try:
        validate_openapi(copy.deepcopy(spec))
    except Exception as e:  # openapi-spec-validator raises its own error types
        problems.append(f"not valid OpenAPI: {e}")
    if not str(spec.get("openapi", "")).startswith("3."):
        problems.append(f"openapi is {spec.get('openapi')!r}, expected 3.x")
    schemas = spec.get("components", {}).get("schemas", {})
    expected = {
        "Verdict": contract("verdict.schema.json", {"deviceClass": "DeviceClass"}),
        "Census": contract("census.schema.json", {"share": "Share"}),
    }
    for name, want in expected.items():
        if schemas.get(name) != want:
            problems.append(f"components/schemas/{name} differs from docs/schema (update the document in Sources/WebView/API/OpenAPIDocument.swift)")
    for path in ("/api/verdicts", "/api/census", "/api/addresses/{ip}", "/api/openapi.json"):
        if set(spec.get("paths", {}).get(path, {})) != {"get"}:
            problems.append(f"{path}: expected exactly one operation, get")
    return problems


def check_answer(spec, schema_name, document):
    root = dict(spec)
    root["$ref"] = f"#/components/schemas/{schema_name}"
    validator = Draft202012Validator(root)
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in validator.iter_errors(document)]


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "spec":
        problems = check_spec(json.loads(pathlib.Path(sys.argv[2]).read_text()))
    elif len(sys.argv) == 5 and sys.argv[1] == "answer":
        spec = json.loads(pathlib.Path(sys.argv[2]).read_text())
        problems = check_answer(spec, sys.argv[3], json.loads(pathlib.Path(sys.argv[4]).read_text()))
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
