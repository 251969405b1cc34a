//! The simulated AWS account: generated values are deterministic and realistic, the
//! account's rules refuse what AWS refuses, data sources answer like the provider.

use std::collections::BTreeMap;

use devops_tutor_lab::terraform::Value;
use devops_tutor_lab::terraform::account::{self, Account, World};

fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn get<'v>(v: &'v Value, k: &str) -> &'v Value {
    v.as_map()
        .expect("object")
        .get(k)
        .expect("attribute present")
}

fn create(type_: &str, address: &str, planned: &Value) -> Value {
    account::apply_create(
        &Account::in_region("eu-west-1"),
        &World::empty(),
        type_,
        address,
        planned,
    )
    .expect("apply succeeds")
}

#[test]
fn vpc_gets_ids_and_is_deterministic() {
    let planned = obj(&[
        ("cidr_block", Value::string("10.0.0.0/16")),
        ("id", Value::Unknown),
        ("arn", Value::Unknown),
    ]);
    let a = create("aws_vpc", "aws_vpc.main", &planned);
    let b = create("aws_vpc", "aws_vpc.main", &planned);
    assert_eq!(a, b);
    assert!(!a.has_unknown());
    let id = get(&a, "id").as_str().expect("string");
    let re = regex::Regex::new("^vpc-[0-9a-f]{17}$").expect("regex");
    assert!(re.is_match(id), "{id}");
    let c = create("aws_vpc", "aws_vpc.other", &planned);
    assert_ne!(get(&a, "id"), get(&c, "id"));
}

const POLICY_FIXTURE: &str = include_str!("fixtures/account/policy_documents.json");

/// Each recorded data source object is fed back as configuration; the lab must produce
/// the provider's `json`, `minified_json` and `id` byte for byte.
#[test]
fn iam_policy_document_matches_real_provider() {
    let fixture: serde_json::Value = serde_json::from_str(POLICY_FIXTURE).expect("fixture");
    let cases = fixture["cases"].as_object().expect("cases");
    assert!(cases.len() >= 8);
    for (name, recorded) in cases {
        let mut config = recorded.clone();
        for k in ["json", "minified_json", "id"] {
            config[k] = serde_json::Value::Null;
        }
        let got = account::read_data(
            &Account::in_region("eu-west-1"),
            "aws_iam_policy_document",
            &Value::from_json(&config),
        )
        .expect("reads");
        for k in ["json", "minified_json", "id"] {
            assert_eq!(
                get(&got, k).as_str(),
                recorded[k].as_str(),
                "case {name}, attribute {k}"
            );
        }
    }
}

fn planned_for(type_: &str, set: &[(&str, Value)]) -> Value {
    let schema = devops_tutor_lab::terraform::schema::resource(type_).expect("type in schema");
    let mut m = schema.null_value().as_map().expect("object").clone();
    for (k, a) in &schema.attributes {
        if a.computed {
            m.insert(k.clone(), Value::Unknown);
        }
    }
    for (k, v) in set {
        m.insert(k.to_string(), v.clone());
    }
    Value::Object(m)
}

fn re(p: &str) -> regex::Regex {
    regex::Regex::new(p).expect("regex")
}

