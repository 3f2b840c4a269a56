//! Who is logged in, and the check every operation makes.

use std::collections::BTreeSet;

use super::roles::{role_allows, sees_all_clients, Action, Role};
use crate::error::{CoreError, CoreResult};

/// The logged-in user of an unlocked vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The user's id.
    pub user_id: i64,
    /// The user's role.
    pub role: Role,
    /// Clients assigned to the user (matters for accountants and assistants).
    pub clients: BTreeSet<String>,
}

impl Session {
    /// Refuses unless the role allows `action`.
    pub fn require(&self, action: Action) -> CoreResult<()> {
        if role_allows(self.role, action) {
            Ok(())
        } else {
            Err(CoreError::Forbidden {
                action: action.as_str().to_owned(),
            })
        }
    }

    /// Refuses unless the role allows `action` on client `client_id` (assignment included).
    pub fn require_for_client(&self, action: Action, client_id: &str) -> CoreResult<()> {
        self.require(action)?;
        if !action.is_client_scoped()
            || sees_all_clients(self.role)
            || self.clients.contains(client_id)
        {
            Ok(())
        } else {
            Err(CoreError::Forbidden {
                action: action.as_str().to_owned(),
            })
        }
    }

    /// Whether sensitive fields must stay masked for this session whatever it asks.
    #[must_use]
    pub fn always_masked(&self) -> bool {
        !role_allows(self.role, Action::RevealSensitive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(role: Role, clients: &[&str]) -> Session {
        Session {
            user_id: 1,
            role,
            clients: clients.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn assignment_limits_accountants_and_assistants_only() {
        for role in [Role::Accountant, Role::Assistant] {
            let s = session(role, &["c1"]);
            assert!(s.require_for_client(Action::ViewClient, "c1").is_ok());
            assert!(s.require_for_client(Action::ViewClient, "c2").is_err());
        }
        assert!(session(Role::Administrator, &[])
            .require_for_client(Action::EditClient, "c2")
            .is_ok());
        assert!(session(Role::Auditor, &[])
            .require_for_client(Action::ViewClient, "c2")
            .is_ok());
        assert!(session(Role::Auditor, &[])
            .require_for_client(Action::EditClient, "c2")
            .is_err());
    }

    #[test]
    fn assistants_and_auditors_never_reveal() {
        assert!(session(Role::Assistant, &["c1"]).always_masked());
        assert!(session(Role::Auditor, &[]).always_masked());
        assert!(!session(Role::Accountant, &[]).always_masked());
        assert!(session(Role::Assistant, &["c1"])
            .require_for_client(Action::RevealSensitive, "c1")
            .is_err());
    }
}
