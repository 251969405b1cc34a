#![no_main]
//! The Terraform lab's expression evaluator on arbitrary input: parsing then evaluating
//! any bytes must never panic and must finish (its budgets bound the work).

use std::collections::BTreeMap;

use devops_tutor::lab::terraform::Value;
use devops_tutor::lab::terraform::expr::{Scope, eval};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(expr) = hcl::edit::parser::parse_expr(src) else {
        return;
    };
    let var = Value::Object(BTreeMap::from([
        ("name".to_string(), Value::string("web")),
        ("count".to_string(), Value::Number(3.0)),
        (
            "cidrs".to_string(),
            Value::List(vec![Value::string("10.0.0.0/16"), Value::string("10.1.0.0/16")]),
        ),
        ("secret".to_string(), Value::string("hunter2").sensitive()),
        ("later".to_string(), Value::Unknown),
    ]));
    let scope = Scope::new().with("var", var);
    let _ = eval(&expr, &scope);
});
