"""Valid JSON instances of the component schemas of OpenAPI documents, for the round-trip check.

Each schema is turned into a self-contained JSON Schema (draft 7, what hypothesis-jsonschema reads):
every `$ref` (to components, into other schemas, into `$defs`, into other files) is inlined, a
recursive reference past RECURSION levels becomes `false` (so an instance is finite: an optional
recursive property is left out, a recursive array is empty, a recursive union branch is not
taken), OpenAPI 3.0's `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum` and 3.1's
`prefixItems` are spelled the draft-7 way, and annotations hypothesis-jsonschema does not read are
dropped. hypothesis-jsonschema then draws instances, derandomized: the same input gives the same
instances on every run and every machine with the pinned versions (requirements.txt).

Two choices narrow the instances to what the generated client is meant to keep, each a subset of
what the schema allows:
- An object schema that lists `properties` and says nothing of `additionalProperties` gets no
  other keys: the generated struct ignores unknown keys by design (a newer server must not break
  an older client), so an extra key would be "lost" by intent. Where the schema says
  `additionalProperties` (true or a schema), other keys are drawn, and must come back.
- At most three items in an array and three keys in a map where the schema allows more: the same
  shapes, a fraction of the size and of the time.
- An integer is drawn within the range of the Rust type it maps to: `format: int32` within i32,
  anything else within i64 (JSON Schema's integers are unbounded; the generator's i64 is the
  documented choice).
Every drawn instance is then validated against the faithful schema (objects open, the same
inlining) with `jsonschema`; an instance that fails (a narrowing can make a `oneOf` match twice)
is dropped and counted.

Usage: instances.py [--all | --check]. Writes tests/roundtrip/instances/<label>.txt for each
spec (spec/*, generator/tests/fixtures/*, tests/producers/*/openapi.json): one line per record,
`kind<TAB>payload`, the payload JSON: `digest "hex"` and `inputs [files]` (what the file was made
from; harness.rs recomputes the digest and fails on a stale file), `count N` (instances drawn a
schema), then for every component schema (the `$defs` and `definitions` inside them included) and every inline schema of an
operation's JSON request body and responses (and of each webhook's payload), `schema "pointer"`,
its `instance <JSON text>`s, `dropped N` (drawn instances that failed validation) and
`error "message"` (no instance, and why).
"""

import copy
import json
import os
import sys
import time
import warnings
from urllib.parse import unquote

import hypothesis
import jsonschema
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import HypothesisException
from hypothesis_jsonschema import _from_schema, from_schema

# How many times one reference may be inlined inside itself before it becomes `false`.
RECURSION = 2
# At most this many items in an array, keys in a map (in what is drawn; see Converter.small).
SMALL = 3
I32 = (-(2**31), 2**31 - 1)
I64 = (-(2**63), 2**63 - 1)
# Keywords dropped from every schema: annotations, and OpenAPI's own keywords.
DROPPED = {
    "description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly",
    "discriminator", "xml", "externalDocs", "$comment", "$schema", "$id", "$anchor", "$defs",
    "definitions", "contentEncoding", "contentMediaType", "contentSchema", "nullable",
    "unevaluatedProperties", "unevaluatedItems",
}
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA = ("not", "contains", "propertyNames", "if", "then", "else", "additionalItems")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas")


class Documents:
    """The documents read so far, by absolute path (references to other files are followed)."""

    def __init__(self):
        self.files = {}

    def get(self, path):
        if path not in self.files:
            with open(path, encoding="utf-8") as f:
                self.files[path] = yaml.safe_load(f)
        return self.files[path]

    def resolve(self, ref, base):
        """The node `ref` (written in file `base`) points at, its file, and a key naming it."""
        file_part, _, fragment = ref.partition("#")
        path = os.path.normpath(os.path.join(os.path.dirname(base), file_part)) if file_part else base
        node = self.get(path)
        for token in [t for t in fragment.split("/")[1:]] if fragment else []:
            token = unquote(token).replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node, path, (path, fragment)


