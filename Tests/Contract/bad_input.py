"""Bad input against a live `oversight serve`, walked from the request schemas of
/openapi.yaml (a property-style test over the whole contract):

- every string field of every JSON request body, at any depth, gets a NUL, a U+0001 and
  a U+007F: the answer must be 422 problem+json naming that field;
- the same field gets a lone surrogate escape (\\ud800): 422 problem+json;
- every object of a body whose schema says `additionalProperties: false`, at any depth,
  gets an unknown key: 422 problem+json naming the key by its path.

Never a 500. Path parameters are random UUIDs, so the body must be judged before the
record is looked up; each case is sent with the first token (regulator, inspector,
institution, platform admin) whose role may call the operation.
Usage: bad_input.py BASE_URL OPENAPI_FILE REGULATOR_TOKEN PLATFORM_TOKEN
(the inspector's and the institution's tokens are issued here, through the API).
"""

import json
import sys
import urllib.error
import urllib.request
import uuid

import yaml

base, spec_file, regulator, platform = sys.argv[1:5]
doc = yaml.safe_load(open(spec_file, encoding="utf-8"))


def post(path, body, token=regulator):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def credit_code():
    """A valid unified social credit code (GB 32100), different each run."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = "52210102MJ" + str(uuid.uuid4().int % 10_000_000).zfill(7)
    check = (31 - sum(alphabet.index(c) * w for c, w in zip(body, weights)) % 31) % 31
    return body + alphabet[check]


inspector = post("/v1/inspectors", {"name": "坏输入检查员", "certificate_number": "BAD-" + uuid.uuid4().hex[:8]})
institution = post("/v1/institutions", {
    "name": "坏输入养老院", "credit_code": credit_code(), "operator_type": "public", "district": "和平区",
    "address": "南京南街 1 号", "status": "operating", "beds": 10,
})
tokens = [
    ("regulator", regulator),
    ("inspector", post("/v1/tokens", {"role": "inspector", "subject_id": inspector["id"]})["token"]),
    ("institution", post("/v1/tokens", {"role": "institution", "subject_id": institution["id"]})["token"]),
    ("platform_admin", platform),
]


def resolve(schema):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def merged(schema):
    """The schema with $ref and allOf folded into one object schema."""
    schema = resolve(schema)
    if "allOf" not in schema:
        return schema
    out = {"type": "object", "properties": {}}
    for part in schema["allOf"]:
        part = merged(part)
        out["properties"].update(part.get("properties", {}))
        if part.get("additionalProperties") is False:
            out["additionalProperties"] = False
    return out


def kind(schema):
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    if t is None and "properties" in schema:
        t = "object"
    return t


def walk(schema, path, strings, objects):
    """Collects string fields and closed objects as paths: a list of keys and 0 for array elements."""
    schema = merged(schema)
    for alternative in schema.get("oneOf", []) + schema.get("anyOf", []):
        walk(alternative, path, strings, objects)
    t = kind(schema)
    if t == "string":
        strings.append(path)
    elif t == "object":
        if schema.get("additionalProperties") is False:
            objects.append(path)
        for key, child in schema.get("properties", {}).items():
            walk(child, path + [key], strings, objects)
    elif t == "array":
        walk(schema.get("items", {}), path + [0], strings, objects)


def build(path, leaf):
    """A body with `leaf` at `path`, and nothing else."""
    if not path:
        return leaf
    head, rest = path[0], path[1:]
    return [build(rest, leaf)] if head == 0 else {head: build(rest, leaf)}


def spelled(path):
    """The path as the API names fields: `results[0].finding.description`."""
    out = ""
    for part in path:
        out += "[0]" if part == 0 else ("." if out else "") + part
    return out or "body"


def send(method, url_path, raw):
    last = None
    for role, token in tokens:
        request = urllib.request.Request(base + url_path, data=raw, method=method)
        request.add_header("Authorization", "Bearer " + token)
        request.add_header("Content-Type", "application/json")
        request.add_header("If-Match", '"1"')
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                last = (response.status, response.headers.get("Content-Type", ""), response.read(), role)
        except urllib.error.HTTPError as error:
            last = (error.code, error.headers.get("Content-Type", ""), error.read(), role)
        if last[0] not in (401, 403, 404):  # 404: a route or record hidden from this role
            return last
    return last


passed, failures = 0, []


def check(label, reply, field):
    global passed
    status, content_type, body, role = reply
    problem = {}
    try:
        problem = json.loads(body)
    except ValueError:
        pass
    fields = [e.get("field") for e in problem.get("errors", [])]
    ok = status == 422 and content_type.startswith("application/problem+json") and (field is None or field in fields)
    if ok:
        passed += 1
    else:
        failures.append(f"{label} as {role}: {status} {content_type} {body[:300]!r} (wanted 422 naming {field})")


for template, operations in doc["paths"].items():
    for method, operation in operations.items():
        if not isinstance(operation, dict) or "requestBody" not in operation:
            continue
        schema = operation["requestBody"].get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            continue
        url_path = template
        for parameter in [p for p in template.split("/") if p.startswith("{")]:
            url_path = url_path.replace(parameter, str(uuid.uuid4()))
        strings, objects = [], []
        walk(schema, [], strings, objects)
        label = f"{method.upper()} {template}"
        for path in strings:
            for bad in ["a\u0000b", "\u0001", "x\u007f"]:
                raw = json.dumps(build(path, bad)).encode()
                check(f"{label} {spelled(path)}={bad!r}", send(method.upper(), url_path, raw), spelled(path))
            raw = json.dumps(build(path, "SURROGATE")).replace('"SURROGATE"', '"x\\ud800y"').encode()
            check(f"{label} {spelled(path)}=lone surrogate", send(method.upper(), url_path, raw), None)
        for path in objects:
            if not path:
                continue  # top-level unknown fields have their own Swift tests
            raw = json.dumps(build(path + ["zz_unknown"], 1)).encode()
            check(f"{label} unknown {spelled(path)}.zz_unknown", send(method.upper(), url_path, raw), spelled(path + ["zz_unknown"]))

for failure in failures:
    print("FAIL", failure)
print(f"bad input: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
