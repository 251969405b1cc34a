//! The account's rules: the provider's plan-time argument checks (wording recorded from
//! real `terraform plan` with hashicorp/aws 5.100.0) and the AWS API's apply-time refusals
//! (wording modelled on the provider's wrapping of API errors).

use super::super::value::Value;
use super::{
    Account, ApplyError, TAKEN_BUCKETS, World, api_error, cidr_contains, cidr_overlaps, network_of,
    parse_cidr, str_attr,
};

fn known_str<'v>(planned: &'v Value, attr: &str) -> Option<&'v str> {
    str_attr(planned, attr)
}

fn known_num(planned: &Value, attr: &str) -> Option<f64> {
    super::num_attr(planned, attr)
}

/// The provider's plan-time validation of a planned `type_` object: what real
/// `terraform plan` reports before calling AWS. Unknown values are not checked.
/// Covered: S3 bucket name length; VPC/subnet CIDR syntax and VPC size; IAM policy JSON
/// and role names; RDS identifiers; security group rule ports and CIDRs; CloudWatch
/// alarm operators and periods; Secrets Manager, SSM, log group, KMS alias, SQS and SNS
/// names.
pub fn validate_planned(type_: &str, planned: &Value) -> Vec<ApplyError> {
    let mut e = Vec::new();
    let mut err = |msg: String, attr: &str| e.push(ApplyError::new(msg, "", attr));
    match type_ {
        "aws_s3_bucket" => {
            if let Some(b) = known_str(planned, "bucket")
                && b.len() > 63
            {
                err(
                    format!("expected length of bucket to be in the range (0 - 63), got {b}"),
                    "bucket",
                );
            }
        }
        "aws_vpc" => {
            if let Some(c) = known_str(planned, "cidr_block") {
                match parse_cidr(c) {
                    None => err(
                        format!("\"{c}\" is not a valid CIDR block: invalid CIDR address: {c}"),
                        "cidr_block",
                    ),
                    Some(p) if network_of(p) != c => err(
                        format!(
                            "expected cidr_block to contain a valid network Value, expected {}, got {c}",
                            network_of(p)
                        ),
                        "cidr_block",
                    ),
                    Some((_, len)) if !(16..=28).contains(&len) => err(
                        format!(
                            "expected \"cidr_block\" to contain a network Value with between 16 and 28 significant bits, got: {len}"
                        ),
                        "cidr_block",
                    ),
                    _ => {}
                }
            }
        }
        "aws_subnet" => {
            if let Some(c) = known_str(planned, "cidr_block") {
                match parse_cidr(c) {
                    None => err(
                        format!("\"{c}\" is not a valid CIDR block: invalid CIDR address: {c}"),
                        "cidr_block",
                    ),
                    Some(p) if network_of(p) != c => err(
                        format!(
                            "\"{c}\" is not a valid IPv4 CIDR block; did you mean \"{}\"?",
                            network_of(p)
                        ),
                        "cidr_block",
                    ),
                    _ => {}
                }
            }
        }
        "aws_iam_role" | "aws_iam_policy" | "aws_iam_role_policy" => {
            for attr in ["assume_role_policy", "policy"] {
                if let Some(doc) = known_str(planned, attr) {
                    // The provider first checks that the text is an object, then parses it.
                    match serde_json::from_str::<serde_json::Value>(doc) {
                        _ if !doc.trim_start().starts_with('{') => err(
                            format!(
                                "\"{attr}\" contains an invalid JSON policy: not a JSON object"
                            ),
                            attr,
                        ),
                        Err(x) => err(
                            format!("\"{attr}\" contains an invalid JSON policy: {x}"),
                            attr,
                        ),
                        Ok(j) if !j.is_object() => err(
                            format!(
                                "\"{attr}\" contains an invalid JSON policy: not a JSON object"
                            ),
                            attr,
                        ),
                        _ => {}
                    }
                }
            }
            if type_ == "aws_iam_role"
                && let Some(n) = known_str(planned, "name")
            {
                if n.len() > 64 {
                    err(
                        format!("expected length of name to be in the range (1 - 64), got {n}"),
                        "name",
                    );
                } else if !n
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
                {
                    err(
                        "invalid value for name (must match [\\w+=,.@-])".into(),
                        "name",
                    );
                }
            }
        }
        "aws_db_instance" => {
            if let Some(id) = known_str(planned, "identifier") {
                if !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    err("only lowercase alphanumeric characters and hyphens allowed in \"identifier\"".into(), "identifier");
                }
                if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    err(
                        "first character of \"identifier\" must be a letter".into(),
                        "identifier",
                    );
                }
                if id.contains("--") {
                    err(
                        "\"identifier\" cannot contain two consecutive hyphens".into(),
                        "identifier",
                    );
                }
                if id.ends_with('-') {
                    err(
                        "\"identifier\" cannot end with a hyphen".into(),
                        "identifier",
                    );
                }
            }
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            for attr in ["from_port", "to_port"] {
                if let Some(p) = known_num(planned, attr)
                    && !(-1.0..=65535.0).contains(&p)
                {
                    err(
                        format!(
                            "Invalid Attribute Value: Attribute {attr} value must be between -1 and 65535, got: {p}"
                        ),
                        attr,
                    );
                }
            }
            if let Some(c) = known_str(planned, "cidr_ipv4")
                && parse_cidr(c).is_none_or(|p| network_of(p) != c)
            {
                err(
                    format!(
                        "Invalid Attribute Value: Attribute cidr_ipv4 value must be a valid IPv4 CIDR that represents a network address, got: {c}"
                    ),
                    "cidr_ipv4",
                );
            }
        }
        "aws_security_group_rule" => {
            for c in super::strings(planned.as_map().and_then(|m| m.get("cidr_blocks"))) {
                match parse_cidr(&c) {
                    None => err(
                        format!("\"{c}\" is not a valid CIDR block: invalid CIDR address: {c}"),
                        "cidr_blocks",
                    ),
                    Some(p) if network_of(p) != c => err(
                        format!(
                            "\"{c}\" is not a valid IPv4 CIDR block; did you mean \"{}\"?",
                            network_of(p)
                        ),
                        "cidr_blocks",
                    ),
                    _ => {}
                }
            }
        }
        "aws_cloudwatch_metric_alarm" => {
            const OPS: &str = "[\"GreaterThanOrEqualToThreshold\" \"GreaterThanThreshold\" \"LessThanThreshold\" \"LessThanOrEqualToThreshold\" \"LessThanLowerOrGreaterThanUpperThreshold\" \"LessThanLowerThreshold\" \"GreaterThanUpperThreshold\"]";
            if let Some(op) = known_str(planned, "comparison_operator")
                && !OPS.contains(&format!("\"{op}\""))
            {
                err(
                    format!("expected comparison_operator to be one of {OPS}, got {op}"),
                    "comparison_operator",
                );
            }
            if let Some(p) = known_num(planned, "period")
                && ![10.0, 20.0, 30.0].contains(&p)
                && p % 60.0 != 0.0
            {
                err(
                    format!("expected period to be one of [10 20 30], got {p}"),
                    "period",
                );
                err(
                    format!("expected period to be divisible by 60, got: {p}"),
                    "period",
                );
            }
        }
        "aws_secretsmanager_secret" => {
            if let Some(n) = known_str(planned, "name")
                && !n
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_+=.@-".contains(c))
            {
                err("only alphanumeric characters and /_+=.@- special characters are allowed in \"name\"".into(), "name");
            }
        }
        "aws_ssm_parameter" => {
            if let Some(t) = known_str(planned, "type")
                && !["String", "StringList", "SecureString"].contains(&t)
            {
                err(
                    format!(
                        "expected type to be one of [\"String\" \"StringList\" \"SecureString\"], got {t}"
                    ),
                    "type",
                );
            }
        }
        "aws_cloudwatch_log_group" => {
            if let Some(n) = known_str(planned, "name")
                && !n
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-/#.".contains(c))
            {
                err(
                    format!(
                        "\"name\" isn't a valid log group name (alphanumeric characters, underscores, hyphens, slashes, hash signs and dots are allowed): \"{n}\""
                    ),
                    "name",
                );
            }
            const DAYS: [f64; 23] = [
                0.0, 1.0, 3.0, 5.0, 7.0, 14.0, 30.0, 60.0, 90.0, 120.0, 150.0, 180.0, 365.0, 400.0,
                545.0, 731.0, 1096.0, 1827.0, 2192.0, 2557.0, 2922.0, 3288.0, 3653.0,
            ];
            if let Some(d) = known_num(planned, "retention_in_days")
                && !DAYS.contains(&d)
            {
                err(
                    format!(
                        "expected retention_in_days to be one of [0 1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653], got {d}"
                    ),
                    "retention_in_days",
                );
            }
        }
        "aws_kms_key" => {
            if let Some(d) = known_num(planned, "deletion_window_in_days")
                && !(7.0..=30.0).contains(&d)
            {
                err(
                    format!(
                        "expected deletion_window_in_days to be in the range (7 - 30), got {d}"
                    ),
                    "deletion_window_in_days",
                );
            }
        }
        "aws_kms_alias" => {
            if let Some(n) = known_str(planned, "name")
                && (!n.starts_with("alias/")
                    || !n
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_/-".contains(c)))
            {
                err(
                    "\"name\" must begin with 'alias/' and be comprised of only [0-9A-Za-z_/-]"
                        .into(),
                    "name",
                );
            }
        }
        "aws_sqs_queue" | "aws_sns_topic" => {
            if let Some(n) = known_str(planned, "name") {
                let fifo = planned
                    .as_map()
                    .and_then(|m| {
                        m.get(if type_ == "aws_sqs_queue" {
                            "fifo_queue"
                        } else {
                            "fifo_topic"
                        })
                    })
                    .and_then(Value::as_bool)
                    == Some(true);
                let base = if fifo {
                    n.strip_suffix(".fifo")
                } else {
                    Some(n)
                };
                let ok = base.is_some_and(|b| {
                    (1..=if type_ == "aws_sqs_queue" { 80 } else { 256 }).contains(&n.len())
                        && b.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                });
                if !ok {
                    let what = if type_ == "aws_sqs_queue" {
                        "queue"
                    } else {
                        "topic"
                    };
                    err(format!("invalid {what} name: {n}"), "name");
                }
            }
        }
        _ => {}
    }
    e
}