class Converter:
    def __init__(self, docs, v30, closed):
        self.docs = docs
        self.v30 = v30
        self.closed = closed

    def convert(self, node, base, stack=(), all_of_part=False):
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise ValueError(f"not a schema: {node!r}")
        if "$ref" in node:
            target, path, key = self.docs.resolve(node["$ref"], base)
            if stack.count(key) >= RECURSION:
                return False
            inlined = self.convert(target, path, stack + (key,), all_of_part)
            siblings = {k: v for k, v in node.items() if k != "$ref" and k not in DROPPED}
            # 3.0: siblings of a reference are ignored; 3.1: they apply as well.
            if self.v30 or not siblings:
                return inlined
            return {"allOf": [inlined, self.convert(siblings, base, stack, True)]}
        out = {}
        for key, value in node.items():
            if key in DROPPED or key.startswith("x-"):
                continue
            if key in SUBSCHEMA_LISTS:
                # The parts of an `allOf` (and the branches of a union beside properties of its
                # own) are closed as a whole, at this node, not one by one.
                part = key == "allOf" or (key in ("anyOf", "oneOf") and "properties" in node)
                out[key] = [self.convert(s, base, stack, part) for s in value]
            elif key in SUBSCHEMA:
                out[key] = self.convert(value, base, stack)
            elif key in SUBSCHEMA_MAPS:
                out[key] = {k: self.convert(s, base, stack) for k, s in value.items()}
            elif key == "items":
                out[key] = [self.convert(s, base, stack) for s in value] if isinstance(value, list) else self.convert(value, base, stack)
            elif key == "additionalProperties":
                out[key] = self.convert(value, base, stack)
            else:
                out[key] = copy.deepcopy(value)
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict) and discriminator.get("propertyName"):
            for key in ("oneOf", "anyOf"):
                if key in out:
                    out[key] = [tagged(b, c, discriminator) for b, c in zip(node[key], out[key])]
        # 3.1 tuples: draft 7 says `items: [...]` and `additionalItems`.
        if "prefixItems" in out:
            if "items" in out:
                out["additionalItems"] = out.pop("items")
            out["items"] = out.pop("prefixItems")
        if "dependentRequired" in out:
            out.setdefault("dependencies", {}).update(out.pop("dependentRequired"))
        if "dependentSchemas" in out:
            out.setdefault("dependencies", {}).update(out.pop("dependentSchemas"))
        if self.v30:
            for bound in ("Minimum", "Maximum"):
                flag = out.pop(f"exclusive{bound}", None)
                if flag is True and bound.lower() in out:
                    out[f"exclusive{bound}"] = out.pop(bound.lower())
        self.integer_range(out)
        if self.closed:
            self.small(out)
        if self.closed and not all_of_part:
            self.close(out)
        if self.v30 and node.get("nullable") is True:
            out = nullable(out)
        return out

    @staticmethod
    def integer_range(out):
        types = out.get("type")
        if types != "integer" and not (isinstance(types, list) and "integer" in types):
            return
        low, high = I32 if out.get("format") == "int32" else I64
        out["minimum"] = max(out.get("minimum", low), low)
        out["maximum"] = min(out.get("maximum", high), high)

    @staticmethod
    def small(out):
        """At most SMALL items in an array and SMALL keys in a map (unless the schema asks for
        more): the shapes are the same, the instances a fraction of the size (a list of lists of
        large objects drew megabytes, for minutes)."""
        if "items" in out or out.get("type") == "array":
            out["maxItems"] = max(min(out.get("maxItems", SMALL), SMALL), out.get("minItems", 0))
        if not out.get("properties") and ("additionalProperties" in out or "patternProperties" in out):
            out["maxProperties"] = max(min(out.get("maxProperties", SMALL), SMALL), out.get("minProperties", 0))

    @staticmethod
    def close(out):
        """No other keys than those listed, where the schema does not speak of other keys."""
        if "additionalProperties" in out or "patternProperties" in out:
            return
        names = set(out.get("properties", {}))
        parts = list(out.get("allOf", []))
        if names:
            parts.append({"anyOf": out.get("anyOf", []), "oneOf": out.get("oneOf", [])})
        while parts:
            part = parts.pop()
            if isinstance(part, dict):
                if "additionalProperties" in part or "patternProperties" in part:
                    return
                names.update(part.get("properties", {}))
                parts.extend(part.get("allOf", []))
                # A part that is a union of objects: its branches' keys.
                for key in ("anyOf", "oneOf"):
                    for branch in part.get(key, []):
                        if isinstance(branch, dict):
                            if "additionalProperties" in branch or "patternProperties" in branch:
                                return
                            names.update(branch.get("properties", {}))
        if not names:
            return
        if "allOf" in out:
            out.setdefault("properties", {})
            for name in names:
                out["properties"].setdefault(name, True)
        out["additionalProperties"] = False


