//! Records management: how long each kind of record is kept (《会计档案管理办法》 and PIPL),
//! what blocks its destruction (legal holds), and the destruction list with its approvals.
//!
//! These are the pure rules; storage and the workflow on the vault build on them.

pub mod agreement;
pub mod agreements;
pub mod certificate_data;
pub mod destruction_list;
pub mod destruction_store;
pub mod firm;
pub mod hold;
pub mod retention;
pub mod schedule_store;

use crate::error::CoreError;

/// An input error with a field and a stable reason code.
pub(crate) fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}
