//! Saving a document the user asked for (a PDF, a spreadsheet) to a place they choose.
//!
//! The native save dialog is opened from Rust: the webview has no file-system or dialog
//! permission. If `LEDGERLOCK_EXPORT_DIR` is set, files go straight there without asking
//! (unattended use and the end-to-end tests, which cannot drive a native dialog).

use std::io::Write;
use std::path::{Path, PathBuf};

use ledgerlock_core::{AppError, CoreError};
use tauri_plugin_dialog::DialogExt;

/// Environment variable naming a folder that receives exports without a dialog.
pub const EXPORT_DIR_ENV: &str = "LEDGERLOCK_EXPORT_DIR";

/// Asks where to save `bytes` (suggesting `file_name`) and writes them there atomically.
/// Returns the path, or `None` if the user cancelled.
pub fn save(
    app: &tauri::AppHandle,
    file_name: &str,
    filter: (&str, &[&str]),
    bytes: &[u8],
) -> Result<Option<PathBuf>, AppError> {
    let target = match std::env::var_os(EXPORT_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join(file_name)),
        _ => app
            .dialog()
            .file()
            .set_file_name(file_name)
            .add_filter(filter.0, filter.1)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(path) = target else {
        return Ok(None);
    };
    write_atomically(&path, bytes)?;
    Ok(Some(path))
}

/// Writes to a temporary file beside `path`, flushes it to disk, then renames it into place:
/// a full disk or a crash never leaves a half-written file under the final name.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let tmp = dir.join(format!(
        ".{}.partial",
        path.file_name()
            .map_or_else(|| "export".into(), |n| n.to_string_lossy())
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        if e.raw_os_error() == Some(28) {
            CoreError::DiskFull
        } else {
            CoreError::io(path, e)
        }
    })
}
