//! Confidentiality agreements (保密协议): templates with placeholders, filling them from the
//! client and firm records, and the agreement's life (draft → sent → signed → expired /
//! renewed / terminated).
//!
//! A template is plain text: a first line `# title`, clause headings `## …`, paragraphs
//! separated by line breaks, and placeholders `{{name}}` from [`PLACEHOLDERS`]. An agreement
//! stores the exact filled text it was issued with, so a later template edit never changes
//! an agreement already given to a client.
//!
//! The placeholder syntax is parsed by hand: it is a dozen lines over a closed list of names,
//! and a template engine crate (with loops, filters, escaping rules for HTML) would add
//! features an administrator could trip over without adding safety.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::invalid;
use crate::error::CoreResult;

/// The default zh-CN template.
pub const TEMPLATE_ZH_CN: &str = include_str!("templates/confidentiality.zh-CN.txt");
/// The default English template.
pub const TEMPLATE_EN: &str = include_str!("templates/confidentiality.en.txt");

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 13] = [
    "agreement.number",
    "agreement.start",
    "agreement.term_years",
    "agreement.survival_years",
    "agreement.court",
    "client.name",
    "client.credit_code",
    "client.address",
    "client.representative",
    "firm.name",
    "firm.credit_code",
    "firm.address",
    "firm.representative",
];

/// Printed where a value is unknown, so that it can be filled in by hand.
pub const BLANK: &str = "＿＿＿＿＿＿＿＿";

/// The values an agreement is filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementFields {
    /// Agreement number, e.g. `BM-2026-0007`.
    pub number: String,
    /// First day in force.
    pub start: Option<NaiveDate>,
    /// Term in years.
    pub term_years: u16,
    /// Years the duty survives the end.
    pub survival_years: u16,
    /// The court named for disputes, e.g. `乙方所在地人民法院`.
    pub court: String,
    /// Client: name.
    pub client_name: String,
    /// Client: 统一社会信用代码 (empty for an individual).
    pub client_credit_code: String,
    /// Client: registered address.
    pub client_address: String,
    /// Client: legal representative.
    pub client_representative: String,
    /// Firm: name.
    pub firm_name: String,
    /// Firm: 统一社会信用代码.
    pub firm_credit_code: String,
    /// Firm: address.
    pub firm_address: String,
    /// Firm: legal representative.
    pub firm_representative: String,
}

impl AgreementFields {
    fn value(&self, name: &str) -> Option<String> {
        let text = |s: &str| {
            let s = s.trim();
            if s.is_empty() {
                BLANK.to_owned()
            } else {
                s.to_owned()
            }
        };
        Some(match name {
            "agreement.number" => text(&self.number),
            "agreement.start" => self.start.map_or_else(
                || BLANK.to_owned(),
                |d| d.format("%Y年%-m月%-d日").to_string(),
            ),
            "agreement.term_years" => self.term_years.to_string(),
            "agreement.survival_years" => self.survival_years.to_string(),
            "agreement.court" => text(&self.court),
            "client.name" => text(&self.client_name),
            "client.credit_code" => text(&self.client_credit_code),
            "client.address" => text(&self.client_address),
            "client.representative" => text(&self.client_representative),
            "firm.name" => text(&self.firm_name),
            "firm.credit_code" => text(&self.firm_credit_code),
            "firm.address" => text(&self.firm_address),
            "firm.representative" => text(&self.firm_representative),
            _ => return None,
        })
    }
}

/// Checks a template an administrator edited: it has a title line, every `{{…}}` is closed
/// and names a known placeholder.
///
/// # Errors
/// `template`/`no_title`, `template`/`unclosed_placeholder` or
/// `template`/`unknown_placeholder`.
pub fn check_template(template: &str) -> CoreResult<()> {
    let first = template
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if !first.trim_start().starts_with("# ") {
        return Err(invalid("template", "no_title"));
    }
    fill_with(template, |name| {
        PLACEHOLDERS.contains(&name).then(String::new)
    })
    .map(|_| ())
}

/// Fills `template` with `fields`. Unknown values print as [`BLANK`].
///
/// # Errors
/// As [`check_template`] for a malformed template.
pub fn fill(template: &str, fields: &AgreementFields) -> CoreResult<String> {
    check_template(template)?;
    fill_with(template, |name| fields.value(name))
}

fn fill_with(template: &str, value: impl Fn(&str) -> Option<String>) -> CoreResult<String> {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or_else(|| invalid("template", "unclosed_placeholder"))?;
        let name = after[..close].trim();
        let filled = value(name).ok_or_else(|| invalid("template", "unknown_placeholder"))?;
        out.push_str(&filled);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Where an agreement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    /// Being prepared.
    Draft,
    /// Sent to the client for signature.
    Sent,
    /// Signed by both sides.
    Signed,
    /// The term ended without renewal.
    Expired,
    /// Replaced by a newer version.
    Renewed,
    /// Ended early.
    Terminated,
}

impl AgreementStatus {
    /// Whether a user may move an agreement from `self` to `next` by hand. Expiry is computed
    /// ([`status_on`]), and renewal happens by issuing a new version ([`renewed_term`]).
    #[must_use]
    pub fn may_become(self, next: Self) -> bool {
        use AgreementStatus::{Draft, Sent, Signed, Terminated};
        matches!(
            (self, next),
            (Draft, Sent) | (Draft | Sent, Signed) | (Draft | Sent | Signed, Terminated)
        )
    }
}

