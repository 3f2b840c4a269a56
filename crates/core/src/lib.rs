//! Ledgerlock's core: every rule of the product lives here, with no dependency on Tauri,
//! a window or a display, so that it builds and is tested on its own (`cargo test`).
//!
//! The shell (`src-tauri/`) and the command-line tool (`crates/cli/`) are thin adapters
//! over the functions in this crate. See `ARCHITECTURE.md` for the map of modules.

pub mod clients;
pub mod compliance;
pub mod error;
pub mod paths;
pub mod reconciliations;
pub mod records;
pub mod status;
pub mod vault;

pub use error::{AppError, CoreError, ErrorCode};

/// The version of this build, shared by the app, the CLI and every file the app writes.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