#[test]
fn id_formats_are_realistic() {
    let str_ = Value::string;
    type Case<'a> = (&'a str, &'a [(&'a str, Value)], &'a str, &'a str);
    let cases: &[Case] = &[
        (
            "aws_subnet",
            &[
                ("vpc_id", str_("vpc-1")),
                ("cidr_block", str_("10.0.1.0/24")),
            ],
            "id",
            "^subnet-[0-9a-f]{17}$",
        ),
        (
            "aws_security_group",
            &[("name", str_("web"))],
            "id",
            "^sg-[0-9a-f]{17}$",
        ),
        ("aws_internet_gateway", &[], "id", "^igw-[0-9a-f]{17}$"),
        (
            "aws_nat_gateway",
            &[("subnet_id", str_("subnet-1"))],
            "id",
            "^nat-[0-9a-f]{17}$",
        ),
        ("aws_eip", &[], "id", "^eipalloc-[0-9a-f]{17}$"),
        (
            "aws_route_table",
            &[("vpc_id", str_("vpc-1"))],
            "id",
            "^rtb-[0-9a-f]{17}$",
        ),
        (
            "aws_s3_bucket",
            &[("bucket", str_("my-unique-bucket-42"))],
            "arn",
            "^arn:aws:s3:::my-unique-bucket-42$",
        ),
        (
            "aws_s3_bucket",
            &[("bucket", str_("my-unique-bucket-42"))],
            "bucket_regional_domain_name",
            r"^my-unique-bucket-42\.s3\.eu-west-1\.amazonaws\.com$",
        ),
        (
            "aws_iam_role",
            &[
                ("name", str_("app")),
                (
                    "assume_role_policy",
                    str_(
                        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}"#,
                    ),
                ),
            ],
            "unique_id",
            "^AROA[A-Z0-9]{17}$",
        ),
        (
            "aws_iam_role",
            &[
                ("name", str_("app")),
                (
                    "assume_role_policy",
                    str_(
                        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}"#,
                    ),
                ),
            ],
            "arn",
            "^arn:aws:iam::123456789012:role/app$",
        ),
        (
            "aws_sqs_queue",
            &[("name", str_("jobs"))],
            "arn",
            "^arn:aws:sqs:eu-west-1:123456789012:jobs$",
        ),
        (
            "aws_sqs_queue",
            &[("name", str_("jobs"))],
            "url",
            "^https://sqs.eu-west-1.amazonaws.com/123456789012/jobs$",
        ),
        (
            "aws_db_instance",
            &[
                ("identifier", str_("app")),
                ("engine", str_("postgres")),
                ("password", str_("correct-horse")),
            ],
            "endpoint",
            r"^app\.[a-z0-9]{12}\.eu-west-1\.rds\.amazonaws\.com:5432$",
        ),
        (
            "aws_kms_key",
            &[],
            "key_id",
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$",
        ),
        (
            "terraform_data",
            &[],
            "id",
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$",
        ),
        (
            "aws_vpc",
            &[("cidr_block", str_("10.0.0.0/16"))],
            "owner_id",
            "^123456789012$",
        ),
    ];
    for (type_, set, attr, pattern) in cases {
        let got = create(type_, &format!("{type_}.x"), &planned_for(type_, set));
        let v = get(&got, attr).as_str().expect("string");
        assert!(re(pattern).is_match(v), "{type_}.{attr} = {v}");
    }
}

#[test]
fn marks_are_kept_and_user_values_stay() {
    let mut p = planned_for(
        "terraform_data",
        &[("input", Value::string("secret").sensitive())],
    );
    if let Value::Object(m) = &mut p {
        m.insert("output".into(), Value::Unknown.sensitive());
    }
    let got = create("terraform_data", "terraform_data.x", &p);
    assert_eq!(get(&got, "input"), &Value::string("secret").sensitive());
    assert!(get(&got, "output").deep_marks().sensitive);
    assert_eq!(get(&got, "output").peel(), &Value::string("secret"));
}

#[test]
fn update_keeps_ids_from_before() {
    let acct = Account::in_region("eu-west-1");
    let p = planned_for("aws_vpc", &[("cidr_block", Value::string("10.0.0.0/16"))]);
    let before = create("aws_vpc", "aws_vpc.a", &p);
    let after = account::apply_update(&acct, &World::empty(), "aws_vpc", "aws_vpc.b", &before, &p)
        .expect("ok");
    assert_eq!(get(&before, "id"), get(&after, "id"));
}

fn create_err(
    world: &[(String, String, Value)],
    type_: &str,
    set: &[(&str, Value)],
) -> Vec<String> {
    match account::apply_create(
        &Account::in_region("eu-west-1"),
        &World::new(world),
        type_,
        &format!("{type_}.t"),
        &planned_for(type_, set),
    ) {
        Ok(_) => vec![],
        Err(e) => e.into_iter().map(|e| e.summary).collect(),
    }
}

#[test]
fn bucket_rules() {
    let b = |n: &str| create_err(&[], "aws_s3_bucket", &[("bucket", Value::string(n))]);
    assert!(b("my-unique-bucket-42").is_empty());
    assert!(b("logs.example.com").is_empty());
    for bad in [
        "My_Bucket",
        "ab",
        "192.168.1.1",
        "a..b",
        "xn--abc",
        "abc-s3alias",
        "-abc",
    ] {
        assert!(!b(bad).is_empty(), "{bad} accepted");
    }
    assert!(
        b("test")[0].contains("BucketAlreadyExists"),
        "{:?}",
        b("test")
    );
    let world = vec![(
        "aws_s3_bucket.old".to_string(),
        "aws_s3_bucket".to_string(),
        obj(&[("bucket", Value::string("mine-123"))]),
    )];
    let e = create_err(
        &world,
        "aws_s3_bucket",
        &[("bucket", Value::string("mine-123"))],
    );
    assert!(e[0].contains("BucketAlreadyOwnedByYou"), "{e:?}");
    let long = "a".repeat(64);
    let e = account::validate_planned(
        "aws_s3_bucket",
        &obj(&[("bucket", Value::string(long.clone()))]),
    );
    assert_eq!(
        e[0].summary,
        format!("expected length of bucket to be in the range (0 - 63), got {long}")
    );
}

