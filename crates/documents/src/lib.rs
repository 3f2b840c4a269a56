//! Ledgerlock's print layer: print-ready A4 PDFs with an embedded, subset Chinese font.
//!
//! The documents the app prints (recovery sheet, bank reconciliation statements
//! 银行存款余额调节表, retention and destruction certificates, confidentiality agreements,
//! hand-over lists, compliance reports) share this layout layer: a [`Document`] is a list of
//! [`Block`]s (titles, paragraphs, key–value pairs, tables, signature blocks …) laid out on A4
//! pages with a running header and "第 X 页 / 共 Y 页" footer, rendered to PDF bytes with
//! [`Document::render`]. Output is deterministic: the same inputs give the same bytes.
//!
//! Money never passes through a float here: amounts arrive as formatted decimal strings and are
//! only placed (right-aligned) on the page.
//!
//! The first real document is the vault [`recovery_sheet`].

pub mod agreement;
pub mod blocks;
pub mod certificate;
pub mod document;
pub mod error;
pub mod font;
pub mod handover;
pub mod layout;
pub mod page;
pub mod recovery_sheet;
pub mod table;
pub mod text;

pub use agreement::{render_agreement, AgreementDoc};
pub use blocks::{Block, Paragraph, SignatureParty};
pub use certificate::{
    render_destruction_certificate, render_retention_certificate, DestructionCertificate,
    DestructionRow, RetentionCertificate, RetentionRow, Signatory,
};
pub use document::Document;
pub use error::DocumentError;
pub use font::Font;
pub use handover::{render_handover_list, HandoverList, HandoverRow};
pub use layout::{Align, Ink, PageGeometry, TextStyle};
pub use page::PageDecor;
pub use recovery_sheet::{render_recovery_sheet, RecoverySheet};
pub use table::{Column, ColumnWidth, Table};
