//! The firm's privacy notice (个人信息处理告知书, PIPL Art. 17): an editable template with
//! `{{placeholders}}` for the firm's details, filled and printed as an A4 PDF. The template
//! and the contact line are sealed in `meta`; an empty template restores the built-in one.

use chrono::{DateTime, Utc};
use ledgerlock_documents::{Block, Document, PageDecor, Paragraph, SignatureParty, TextStyle};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::vault::audit::NewEntry;
use crate::vault::{Action, Vault};

/// The built-in template.
pub const TEMPLATE: &str = include_str!("templates/privacy_notice.zh-CN.txt");

/// Placeholders a template may use.
pub const PLACEHOLDERS: [&str; 6] = [
    "firm.name",
    "firm.credit_code",
    "firm.address",
    "firm.representative",
    "contact",
    "effective_on",
];

/// The notice's editable parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PrivacyNotice {
    /// The template (`# title`, `## heading`, one paragraph per line).
    pub template: String,
    /// How people reach the firm about personal information (phone, email, person).
    pub contact: String,
    /// Effective from (YYYY-MM-DD).
    pub effective_on: String,
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: format!("privacy_notice.{field}"),
        reason: reason.to_owned(),
    }
}

/// Fills `template`; `value` answers each placeholder.
///
/// # Errors
/// `privacy_notice.template` with `no_title`, `unclosed_placeholder` or
/// `unknown_placeholder`.
pub fn fill(template: &str, value: impl Fn(&str) -> String) -> CoreResult<String> {
    let first = template
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if !first.trim_start().starts_with("# ") {
        return Err(invalid("template", "no_title"));
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| invalid("template", "unclosed_placeholder"))?;
        let name = after[..end].trim();
        if !PLACEHOLDERS.contains(&name) {
            return Err(invalid("template", "unknown_placeholder"));
        }
        out.push_str(&value(name));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The filled notice as a document.
#[must_use]
pub fn build(text: &str, firm: &str, now: DateTime<Utc>) -> Document {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines
        .clone()
        .next()
        .and_then(|l| l.strip_prefix("# "))
        .unwrap_or("个人信息处理告知书")
        .to_owned();
    let mut doc = Document::new(&title, now)
        .with_author(firm)
        .with_subject("个人信息处理告知书 Privacy notice")
        .with_decor(PageDecor {
            header_left: Some(firm.to_owned()),
            header_right: None,
            footer_left: Some(format!(
                "账安 Ledgerlock · 打印于 printed {}",
                now.format("%Y-%m-%d")
            )),
            page_numbers: true,
        });
    doc.title(&title);
    lines.next();
    for line in lines {
        if let Some(h) = line.strip_prefix("## ") {
            doc.heading(h);
        } else {
            doc.push(Block::Paragraph(
                Paragraph::new(line)
                    .styled(TextStyle::regular(10.5))
                    .indent(2.0),
            ));
        }
    }
    doc.push(Block::Spacer(8.0));
    doc.signatures(vec![SignatureParty {
        role: "个人信息处理者（盖章）".to_owned(),
        name: Some(firm.to_owned()),
    }]);
    doc
}

impl Vault {
    /// The notice's template, contact line and effective date (those who read reports).
    ///
    /// # Errors
    /// Storage errors.
    pub fn privacy_notice(&self) -> CoreResult<PrivacyNotice> {
        self.session.require(Action::ViewReports)?;
        Ok(self
            .load_meta::<PrivacyNotice>("privacy_notice")?
            .unwrap_or_else(|| PrivacyNotice {
                template: TEMPLATE.to_owned(),
                contact: String::new(),
                effective_on: String::new(),
            }))
    }

    /// Changes the notice (administrators). An empty template restores the built-in one.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` for a malformed template or date.
    pub fn set_privacy_notice(
        &mut self,
        notice: &PrivacyNotice,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ManageCompliance)?;
        let mut notice = notice.clone();
        if notice.template.trim().is_empty() {
            notice.template = TEMPLATE.to_owned();
        }
        fill(&notice.template, |_| String::new())?;
        notice.contact = notice.contact.trim().to_owned();
        notice.effective_on = notice.effective_on.trim().to_owned();
        if !notice.effective_on.is_empty() {
            let d = crate::clients::validate::validate_date(&notice.effective_on)
                .map_err(|_| invalid("effective_on", "format"))?;
            notice.effective_on = d.format("%Y-%m-%d").to_string();
        }
        self.save_meta(
            "privacy_notice",
            &notice,
            "settings.privacy_notice_changed",
            now,
        )
    }

    /// The filled notice as a PDF (audited as a print).
    ///
    /// # Errors
    /// Storage and document errors.
    pub fn privacy_notice_pdf(&mut self, now: DateTime<Utc>) -> CoreResult<Vec<u8>> {
        self.session.require(Action::ViewReports)?;
        let notice = self.privacy_notice()?;
        let firm = self.firm_profile()?;
        let blank = "＿＿＿＿＿＿";
        let effective = if notice.effective_on.is_empty() {
            now.format("%Y-%m-%d").to_string()
        } else {
            notice.effective_on.clone()
        };
        let text = fill(&notice.template, |name| {
            let v = match name {
                "firm.name" => firm.name.clone(),
                "firm.credit_code" => firm.credit_code.clone(),
                "firm.address" => firm.address.clone(),
                "firm.representative" => firm.representative.clone(),
                "contact" => notice.contact.clone(),
                _ => effective.clone(),
            };
            if v.trim().is_empty() {
                blank.to_owned()
            } else {
                v
            }
        })?;
        let bytes = build(&text, &firm.name, now).render()?;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "compliance.privacy_notice_printed",
                target: None,
                details: None,
            },
            now,
        )?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_template_fills_every_placeholder() {
        let text = fill(TEMPLATE, |name| format!("<{name}>")).unwrap();
        assert!(text.contains("<firm.name>（以下简称"));
        assert!(text.contains("<contact>"));
        assert!(!text.contains("{{"));
    }

    #[test]
    fn malformed_templates_are_refused() {
        let reason = |t: &str| match fill(t, |_| String::new()).unwrap_err() {
            CoreError::InvalidInput { reason, .. } => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason("告知书"), "no_title");
        assert_eq!(reason("# 告知书\n{{firm.name"), "unclosed_placeholder");
        assert_eq!(reason("# 告知书\n{{client.name}}"), "unknown_placeholder");
    }
}
