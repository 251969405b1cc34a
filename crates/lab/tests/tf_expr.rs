//! Expression evaluation: a first table of cases checked against Terraform's results.

use devops_tutor_lab::terraform::Value;
use devops_tutor_lab::terraform::expr::{Scope, eval};

fn ev(src: &str, scope: &Scope) -> Result<Value, devops_tutor_lab::terraform::EvalError> {
    let e = hcl::edit::parser::parse_expr(src).expect("parses");
    eval(&e, scope)
}

#[test]
fn table_matches_terraform() {
    let scope = Scope::new().with(
        "var",
        Value::Object([("environment".to_string(), Value::string("prod"))].into()),
    );
    for (src, want) in [
        (r#"cidrsubnet("10.0.0.0/16", 8, 2)"#, "\"10.0.2.0/24\""),
        (r#"cidrhost("10.12.112.0/20", 16)"#, "\"10.12.112.16\""),
        (
            r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
            "[\"10.1.0.0/20\",\"10.1.16.0/20\",\"10.1.32.0/24\",\"10.1.48.0/20\"]",
        ),
        (
            r#"format("Hello, %s! %03d %.2f", "Ander", 7, 3.14159)"#,
            "\"Hello, Ander! 007 3.14\"",
        ),
        (r#"[for s in ["a","b"] : upper(s)]"#, "[\"A\",\"B\"]"),
        (r#""x%{ for v in [1,2] ~} ${v} %{~ endfor }y""#, "\"x12y\""),
        (
            r#"{for k, v in {a=1,b=2} : v => k}"#,
            "{\"1\":\"a\",\"2\":\"b\"}",
        ),
        (
            r#"jsonencode({a = [1, "<b>"]})"#,
            "\"{\\\"a\\\":[1,\\\"\\\\u003cb\\\\u003e\\\"]}\"",
        ),
        (r#""1" == 1"#, "false"),
        (r#"null[*]"#, "[]"),
    ] {
        let got = ev(src, &scope).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        assert_eq!(got.to_json().to_string(), want, "{src}");
    }
}

#[test]
fn error_wording() {
    let scope = Scope::new().with(
        "var",
        Value::Object([("environment".to_string(), Value::string("prod"))].into()),
    );
    let e = ev(r#"var.environment == "dev" || "staging""#, &scope).expect_err("bool");
    assert_eq!(e.summary, "Invalid operand");
    assert_eq!(
        e.detail,
        "Unsuitable value for right operand: a bool is required."
    );
    // Terraform 1.11.4 reports this as a failed call, not as an invalid argument.
    let e = ev(r#"cidrsubnet("10.0.0.0/16", 8, 300)"#, &scope).expect_err("netnum");
    assert_eq!(e.summary, "Error in function call");
    assert_eq!(
        e.detail,
        "Call to function \"cidrsubnet\" failed: prefix extension of 8 does not accommodate a subnet numbered 300."
    );
}
