//! The encrypted local vault: where every capability stores its data.
//!
//! This module grows with the [Vault] issue (keys, sealing, users, audit log). Today it
//! knows the vault's files and whether a vault exists.

mod files;

pub use files::{VaultFiles, VaultState};