/// The AWS API's apply-time refusals for creating (`before` is `None`) or updating:
/// S3 bucket naming and global uniqueness, subnets inside their VPC and not
/// overlapping, subnet size, RDS passwords, usernames and storage, IAM policy document
/// structure, legacy security group `-1` protocol ports, port ranges, SSM names, ECR names.
pub(super) fn apply_rules(
    account: &Account,
    world: &World<'_>,
    type_: &str,
    address: &str,
    planned: &Value,
    before: Option<&Value>,
) -> Vec<ApplyError> {
    let mut e = Vec::new();
    let creating = before.is_none();
    match type_ {
        "aws_s3_bucket" if creating => {
            if let Some(b) = known_str(planned, "bucket") {
                if let Some(why) = bucket_name_problem(b) {
                    e.push(ApplyError::new(
                        format!("validating S3 Bucket ({b}) name: {why}"),
                        "Bucket names must be 3–63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, and not look like an IP address.",
                        "bucket",
                    ));
                } else if TAKEN_BUCKETS.contains(&b) {
                    e.push(ApplyError::new(
                        api_error(&format!("creating S3 Bucket ({b})"), "S3", "CreateBucket", 409, "BucketAlreadyExists", "The bucket name you asked for is already used by another AWS account. Bucket names are shared by every account in the partition; choose a different name."),
                        "S3 bucket names are global: somebody else owns this one. Add something unique, such as your project and account or a random suffix.",
                        "bucket",
                    ));
                } else if let Some((other, _)) = world
                    .find("aws_s3_bucket", "bucket", b)
                    .filter(|(a, _)| *a != address)
                {
                    e.push(ApplyError::new(
                        api_error(&format!("creating S3 Bucket ({b})"), "S3", "CreateBucket", 409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it."),
                        if other.is_empty() {
                            "A bucket with this name already exists in this account, and no address in the state manages it (made in the console, or dropped with `state rm`). To manage it with Terraform, import it (an `import` block, or `terraform import`) instead of creating it.".to_string()
                        } else {
                            format!("{other} already manages a bucket with this name in this account.")
                        },
                        "bucket",
                    ));
                }
            }
        }
        "aws_subnet" if creating => {
            if let (Some(c), Some(vpc_id)) = (
                known_str(planned, "cidr_block"),
                known_str(planned, "vpc_id"),
            ) && let Some(cidr) = parse_cidr(c)
            {
                let range = |detail: String| {
                    ApplyError::new(
                        api_error(
                            "creating EC2 Subnet",
                            "EC2",
                            "CreateSubnet",
                            400,
                            "InvalidSubnet.Range",
                            &format!("The CIDR '{c}' is invalid."),
                        ),
                        detail,
                        "cidr_block",
                    )
                };
                if !(16..=28).contains(&cidr.1) {
                    e.push(range(
                        "A subnet's prefix length must be between /16 and /28.".into(),
                    ));
                } else if let Some((_, vpc)) = world.find("aws_vpc", "id", vpc_id)
                    && let Some(vc) = str_attr(vpc, "cidr_block").and_then(parse_cidr)
                    && !cidr_contains(vc, cidr)
                {
                    e.push(range(format!(
                        "The subnet's range must lie inside its VPC's range {}.",
                        network_of(vc)
                    )));
                }
                if e.is_empty() {
                    for (other, s) in world.of_type("aws_subnet") {
                        if other != address
                            && str_attr(s, "vpc_id") == Some(vpc_id)
                            && let Some(oc) = str_attr(s, "cidr_block").and_then(parse_cidr)
                            && cidr_overlaps(oc, cidr)
                        {
                            e.push(ApplyError::new(api_error("creating EC2 Subnet", "EC2", "CreateSubnet", 400, "InvalidSubnet.Conflict", &format!("The CIDR '{c}' conflicts with another subnet")), format!("{other} already uses {} in this VPC; subnets of one VPC cannot overlap.", network_of(oc)), "cidr_block"));
                            break;
                        }
                    }
                }
            }
        }
        "aws_db_instance" => {
            let id = known_str(planned, "identifier").unwrap_or("");
            let what = if creating {
                format!("creating RDS DB Instance ({id})")
            } else {
                format!("updating RDS DB Instance ({id})")
            };
            let op = if creating {
                "CreateDBInstance"
            } else {
                "ModifyDBInstance"
            };
            if let Some(pw) = known_str(planned, "password") {
                let bad_char = pw
                    .chars()
                    .find(|c| !c.is_ascii() || c.is_ascii_control() || "/\"@ ".contains(*c));
                let problem = if pw.len() < 8 {
                    Some("is shorter than 8 characters".to_string())
                } else if pw.len() > 41 {
                    Some("is longer than 41 characters".to_string())
                } else {
                    bad_char.map(|_| "contains a character that is not allowed: only printable ASCII other than '/', '\"', '@' and space".to_string())
                };
                if let Some(p) = problem {
                    e.push(ApplyError::new(api_error(&what, "RDS", op, 400, "InvalidParameterValue", &format!("The parameter MasterUserPassword is not a valid password because it {p}.")), "The master password must be 8 to 41 printable ASCII characters, without /, \", @ or spaces.", "password"));
                }
            }
            let engine = known_str(planned, "engine").unwrap_or("");
            if creating && let Some(u) = known_str(planned, "username") {
                let max = if engine.starts_with("mysql") || engine.starts_with("mariadb") {
                    16
                } else {
                    63
                };
                if ["rdsadmin", "rdsrepladmin", "rdstopmgr"]
                    .contains(&u.to_ascii_lowercase().as_str())
                {
                    e.push(ApplyError::new(api_error(&what, "RDS", op, 400, "InvalidParameterValue", &format!("MasterUsername {u} cannot be used as it is a reserved word used by the engine")), "RDS keeps a few user names for its own use; pick another master username.", "username"));
                } else if u.is_empty()
                    || u.len() > max
                    || !u.starts_with(|c: char| c.is_ascii_alphabetic())
                    || !u.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    e.push(ApplyError::new(api_error(&what, "RDS", op, 400, "InvalidParameterValue", &format!("The parameter MasterUsername is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and underscores; and must be 1 to {max} characters long.")), "", "username"));
                }
            }
            if let Some(gb) = known_num(planned, "allocated_storage") {
                let storage = known_str(planned, "storage_type").unwrap_or("gp2");
                let (min, max) = match storage {
                    "standard" => (5.0, 3072.0),
                    "io1" | "io2" => (100.0, 65536.0),
                    _ => (20.0, 65536.0),
                };
                if gb < min || gb > max {
                    e.push(ApplyError::new(api_error(&what, "RDS", op, 400, "InvalidParameterCombination", &format!("Invalid storage size for engine name {engine} and storage type {storage}: {gb}")), format!("{storage} storage takes {min} to {max} GiB."), "allocated_storage"));
                }
            }
        }
        "aws_iam_role" | "aws_iam_policy" | "aws_iam_role_policy" => {
            let name = known_str(planned, "name").unwrap_or("");
            let (kind, op) = match type_ {
                "aws_iam_role" => ("IAM Role", "CreateRole"),
                "aws_iam_policy" => ("IAM Policy", "CreatePolicy"),
                _ => ("IAM Role Policy", "PutRolePolicy"),
            };
            for attr in ["assume_role_policy", "policy"] {
                if let Some(j) = known_str(planned, attr)
                    .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                    .filter(serde_json::Value::is_object)
                    && let Some(why) = policy_problem(&j, attr == "assume_role_policy")
                {
                    let verb = if creating { "creating" } else { "updating" };
                    e.push(ApplyError::new(api_error(&format!("{verb} {kind} ({name})"), "IAM", op, 400, "MalformedPolicyDocument", &why), "A policy document is a JSON object with \"Version\": \"2012-10-17\" and a \"Statement\" list; each statement has an Effect and an Action.", attr));
                }
            }
        }
        "aws_security_group_rule" => {
            let (from, to) = (
                known_num(planned, "from_port"),
                known_num(planned, "to_port"),
            );
            if known_str(planned, "protocol")
                .is_some_and(|p| p == "-1" || p.eq_ignore_ascii_case("all"))
                && let (Some(f), Some(t)) = (from, to)
                && (f != 0.0 || t != 0.0)
            {
                e.push(ApplyError::new(format!("from_port ({f}) and to_port ({t}) must both be 0 to use the 'ALL' \"-1\" protocol!"), "Protocol -1 means every protocol and every port; set from_port and to_port to 0.", "from_port"));
            }
            port_range(&mut e, from, to, known_str(planned, "protocol"));
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            port_range(
                &mut e,
                known_num(planned, "from_port"),
                known_num(planned, "to_port"),
                known_str(planned, "ip_protocol"),
            );
        }
        "aws_ssm_parameter" if creating => {
            if let Some(n) = known_str(planned, "name") {
                let lower = n.trim_start_matches('/').to_ascii_lowercase();
                let why = if lower.starts_with("aws") || lower.starts_with("ssm") {
                    Some(
                        "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).",
                    )
                } else if n.contains('/') && !n.starts_with('/') {
                    Some("Parameter name must be a fully qualified name.")
                } else {
                    None
                };
                if let Some(w) = why {
                    e.push(ApplyError::new(
                        api_error(
                            &format!("creating SSM Parameter ({n})"),
                            "SSM",
                            "PutParameter",
                            400,
                            "ValidationException",
                            w,
                        ),
                        "Hierarchical parameter names start with '/', like /app/prod/db_password.",
                        "name",
                    ));
                }
            }
        }
        "aws_ecr_repository" if creating => {
            if let Some(n) = known_str(planned, "name") {
                let ok = (2..=256).contains(&n.len())
                    && n.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && n.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c)
                    });
                if !ok {
                    e.push(ApplyError::new(api_error(&format!("creating ECR Repository ({n})"), "ECR", "CreateRepository", 400, "InvalidParameterException", "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression of lowercase letters, digits and . _ - / separators'"), "Repository names are lowercase.", "name"));
                }
            }
        }
        _ => {}
    }
    if creating && let Some(err) = name_taken(world, type_, address, planned) {
        e.push(err);
    }
    let _ = account;
    e
}