def tagged(branch, converted, discriminator):
    """A branch of a union with a `discriminator`: its property holds one of the branch's tags
    (the `mapping` keys naming it, else its schema's name), as OpenAPI says; JSON Schema alone
    would let it hold any value."""
    if not isinstance(branch, dict) or "$ref" not in branch:
        return converted
    ref = branch["$ref"]
    name = ref.rsplit("/", 1)[-1]
    mapping = discriminator.get("mapping") or {}
    tags = [tag for tag, target in mapping.items() if target in (ref, name)] or [name]
    prop = discriminator["propertyName"]
    return {"allOf": [converted, {"required": [prop], "properties": {prop: {"enum": tags}}}]}


def nullable(schema):
    """OpenAPI 3.0's `nullable: true`: `null` is a value too."""
    if schema is False:
        return {"type": "null"}
    if schema is True:
        return True
    out = dict(schema)
    if "enum" in out and None not in out["enum"]:
        out["enum"] = out["enum"] + [None]
    if "const" in out:
        return {"anyOf": [{"type": "null"}, out]}
    types = out.get("type")
    if isinstance(types, str):
        out["type"] = [types, "null"]
        return out
    if isinstance(types, list):
        out["type"] = types + ["null"] if "null" not in types else types
        return out
    if "enum" in out:
        return out
    return {"anyOf": [{"type": "null"}, out]}


def components(doc):
    """Every component schema's pointer, and those of the `$defs` (or `definitions`) inside them."""
    out = []

    def walk(node, at):
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key in ("$defs", "definitions") and isinstance(value, dict):
                for name, schema in value.items():
                    here = f"{at}/{key}/{escape(name)}"
                    out.append(here)
                    walk(schema, here)
            elif isinstance(value, dict):
                walk(value, f"{at}/{escape(key)}")
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, f"{at}/{escape(key)}/{i}")

    for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items():
        here = f"/components/schemas/{escape(name)}"
        out.append(here)
        walk(schema, here)
    return out


METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operation_schemas(doc):
    """The inline schema (not a lone `$ref`) of each operation's JSON request body and responses,
    written in the document itself: of the media type the generator reads (JSON when offered)."""
    out = []

    def json_schema(at, node):
        if not isinstance(node, dict) or "$ref" in node:
            return
        content = node.get("content")
        if not isinstance(content, dict):
            return
        media = next((m for m in content if is_json_media_type(m)), None)
        schema = (content.get(media) or {}).get("schema") if media is not None else None
        if isinstance(schema, dict) and set(schema) != {"$ref"}:
            out.append(f"{at}/content/{escape(media)}/schema")

    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict) or "$ref" in item:
            continue
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            at = f"/paths/{escape(path)}/{method}"
            json_schema(f"{at}/requestBody", op.get("requestBody"))
            for status, response in (op.get("responses") or {}).items():
                json_schema(f"{at}/responses/{escape(str(status))}", response)
    # Webhooks' payloads (OpenAPI 3.1's `webhooks`, GitHub's `x-webhooks` in 3.0).
    for key in ("webhooks", "x-webhooks"):
        for name, item in (doc.get(key) or {}).items():
            if not isinstance(item, dict) or "$ref" in item:
                continue
            for method in METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    json_schema(f"/{key}/{escape(name)}/{method}/requestBody", op.get("requestBody"))
    return out


