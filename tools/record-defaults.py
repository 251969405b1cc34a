#!/usr/bin/env python3
"""Records the AWS provider's defaults (SDKv2 `Default:`), by asking real Terraform.

The provider schema JSON has no defaults, so for every resource type in aws_types.py this
writes one configuration with instances holding only the arguments the type needs (the
required ones and the nested blocks the type requires, with the sample values of
tools/record-replacements.py), plans them offline (mock credentials, no prior state) and
reads `terraform show -json` of the saved plan: an argument the configuration leaves unset
whose planned value is known (not in `after_unknown`) and not null is the provider's
default for it. Each type is planned twice, with two different sample values for every
argument it sets; a value that differs between the two depends on the configuration and is
not a default. Nested blocks: one more instance per optional top-level block type (holding
only its required content), whose unset inner arguments are recorded as "block.attr".

Usage: tools/record-defaults.py SCHEMA_JSON OUT_JSON [WORKDIR]
  SCHEMA_JSON: `terraform providers schema -json` of hashicorp/aws 5.100.0
  OUT_JSON: normally tools/aws-defaults-recorded.json
  WORKDIR: an initialised directory (its .terraform is linked); default /tmp/tfs
Needs TF_CLI_CONFIG_FILE pointing at a filesystem mirror with the provider. Stdlib only.
"""

import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from aws_types import RESOURCES, PROVIDER_VERSION  # noqa: E402

_spec = importlib.util.spec_from_file_location("record_replacements", os.path.join(HERE, "record-replacements.py"))
rr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rr)

SKIP = {"id", "tags_all", "timeouts"}

# More arguments set in every instance (beyond record-replacements.py's): the provider needs
# one of a group, so a plan with only the schema-required ones is rejected.
for _t, _paths in {
    "aws_acm_certificate": {("domain_name",), ("validation_method",)},
    "aws_cloudwatch_event_rule": {("schedule_expression",)},
    "aws_dynamodb_table": {("attribute",), ("attribute", "name"), ("attribute", "type")},
    "aws_lambda_function": {("role",), ("handler",), ("runtime",)},
    "aws_route_table_association": {("subnet_id",)},
    "aws_security_group_rule": {("cidr_blocks",)},
    "aws_ssm_parameter": {("value",)},
    "aws_vpc_security_group_ingress_rule": {("cidr_ipv4",), ("from_port",), ("to_port",)},
    "aws_vpc_security_group_egress_rule": {("cidr_ipv4",), ("from_port",), ("to_port",)},
}.items():
    rr.BASE.setdefault(_t, set()).update(_paths)
rr.SPECIAL.update({
    ("aws_dynamodb_table", "name"): ("pk", "id"),
    ("aws_dynamodb_table", "type"): ("S", "N"),
    ("aws_dynamodb_table", "billing_mode"): ("PAY_PER_REQUEST", "PAY_PER_REQUEST"),
    ("aws_lambda_function", "role"): ("arn:aws:iam::123456789012:role/tutor-new",
                                      "arn:aws:iam::123456789012:role/tutor-old"),
    ("aws_s3_bucket_ownership_controls", "object_ownership"): ("BucketOwnerPreferred", "ObjectWriter"),
    ("aws_s3_bucket_versioning", "status"): ("Enabled", "Suspended"),
    ("aws_vpc_security_group_ingress_rule", "from_port"): (80, 443),
    ("aws_vpc_security_group_ingress_rule", "to_port"): (80, 443),
    ("aws_vpc_security_group_egress_rule", "from_port"): (80, 443),
    ("aws_vpc_security_group_egress_rule", "to_port"): (80, 443),
})


class DefaultsRecorder(rr.Recorder):
    """Instances: `a` and `b` (the two sample values of every argument set), and
    `k_<block>` per optional top-level nested block type (sample `a`)."""

    def __init__(self, schema, workdir):
        super().__init__(schema, workdir)
        self.variant = "a"
        self.configs = {}  # (type, instance) -> configured object

    def pair(self, rtype, path, ty):
        p = super().pair(rtype, path, ty)
        if p is None or self.variant == "a":
            return p
        # variant b configures the second value everywhere
        return (p[1], p[1])

    def instances_of(self, rtype):
        yield "a", None
        yield "b", None
        blk = self.res[rtype]["block"]
        for bn, nb in sorted(blk.get("block_types", {}).items()):
            if bn not in SKIP and nb.get("min_items", 0) == 0:
                yield "k_" + bn, (bn,)

    def build(self):
        lines = ['terraform {', '  required_providers {', '    aws = {', '      source = "hashicorp/aws"',
                 '    }', '  }', '}',
                 'provider "aws" {', '  region = "eu-west-1"', '  access_key = "mock"', '  secret_key = "mock"',
                 '  skip_credentials_validation = true', '  skip_requesting_account_id = true',
                 '  skip_metadata_api_check = true', '}']
        linemap = {}
        self.instances = {}
        self.configs = {}
        for rtype in RESOURCES:
            for inst, cand in self.instances_of(rtype):
                if (rtype, inst) in self.dropped:
                    continue
                self.variant = "b" if inst == "b" else "a"
                sublines, submap = [], {}
                start = len(lines) + 1
                try:
                    cfg, _ = self.render_block(rtype, (), self.res[rtype]["block"], sublines, submap, inst,
                                               cand, "  ")
                except LookupError as e:
                    self.dropped[(rtype, inst)] = f"no sample value accepted for {'.'.join(e.args[0])}"
                    continue
                linemap[start] = (inst, None)
                lines.append(f'resource "{rtype}" "{inst}" {{')
                for ln, v in submap.items():
                    linemap[start + ln] = v
                lines += sublines
                lines.append("}")
                self.instances[(rtype, inst)] = (cand, "block" if cand else "base")
                self.configs[(rtype, inst)] = cfg
        self.variant = "a"
        self.linemap = linemap
        with open(os.path.join(self.workdir, "main.tf"), "w") as f:
            f.write("\n".join(lines) + "\n")
        st = os.path.join(self.workdir, "terraform.tfstate")
        if os.path.exists(st):
            os.remove(st)


