//! Hostile expressions: each must come back with an error (or Terraform's own answer)
//! after bounded work, never hang, exhaust memory or overflow the stack.

use devops_tutor_lab::terraform::expr::{Scope, eval};
use devops_tutor_lab::terraform::{EvalError, Value};

fn run(src: &str) -> Result<Value, EvalError> {
    let src = src.to_string();
    // A big stack of our own, so the check is about the lab's limits, not the test thread's.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || match hcl::edit::parser::parse_expr(&src) {
            Ok(e) => eval(&e, &Scope::new()),
            Err(e) => Err(EvalError::new("parse error", e.to_string())),
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}

fn fails_with(src: &str, summary: &str, detail_part: &str) {
    let e = run(src).expect_err(src);
    assert_eq!(e.summary, summary, "{src}: {e:?}");
    assert!(e.detail.contains(detail_part), "{src}: {e:?}");
}

#[test]
fn huge_range_is_refused_like_terraform() {
    fails_with(
        "range(1000000000)",
        "Error in function call",
        "more than 1024 values were generated",
    );
    fails_with(
        "[for i in range(100000): [for j in range(100000): j]]",
        "Error in function call",
        "more than 1024 values",
    );
}

#[test]
fn nested_for_over_the_element_budget() {
    fails_with(
        "[for i in range(1024): [for j in range(1024): [for k in range(1024): k]]]",
        "Expression too large",
        "1,000,000 elements",
    );
}

#[test]
fn strings_over_16_mib() {
    fails_with(
        r#"join("", [for i in range(1024): join("", [for j in range(1000): "0123456789abcdef0123"])])"#,
        "Expression too large",
        "16 MiB",
    );
    fails_with(
        r#"format("%s", join("", [for i in range(1024): join("", [for j in range(1000): "0123456789abcdef0123"])]))"#,
        "Expression too large",
        "16 MiB",
    );
    fails_with(
        r#"replace(join("", [for i in range(1000): "0123456789abcdef"]), "", join("", [for i in range(1000): "xxxxxxxxxxxxxxxx"]))"#,
        "Error in function call",
        "result too large",
    );
}

#[test]
fn deep_parentheses() {
    let src = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let e = run(&src).expect_err("too deep");
    assert!(
        e.summary == "Expression too deep" || e.summary == "parse error",
        "{e:?}"
    );
}

#[test]
fn nested_conditionals_evaluate_both_results() {
    // Each conditional evaluates both results (as Terraform does, to unify their types):
    // the work is the size of the source, which the step budget bounds.
    let mut src = "1".to_string();
    for _ in 0..12 {
        src = format!("(true ? {src} : {src})");
    }
    assert_eq!(run(&src).expect("finishes").as_number(), Some(1.0));
}

#[test]
fn infinite_numbers() {
    // Terraform's own answer: pow overflows to +Inf, and jsonencode refuses it.
    let v = run("pow(10, 400)").expect("an infinity");
    assert_eq!(v.as_number(), Some(f64::INFINITY));
    fails_with(
        "jsonencode(pow(10, 400))",
        "Error in function call",
        "cannot serialize infinity as JSON",
    );
}

#[test]
fn cidrsubnets_with_many_arguments() {
    let args = vec!["1"; 5000].join(", ");
    fails_with(
        &format!(r#"cidrsubnets("10.0.0.0/8", {args})"#),
        "Error in function call",
        "at most 4096 subnets",
    );
    // Many allowed ones still finish: 4096 /20s in a /8.
    let args = vec!["12"; 4096].join(", ");
    let v = run(&format!(r#"cidrsubnets("10.0.0.0/8", {args})"#)).expect("fits");
    assert_eq!(v.as_seq().map(<[Value]>::len), Some(4096));
}

#[test]
fn huge_format_width_and_setproduct() {
    let v = run(r#"format("%999999999d", 1)"#).expect("width is capped");
    assert!(v.as_str().is_some_and(|s| s.len() <= 1024));
    fails_with(
        "setproduct(range(1000), range(1000), range(1000))",
        "Error in function call",
        "too many elements",
    );
}