/// Types whose name is unique in an account and region, with the API's refusal when an
/// object of that name already exists: (type, name argument, what, service, operation,
/// status, code, message with `{}` for the name). SNS topics and ECS clusters are not
/// here: creating one that exists returns the existing one.
struct UniqueName {
    type_: &'static str,
    arg: &'static str,
    what: &'static str,
    service: &'static str,
    op: &'static str,
    status: u16,
    code: &'static str,
    message: &'static str,
}

const fn un(
    (type_, arg, what, service, op, status, code, message): (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        u16,
        &'static str,
        &'static str,
    ),
) -> UniqueName {
    UniqueName {
        type_,
        arg,
        what,
        service,
        op,
        status,
        code,
        message,
    }
}

const UNIQUE_NAMES: &[UniqueName] = &[
    un((
        "aws_cloudwatch_log_group",
        "name",
        "CloudWatch Logs Log Group",
        "CloudWatch Logs",
        "CreateLogGroup",
        400,
        "ResourceAlreadyExistsException",
        "The specified log group already exists",
    )),
    un((
        "aws_iam_role",
        "name",
        "IAM Role",
        "IAM",
        "CreateRole",
        409,
        "EntityAlreadyExists",
        "Role with name {} already exists.",
    )),
    un((
        "aws_iam_policy",
        "name",
        "IAM Policy",
        "IAM",
        "CreatePolicy",
        409,
        "EntityAlreadyExists",
        "A policy called {} already exists. Duplicate names are not allowed.",
    )),
    un((
        "aws_iam_user",
        "name",
        "IAM User",
        "IAM",
        "CreateUser",
        409,
        "EntityAlreadyExists",
        "User with name {} already exists.",
    )),
    un((
        "aws_ecr_repository",
        "name",
        "ECR Repository",
        "ECR",
        "CreateRepository",
        400,
        "RepositoryAlreadyExistsException",
        "The repository with name '{}' already exists in the registry with id '123456789012'",
    )),
    un((
        "aws_db_instance",
        "identifier",
        "RDS DB Instance",
        "RDS",
        "CreateDBInstance",
        400,
        "DBInstanceAlreadyExists",
        "DB instance already exists",
    )),
    un((
        "aws_secretsmanager_secret",
        "name",
        "Secrets Manager Secret",
        "Secrets Manager",
        "CreateSecret",
        400,
        "ResourceExistsException",
        "The operation failed because the secret {} already exists.",
    )),
    un((
        "aws_ssm_parameter",
        "name",
        "SSM Parameter",
        "SSM",
        "PutParameter",
        400,
        "ParameterAlreadyExists",
        "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
    )),
    un((
        "aws_dynamodb_table",
        "name",
        "DynamoDB Table",
        "DynamoDB",
        "CreateTable",
        400,
        "ResourceInUseException",
        "Table already exists: {}",
    )),
    un((
        "aws_lambda_function",
        "function_name",
        "Lambda Function",
        "Lambda",
        "CreateFunction",
        409,
        "ResourceConflictException",
        "Function already exist: {}",
    )),
];

