//! Compliance: the registers a firm shows an inspector or a client (PIPL data-subject
//! requests, security incidents, disputes and complaints, risks, training, impact
//! assessments; the sharing register comes from `clients::sharing`), the automatic risk
//! signals computed from the vault, their trends, the compliance report and the privacy
//! notice. Decisions in `docs/compliance.md`.

pub mod export;
pub mod privacy_notice;
pub mod register;
pub mod report;
pub mod signals;
pub mod store;
pub mod trends;

pub use export::SharingRegisterRow;
pub use privacy_notice::PrivacyNotice;
pub use register::{EntryBody, EntryStatus, RegisterKind, RiskLevel};
pub use report::{RegisterFigures, ReportSummary};
pub use signals::{Signal, SignalCode, SignalItem, SignalLevel};
pub use store::{ClientRef, RegisterEntryView, RegisterFilter, StatusChange};
pub use trends::TrendPoint;
