//! Client records: the pure, I/O-free rules — field classification, normalisation,
//! validation, masking and pinyin search keys.
//!
//! Nothing here touches the vault, a file or the clock: the date used to reject future
//! birth dates is passed in. Every function accepts any string (arbitrary Unicode, empty,
//! very long) without panicking; property tests in each file hold them to that.
//!
//! The flow for one value typed or imported by a user:
//!
//! 1. [`validate::validate_field`] (or one of the per-kind validators) normalises it
//!    (full-width → ASCII, invisible characters and whitespace removed from numbers,
//!    `x` → `X`, …) and checks it; on success it returns the canonical form to store.
//! 2. On failure it returns a [`FieldError`]: the field and a small stable [`Reason`]
//!    code — never the value, which is personal data.
//! 3. For display, [`mask`] hides the middle of sensitive values, and
//!    [`classification`] says which fields are sensitive and which changes need a second
//!    person's review.

pub mod access;
pub mod classification;
pub mod consent;
pub mod demo;
pub mod documents;
pub mod error;
pub mod import;
pub mod index;
pub mod lifecycle;
pub mod mask;
pub mod normalize;
pub mod pinyin;
pub mod record;
pub mod sharing;
pub mod store;
pub mod validate;

pub use classification::{field_table, Category, Field, FieldClass, FieldInfo, Sensitivity};
pub use error::{FieldError, Reason};
pub use lifecycle::{
    ClientLifecycle, DeletionOutcome, EngagementEnded, HandoverInput, HandoverItem, HeldRecord,
    HeldSource, QuantityUnit, RetentionSummary, StorageOnlyView,
};
