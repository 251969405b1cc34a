#!/usr/bin/env python3
"""Records which AWS provider arguments force replacement, by asking real Terraform.

The provider schema JSON has no ForceNew, so for every resource type in aws_types.py this
writes one configuration with one instance per candidate argument, plus a prior
terraform.tfstate (format v4) in which only that argument differs from the configuration,
runs `terraform plan -refresh=false` offline (mock credentials) and reads
`resource_changes[].change.replace_paths`. Instances Terraform or the provider rejects are
retried with other sample values, then dropped (those arguments fall back to the
documented table in tools/aws-force-new-documented.json).

Usage: tools/record-replacements.py SCHEMA_JSON OUT_JSON [WORKDIR]
  SCHEMA_JSON: `terraform providers schema -json` of hashicorp/aws 5.100.0
  WORKDIR: an initialised directory (its .terraform is linked); default /tmp/tfs
Needs TF_CLI_CONFIG_FILE pointing at a filesystem mirror with the provider. Stdlib only.
"""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aws_types import RESOURCES, PROVIDER_VERSION  # noqa: E402

POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"%s","Resource":"*"}]}'
TRUST = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
         '"Principal":{"Service":"%s.amazonaws.com"}}]}')
KEY = "arn:aws:kms:eu-west-1:123456789012:key/%s-1111-1111-1111-111111111111"

