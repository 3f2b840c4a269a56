//! The confidentiality agreement (保密协议) as a print-ready PDF.
//!
//! The text arrives filled (the core fills the template and stores that exact text with the
//! agreement): `# title`, `## clause heading`, and paragraphs one per line. The party block
//! before the first clause (`甲方（委托方）：…` lines) is laid out as label–value pairs; clause
//! paragraphs get the customary two-character first-line indent; the signature block for both
//! parties closes the document.

use chrono::{DateTime, Utc};

use crate::blocks::{Block, Paragraph, SignatureParty};
use crate::document::Document;
use crate::error::DocumentError;
use crate::layout::TextStyle;
use crate::page::PageDecor;

/// What the agreement PDF needs besides its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDoc<'a> {
    /// The filled text.
    pub text: &'a str,
    /// Agreement number, printed in the running header.
    pub number: &'a str,
    /// Firm name (乙方), printed in the running header and the signature block.
    pub firm_name: &'a str,
    /// Client name (甲方), printed in the signature block.
    pub client_name: &'a str,
    /// `true` for an English text (labels of the signature block and header in English).
    pub english: bool,
}

/// Renders the agreement to PDF bytes.
///
/// # Errors
/// [`DocumentError::UnsupportedCharacters`] if the text uses characters the embedded font
/// cannot print; other [`DocumentError`]s if the PDF cannot be written.
pub fn render_agreement(
    agreement: &AgreementDoc<'_>,
    generated_at: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    build(agreement, generated_at).render()
}

/// The agreement as a [`Document`].
#[must_use]
pub fn build(agreement: &AgreementDoc<'_>, generated_at: DateTime<Utc>) -> Document {
    let mut lines = agreement.text.lines().map(str::trim_end).peekable();
    let mut title = if agreement.english {
        "Confidentiality Agreement".to_owned()
    } else {
        "保密协议".to_owned()
    };
    while let Some(line) = lines.peek() {
        if line.trim().is_empty() {
            lines.next();
            continue;
        }
        if let Some(t) = line.trim_start().strip_prefix("# ") {
            title = t.trim().to_owned();
            lines.next();
        }
        break;
    }
    let number_label = if agreement.english { "No." } else { "编号" };
    let mut doc = Document::new(&title, generated_at)
        .with_author(agreement.firm_name)
        .with_subject(&title)
        .with_decor(PageDecor {
            header_left: Some(agreement.firm_name.to_owned()),
            header_right: Some(format!("{number_label}：{}", agreement.number)),
            footer_left: Some("账安 Ledgerlock".to_owned()),
            page_numbers: true,
        });
    doc.title(&title);

    let body = TextStyle::regular(10.5);
    let indent = if agreement.english { 0.0 } else { 2.0 };
    let mut in_clauses = false;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let flush = |doc: &mut Document, pairs: &mut Vec<(String, String)>| {
        if !pairs.is_empty() {
            doc.push(Block::KeyValue {
                pairs: std::mem::take(pairs),
                size: 10.5,
            });
        }
    };
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut doc, &mut pairs);
            if !in_clauses {
                doc.push(Block::Spacer(1.5));
            }
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("## ") {
            flush(&mut doc, &mut pairs);
            in_clauses = true;
            doc.heading(heading.trim());
            continue;
        }
        if !in_clauses {
            if let Some((label, value)) = party_line(trimmed) {
                pairs.push((label.to_owned(), value.to_owned()));
                continue;
            }
        }
        flush(&mut doc, &mut pairs);
        doc.push(Block::Paragraph(
            Paragraph::new(trimmed).styled(body).indent(indent),
        ));
    }
    flush(&mut doc, &mut pairs);

    doc.push(Block::Spacer(6.0));
    let (a, b) = if agreement.english {
        ("Party A (seal)", "Party B (seal)")
    } else {
        ("甲方（盖章）", "乙方（盖章）")
    };
    doc.signatures(vec![
        SignatureParty {
            role: a.to_owned(),
            name: Some(agreement.client_name.to_owned()),
        },
        SignatureParty {
            role: b.to_owned(),
            name: Some(agreement.firm_name.to_owned()),
        },
    ]);
    doc
}

/// A `label：value` (or `label: value`) line with a short label, as in the party block.
fn party_line(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once('：').or_else(|| line.split_once(": "))?;
    let short = label.chars().count() <= 30;
    short.then(|| (label.trim(), value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# 保密协议\n协议编号：BM-1\n\n甲方（委托方）：甲公司\n住所：杭州\n\n前言段落，说明双方合作背景。\n\n## 第一条 范围\n全部信息。\n## 第二条 期限\n三年。";

    #[test]
    fn party_lines_become_pairs_and_clauses_headings() {
        let doc = build(
            &AgreementDoc {
                text: TEXT,
                number: "BM-1",
                firm_name: "乙所",
                client_name: "甲公司",
                english: false,
            },
            DateTime::<Utc>::default(),
        );
        let blocks = doc.blocks();
        assert_eq!(blocks[0], Block::Title("保密协议".to_owned()));
        let headings: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["第一条 范围", "第二条 期限"]);
        let kv: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::KeyValue { pairs, .. } => Some(pairs.len()),
                _ => None,
            })
            .collect();
        assert_eq!(kv, [1, 2]);
        assert!(matches!(blocks.last(), Some(Block::Signature(p)) if p.len() == 2));
    }

    #[test]
    fn renders_a_pdf() {
        let bytes = render_agreement(
            &AgreementDoc {
                text: TEXT,
                number: "BM-1",
                firm_name: "乙所",
                client_name: "甲公司",
                english: false,
            },
            DateTime::<Utc>::default(),
        )
        .unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
}
