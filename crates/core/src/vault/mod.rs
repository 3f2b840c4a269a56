//! The encrypted local vault: where every capability stores its data.
//!
//! Key hierarchy (see `docs/security.md`): a random vault key, wrapped by a key in the OS
//! keychain and by a recovery code; working keys derived from it (sealing, audit MAC,
//! lookup tags, client-key wrapping); per-client data keys wrapped by it.

pub(crate) mod audit;
pub mod backup;
pub mod bulk;
pub(crate) mod db;
mod files;
mod header;
mod key;
mod keys;
mod keystore;
mod lifecycle;
mod password;
mod recovery;
mod recovery_sheet;
mod roles;
mod schema;
mod seal;
mod session;
mod settings;
mod shred;
mod users;

pub use audit::{AuditEntry, AuditFilter, AuditProblem, AuditReport};
pub use files::{VaultFiles, VaultState};
pub use key::SecretKey;
pub use keystore::{KeyStore, KeyStoreError, MemoryKeyStore, OsKeyStore};
pub use lifecycle::{verify_offline, Created, Setup, Vault};
pub use password::MIN_LENGTH as PASSWORD_MIN_LENGTH;
pub use recovery::{RecoveryCode, RecoveryCodeError};
pub use roles::{role_allows, Action, Role};
pub use seal::{Place, SealError, Sealer};
pub use session::Session;
pub use settings::VaultSettings;
pub use shred::{DestructionLedger, ShredReport};
pub use users::{NewUser, UserSummary};
pub use zeroize::Zeroizing;