# (resource type, argument) or argument -> (configured value, prior value)
SPECIAL = {
    "cidr_block": ("10.0.0.0/16", "10.1.0.0/16"),
    "destination_cidr_block": ("0.0.0.0/0", "10.9.0.0/16"),
    "cidr_ipv4": ("10.0.0.0/16", "10.1.0.0/16"),
    "cidr_blocks": (["10.0.0.0/16"], ["10.1.0.0/16"]),
    "availability_zone": ("eu-west-1a", "eu-west-1b"),
    "ami": ("ami-0123456789abcdef0", "ami-0fedcba987654321f"),
    "image_id": ("ami-0123456789abcdef0", "ami-0fedcba987654321f"),
    "instance_type": ("t3.micro", "t3.small"),
    "engine": ("postgres", "mysql"),
    "engine_version": ("16.3", "16.4"),
    "instance_class": ("db.t3.micro", "db.t3.small"),
    "policy": (POLICY % "s3:GetObject", POLICY % "s3:PutObject"),
    "assume_role_policy": (TRUST % "ec2", TRUST % "lambda"),
    "container_definitions": ('[{"name":"app","image":"nginx","essential":true}]',
                              '[{"name":"app","image":"httpd","essential":true}]'),
    "dashboard_body": ('{"widgets":[]}', '{"widgets":[],"start":"-PT3H"}'),
    "event_pattern": ('{"source":["aws.ec2"]}', '{"source":["aws.s3"]}'),
    "schedule_expression": ("rate(5 minutes)", "rate(10 minutes)"),
    "runtime": ("python3.12", "python3.13"),
    "handler": ("index.handler", "main.handler"),
    "comparison_operator": ("GreaterThanThreshold", "LessThanThreshold"),
    "statistic": ("Average", "Sum"),
    "alarm_rule": ('ALARM("tutor-a")', 'ALARM("tutor-b")'),
    "pattern": ("ERROR", "WARN"),
    "domain_name": ("example.com", "example.org"),
    "validation_method": ("DNS", "EMAIL"),
    "public_key": ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFsRtXGkqFDZyo3ybLr1PIeD4dhTGKV3iGRbPjbwpmkP new",
                   "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNq6fLp8VW2Rhs0cxcBSG8b2Uv6LhP0KV0b2Cc7qfSq old"),
    "family": ("postgres16", "postgres15"),
    "policy_arn": ("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess"),
    "principal": ("s3.amazonaws.com", "sns.amazonaws.com"),
    "action": ("lambda:InvokeFunction", "lambda:GetFunction"),
    "node_type": ("cache.t3.micro", "cache.t3.small"),
    "kms_key_id": (KEY % "11111111", KEY % "22222222"),
    "kms_master_key_id": (KEY % "11111111", KEY % "22222222"),
    "target_key_id": ("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"),
    "name_prefix": ("tnew-", "told-"),
    "vpc_id": ("vpc-0aaaaaaaaaaaaaaa1", "vpc-0bbbbbbbbbbbbbbb2"),
    "subnet_id": ("subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"),
    "subnet_ids": (["subnet-0aaaaaaaaaaaaaaa1"], ["subnet-0bbbbbbbbbbbbbbb2"]),
    "security_group_id": ("sg-0aaaaaaaaaaaaaaa1", "sg-0bbbbbbbbbbbbbbb2"),
    "route_table_id": ("rtb-0aaaaaaaaaaaaaaa1", "rtb-0bbbbbbbbbbbbbbb2"),
    "gateway_id": ("igw-0aaaaaaaaaaaaaaa1", "igw-0bbbbbbbbbbbbbbb2"),
    "allocation_id": ("eipalloc-0aaaaaaaaaaaa1", "eipalloc-0bbbbbbbbbbbb2"),
    "zone_id": ("Z0AAAAAAAAAAAAAAAAAA1", "Z0BBBBBBBBBBBBBBBBBB2"),
    "secret_string": ("new-secret", "old-secret"),
    "ip_protocol": ("tcp", "udp"),
    "protocol": ("tcp", "udp"),
    ("aws_lb_listener", "protocol"): ("HTTP", "HTTPS"),
    ("aws_lb_target_group", "protocol"): ("HTTP", "HTTPS"),
    ("aws_sns_topic_subscription", "protocol"): ("sqs", "lambda"),
    ("aws_sns_topic_subscription", "endpoint"): ("arn:aws:sqs:eu-west-1:123456789012:new",
                                                 "arn:aws:sqs:eu-west-1:123456789012:old"),
    ("aws_security_group_rule", "type"): ("ingress", "egress"),
    ("aws_route53_record", "type"): ("A", "AAAA"),
    ("aws_route53_record", "records"): (["192.0.2.1"], ["192.0.2.2"]),
    ("aws_ssm_parameter", "type"): ("String", "StringList"),
    ("aws_kms_alias", "name"): ("alias/tutor-new", "alias/tutor-old"),
    ("aws_eip", "domain"): ("vpc", "standard"),
    ("aws_lb", "load_balancer_type"): ("application", "network"),
    ("aws_lb_target_group", "target_type"): ("instance", "ip"),
    ("aws_dynamodb_table", "hash_key"): ("pk", "id"),
    ("aws_dynamodb_table", "billing_mode"): ("PAY_PER_REQUEST", "PROVISIONED"),
    ("aws_ecs_task_definition", "cpu"): ("256", "512"),
    ("aws_ecs_task_definition", "memory"): ("512", "1024"),
    ("aws_ecs_task_definition", "network_mode"): ("awsvpc", "bridge"),
    ("aws_ecs_service", "launch_type"): ("FARGATE", "EC2"),
    ("aws_elasticache_cluster", "engine"): ("redis", "memcached"),
    ("aws_lambda_function", "filename"): ("new.zip", "old.zip"),
    ("aws_lambda_function", "package_type"): ("Zip", "Image"),
    ("aws_instance", "private_ip"): ("10.0.0.10", "10.0.0.11"),
    ("aws_sqs_queue", "name"): ("tutor-new", "tutor-old"),
}
STRING_ALTS = [("tutor-new", "tutor-old"), ("tutornew", "tutorold"),
               ("arn:aws:iam::123456789012:role/tutor-new", "arn:aws:iam::123456789012:role/tutor-old"),
               ('{"a":"new"}', '{"a":"old"}'), ("10.0.0.0/16", "10.1.0.0/16"), ("2", "3")]
NUMBER_ALTS = [(2, 3), (1, 2), (10, 20), (60, 120), (365, 400), (1024, 2048)]
SKIP = {"id", "tags_all", "timeouts"}

# Arguments set in every instance of a type (schema-optional, but the provider needs one
# of a group, or a combination): paths treated as required when rendering.
BASE = {
    "aws_instance": {("ami",), ("instance_type",)},
    "aws_lb_listener": {("default_action",), ("default_action", "type"), ("default_action", "target_group_arn")},
    "aws_lb_target_group": {("port",), ("protocol",), ("vpc_id",)},
    "aws_elasticache_cluster": {("engine",), ("node_type",), ("num_cache_nodes",)},
    "aws_lambda_function": {("filename",)},
    "aws_lb": {("subnets",)},
    "aws_dynamodb_table": {("billing_mode",), ("hash_key",)},
    "aws_route53_record": {("records",), ("ttl",)},
    "aws_route": {("destination_cidr_block",), ("gateway_id",)},
}
SPECIAL[("aws_lb_listener", "type")] = ("forward", "forward")
SPECIAL["projection_type"] = ("ALL", "KEYS_ONLY")
SPECIAL[("aws_lb", "subnets")] = (["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa3"],
                                  ["subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb4"])