def is_json_media_type(media):
    """The generator's `openapi::is_json_media_type`."""
    media = media.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == "*/*"


def escape(token):
    return token.replace("~", "~0").replace("/", "~1")


def memoized(function):
    """`function` of a schema (or a list of them) made once for each schema: hypothesis-jsonschema
    builds the strategy of every property again at every draw, most of the time spent on a large
    schema (the strategy is the same each time; ten times faster on the largest). Keyed by the
    schema alone: every call here draws with the same alphabet and formats."""
    made = {}

    def cached(schemas, *, alphabet, custom_formats):
        key = json.dumps(schemas, sort_keys=True)
        if key not in made:
            made[key] = function(copy.deepcopy(schemas), alphabet=alphabet, custom_formats=custom_formats)
        return made[key]

    return cached


# A value of any JSON (`{}`, `additionalProperties: true`): hypothesis-jsonschema's own, smaller
# (up to 10 leaves, not 100: the largest spec drew for minutes in its free-form fields) and with
# integers within i64, as everywhere else.
_from_schema.JSON_STRATEGY = hypothesis.strategies.recursive(
    hypothesis.strategies.none()
    | hypothesis.strategies.booleans()
    | hypothesis.strategies.integers(*I64)
    | hypothesis.strategies.floats(allow_nan=False, allow_infinity=False).map(lambda x: x or 0.0)
    | hypothesis.strategies.text(),
    lambda inner: hypothesis.strategies.lists(inner, max_size=3) | hypothesis.strategies.dictionaries(hypothesis.strategies.text(), inner, max_size=3),
    max_leaves=10,
)
_from_schema.merged_as_strategies = memoized(_from_schema.merged_as_strategies)
setattr(_from_schema, "__from_schema", memoized(getattr(_from_schema, "__from_schema")))


def draw(schema, count):
    """`count` distinct instances of `schema` (fewer if it has fewer), deterministically."""
    seen = []

    @settings(
        max_examples=count * 3,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
        verbosity=hypothesis.Verbosity.quiet,
    )
    @given(from_schema(schema, allow_x00=True))
    def collect(value):
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        if text not in seen and len(seen) < count:
            seen.append(text)

    collect()
    return seen


ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
HERE = "tests/roundtrip"
COUNT = 20
HEADER = (
    "# @generated by tests/roundtrip/instances.py from the spec named below (hypothesis-jsonschema,\n"
    "# derandomized). Do not edit by hand: `tests/roundtrip/setup-venv && tests/roundtrip/.venv/bin/python\n"
    "# tests/roundtrip/instances.py` rewrites the files whose inputs changed.\n"
)


def specs():
    """Every spec the check covers: `(label, file from the repository root)`."""
    import tomllib

    out = []
    with open(os.path.join(ROOT, "spec/clients.toml"), "rb") as f:
        for client in tomllib.load(f)["client"]:
            stem = os.path.splitext(client["spec"])[0]
            out.append((f"spec/{stem}", f"spec/{client['spec']}"))
    fixtures = os.path.join(ROOT, "generator/tests/fixtures")
    for name in sorted(os.listdir(fixtures)):
        stem, ext = os.path.splitext(name)
        if ext in (".yaml", ".json"):
            out.append((f"fixtures/{stem}", f"generator/tests/fixtures/{name}"))
    producers = os.path.join(ROOT, "tests/producers")
    for name in sorted(os.listdir(producers)):
        if os.path.isfile(os.path.join(producers, name, "openapi.json")):
            out.append((f"producers/{name}", f"tests/producers/{name}/openapi.json"))
    return out


