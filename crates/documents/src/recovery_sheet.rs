//! The vault recovery sheet (保险库恢复页): one A4 page, Chinese first with English below, the
//! recovery code printed large in numbered groups, plain instructions, and a box for recording
//! by hand where the sheet is kept.
//!
//! The recovery code is secret. [`render_recovery_sheet`] borrows it and writes it nowhere but
//! into the returned PDF bytes: no files, no logs, not into the PDF metadata or file identifier.
//! (Transient in-memory copies made while laying out the page are freed when it returns; they
//! are not zeroized, since the PDF writer keeps its own copies that cannot be wiped.)

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::blocks::{Block, Paragraph};
use crate::document::Document;
use crate::error::DocumentError;
use crate::layout::{Ink, PageGeometry, TextStyle};
use crate::page::PageDecor;

/// What the recovery sheet shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RecoverySheet<'a> {
    /// The accounting firm's name.
    pub firm_name: &'a str,
    /// The vault's identifier.
    pub vault_id: &'a str,
    /// When the vault (or this recovery code) was created.
    pub created_on: NaiveDate,
    /// The recovery code as displayed by the core, e.g. `ABCD-EFGH-…` (groups separated by
    /// dashes or spaces; an ungrouped code is shown in groups of four). Secret.
    pub recovery_code: &'a str,
    /// The app version that printed the sheet, e.g. `0.1.0`.
    pub app_version: &'a str,
}

impl std::fmt::Debug for RecoverySheet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoverySheet")
            .field("firm_name", &self.firm_name)
            .field("vault_id", &self.vault_id)
            .field("created_on", &self.created_on)
            .field("recovery_code", &"(hidden)")
            .field("app_version", &self.app_version)
            .finish()
    }
}

/// Metadata title of the recovery sheet PDF.
pub const TITLE: &str = "账安 保险库恢复页 / Ledgerlock vault recovery sheet";

/// The instructions printed on the sheet: (heading, Chinese text, English text), in order.
/// Public so that the app can show the same words on screen.
pub const INSTRUCTIONS: [(&str, &str, &str); 4] = [
    (
        "这是什么　What this is",
        "这张纸是打开本事务所账安保险库的备用钥匙。平时账安使用本机系统钥匙串中的密钥；一旦钥匙串不可用——换了新电脑、重装了系统、从备份恢复了数据——只有凭本页的恢复代码才能打开保险库。本页和钥匙串都丢失时，库中数据无法恢复，任何人（包括软件开发方）都无能为力。",
        "This sheet is the spare key to your firm's Ledgerlock vault. Day to day, Ledgerlock uses a key kept in this computer's keychain. If that keychain is lost — a new computer, a reinstalled operating system, data restored from a backup — this recovery code is the only way into the vault. If both this sheet and the keychain are lost, the data cannot be recovered by anyone, including the makers of the software.",
    ),
    (
        "怎样保管　How to store it",
        "请离线保管：放入保险柜或上锁的档案柜。不要拍照或扫描，不要通过邮件、微信、QQ 发送，不要存入网盘或任何电脑、手机。",
        "Keep it offline: in a safe or a locked filing cabinet. Do not photograph or scan it, do not send it by e-mail or messaging apps, and do not store it in cloud storage or on any computer or phone.",
    ),
    (
        "谁可以看　Who may see it",
        "仅限事务所负责人及其书面指定的保管人。任何人索要此代码——包括自称技术支持、软件公司或银行的人——一律拒绝；账安永远不会向您索要恢复代码。",
        "Only the head of the firm and the custodian they appoint in writing. Refuse anyone who asks for this code, including people claiming to be technical support, the software company or a bank: Ledgerlock never asks you for it.",
    ),
    (
        "遗失或泄露时　If it is lost or exposed",
        "如本页遗失、被拍照或被无关人员看到，请立即在账安的\u{201C}设置\u{201D}中生成新的恢复代码并打印新的恢复页，然后用碎纸机销毁旧页。",
        "If this sheet is lost, photographed or seen by anyone else, generate a new recovery code in Ledgerlock's Settings at once, print the new sheet, and shred the old one.",
    ),
];

/// Splits a displayed code into groups: on dashes and white space, or in fours if it has none.
#[must_use]
pub fn code_groups(code: &str) -> Vec<String> {
    let groups: Vec<String> = code
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect();
    if groups.len() == 1 && groups.iter().all(|g| g.chars().count() > 6) {
        let chars: Vec<char> = code.trim().chars().collect();
        return chars.chunks(4).map(|c| c.iter().collect()).collect();
    }
    groups
}

fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Renders the recovery sheet to PDF bytes. `generated_at` is the PDF's creation time (passed
/// in, so the same inputs give the same bytes).
///
/// # Errors
/// [`DocumentError::UnsupportedCharacters`] if the firm name (or another field) uses characters
/// the embedded font cannot print; other [`DocumentError`]s if the PDF cannot be written.
pub fn render_recovery_sheet(
    sheet: &RecoverySheet<'_>,
    generated_at: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    build(sheet, generated_at).render()
}

/// The recovery sheet as a [`Document`] (for inspection, e.g. its page count).
#[must_use]
pub fn build(sheet: &RecoverySheet<'_>, generated_at: DateTime<Utc>) -> Document {
    let mut doc = Document::new(TITLE, generated_at)
        // Slightly narrower top and bottom margins than the default, to keep it to one page.
        .with_geometry(PageGeometry {
            top_mm: 17.0,
            bottom_mm: 16.0,
            ..PageGeometry::A4
        })
        .with_author(sheet.firm_name)
        .with_subject("保险库恢复页 Vault recovery sheet")
        .with_decor(PageDecor {
            header_left: Some(format!("{} · 账安 Ledgerlock", sheet.firm_name)),
            header_right: Some("机密 · 请勿复印或拍照  CONFIDENTIAL".to_owned()),
            footer_left: Some(format!(
                "账安 Ledgerlock {} · 打印于 printed {}",
                sheet.app_version,
                generated_at.format("%Y-%m-%d")
            )),
            page_numbers: true,
        });

    let zh = TextStyle::regular(9.5);
    let en = TextStyle::regular(8.0).with_ink(Ink::Grey);
    let lead = TextStyle::bold(10.0);
    let para = |text: &str, style: TextStyle| Block::Paragraph(Paragraph::new(text).styled(style));

    doc.title("账安 保险库恢复页");
    doc.subtitle("Ledgerlock vault recovery sheet");
    let created = format!(
        "{}  ({})",
        zh_date(sheet.created_on),
        sheet.created_on.format("%Y-%m-%d")
    );
    doc.push(Block::KeyValue {
        pairs: vec![
            ("事务所 Firm".to_owned(), sheet.firm_name.to_owned()),
            ("保险库编号 Vault ID".to_owned(), sheet.vault_id.to_owned()),
            ("创建日期 Created".to_owned(), created),
        ],
        size: 10.5,
    });

    doc.heading("恢复代码 Recovery code");
    doc.push(Block::Code {
        groups: code_groups(sheet.recovery_code),
        size: 17.0,
    });
    let base32_only = sheet
        .recovery_code
        .chars()
        .all(|c| matches!(c, 'A'..='Z' | '2'..='7' | '-' | ' '));
    if base32_only {
        doc.push(para(
            "代码只含大写字母 A–Z 和数字 2–7（没有数字 0、1、8）；输入时不区分大小写，短横线可省略。",
            zh,
        ));
        doc.push(para(
            "Only capital letters A–Z and digits 2–7 (no 0, 1 or 8). Case and dashes do not matter when typing it in.",
            en,
        ));
    }

    for (i, (title, zh_text, en_text)) in INSTRUCTIONS.iter().enumerate() {
        if i > 0 {
            doc.push(Block::Spacer(1.0));
        }
        doc.push(para(title, lead));
        doc.push(para(zh_text, zh));
        doc.push(para(en_text, en));
    }

    doc.push(Block::Spacer(2.0));
    doc.push(Block::FieldBox {
        title: "保管记录（手写）　Storage record (fill in by hand)".to_owned(),
        fields: vec![
            "存放地点 Stored at".to_owned(),
            "保管人 Stored by".to_owned(),
            "存放日期 Date".to_owned(),
        ],
    });
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_split_on_dashes_spaces_or_fours() {
        assert_eq!(code_groups("ABCD-EFGH-23"), vec!["ABCD", "EFGH", "23"]);
        assert_eq!(code_groups("ABCD EFGH"), vec!["ABCD", "EFGH"]);
        assert_eq!(code_groups("ABCDEFGHJK"), vec!["ABCD", "EFGH", "JK"]);
        assert_eq!(code_groups("ABCD"), vec!["ABCD"]);
    }

    #[test]
    fn debug_hides_the_code() {
        let sheet = RecoverySheet {
            firm_name: "测试",
            vault_id: "v1",
            created_on: NaiveDate::default(),
            recovery_code: "SECRET-CODE",
            app_version: "0.1.0",
        };
        let shown = format!("{sheet:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}
