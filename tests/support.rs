//! Helpers shared by the integration tests in this folder.

use std::ffi::OsString;
use std::process::ExitCode;

/// What a CLI run printed and how it ended.
#[derive(Debug)]
pub struct CliRun {
    /// Exit code.
    pub code: ExitCode,
    /// Everything written to standard output.
    pub stdout: String,
    /// Everything written to standard error.
    pub stderr: String,
}

/// Runs `ledgerlock-cli` in-process with `args` and the data folder `data_dir`.
pub fn run_cli(args: &[&str], data_dir: Option<&std::path::Path>) -> CliRun {
    let mut argv: Vec<OsString> = vec!["ledgerlock-cli".into()];
    argv.extend(args.iter().map(OsString::from));
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = ledgerlock_cli::run(
        argv,
        data_dir.map(|d| d.as_os_str().to_owned()),
        &mut out,
        &mut err,
    );
    CliRun {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}