def digest(count, inputs):
    """FNV-1a (64 bits) of the count and of each input file's path and bytes: what
    tests/roundtrip/harness.rs computes again to tell a stale file."""
    h = 0xCBF29CE484222325
    chunks = [f"count={count}".encode(), b"\0"]
    for path in inputs:
        with open(os.path.join(ROOT, path), "rb") as f:
            chunks += [path.encode(), b"\0", f.read(), b"\0"]
    for chunk in chunks:
        for byte in chunk:
            h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def stamp(count, inputs):
    return f"digest\t{json.dumps(digest(count, inputs))}\ninputs\t{json.dumps(inputs)}\ncount\t{count}\n"


def instances_of(label, file, count):
    """The instance file of one spec, and the files it was made from."""
    docs = Documents()
    path = os.path.join(ROOT, file)
    doc = docs.get(path)
    v30 = str(doc.get("openapi", "")).startswith("3.0")
    lines = []
    for pointer in components(doc) + operation_schemas(doc):
        lines.append("schema\t" + json.dumps(pointer))
        try:
            node, _, _ = docs.resolve("#" + pointer, path)
            key = (path, pointer)
            closed = Converter(docs, v30, closed=True).convert(node, path, (key,))
            faithful = Converter(docs, v30, closed=False).convert(node, path, (key,))
            validator = jsonschema.Draft7Validator(faithful)
            drawn = draw(closed, count)
        except (HypothesisException, ValueError, KeyError, RecursionError, jsonschema.SchemaError) as e:
            lines.append("error\t" + json.dumps(f"{type(e).__name__}: {e}"[:500]))
            continue
        dropped = 0
        for text in drawn:
            if validator.is_valid(json.loads(text)):
                lines.append("instance\t" + text)
            else:
                dropped += 1
        if dropped:
            lines.append(f"dropped\t{dropped}")
        if not drawn:
            lines.append("error\t" + json.dumps("hypothesis-jsonschema drew no instance"))
    inputs = [f"{HERE}/instances.py", f"{HERE}/requirements.txt"]
    inputs += sorted(os.path.relpath(p, ROOT).replace(os.sep, "/") for p in docs.files)
    return HEADER + stamp(count, inputs) + "\n".join(lines) + "\n"


def main():
    """Rewrites the instance file of every spec whose inputs changed (`--all`: of every spec;
    `--check`: rewrites nothing, and fails if a file is not what it would write)."""
    # The same draws in every process: nothing may depend on the order of a set of strings,
    # which Python randomizes per process unless told otherwise before it starts.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__), *sys.argv[1:]], {**os.environ, "PYTHONHASHSEED": "0"})
    args = sys.argv[1:]
    check, everything = "--check" in args, "--all" in args
    warnings.simplefilter("ignore")
    stale = []
    for label, file in specs():
        out = os.path.join(ROOT, HERE, "instances", label + ".txt")
        old = open(out, encoding="utf-8").read() if os.path.exists(out) else None
        if old is not None and not everything and not check:
            lines = old.splitlines()
            inputs = json.loads(next(l for l in lines if l.startswith("inputs\t")).split("\t", 1)[1])
            if stamp(COUNT, inputs) in old:
                continue
        started = time.monotonic()
        new = instances_of(label, file, COUNT)
        print(f"{label}: {new.count(chr(10) + 'instance' + chr(9))} instances in {time.monotonic() - started:.1f} s", file=sys.stderr)
        if new != old:
            stale.append(label)
            if not check:
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with open(out, "w", encoding="utf-8") as f:
                    f.write(new)
    for name in stale:
        print(f"{'stale' if check else 'wrote'}: {HERE}/instances/{name}.txt", file=sys.stderr)
    if check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
