//! Properties of the Terraform lab's evaluator over random input: random small
//! expressions never panic, and algebraic laws of the built-in functions hold.

use devops_tutor_lab::terraform::Value;
use devops_tutor_lab::terraform::expr::{Scope, eval};
use proptest::prelude::*;

fn ev(src: &str) -> Option<Value> {
    let e = hcl::edit::parser::parse_expr(src).ok()?;
    eval(&e, &Scope::new()).ok()
}

fn lit_string() -> impl Strategy<Value = String> {
    "[a-z0-9 ./-]{0,6}".prop_map(|s| format!("{s:?}"))
}

/// Random expression text: literals, lists, objects, operators and calls of built-ins
/// with random arguments (most calls fail; none may panic).
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (-1000i64..1000).prop_map(|n| n.to_string()),
        (-100.0f64..100.0).prop_map(|f| format!("{f}")),
        lit_string(),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
    ];
    leaf.prop_recursive(4, 48, 4, |inner| {
        let funcs = prop::sample::select(vec![
            "length",
            "concat",
            "toset",
            "tolist",
            "tomap",
            "tostring",
            "tonumber",
            "jsonencode",
            "jsondecode",
            "upper",
            "join",
            "split",
            "replace",
            "format",
            "formatlist",
            "lookup",
            "merge",
            "keys",
            "values",
            "flatten",
            "distinct",
            "sort",
            "reverse",
            "element",
            "slice",
            "range",
            "min",
            "max",
            "sum",
            "cidrsubnet",
            "cidrhost",
            "cidrsubnets",
            "substr",
            "chunklist",
            "setproduct",
            "setunion",
            "coalesce",
            "one",
            "compact",
            "transpose",
            "zipmap",
            "yamlencode",
            "sha256",
            "md5",
            "regexall",
            "indent",
            "try",
            "can",
            "index",
            "contains",
            "abs",
            "pow",
            "parseint",
            "base64decode",
            "strrev",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| {
                let attrs: Vec<String> = v
                    .iter()
                    .enumerate()
                    .map(|(i, x)| format!("k{i} = {x}"))
                    .collect();
                format!("{{{}}}", attrs.join(", "))
            }),
            (funcs, prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(f, a)| format!("{f}({})", a.join(", "))),
            (
                inner.clone(),
                prop::sample::select(vec!["+", "-", "*", "/", "%", "==", "<", "&&"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            inner.clone().prop_map(|x| format!("[for v in {x} : v]")),
            inner.prop_map(|x| format!("\"a${{{x}}}b\"")),
        ]
    })
}

fn string_list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-d]{0,2}", 0..6)
}

fn hcl_list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", items.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_expressions_never_panic(src in expr()) {
        if let Ok(e) = hcl::edit::parser::parse_expr(&src) {
            let _ = eval(&e, &Scope::new());
        }
    }

    #[test]
    fn concat_adds_lengths(a in string_list(), b in string_list()) {
        let src = format!("length(concat({}, {}))", hcl_list(&a), hcl_list(&b));
        prop_assert_eq!(ev(&src).and_then(|v| v.as_number()), Some((a.len() + b.len()) as f64));
    }

    #[test]
    fn toset_sorts_and_dedups(a in string_list()) {
        let got = ev(&format!("tolist(toset({}))", hcl_list(&a))).expect("converts");
        let mut want = a.clone();
        want.sort();
        want.dedup();
        let got: Vec<String> = got
            .as_seq()
            .expect("a list")
            .iter()
            .map(|v| v.as_str().expect("strings").to_string())
            .collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn json_round_trips(a in string_list(), n in -1_000_000i64..1_000_000, b: bool) {
        let src = format!("{{ s = {}, n = {n}, b = {b}, nested = {{ x = [{n}, {b}] }} }}", hcl_list(&a));
        let direct = ev(&src).expect("literal");
        let round = ev(&format!("jsondecode(jsonencode({src}))")).expect("round trip");
        prop_assert_eq!(
            devops_tutor_lab::terraform::functions::json_encode(&direct),
            devops_tutor_lab::terraform::functions::json_encode(&round)
        );
        prop_assert_eq!(ev(&format!("jsondecode(jsonencode({src})) == {src}")), Some(Value::Bool(true)));
    }

    #[test]
    fn cidrsubnet_is_inside_its_parent(a in 0u8..=255, b in 0u8..=255, len in 8u32..=24, newbits in 0u32..=8, netnum in 0u32..256) {
        let netnum = netnum % (1u32 << newbits);
        let parent = format!("{a}.{b}.0.0/{len}");
        let sub = ev(&format!("cidrsubnet({parent:?}, {newbits}, {netnum})")).expect("fits");
        let sub = sub.as_str().expect("a string").to_string();
        // The subnet's first and last host are hosts of the parent.
        let first = ev(&format!("cidrhost({sub:?}, 0)")).expect("host");
        let last = ev(&format!("cidrhost({sub:?}, -1)")).expect("host");
        for h in [first, last] {
            let h = h.as_str().expect("ip").to_string();
            let back = ev(&format!("cidrsubnet(\"{h}/{len}\", 0, 0) == cidrsubnet({parent:?}, 0, 0)"));
            prop_assert_eq!(back, Some(Value::Bool(true)), "{} not in {}", h, parent);
        }
    }
}