/// Creating an object whose name another object of the account already has.
fn name_taken(
    world: &World<'_>,
    type_: &str,
    address: &str,
    planned: &Value,
) -> Option<ApplyError> {
    let u = UNIQUE_NAMES.iter().find(|u| u.type_ == type_)?;
    let (arg, what) = (u.arg, u.what);
    let name = known_str(planned, arg)?;
    let (other, _) = world
        .find(type_, arg, name)
        .filter(|(a, _)| *a != address)?;
    let why = if other.is_empty() {
        format!(
            "An object named {name} already exists in this account, and no address in the state manages it (made in the console, or dropped with `state rm`). To manage it with Terraform, import it (an `import` block, or `terraform import`) instead of creating it."
        )
    } else {
        format!(
            "{other} already has this name in this account: names of {what}s are unique per account and region."
        )
    };
    Some(ApplyError::new(
        api_error(
            &format!("creating {what} ({name})"),
            u.service,
            u.op,
            u.status,
            u.code,
            &u.message.replace("{}", name),
        ),
        why,
        arg,
    ))
}

fn port_range(e: &mut Vec<ApplyError>, from: Option<f64>, to: Option<f64>, protocol: Option<&str>) {
    if let (Some(f), Some(t)) = (from, to) {
        let all = protocol.is_some_and(|p| p == "-1" || p.eq_ignore_ascii_case("all"));
        if !all && f > t {
            e.push(ApplyError::new(
                api_error(
                    "creating VPC Security Group Rule",
                    "EC2",
                    "AuthorizeSecurityGroupIngress",
                    400,
                    "InvalidParameterValue",
                    &format!(
                        "Invalid TCP/UDP port range: from port {f} is greater than to port {t}."
                    ),
                ),
                "from_port is the start of the range and must not exceed to_port.",
                "from_port",
            ));
        }
    }
}