def known(unknown):
    return unknown is None or unknown is False


def collect(blk, cfg, after, unknown, prefix, out, top_blocks):
    """Unset arguments of blk with a known, non-null planned value -> out[path]."""
    unknown = unknown if isinstance(unknown, dict) else {}
    for n, a in sorted(blk.get("attributes", {}).items()):
        if n in SKIP or not (a.get("optional") and not a.get("required")) or a.get("write_only"):
            continue
        if cfg.get(n) is not None:
            continue
        v = after.get(n)
        if v is None or not known(unknown.get(n)) or unknown.get(n) is True:
            continue
        if a.get("sensitive"):
            continue
        out[prefix + n] = v
    for bn, nb in sorted(blk.get("block_types", {}).items()):
        if bn in SKIP or bn not in cfg or (top_blocks is not None and bn not in top_blocks):
            continue
        c, v, u = cfg[bn], after.get(bn), unknown.get(bn)
        if nb["nesting_mode"] not in ("single", "group"):
            c = c[0] if c else None
            v = v[0] if isinstance(v, list) and v else None
            u = u[0] if isinstance(u, list) and u else None
        if isinstance(c, dict) and isinstance(v, dict) and u is not True:
            collect(nb["block"], c, v, u, prefix + bn + ".", out, None)


def dummy(ty):
    if ty == "string":
        return "tutor-computed"
    if ty == "number":
        return 1
    if ty == "bool":
        return True
    if isinstance(ty, list) and ty[0] in ("list", "set"):
        return []
    if isinstance(ty, list) and ty[0] == "map":
        return {}
    return None


def known_prior(blk, v, u):
    """The planned object v with what after_unknown marks unknown replaced by sample values
    of the attribute's type (a computed attribute the configuration leaves unset keeps its
    prior value, so only the defaults then differ)."""
    u = u if isinstance(u, dict) else {}
    out = dict(v)
    for n, a in blk.get("attributes", {}).items():
        if u.get(n) is True:
            out[n] = dummy(a.get("type"))
    for n, nb in blk.get("block_types", {}).items():
        if u.get(n) is True:
            out[n] = None if nb["nesting_mode"] in ("single", "group") else []
        elif isinstance(v.get(n), dict):
            out[n] = known_prior(nb["block"], v[n], u.get(n))
        elif isinstance(v.get(n), list):
            us = u.get(n) if isinstance(u.get(n), list) else []
            out[n] = [known_prior(nb["block"], x, us[i] if i < len(us) else None) if isinstance(x, dict) else x
                      for i, x in enumerate(v[n])]
    return out


def at(obj, path):
    """The value at a dotted path (first element of a nested block list)."""
    for p in path.split("."):
        if isinstance(obj, list):
            obj = obj[0] if obj else None
        if not isinstance(obj, dict):
            return None
        obj = obj.get(p)
    return obj


def set_null(obj, path):
    parts = path.split(".")
    for p in parts[:-1]:
        obj = obj.get(p) if isinstance(obj, dict) else None
        if isinstance(obj, list):
            obj = obj[0] if obj else None
    if isinstance(obj, dict):
        obj[parts[-1]] = None