SPECIAL[("aws_route53_record", "ttl")] = (300, 600)
SPECIAL[("aws_elasticache_cluster", "num_cache_nodes")] = (1, 2)


def alts_for(rtype, name, ty):
    """Candidate (configured, prior) value pairs for one attribute, best first."""
    out = []
    for key in ((rtype, name), name):
        if key in SPECIAL:
            out.append(SPECIAL[key])
            break
    if ty == "string":
        if name.endswith("_arn") or name == "arn":
            out.append(("arn:aws:iam::123456789012:role/tutor-new", "arn:aws:iam::123456789012:role/tutor-old"))
        if "policy" in name:
            out.append((POLICY % "s3:GetObject", POLICY % "s3:PutObject"))
        out += STRING_ALTS
    elif ty == "number":
        out += NUMBER_ALTS
    elif ty == "bool":
        out += [(True, False), (False, True)]
    elif isinstance(ty, list) and ty[0] in ("list", "set") and ty[1] in ("string", "number"):
        for a, b in alts_for(rtype, name, ty[1]):
            out.append(([a], [b]))
    elif isinstance(ty, list) and ty[0] == "map" and ty[1] in ("string", "number"):
        for a, b in alts_for(rtype, name, ty[1]):
            out.append(({"k": a}, {"k": b}))
    return [p for p in out if value_fits(p[0], ty)]


def value_fits(v, ty):
    if ty == "string":
        return isinstance(v, str)
    if ty == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if ty == "bool":
        return isinstance(v, bool)
    if isinstance(ty, list) and ty[0] in ("list", "set"):
        return isinstance(v, list) and all(value_fits(e, ty[1]) for e in v)
    if isinstance(ty, list) and ty[0] == "map":
        return isinstance(v, dict) and all(value_fits(e, ty[1]) for e in v.values())
    return False


