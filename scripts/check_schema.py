#!/usr/bin/python3
"""Checks problem files against Problems/schema/problem.schema.json (JSON Schema 2020-12).

  scripts/check_schema.py FILE...      prints "FILE: ok" or each violation; exit 1 if any fails
  scripts/check_schema.py --batch      reads a JSON list of documents on stdin, prints a JSON
                                       list of booleans (valid or not); used by the tests
  scripts/check_schema.py --probe      reads a JSON list of {"document", "at", "names"} on stdin:
                                       for each name, whether the schema allows it as a key of
                                       the object at JSON pointer "at"; prints a JSON list of
                                       the allowed names per job; used by the tests

Needs the Debian package python3-jsonschema (scripts/setup.sh installs it).
"""
import copy
import json
import os
import sys

import jsonschema

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Problems", "schema", "problem.schema.json")


def validator():
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def resolve(document, pointer):
    node = document
    for part in [p for p in pointer.split("/") if p]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def rejected_as_unknown(v, document, pointer, name):
    """True when adding `name` to the object at `pointer` violates an additionalProperties: false."""
    doc = copy.deepcopy(document)
    resolve(doc, pointer)[name] = None
    stack = list(v.iter_errors(doc))
    while stack:
        e = stack.pop()
        stack.extend(e.context or [])
        if e.validator == "additionalProperties" and e.validator_value is False:
            where = "/" + "/".join(str(p) for p in e.absolute_path)
            if where.rstrip("/") == pointer.rstrip("/") and name in (e.instance or {}) and name not in e.schema.get("properties", {}):
                return True
    return False


def main():
    v = validator()
    if sys.argv[1:2] == ["--batch"]:
        docs = json.load(sys.stdin)
        json.dump([v.is_valid(d) for d in docs], sys.stdout)
        return 0
    if sys.argv[1:2] == ["--probe"]:
        jobs = json.load(sys.stdin)
        json.dump([[n for n in job["names"] if not rejected_as_unknown(v, job["document"], job["at"], n)] for job in jobs],
                  sys.stdout)
        return 0
    status = 0
    for path in sys.argv[1:]:
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except (OSError, ValueError) as error:
            print(f"{path}: {error}")
            status = 1
            continue
        errors = sorted(v.iter_errors(document), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = ".".join(str(p) for p in e.absolute_path) or "(document)"
            print(f"{path}: {where}: {e.message}")
        if not errors:
            print(f"{path}: ok")
        status |= 1 if errors else 0
    return status


if __name__ == "__main__":
    sys.exit(main())