def null_prior(rec, plan, found):
    """Plans every instance again against a prior state holding its own planned object with
    the recorded defaults null (what a state written without defaults holds): per type, the
    plan's actions and the defaults Terraform then plans ("changes"; "replaces" when that
    forces replacement) or leaves null ("kept")."""
    work = rec.workdir
    skip = set()
    for _ in range(8):
        plan2 = null_prior_plan(rec, plan, found, skip)
        if isinstance(plan2, dict):
            break
        if not plan2:
            raise SystemExit("null-prior plan failed with errors not attributable to an instance")
        skip |= plan2
    else:
        raise SystemExit("no clean null-prior plan")
    out = {}
    for rc in plan2.get("resource_changes", []):
        got = found.get(rc["type"], {}).get(rc["name"])
        if not got or rc["address"] in skip:
            continue
        after = rc["change"]["after"] or {}
        o = out.setdefault(rc["type"], {})
        o.setdefault("actions", {})[rc["name"]] = "+".join(rc["change"]["actions"])
        rps = {".".join(x for x in rp if isinstance(x, str)) for rp in rc["change"].get("replace_paths") or []}
        for path, v in got.items():
            o[path] = ("replaces" if path in rps else "changes") if at(after, path) == v else "kept"
    os.remove(os.path.join(work, "terraform.tfstate"))
    return out


def null_prior_plan(rec, plan, found, skip):
    """The plan's JSON, or the set of addresses whose prior Terraform rejected."""
    work = rec.workdir
    state_res = []
    for rc in plan.get("resource_changes", []):
        key = (rc["type"], rc["name"])
        got = found.get(rc["type"], {}).get(rc["name"])
        if not got or key not in rec.instances or rc["address"] in skip:
            continue
        prior = known_prior(rec.res[rc["type"]]["block"], rc["change"]["after"],
                            rc["change"].get("after_unknown") or {})
        for path in got:
            set_null(prior, path)
        prior["id"] = "tutor-id"
        state_res.append({"mode": "managed", "type": rc["type"], "name": rc["name"],
                          "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                          "instances": [{"schema_version": rec.res[rc["type"]].get("version", 0),
                                         "attributes": prior}]})
    with open(os.path.join(work, "terraform.tfstate"), "w") as f:
        json.dump({"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "tutor-record",
                   "outputs": {}, "resources": state_res}, f)
    p = rec.tf("plan", "-refresh=false", "-input=false", "-json", "-no-color", "-out=p.plan")
    if p.returncode != 0:
        bad = {d.get("address") for d in rec.diags(p.stdout) if d.get("severity") == "error"}
        return {a for a in bad if a}
    return json.loads(rec.tf("show", "-json", "p.plan").stdout)


def main():
    schema_path, out_path = sys.argv[1], sys.argv[2]
    src = sys.argv[3] if len(sys.argv) > 3 else "/tmp/tfs"
    work = "/tmp/tf-record-defaults"
    os.makedirs(work, exist_ok=True)
    for f in ("main.tf", "terraform.tfstate", "p.plan"):
        if os.path.exists(os.path.join(work, f)):
            os.remove(os.path.join(work, f))
    if not os.path.exists(os.path.join(work, ".terraform")):
        os.symlink(os.path.join(src, ".terraform"), os.path.join(work, ".terraform"))
    with open(os.path.join(src, ".terraform.lock.hcl")) as f, open(os.path.join(work, ".terraform.lock.hcl"), "w") as g:
        g.write(f.read())
    with open(schema_path) as f:
        schema = json.load(f)
    rec = DefaultsRecorder(schema, work)
    plan = rec.run(rounds=20)
    found = {}  # type -> instance -> {path: value}
    for rc in plan.get("resource_changes", []):
        key = (rc["type"], rc["name"])
        if key not in rec.instances or rc["change"]["actions"] != ["create"]:
            continue
        cand, _ = rec.instances[key]
        got = {}
        collect(rec.res[rc["type"]]["block"], rec.configs[key], rc["change"]["after"] or {},
                rc["change"].get("after_unknown") or {}, "", got, None if cand is None else set(cand))
        if cand is not None:
            got = {k: v for k, v in got.items() if "." in k}
        found.setdefault(rc["type"], {})[rc["name"]] = got
    nulls = null_prior(rec, plan, found)
    result, differing = {}, {}
    for rtype, per in sorted(found.items()):
        a, b = per.get("a"), per.get("b")
        base = {}
        if a is not None:
            for k, v in a.items():
                if b is not None and k in b and b[k] != v or b is not None and k not in b:
                    differing.setdefault(rtype, {})[k] = [v, b.get(k)]
                else:
                    base[k] = v
        for inst, got in per.items():
            if inst.startswith("k_"):
                base.update(got)
        if base:
            result[rtype] = dict(sorted(base.items()))
    dropped = {}
    for (rtype, inst), why in sorted(rec.dropped.items()):
        dropped.setdefault(rtype, {})[inst] = why
    out = {"provider_version": PROVIDER_VERSION,
           "method": "terraform plan (create, no prior state) of instances holding only the required "
                     "arguments: unset arguments whose planned value is known and not null",
           "recorded": result,
           "null_prior": {t: dict(sorted(v.items())) for t, v in sorted(nulls.items())
                          if any(t in result and k in result[t] for k in v)},
           "depends_on_configuration": differing,
           "not_recorded": dropped}
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    n = sum(len(v) for v in result.values())
    print(f"recorded {n} defaults of {len(result)} resource types, {len(rec.dropped)} instances not planned",
          file=sys.stderr)


if __name__ == "__main__":
    main()