/// Why a bucket name is not DNS-valid, in the provider's words; `None` when it is fine.
pub(super) fn bucket_name_problem(b: &str) -> Option<String> {
    if b.len() < 3 || b.len() > 63 {
        return Some(format!("{b:?} must contain between 3 and 63 characters"));
    }
    if !b
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some(format!(
            "only lowercase alphanumeric characters, dots and hyphens allowed in {b:?}"
        ));
    }
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !b.starts_with(alnum) || !b.ends_with(alnum) {
        return Some(format!(
            "{b:?} must begin and end with a lowercase letter or a number"
        ));
    }
    if b.contains("..") {
        return Some(format!("{b:?} must not contain two adjacent periods"));
    }
    if b.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some(format!("{b:?} must not be formatted as an IP address"));
    }
    for p in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if b.starts_with(p) {
            return Some(format!(
                "{b:?} must not start with the reserved prefix {p:?}"
            ));
        }
    }
    for s in ["-s3alias", "--ol-s3", ".mrap", "--x-s3"] {
        if b.ends_with(s) {
            return Some(format!("{b:?} must not end with the reserved suffix {s:?}"));
        }
    }
    None
}

fn policy_problem(j: &serde_json::Value, trust: bool) -> Option<String> {
    let stmts = match j.get("Statement") {
        None => return Some("Syntax errors in policy. The document has no \"Statement\".".into()),
        Some(serde_json::Value::Array(a)) => a.clone(),
        Some(o @ serde_json::Value::Object(_)) => vec![o.clone()],
        Some(_) => {
            return Some(
                "Syntax errors in policy. \"Statement\" must be a list of objects.".into(),
            );
        }
    };
    if stmts.is_empty() {
        return Some("Syntax errors in policy. \"Statement\" is empty.".into());
    }
    if let Some(v) = j.get("Version").and_then(|v| v.as_str()) {
        if v != "2012-10-17" && v != "2008-10-17" {
            return Some(format!(
                "The policy must contain a valid version string, not {v:?}."
            ));
        }
    } else if trust {
        // Trust policies without a Version are accepted by IAM (2008-10-17 assumed).
    } else {
        return Some("The policy must contain a valid version string.".into());
    }
    for s in &stmts {
        match s.get("Effect").and_then(|v| v.as_str()) {
            Some("Allow" | "Deny") => {}
            _ => return Some(
                "Syntax errors in policy. Each statement needs \"Effect\": \"Allow\" or \"Deny\"."
                    .into(),
            ),
        }
        if s.get("Action").is_none() && s.get("NotAction").is_none() {
            return Some("Syntax errors in policy. A statement has no \"Action\".".into());
        }
        if trust && s.get("Principal").is_none() && s.get("NotPrincipal").is_none() {
            return Some("Has prohibited field Resource / missing Principal: a trust policy statement needs a \"Principal\".".into());
        }
        if !trust && s.get("Resource").is_none() && s.get("NotResource").is_none() {
            return Some("Policy statement must contain resources.".into());
        }
    }
    None
}