def hcl(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return json.dumps(v).replace("${", "$${").replace("%{", "%%{")
    if isinstance(v, list):
        return "[" + ", ".join(hcl(e) for e in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {hcl(e)}" for k, e in v.items()) + " }"
    raise ValueError(v)


def settable(a):
    return a.get("required") or a.get("optional")


class Recorder:
    def __init__(self, schema, workdir):
        self.res = schema["provider_schemas"]["registry.terraform.io/hashicorp/aws"]["resource_schemas"]
        self.workdir = workdir
        self.choice = {}     # (type, path) -> index into alts / explicit pair
        self.override = {}   # (type, path) -> list of pairs parsed from error messages
        self.dropped = {}    # instance -> reason
        self.instances = {}  # instance name -> (type, path tuple, kind)

    def pair(self, rtype, path, ty):
        key = (rtype, path)
        alts = self.override.get(key, []) + alts_for(rtype, path[-1], ty)
        i = self.choice.get(key, 0)
        return alts[i] if i < len(alts) else None

    def bump(self, rtype, path):
        self.choice[(rtype, path)] = self.choice.get((rtype, path), 0) + 1

    def candidates(self, rtype):
        blk = self.res[rtype]["block"]
        out = []
        for n, a in sorted(blk.get("attributes", {}).items()):
            if n not in SKIP and settable(a):
                out.append(((n,), "attr"))
        for bn, nb in sorted(blk.get("block_types", {}).items()):
            if bn in SKIP:
                continue
            if nb.get("min_items", 0) == 0:
                out.append(((bn,), "block"))
            for n, a in sorted(nb["block"].get("attributes", {}).items()):
                if n not in SKIP and settable(a):
                    out.append(((bn, n), "attr"))
        return out

    def render_block(self, rtype, prefix, blk, lines, linemap, inst, cand, indent):
        """Required content of blk (plus the candidate); returns (config obj, prior obj)."""
        cfg, prior = {}, {}
        for n, a in sorted(blk.get("attributes", {}).items()):
            path = prefix + (n,)
            is_cand = cand == path
            if not (a.get("required") or is_cand or path in BASE.get(rtype, ())):
                continue
            p = self.pair(rtype, path, a["type"])
            if p is None:
                raise LookupError(path)
            linemap[len(lines) + 1] = (inst, path)
            lines.append(f"{indent}{n} = {hcl(p[0])}")
            cfg[n] = p[0]
            prior[n] = p[1] if is_cand else p[0]
        for bn, nb in sorted(blk.get("block_types", {}).items()):
            path = prefix + (bn,)
            want = nb.get("min_items", 0) > 0 or (cand is not None and cand[: len(path)] == path) \
                or path in BASE.get(rtype, ())
            if not want or bn in SKIP:
                continue
            linemap[len(lines) + 1] = (inst, path)
            lines.append(f"{indent}{bn} {{")
            c, p = self.render_block(rtype, path, nb["block"], lines, linemap, inst, cand, indent + "  ")
            lines.append(f"{indent}}}")
            mode = nb["nesting_mode"]
            block_added = cand == path
            if mode in ("single", "group"):
                cfg[bn], prior[bn] = c, (None if block_added else p)
            else:
                cfg[bn], prior[bn] = [c], ([] if block_added else [p])
        return cfg, prior

    def build(self):
        lines = ['terraform {', '  required_providers {', '    aws = {', '      source = "hashicorp/aws"',
                 '    }', '  }', '}',
                 'provider "aws" {', '  region = "eu-west-1"', '  access_key = "mock"', '  secret_key = "mock"',
                 '  skip_credentials_validation = true', '  skip_requesting_account_id = true',
                 '  skip_metadata_api_check = true', '}']
        linemap, state_res = {}, []
        self.instances = {}
        for rtype in RESOURCES:
            for i, (path, kind) in enumerate(self.candidates(rtype)):
                inst = f"c{i}_" + "__".join(path)
                if (rtype, inst) in self.dropped:
                    continue
                sub, sublines, submap = [], [], {}
                start = len(lines) + 1
                try:
                    cfg, prior = self.render_block(rtype, (), self.res[rtype]["block"], sublines, submap,
                                                   inst, path, "  ")
                except LookupError as e:
                    self.dropped[(rtype, inst)] = f"no sample value accepted for {'.'.join(e.args[0])}"
                    continue
                del sub
                linemap[start] = (inst, None)
                lines.append(f'resource "{rtype}" "{inst}" {{')
                for ln, v in submap.items():
                    linemap[start + ln] = v
                lines += sublines
                lines.append("}")
                self.instances[(rtype, inst)] = (path, kind)
                prior["id"] = "tutor-id"
                state_res.append({"mode": "managed", "type": rtype, "name": inst,
                                  "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                                  "instances": [{"schema_version": self.res[rtype].get("version", 0),
                                                 "attributes": prior}]})
        self.linemap = linemap
        with open(os.path.join(self.workdir, "main.tf"), "w") as f:
            f.write("\n".join(lines) + "\n")
        state = {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "tutor-record",
                 "outputs": {}, "resources": state_res}
        with open(os.path.join(self.workdir, "terraform.tfstate"), "w") as f:
            json.dump(state, f)

    def owner(self, diag):
        """(type, instance, path) a diagnostic is about."""
        rng = diag.get("range") or {}
        line = rng.get("start", {}).get("line")
        addr = diag.get("address")
        inst_path = None
        if line is not None:
            # the nearest rendered line at or above
            for ln in range(line, 0, -1):
                if ln in self.linemap:
                    inst_path = self.linemap[ln]
                    break
        if inst_path is None and addr:
            _, name = addr.split(".", 1)
            inst_path = (name.split("[")[0], None)
        if inst_path is None:
            return None
        inst, path = inst_path
        for (rtype, i) in self.instances:
            if i == inst and (addr is None or addr.startswith(rtype + ".")):
                if line is not None and addr is None:
                    # line-based: find the type owning the line
                    pass
                return rtype, inst, path
        return None

    def handle(self, diags):
        """Adjusts values or drops instances for each error; True if something changed."""
        changed = False
        for d in diags:
            if d.get("severity") != "error":
                continue
            o = self.owner(d)
            text = (d.get("summary", "") + " " + d.get("detail", ""))
            if o is None:
                print("unowned error:", text[:300], file=sys.stderr)
                continue
            rtype, inst, path = o
            if path is not None and len(path) and (rtype, path) not in self.seen_bump:
                self.seen_bump.add((rtype, path))
                m = re.search(r"to be one of \[?(.*?)\]?, got", text, re.S) or \
                    re.search(r"value must be one of: \[(.*?)\]", text, re.S)
                if m:
                    opts = re.findall(r'\\?"([^"\\]+)\\?"', m.group(1))
                    if len(opts) >= 2 and (rtype, path) not in self.override:
                        self.override[(rtype, path)] = [(opts[0], opts[1])]
                        self.choice[(rtype, path)] = 0
                        changed = True
                        continue
                m = re.search(r"in the range \((-?\d+) - (-?\d+)\)", text)
                if m and "length" not in text and (rtype, path) not in self.override:
                    lo, hi = int(m.group(1)), int(m.group(2))
                    self.override[(rtype, path)] = [(lo + 1 if hi > lo + 1 else lo, lo if hi > lo + 1 else hi)]
                    self.choice[(rtype, path)] = 0
                    changed = True
                    continue
                self.bump(rtype, path)
                changed = True
            elif (rtype, inst) not in self.dropped:
                self.dropped[(rtype, inst)] = text.strip().replace("\n", " ")[:200]
                changed = True
        return changed

    def tf(self, *args):
        r = subprocess.run(["terraform", *args], cwd=self.workdir, capture_output=True, text=True)
        return r

    def diags(self, out):
        ds = []
        for line in out.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                j = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "diagnostics" in j:
                ds += j["diagnostics"]
            elif j.get("type") == "diagnostic":
                ds.append(j["diagnostic"])
        return ds

    def run(self, rounds=12):
        for rnd in range(rounds):
            self.seen_bump = set()
            self.build()
            print(f"round {rnd}: {len(self.instances)} instances, {len(self.dropped)} dropped", file=sys.stderr)
            v = self.tf("validate", "-json", "-no-color")
            ds = self.diags(v.stdout)
            if any(d.get("severity") == "error" for d in ds):
                if not self.handle(ds):
                    raise SystemExit("validate errors not attributable:\n" + v.stdout[:3000])
                continue
            p = self.tf("plan", "-refresh=false", "-input=false", "-json", "-no-color", "-out=p.plan")
            ds = self.diags(p.stdout)
            if p.returncode != 0 or any(d.get("severity") == "error" for d in ds):
                if not self.handle(ds):
                    raise SystemExit("plan errors not attributable:\n" + p.stdout[-3000:] + p.stderr[-2000:])
                continue
            return json.loads(self.tf("show", "-json", "p.plan").stdout)
        raise SystemExit("no clean plan after %d rounds" % rounds)


