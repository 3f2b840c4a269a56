//! `ledgerlock-cli`: see [`ledgerlock_cli`].

use std::process::ExitCode;

/// mimalloc: see the note in `Cargo.toml`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    ledgerlock_cli::run(
        std::env::args_os(),
        std::env::var_os(ledgerlock_core::paths::DATA_DIR_ENV),
        &mut stdout,
        &mut stderr,
    )
}
