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
