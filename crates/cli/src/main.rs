//! `ledgerlock-cli`: see [`ledgerlock_cli`].

use std::process::ExitCode;

/// mimalloc: see the note in `Cargo.toml`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Unlocked handles (each write takes the lock): the engine runs on several threads, and a
    // lock held for the whole run would block any of them that writes to the terminal.
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    ledgerlock_cli::run(
        std::env::args_os(),
        std::env::var_os(ledgerlock_core::paths::DATA_DIR_ENV),
        &mut stdout,
        &mut stderr,
    )
}