#[test]
fn subnet_rules() {
    let world = vec![
        (
            "aws_vpc.main".to_string(),
            "aws_vpc".to_string(),
            obj(&[
                ("id", Value::string("vpc-1")),
                ("cidr_block", Value::string("10.0.0.0/16")),
            ]),
        ),
        (
            "aws_subnet.a".to_string(),
            "aws_subnet".to_string(),
            obj(&[
                ("id", Value::string("subnet-a")),
                ("vpc_id", Value::string("vpc-1")),
                ("cidr_block", Value::string("10.0.1.0/24")),
            ]),
        ),
    ];
    let sub = |c: &str| {
        create_err(
            &world,
            "aws_subnet",
            &[
                ("vpc_id", Value::string("vpc-1")),
                ("cidr_block", Value::string(c)),
            ],
        )
    };
    assert!(sub("10.0.2.0/24").is_empty());
    assert!(sub("10.1.0.0/24")[0].contains("InvalidSubnet.Range"));
    assert!(sub("10.0.1.128/25")[0].contains("InvalidSubnet.Conflict"));
    assert!(sub("10.0.2.0/30")[0].contains("InvalidSubnet.Range"));
    assert!(sub("10.0.2.1/24")[0].contains("did you mean \"10.0.2.0/24\""));
    let v =
        |c: &str| account::validate_planned("aws_vpc", &obj(&[("cidr_block", Value::string(c))]));
    assert!(v("10.0.0.0/16").is_empty());
    assert_eq!(
        v("10.0.0.0/8")[0].summary,
        "expected \"cidr_block\" to contain a network Value with between 16 and 28 significant bits, got: 8"
    );
}

#[test]
fn rds_rules() {
    let db = |pw: &str, user: &str, gb: f64| {
        create_err(
            &[],
            "aws_db_instance",
            &[
                ("identifier", Value::string("app")),
                ("engine", Value::string("postgres")),
                ("password", Value::string(pw)),
                ("username", Value::string(user)),
                ("allocated_storage", Value::Number(gb)),
            ],
        )
    };
    assert!(db("correct-horse", "app", 20.0).is_empty());
    assert!(db("short", "app", 20.0)[0].contains("InvalidParameterValue"));
    assert!(!db("has space in it", "app", 20.0).is_empty());
    assert!(!db("correct-horse", "rdsadmin", 20.0).is_empty());
    assert!(db("correct-horse", "app", 5.0)[0].contains("InvalidParameterCombination"));
    let e = account::validate_planned(
        "aws_db_instance",
        &obj(&[("identifier", Value::string("My_DB"))]),
    );
    assert_eq!(
        e[0].summary,
        "only lowercase alphanumeric characters and hyphens allowed in \"identifier\""
    );
}

