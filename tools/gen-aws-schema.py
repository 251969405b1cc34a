#!/usr/bin/env python3
"""Generates crates/lab/data/aws-schema.json: the embedded schema of the AWS provider types
the Terraform lab knows, with which arguments force replacement.

Inputs (all local; nothing fetched from the internet):
- SCHEMA_JSON: `terraform providers schema -json` run against the hashicorp/aws 5.100.0
  provider binary from this machine's filesystem mirror (/opt/tf-plugins);
- tools/aws-force-new-recorded.json: written by tools/record-replacements.py (real
  Terraform plans);
- tools/aws-force-new-documented.json: a small hand-kept table from the provider docs'
  argument reference ("Forces new resource"), for arguments the recorder could not try,
  plus plain-words reasons for the most teaching-relevant replacements;
- tools/aws-defaults-recorded.json: written by tools/record-defaults.py (real Terraform
  plans): the value the provider plans for an optional argument left unset.

Usage: tools/gen-aws-schema.py SCHEMA_JSON [OUT]   (default OUT: crates/lab/data/aws-schema.json)
Output is deterministic (sorted keys, no timestamps). Python 3.11 stdlib only.

Compact format: a block is {"a": {name: [type, flags] or [type, flags, default]}, "b": {name: [nesting, min, max,
block, flags]}, "d": 1 if deprecated}; type is the cty JSON type ("string",
["list","string"], ["object",{...}], "dynamic"); flags letters: r required, o optional,
c computed, s sensitive, d deprecated, w write-only, f forces replacement (recorded by
Terraform), F forces replacement (documented only), n setting it where the prior state
has null forces replacement (recorded by Terraform: a state written without the default);
default: the JSON value the provider
plans when the configuration leaves the argument unset (recorded by Terraform).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from aws_types import DATA_SOURCES, PROVIDER_VERSION, RESOURCES  # noqa: E402

ROOT = os.path.dirname(HERE)


def nested_type(nt):
    obj = ["object", {k: attr_type(a) for k, a in sorted(nt.get("attributes", {}).items())}]
    mode = nt.get("nesting_mode", "single")
    return obj if mode == "single" else [mode, obj]


def attr_type(a):
    return a["type"] if "type" in a else nested_type(a["nested_type"])


def flags(a, fn):
    out = ""
    for key, letter in (("required", "r"), ("optional", "o"), ("computed", "c"), ("sensitive", "s"),
                        ("deprecated", "d"), ("write_only", "w")):
        if a.get(key):
            out += letter
    return out + fn


def block(b, fnew, prefix="", defaults=None, null_prior=None):
    defaults = defaults or {}
    null_prior = null_prior or {}
    out = {}
    attrs = {}
    for n, a in sorted(b.get("attributes", {}).items()):
        attrs[n] = [attr_type(a), flags(a, fnew.get(prefix + n, ""))]
        if prefix + n in defaults:
            if null_prior.get(prefix + n) == "replaces" and "f" not in attrs[n][1]:
                attrs[n][1] += "n"
            attrs[n].append(defaults[prefix + n])
    if attrs:
        out["a"] = attrs
    blocks = {}
    for n, nb in sorted(b.get("block_types", {}).items()):
        blocks[n] = [nb["nesting_mode"], nb.get("min_items", 0), nb.get("max_items", 0),
                     block(nb["block"], fnew, prefix + n + ".", defaults, null_prior), fnew.get(prefix + n + "{}", "")]
    if blocks:
        out["b"] = blocks
    if b.get("deprecated"):
        out["d"] = 1
    return out


def main():
    schema_path = sys.argv[1]
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "crates/lab/data/aws-schema.json")
    with open(schema_path) as f:
        ps = json.load(f)["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    with open(os.path.join(HERE, "aws-force-new-recorded.json")) as f:
        recorded = json.load(f)
    with open(os.path.join(HERE, "aws-force-new-documented.json")) as f:
        documented = json.load(f)
    with open(os.path.join(HERE, "aws-defaults-recorded.json")) as f:
        defaults = json.load(f)
    for src in (recorded, documented, defaults):
        if src["provider_version"] != PROVIDER_VERSION:
            raise SystemExit(f"an input table is for {src['provider_version']}, not {PROVIDER_VERSION}")

    resources = {}
    for t in RESOURCES:
        fnew = {}
        for path in documented["force_new"].get(t, []):
            fnew[path] = "F"
        for path, verdict in recorded["recorded"].get(t, {}).items():
            # Terraform's own answer wins over the docs either way.
            if verdict == "force_new":
                fnew[path] = "f"
            elif path in fnew:
                del fnew[path]
        resources[t] = block(ps["resource_schemas"][t]["block"], fnew, "", defaults["recorded"].get(t, {}),
                             defaults["null_prior"].get(t, {}))
        # The schema version Terraform writes as `schema_version` in the state.
        if ps["resource_schemas"][t].get("version", 0):
            resources[t]["v"] = ps["resource_schemas"][t]["version"]
    data = {t: block(ps["data_source_schemas"][t]["block"], {}) for t in DATA_SOURCES}
    out = {
        "provider": "registry.terraform.io/hashicorp/aws",
        "provider_version": PROVIDER_VERSION,
        "generated_by": "tools/gen-aws-schema.py from `terraform providers schema -json` of the local "
                        "provider binary; force-new from tools/record-replacements.py (real terraform plans) "
                        "and tools/aws-force-new-documented.json; defaults from tools/record-defaults.py",
        "provider_config": block(ps["provider"]["block"], {}),
        "resources": resources,
        "data_sources": data,
        "builtin": {
            "terraform_data": {"a": {
                "id": ["string", "c"],
                "input": ["dynamic", "o"],
                "output": ["dynamic", "c"],
                "triggers_replace": ["dynamic", "of"],
            }},
        },
        "reasons": documented["reasons"],
    }
    with open(out_path, "w") as f:
        json.dump(out, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    size = os.path.getsize(out_path)
    print(f"wrote {out_path}: {size} bytes, {len(resources)} resources, {len(data)} data sources", file=sys.stderr)


if __name__ == "__main__":
    main()
