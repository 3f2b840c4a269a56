//! Roles and what each may do. Every operation of the core names its [`Action`] and checks
//! it against the session here, whatever the UI shows.

use serde::{Deserialize, Serialize};

/// A user's role in the firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: everything, including users and settings.
    Administrator,
    /// 会计: works on assigned clients; may reveal sensitive fields with a reason.
    Accountant,
    /// 助理: works on assigned clients; sensitive fields always masked.
    Assistant,
    /// 审计: reads reports and the audit log; no reveal, no edits.
    Auditor,
}

impl Role {
    /// Every role, for tables and tests.
    pub const ALL: [Role; 4] = [
        Role::Administrator,
        Role::Accountant,
        Role::Assistant,
        Role::Auditor,
    ];

    /// The stable name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "administrator",
            Self::Accountant => "accountant",
            Self::Assistant => "assistant",
            Self::Auditor => "auditor",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Something a session may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// List and read the audit log.
    ViewAudit,
    /// Verify the audit chain.
    VerifyAudit,
    /// Create, disable and reset users; assign clients.
    ManageUsers,
    /// Change vault settings (auto-lock, firm profile).
    ChangeSettings,
    /// See a client's (masked) record.
    ViewClient,
    /// Change a client's record.
    EditClient,
    /// Reveal a sensitive field, with a reason.
    RevealSensitive,
    /// Approve or reject someone else's change.
    ReviewChange,
    /// Export or print client data.
    ExportClientData,
    /// Make a backup.
    Backup,
    /// Restore a backup.
    Restore,
    /// Approve or execute a destruction.
    Destroy,
    /// Import statements and reconcile a client's accounts.
    Reconcile,
    /// Read the compliance registers and reports.
    ViewReports,
    /// Record and handle data-subject requests, incidents and disputes.
    RecordCompliance,
    /// Keep the risk register, training records and impact assessments; edit the privacy
    /// notice.
    ManageCompliance,
}

impl Action {
    /// Every action, for tables and tests.
    pub const ALL: [Action; 16] = [
        Action::ViewAudit,
        Action::VerifyAudit,
        Action::ManageUsers,
        Action::ChangeSettings,
        Action::ViewClient,
        Action::EditClient,
        Action::RevealSensitive,
        Action::ReviewChange,
        Action::ExportClientData,
        Action::Backup,
        Action::Restore,
        Action::Destroy,
        Action::Reconcile,
        Action::ViewReports,
        Action::RecordCompliance,
        Action::ManageCompliance,
    ];

    /// The stable name used in errors and the audit log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ViewAudit => "view_audit",
            Self::VerifyAudit => "verify_audit",
            Self::ManageUsers => "manage_users",
            Self::ChangeSettings => "change_settings",
            Self::ViewClient => "view_client",
            Self::EditClient => "edit_client",
            Self::RevealSensitive => "reveal_sensitive",
            Self::ReviewChange => "review_change",
            Self::ExportClientData => "export_client_data",
            Self::Backup => "backup",
            Self::Restore => "restore",
            Self::Destroy => "destroy",
            Self::Reconcile => "reconcile",
            Self::ViewReports => "view_reports",
            Self::RecordCompliance => "record_compliance",
            Self::ManageCompliance => "manage_compliance",
        }
    }

    /// Whether the action concerns one client, so that assignment matters.
    #[must_use]
    pub fn is_client_scoped(self) -> bool {
        matches!(
            self,
            Self::ViewClient
                | Self::EditClient
                | Self::RevealSensitive
                | Self::ExportClientData
                | Self::Reconcile
        )
    }
}

/// The permission table: may `role` do `action` at all (before client assignment)?
#[must_use]
pub fn role_allows(role: Role, action: Action) -> bool {
    use Action as A;
    match role {
        Role::Administrator => true,
        // Reviewing changes to sensitive fields is the administrators' (the second pair of
        // eyes on an accountant's change to a bank account or an ID number).
        Role::Accountant => matches!(
            action,
            A::ViewClient
                | A::EditClient
                | A::RevealSensitive
                | A::ExportClientData
                | A::Backup
                | A::Reconcile
                | A::ViewReports
                | A::RecordCompliance
        ),
        Role::Assistant => matches!(action, A::ViewClient | A::EditClient | A::Reconcile),
        Role::Auditor => matches!(
            action,
            A::ViewAudit | A::VerifyAudit | A::ViewClient | A::ViewReports
        ),
    }
}

/// Whether `role` sees every client, not only the assigned ones.
#[must_use]
pub fn sees_all_clients(role: Role) -> bool {
    matches!(role, Role::Administrator | Role::Auditor)
}