#[test]
fn iam_sg_alarm_and_name_rules() {
    let role = |doc: &str| {
        create_err(
            &[],
            "aws_iam_role",
            &[
                ("name", Value::string("r")),
                ("assume_role_policy", Value::string(doc)),
            ],
        )
    };
    assert!(role(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}"#).is_empty());
    assert!(role(r#"{"Statement":[]}"#)[0].contains("MalformedPolicyDocument"));
    assert_eq!(
        role("not json")[0],
        "\"assume_role_policy\" contains an invalid JSON policy: not a JSON object"
    );
    let rule = |p: &str, f: f64, t: f64| {
        create_err(
            &[],
            "aws_security_group_rule",
            &[
                ("type", Value::string("ingress")),
                ("security_group_id", Value::string("sg-1")),
                ("protocol", Value::string(p)),
                ("from_port", Value::Number(f)),
                ("to_port", Value::Number(t)),
            ],
        )
    };
    assert!(rule("tcp", 22.0, 22.0).is_empty());
    assert!(rule("-1", 0.0, 0.0).is_empty());
    assert!(!rule("-1", 22.0, 80.0).is_empty());
    assert!(!rule("tcp", 80.0, 22.0).is_empty());
    let alarm = |op: &str, period: f64| {
        account::validate_planned(
            "aws_cloudwatch_metric_alarm",
            &obj(&[
                ("comparison_operator", Value::string(op)),
                ("period", Value::Number(period)),
            ]),
        )
    };
    assert!(alarm("GreaterThanThreshold", 300.0).is_empty());
    assert!(alarm("GreaterThanThreshold", 10.0).is_empty());
    assert_eq!(alarm("GreaterThanThreshold", 45.0).len(), 2);
    assert!(
        alarm("GreaterThan", 60.0)[0]
            .summary
            .starts_with("expected comparison_operator to be one of")
    );
    let q =
        |n: &str| account::validate_planned("aws_sqs_queue", &obj(&[("name", Value::string(n))]));
    assert!(q("jobs").is_empty());
    assert_eq!(q("bad.name")[0].summary, "invalid queue name: bad.name");
    let ssm = |n: &str| {
        create_err(
            &[],
            "aws_ssm_parameter",
            &[
                ("name", Value::string(n)),
                ("type", Value::string("String")),
                ("value", Value::string("x")),
            ],
        )
    };
    assert!(ssm("/app/db").is_empty());
    assert!(!ssm("aws-thing").is_empty());
    assert!(!ssm("app/db").is_empty());
    let sec = |n: &str| {
        account::validate_planned(
            "aws_secretsmanager_secret",
            &obj(&[("name", Value::string(n))]),
        )
    };
    assert!(sec("prod/db").is_empty());
    assert!(!sec("bad name!").is_empty());
}

#[test]
fn data_sources_are_complete() {
    let acct = Account::in_region("eu-west-1");
    let azs = account::read_data(
        &acct,
        "aws_availability_zones",
        &obj(&[("state", Value::string("available"))]),
    )
    .expect("ok");
    assert_eq!(get(&azs, "names").as_seq().expect("list").len(), 3);
    assert_eq!(
        get(&azs, "zone_ids").as_seq().expect("list")[0],
        Value::string("euw1-az1")
    );
    let me = account::read_data(&acct, "aws_caller_identity", &obj(&[])).expect("ok");
    assert_eq!(get(&me, "account_id"), &Value::string("123456789012"));
    assert_eq!(
        get(&me, "arn"),
        &Value::string("arn:aws:iam::123456789012:user/learner")
    );
    let r = account::read_data(&acct, "aws_region", &obj(&[])).expect("ok");
    assert_eq!(get(&r, "name"), &Value::string("eu-west-1"));
    for t in devops_tutor_lab::terraform::schema::data_source_types() {
        let v = account::read_data(&acct, t, &obj(&[])).expect("reads");
        assert!(!v.has_unknown(), "{t}");
        let schema = devops_tutor_lab::terraform::schema::data_source(t).expect("schema");
        for k in schema.attributes.keys() {
            assert!(v.as_map().expect("object").contains_key(k), "{t}.{k}");
        }
    }
    assert!(
        get(
            &account::read_data(&acct, "aws_ami", &obj(&[])).expect("ok"),
            "id"
        )
        .as_str()
        .is_some_and(|i| re("^ami-[0-9a-f]{17}$").is_match(i))
    );
}

#[test]
fn every_type_applies_without_unknowns() {
    let acct = Account::default();
    for t in devops_tutor_lab::terraform::schema::resource_types() {
        let p = planned_for(t, &[]);
        if let Ok(v) = account::apply_create(&acct, &World::empty(), t, &format!("{t}.x"), &p) {
            assert!(!v.has_unknown(), "{t}");
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Unknown),
            Just(Value::Null),
            Just(Value::Unknown.sensitive()),
            any::<bool>().prop_map(Value::Bool),
            (-5i32..70000).prop_map(|n| Value::Number(f64::from(n))),
            "[a-zA-Z0-9./_ -]{0,12}".prop_map(Value::String),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::List),
                proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..3).prop_map(Value::Object),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn arbitrary_planned_objects_never_panic_or_leave_unknowns(
            type_idx in 0usize..200,
            attrs in proptest::collection::vec((0usize..200, value()), 0..8),
        ) {
            let types: Vec<&str> = devops_tutor_lab::terraform::schema::resource_types().collect();
            let t = types[type_idx % types.len()];
            let schema = devops_tutor_lab::terraform::schema::resource(t).expect("schema");
            let names: Vec<&String> = schema.attributes.keys().chain(schema.blocks.keys()).collect();
            let mut p = planned_for(t, &[]);
            if let Value::Object(m) = &mut p {
                for (i, v) in attrs {
                    m.insert(names[i % names.len()].clone(), v);
                }
            }
            match account::apply_create(&Account::default(), &World::empty(), t, "x.y", &p) {
                Ok(v) => prop_assert!(!v.has_unknown(), "{t}: {v:?}"),
                Err(e) => prop_assert!(!e.is_empty()),
            }
        }
    }
}

/// Runs real Terraform on `fixtures/account/policy_documents.tf` and compares every
/// output with the lab's rendering; skips when terraform or the provider mirror is missing.
#[test]
fn iam_policy_document_matches_live_terraform() {
    let mirror = std::path::Path::new("/opt/tf-plugins");
    let has_tf = std::process::Command::new("terraform")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_tf || !mirror.is_dir() {
        println!("skipped: terraform not installed (or no provider mirror at /opt/tf-plugins)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("tf-account-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        manifest.join("tests/fixtures/account/policy_documents.tf"),
        dir.join("main.tf"),
    )
    .expect("copy");
    std::fs::write(
        dir.join("cli.tfrc"),
        "provider_installation {\n  filesystem_mirror { path = \"/opt/tf-plugins\" }\n}\n",
    )
    .expect("cli config");
    let run = |args: &[&str]| {
        std::process::Command::new("terraform")
            .args(args)
            .current_dir(&dir)
            .env("TF_CLI_CONFIG_FILE", dir.join("cli.tfrc"))
            .env("TF_IN_AUTOMATION", "1")
            .output()
            .expect("terraform runs")
    };
    assert!(
        run(&["init", "-input=false", "-no-color"]).status.success(),
        "init"
    );
    assert!(
        run(&["plan", "-input=false", "-no-color", "-out=p.bin"])
            .status
            .success(),
        "plan"
    );
    let shown = run(&["show", "-json", "p.bin"]);
    let plan: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("plan json");
    let acct = Account::in_region("eu-west-1");
    for (name, change) in plan["output_changes"].as_object().expect("outputs") {
        let recorded = &change["after"];
        let mut config = recorded.clone();
        for k in ["json", "minified_json", "id"] {
            config[k] = serde_json::Value::Null;
        }
        let got = account::read_data(&acct, "aws_iam_policy_document", &Value::from_json(&config))
            .expect("reads");
        assert_eq!(
            get(&got, "json").as_str(),
            recorded["json"].as_str(),
            "{name}"
        );
        assert_eq!(get(&got, "id").as_str(), recorded["id"].as_str(), "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn data_sources_see_the_world() {
    let acct = Account::in_region("eu-west-1");
    let world = vec![
        (
            "aws_vpc.main".to_string(),
            "aws_vpc".to_string(),
            obj(&[
                ("id", Value::string("vpc-1")),
                ("cidr_block", Value::string("10.0.0.0/16")),
            ]),
        ),
        (
            "aws_subnet.a".to_string(),
            "aws_subnet".to_string(),
            obj(&[
                ("id", Value::string("subnet-a")),
                ("vpc_id", Value::string("vpc-1")),
                ("cidr_block", Value::string("10.0.1.0/24")),
            ]),
        ),
    ];
    let w = World::new(&world);
    let vpc = account::read_data_in(
        &acct,
        &w,
        "aws_vpc",
        &obj(&[("id", Value::string("vpc-1"))]),
    )
    .expect("found");
    assert_eq!(get(&vpc, "cidr_block"), &Value::string("10.0.0.0/16"));
    let missing = account::read_data_in(
        &acct,
        &w,
        "aws_vpc",
        &obj(&[("id", Value::string("vpc-2"))]),
    );
    assert_eq!(
        missing.expect_err("not found").summary,
        "no matching EC2 VPC found"
    );
    let filter = Value::List(vec![obj(&[
        ("name", Value::string("vpc-id")),
        ("values", Value::List(vec![Value::string("vpc-1")])),
    ])]);
    let subnets =
        account::read_data_in(&acct, &w, "aws_subnets", &obj(&[("filter", filter)])).expect("ok");
    assert_eq!(
        get(&subnets, "ids"),
        &Value::List(vec![Value::string("subnet-a")])
    );
    let default =
        account::read_data(&acct, "aws_vpc", &obj(&[("default", Value::Bool(true))])).expect("ok");
    assert_eq!(get(&default, "cidr_block"), &Value::string("172.31.0.0/16"));
}
