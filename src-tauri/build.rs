//! Builds the Tauri context and declares the app's own commands, so that each one must be
//! granted by a capability (`capabilities/main.json`); `src/commands.rs` has a test that
//! this list matches the commands the app registers.

/// The app's commands, as registered in `src/commands.rs`.
const COMMANDS: &[&str] = &["app_status"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| {
        println!("cargo::error=tauri build configuration failed: {e:#}");
    });
}