/// The last day of a term of `years` starting on `start`.
#[must_use]
pub fn term_end(start: NaiveDate, years: u16) -> Option<NaiveDate> {
    start
        .checked_add_months(Months::new(u32::from(years) * 12))?
        .pred_opt()
}

/// The status to show on `today`: a signed agreement past its term shows as expired.
#[must_use]
pub fn status_on(
    status: AgreementStatus,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> AgreementStatus {
    match (status, end) {
        (AgreementStatus::Signed, Some(end)) if today > end => AgreementStatus::Expired,
        _ => status,
    }
}

/// Whether a signed agreement ends within `days` of `today` (the dashboard's list, 30 days).
#[must_use]
pub fn expires_within(
    status: AgreementStatus,
    end: Option<NaiveDate>,
    today: NaiveDate,
    days: u64,
) -> bool {
    match (status, end) {
        (AgreementStatus::Signed, Some(end)) => {
            today <= end
                && today
                    .checked_add_days(Days::new(days))
                    .is_some_and(|d| end <= d)
        }
        _ => false,
    }
}

/// The start of a renewal: the day after the current term ends (or today, if it already
/// ended), so that the client is never left without an agreement in force.
#[must_use]
pub fn renewed_term(end: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    match end.and_then(|e| e.succ_opt()) {
        Some(next) if next > today => next,
        _ => today,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fields() -> AgreementFields {
        AgreementFields {
            number: "BM-2026-0007".to_owned(),
            start: Some(d(2026, 12, 1)),
            term_years: 3,
            survival_years: 5,
            court: "杭州市西湖区人民法院".to_owned(),
            client_name: "杭州华瑞科技有限公司".to_owned(),
            client_credit_code: "91330106MA2H0XXXXX".to_owned(),
            client_address: String::new(),
            client_representative: "王立".to_owned(),
            firm_name: "明信代理记账有限公司".to_owned(),
            firm_credit_code: String::new(),
            firm_address: "杭州市西湖区文三路1号".to_owned(),
            firm_representative: "李青".to_owned(),
        }
    }

    fn reason(err: CoreError) -> String {
        match err {
            CoreError::InvalidInput { reason, .. } => reason,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn both_default_templates_are_valid_and_use_every_placeholder() {
        for template in [TEMPLATE_ZH_CN, TEMPLATE_EN] {
            check_template(template).unwrap();
            for name in PLACEHOLDERS {
                assert!(template.contains(&format!("{{{{{name}}}}}")), "{name}");
            }
        }
    }

    #[test]
    fn filling_replaces_every_placeholder_and_blanks_unknown_values() {
        let text = fill(TEMPLATE_ZH_CN, &fields()).unwrap();
        assert!(!text.contains("{{"), "{text}");
        assert!(text.contains("甲方（委托方）：杭州华瑞科技有限公司"));
        assert!(text.contains("自2026年12月1日起生效，有效期3年"));
        assert!(text.contains("继续有效5年"));
        assert!(
            text.contains(&format!("住所：{BLANK}")),
            "empty address is a blank to fill"
        );
        let en = fill(TEMPLATE_EN, &fields()).unwrap();
        assert!(en.contains("for 3 years"));
    }

    #[test]
    fn malformed_templates_are_refused() {
        assert_eq!(
            reason(check_template("没有标题\n{{client.name}}").unwrap_err()),
            "no_title"
        );
        assert_eq!(
            reason(check_template("# 标题\n{{client.name").unwrap_err()),
            "unclosed_placeholder"
        );
        assert_eq!(
            reason(check_template("# 标题\n{{client.password}}").unwrap_err()),
            "unknown_placeholder"
        );
        assert_eq!(
            fill("# T\n{{ client.name }}", &fields()).unwrap(),
            "# T\n杭州华瑞科技有限公司"
        );
    }

    #[test]
    fn status_moves_forward_only() {
        use AgreementStatus::*;
        assert!(Draft.may_become(Sent));
        assert!(Sent.may_become(Signed));
        assert!(Signed.may_become(Terminated));
        assert!(!Signed.may_become(Draft));
        assert!(!Terminated.may_become(Signed));
        assert!(!Signed.may_become(Expired), "expiry is computed, not set");
        assert!(!Signed.may_become(Renewed), "renewal issues a new version");
    }

    #[test]
    fn terms_expiry_and_renewal() {
        let end = term_end(d(2024, 3, 1), 3);
        assert_eq!(end, Some(d(2027, 2, 28)));
        assert_eq!(term_end(d(2024, 2, 29), 1), Some(d(2025, 2, 27)));
        let signed = AgreementStatus::Signed;
        assert_eq!(status_on(signed, end, d(2027, 2, 28)), signed);
        assert_eq!(
            status_on(signed, end, d(2027, 3, 1)),
            AgreementStatus::Expired
        );
        assert_eq!(
            status_on(AgreementStatus::Draft, end, d(2030, 1, 1)),
            AgreementStatus::Draft
        );
        assert!(expires_within(signed, end, d(2027, 1, 29), 30));
        assert!(!expires_within(signed, end, d(2027, 1, 28), 30));
        assert!(!expires_within(signed, end, d(2027, 3, 1), 30));
        assert!(!expires_within(
            AgreementStatus::Sent,
            end,
            d(2027, 2, 1),
            30
        ));
        assert_eq!(renewed_term(end, d(2027, 2, 1)), d(2027, 3, 1));
        assert_eq!(renewed_term(end, d(2027, 6, 1)), d(2027, 6, 1));
    }
}
