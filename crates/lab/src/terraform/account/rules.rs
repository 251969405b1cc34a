//! The account's rules: the provider's plan-time argument checks and the AWS API's
//! apply-time refusals.

use super::super::value::Value;
use super::{Account, ApplyError, World};

/// The provider's own plan-time validation of a planned `type_` object (what real
/// `terraform plan` reports before calling AWS). Unknown values are not checked.
pub fn validate_planned(type_: &str, planned: &Value) -> Vec<ApplyError> {
    let _ = (type_, planned);
    Vec::new()
}

/// The AWS API's apply-time refusals for creating (`before` is `None`) or updating.
pub(super) fn apply_rules(
    account: &Account,
    world: &World<'_>,
    type_: &str,
    address: &str,
    planned: &Value,
    before: Option<&Value>,
) -> Vec<ApplyError> {
    let _ = (account, world, type_, address, planned, before);
    Vec::new()
}