def main():
    schema_path, out_path = sys.argv[1], sys.argv[2]
    src = sys.argv[3] if len(sys.argv) > 3 else "/tmp/tfs"
    work = os.path.join(os.path.dirname(os.path.abspath(out_path)), ".record-work") \
        if len(sys.argv) <= 4 else sys.argv[4]
    work = "/tmp/tf-record"
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
    rec = Recorder(schema, work)
    plan = rec.run()
    result = {}
    for rc in plan.get("resource_changes", []):
        key = (rc["type"], rc["name"])
        if key not in rec.instances:
            continue
        path, kind = rec.instances[key]
        actions = rc["change"]["actions"]
        rps = rc["change"].get("replace_paths") or []
        hit = False
        for rp in rps:
            if rp and rp[0] == path[0]:
                names = [e for e in rp[1:] if isinstance(e, str)]
                if len(path) == 1 or not names or path[1] in names:
                    hit = True
        if actions == ["no-op"]:
            verdict = "no-diff"
        else:
            verdict = "force_new" if hit else "in_place"
        result.setdefault(rc["type"], {})[".".join(path) + ("{}" if kind == "block" else "")] = verdict
    dropped = {}
    for (rtype, inst), why in sorted(rec.dropped.items()):
        dropped.setdefault(rtype, {})[inst] = why
    out = {"provider_version": PROVIDER_VERSION,
           "method": "terraform plan -refresh=false against a prior state differing in one argument",
           "recorded": {k: dict(sorted(v.items())) for k, v in sorted(result.items())},
           "not_recorded": dropped}
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    n = sum(len(v) for v in result.values())
    fn = sum(1 for v in result.values() for x in v.values() if x == "force_new")
    print(f"recorded {n} arguments ({fn} force replacement), {len(rec.dropped)} not recorded", file=sys.stderr)


if __name__ == "__main__":
    main()
