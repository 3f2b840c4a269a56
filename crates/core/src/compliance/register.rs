//! The compliance registers' model and rules, pure: the six kinds of entry a firm keeps for
//! an inspector or a client (data-subject requests, security incidents, disputes and
//! complaints, risks, training, impact assessments), how each is validated, its dates and
//! deadline, its status workflow and what closing it needs.
//!
//! Decisions (see `docs/compliance.md`):
//! - Requests (PIPL Art. 44–47) and privacy complaints are answered within 30 days of receipt
//!   (GB/T 35273-2020 §8.7: "三十天内或法律法规规定的期限内"). An earlier deadline may be set;
//!   a later one is refused.
//! - Every entry has one of three statuses: open, in progress, closed. Training records are
//!   facts and are closed when recorded.
//! - Closing needs what makes the record useful afterwards: an outcome for a request; the
//!   containment, the notification decision and the lessons for an incident; the assessment,
//!   the resolution and the feedback for a dispute; the conclusion and the reviewer for an
//!   impact assessment.
//! - Risk level is likelihood × impact on a 5 × 5 matrix: 1–4 low, 5–9 medium, 10–16 high,
//!   20–25 critical.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clients::validate::validate_date;
use crate::error::{CoreError, CoreResult};

/// Days a data-subject request or a privacy complaint may wait for an answer.
pub const ANSWER_WITHIN_DAYS: u64 = 30;

/// Years an impact assessment is kept at least (PIPL Art. 56).
pub const ASSESSMENT_KEEP_YEARS: u32 = 3;

/// Which register an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    /// Data-subject requests (PIPL Art. 44–47).
    Request,
    /// Security incidents (PIPL Art. 57).
    Incident,
    /// Disputes and complaints.
    Dispute,
    /// The risk register.
    Risk,
    /// Training records.
    Training,
    /// Personal-information impact assessments (PIPL Art. 55–56).
    Assessment,
}

impl RegisterKind {
    /// Every kind, in the order the UI and the report show them.
    pub const ALL: [Self; 6] = [
        Self::Request,
        Self::Incident,
        Self::Dispute,
        Self::Risk,
        Self::Training,
        Self::Assessment,
    ];

    /// Stable name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Incident => "incident",
            Self::Dispute => "dispute",
            Self::Risk => "risk",
            Self::Training => "training",
            Self::Assessment => "assessment",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Prefix of the entry numbers (`REQ-2026-0001`).
    #[must_use]
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Request => "REQ",
            Self::Incident => "INC",
            Self::Dispute => "DSP",
            Self::Risk => "RSK",
            Self::Training => "TRN",
            Self::Assessment => "PIA",
        }
    }

    /// Chinese name, for documents.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Request => "个人信息权利请求登记",
            Self::Incident => "安全事件登记",
            Self::Dispute => "争议与投诉登记",
            Self::Risk => "风险登记",
            Self::Training => "培训记录",
            Self::Assessment => "个人信息保护影响评估",
        }
    }
}

/// Where an entry is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Recorded, nothing done yet.
    Open,
    /// Being handled.
    InProgress,
    /// Done (answered, contained and reported, resolved, retired, concluded).
    Closed,
}

impl EntryStatus {
    /// Stable name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Closed => "closed",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::InProgress, Self::Closed]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// Chinese name, for documents.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Open => "待处理",
            Self::InProgress => "处理中",
            Self::Closed => "已办结",
        }
    }
}

/// What a data subject asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RequestType {
    /// To know and access (Art. 44–45).
    Access,
    /// A copy (Art. 45).
    Copy,
    /// Correction or completion (Art. 46).
    Correction,
    /// Deletion (Art. 47).
    Deletion,
    /// Withdrawal of consent (Art. 15).
    Withdrawal,
}

impl RequestType {
    /// Chinese name.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Access => "查阅",
            Self::Copy => "复制",
            Self::Correction => "更正",
            Self::Deletion => "删除",
            Self::Withdrawal => "撤回同意",
        }
    }
}

/// A data-subject request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RequestBody {
    /// Who asked (the client or one of its contacts).
    pub requester: String,
    /// The client concerned, if it is one of the firm's clients.
    pub client_id: Option<String>,
    /// What was asked.
    pub request_type: RequestType,
    /// Date received.
    pub received_on: String,
    /// Answer due by; empty means 30 days after receipt.
    pub deadline: String,
    /// How it arrived (letter, email, in person…).
    pub channel: String,
    /// What exactly was asked.
    pub details: String,
    /// What was done, or why it was refused.
    pub outcome: String,
    /// The record that answered it: `sharing:12`, `destruction_list:3`, an export's file name.
    pub answered_by: String,
}

/// A security incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct IncidentBody {
    /// Short title.
    pub title: String,
    /// When it was discovered (date).
    pub discovered_on: String,
    /// What happened.
    pub description: String,
    /// Data categories involved (`basic`, `contact`, `financial_account`, `credit`, `document`).
    pub data_categories: Vec<String>,
    /// Clients whose data is involved: each gets a legal hold while the incident is open.
    pub client_ids: Vec<String>,
    /// Number of people affected, as far as known.
    pub persons_affected: u32,
    /// Cause.
    pub cause: String,
    /// Containment and remedial steps taken.
    pub containment: String,
    /// Date the authority was notified; empty when not (yet).
    pub authority_notified_on: String,
    /// Date the individuals were notified; empty when not (yet).
    pub individuals_notified_on: String,
    /// The notice text sent.
    pub notice_text: String,
    /// Why no notification was needed (PIPL Art. 57: measures effectively avoid harm).
    pub no_notice_reason: String,
    /// Lessons learned.
    pub lessons: String,
}

/// What a dispute or complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DisputeSubject {
    /// Data leaked.
    Leak,
    /// Wrong data.
    WrongData,
    /// A request refused.
    Refusal,
    /// The service.
    Service,
    /// Anything else.
    Other,
}

/// How a dispute was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Not resolved yet.
    Pending,
    /// Explanation given.
    Explanation,
    /// Apology.
    Apology,
    /// Data corrected.
    Correction,
    /// Compensation paid (amount recorded).
    Compensation,
    /// Found unfounded.
    Rejected,
}

/// A dispute or complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DisputeBody {
    /// Who complains.
    pub complainant: String,
    /// The client concerned, if any.
    pub client_id: Option<String>,
    /// About what.
    pub subject: DisputeSubject,
    /// A privacy complaint: gets the 30-day deadline of a request.
    pub privacy_complaint: bool,
    /// Date received.
    pub received_on: String,
    /// Answer due by; empty means 30 days after receipt for a privacy complaint, none otherwise.
    pub deadline: String,
    /// What the complaint says.
    pub description: String,
    /// The firm's assessment.
    pub assessment: String,
    /// How it was resolved.
    pub resolution: Resolution,
    /// Compensation paid, yuan with two decimals (`1234.50`); empty unless compensation.
    pub compensation: String,
    /// Feedback given to the client.
    pub feedback: String,
}

/// A risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RiskBody {
    /// The risk.
    pub title: String,
    /// Description.
    pub description: String,
    /// Likelihood, 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// Impact, 1 (negligible) to 5 (severe).
    pub impact: u8,
    /// Who owns it.
    pub owner: String,
    /// Controls in place or planned.
    pub controls: String,
    /// Next review date.
    pub review_on: String,
}

/// How a training ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TrainingResult {
    /// Assessment passed.
    Passed,
    /// Assessment failed: does not count as trained.
    Failed,
    /// Attended, no assessment.
    Attended,
}

/// A training record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TrainingBody {
    /// The staff member (user id).
    pub user_id: u32,
    /// Course.
    pub course: String,
    /// Date held.
    pub held_on: String,
    /// Content covered.
    pub content: String,
    /// Assessment result.
    pub result: TrainingResult,
    /// Trainer.
    pub trainer: String,
}

/// What an impact assessment is about (PIPL Art. 55).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AssessmentSubject {
    /// Processing sensitive personal information.
    SensitiveData,
    /// Providing data to another processor.
    Sharing,
    /// Entrusted processing.
    EntrustedProcessing,
    /// Other processing with a major impact.
    Other,
}

/// An impact assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AssessmentBody {
    /// Title.
    pub title: String,
    /// What is assessed.
    pub subject: AssessmentSubject,
    /// Purpose of the processing.
    pub purpose: String,
    /// Why it is necessary.
    pub necessity: String,
    /// Risks to the individuals.
    pub risks: String,
    /// Safeguards.
    pub safeguards: String,
    /// Conclusion.
    pub conclusion: String,
    /// Date assessed.
    pub assessed_on: String,
    /// Reviewer.
    pub reviewer: String,
}

/// The content of an entry, by register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryBody {
    /// A data-subject request.
    Request(RequestBody),
    /// A security incident.
    Incident(IncidentBody),
    /// A dispute or complaint.
    Dispute(DisputeBody),
    /// A risk.
    Risk(RiskBody),
    /// A training record.
    Training(TrainingBody),
    /// An impact assessment.
    Assessment(AssessmentBody),
}

/// Risk level on the 5 × 5 matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Score 1–4.
    Low,
    /// Score 5–9.
    Medium,
    /// Score 10–16.
    High,
    /// Score 20–25.
    Critical,
}

impl RiskLevel {
    /// The level of likelihood × impact.
    #[must_use]
    pub fn of(likelihood: u8, impact: u8) -> Self {
        match u16::from(likelihood) * u16::from(impact) {
            0..=4 => Self::Low,
            5..=9 => Self::Medium,
            10..=16 => Self::High,
            _ => Self::Critical,
        }
    }

    /// Chinese name.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Low => "低",
            Self::Medium => "中",
            Self::High => "高",
            Self::Critical => "极高",
        }
    }
}

/// The dates an entry is listed and tracked by, derived from its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryDates {
    /// Received, discovered, identified, held or assessed.
    pub opened_on: NaiveDate,
    /// Answer deadline (requests, privacy complaints) or next review (risks).
    pub due_on: Option<NaiveDate>,
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: format!("register.{field}"),
        reason: reason.to_owned(),
    }
}

fn required(field: &str, value: &mut String) -> CoreResult<()> {
    *value = value.trim().to_owned();
    if value.is_empty() {
        return Err(invalid(field, "required"));
    }
    Ok(())
}

fn date(field: &str, value: &mut String) -> CoreResult<NaiveDate> {
    let d = validate_date(value).map_err(|_| {
        if value.trim().is_empty() {
            invalid(field, "required")
        } else {
            invalid(field, "format")
        }
    })?;
    *value = d.format("%Y-%m-%d").to_string();
    Ok(d)
}

fn optional_date(field: &str, value: &mut String) -> CoreResult<Option<NaiveDate>> {
    if value.trim().is_empty() {
        value.clear();
        return Ok(None);
    }
    date(field, value).map(Some)
}

fn trim(values: &mut [&mut String]) {
    for v in values {
        **v = v.trim().to_owned();
    }
}

/// An answer deadline: `given` when set (not before receipt, not after 30 days), else
/// receipt + 30 days.
fn answer_deadline(received: NaiveDate, given: &mut String) -> CoreResult<NaiveDate> {
    let latest = received
        .checked_add_days(Days::new(ANSWER_WITHIN_DAYS))
        .ok_or_else(|| invalid("deadline", "format"))?;
    let deadline = optional_date("deadline", given)?.unwrap_or(latest);
    if deadline < received {
        return Err(invalid("deadline", "before_received"));
    }
    if deadline > latest {
        return Err(invalid("deadline", "too_late"));
    }
    *given = deadline.format("%Y-%m-%d").to_string();
    Ok(deadline)
}

/// Parses a compensation amount into canonical yuan (`1234.50`), exactly.
fn money(field: &str, value: &mut String) -> CoreResult<i64> {
    let cents = ledgerlock_reconciliation::money::parse_amount(value)
        .map_err(|_| invalid(field, "format"))?
        .ok_or_else(|| invalid(field, "required"))?;
    if cents < 0 {
        return Err(invalid(field, "negative"));
    }
    *value = ledgerlock_reconciliation::money::format_cents(cents);
    Ok(cents)
}

/// Validates and normalises `body` (trims text, canonical dates and amounts, fills default
/// deadlines) and returns its dates. `today` bounds dates that cannot be in the future.
///
/// # Errors
/// `invalid_input` on `register.<field>` with `required`, `format`, `range`, `future`,
/// `before_received`, `too_late` or `negative`.
pub fn validate(body: &mut EntryBody, today: NaiveDate) -> CoreResult<EntryDates> {
    // `today` is the UTC day; the user types the local day, which is a day ahead in China
    // between midnight and 08:00. One day of grace keeps those entries from being refused.
    let latest = today.succ_opt().unwrap_or(today);
    let not_future = |field: &str, d: NaiveDate| {
        if d > latest {
            Err(invalid(field, "future"))
        } else {
            Ok(d)
        }
    };
    match body {
        EntryBody::Request(r) => {
            required("requester", &mut r.requester)?;
            trim(&mut [
                &mut r.channel,
                &mut r.details,
                &mut r.outcome,
                &mut r.answered_by,
            ]);
            clean_client(&mut r.client_id);
            let received = not_future("received_on", date("received_on", &mut r.received_on)?)?;
            let due = answer_deadline(received, &mut r.deadline)?;
            Ok(EntryDates {
                opened_on: received,
                due_on: Some(due),
            })
        }
        EntryBody::Incident(i) => {
            required("title", &mut i.title)?;
            required("description", &mut i.description)?;
            trim(&mut [
                &mut i.cause,
                &mut i.containment,
                &mut i.notice_text,
                &mut i.no_notice_reason,
                &mut i.lessons,
            ]);
            let discovered = not_future(
                "discovered_on",
                date("discovered_on", &mut i.discovered_on)?,
            )?;
            for (field, value) in [
                ("authority_notified_on", &mut i.authority_notified_on),
                ("individuals_notified_on", &mut i.individuals_notified_on),
            ] {
                if let Some(d) = optional_date(field, value)? {
                    if d < discovered {
                        return Err(invalid(field, "before_discovered"));
                    }
                    not_future(field, d)?;
                }
            }
            i.client_ids
                .iter_mut()
                .for_each(|c| *c = c.trim().to_owned());
            i.client_ids.retain(|c| !c.is_empty());
            i.client_ids.sort();
            i.client_ids.dedup();
            clean_categories(&mut i.data_categories)?;
            Ok(EntryDates {
                opened_on: discovered,
                due_on: None,
            })
        }
        EntryBody::Dispute(d) => {
            required("complainant", &mut d.complainant)?;
            required("description", &mut d.description)?;
            trim(&mut [&mut d.assessment, &mut d.feedback]);
            clean_client(&mut d.client_id);
            let received = not_future("received_on", date("received_on", &mut d.received_on)?)?;
            let due = if d.privacy_complaint {
                Some(answer_deadline(received, &mut d.deadline)?)
            } else {
                optional_date("deadline", &mut d.deadline)?
            };
            if d.resolution == Resolution::Compensation {
                money("compensation", &mut d.compensation)?;
            } else if !d.compensation.trim().is_empty() {
                return Err(invalid("compensation", "not_compensation"));
            } else {
                d.compensation.clear();
            }
            Ok(EntryDates {
                opened_on: received,
                due_on: due,
            })
        }
        EntryBody::Risk(r) => {
            required("title", &mut r.title)?;
            required("owner", &mut r.owner)?;
            trim(&mut [&mut r.description, &mut r.controls]);
            for (field, v) in [("likelihood", r.likelihood), ("impact", r.impact)] {
                if !(1..=5).contains(&v) {
                    return Err(invalid(field, "range"));
                }
            }
            let review = date("review_on", &mut r.review_on)?;
            Ok(EntryDates {
                opened_on: today,
                due_on: Some(review),
            })
        }
        EntryBody::Training(t) => {
            required("course", &mut t.course)?;
            trim(&mut [&mut t.content, &mut t.trainer]);
            let held = not_future("held_on", date("held_on", &mut t.held_on)?)?;
            Ok(EntryDates {
                opened_on: held,
                due_on: None,
            })
        }
        EntryBody::Assessment(a) => {
            required("title", &mut a.title)?;
            required("purpose", &mut a.purpose)?;
            trim(&mut [
                &mut a.necessity,
                &mut a.risks,
                &mut a.safeguards,
                &mut a.conclusion,
                &mut a.reviewer,
            ]);
            let on = not_future("assessed_on", date("assessed_on", &mut a.assessed_on)?)?;
            Ok(EntryDates {
                opened_on: on,
                due_on: None,
            })
        }
    }
}

fn clean_client(id: &mut Option<String>) {
    if let Some(c) = id {
        *c = c.trim().to_owned();
        if c.is_empty() {
            *id = None;
        }
    }
}

const CATEGORIES: [&str; 5] = [
    "basic",
    "contact",
    "financial_account",
    "credit",
    "document",
];

fn clean_categories(categories: &mut Vec<String>) -> CoreResult<()> {
    for c in categories.iter_mut() {
        *c = c.trim().to_owned();
        if !CATEGORIES.contains(&c.as_str()) {
            return Err(invalid("data_categories", "format"));
        }
    }
    categories.sort();
    categories.dedup();
    Ok(())
}

impl EntryBody {
    /// The register this body belongs to.
    #[must_use]
    pub fn kind(&self) -> RegisterKind {
        match self {
            Self::Request(_) => RegisterKind::Request,
            Self::Incident(_) => RegisterKind::Incident,
            Self::Dispute(_) => RegisterKind::Dispute,
            Self::Risk(_) => RegisterKind::Risk,
            Self::Training(_) => RegisterKind::Training,
            Self::Assessment(_) => RegisterKind::Assessment,
        }
    }

    /// One line naming the entry in lists.
    #[must_use]
    pub fn title(&self) -> String {
        match self {
            Self::Request(r) => format!("{}：{}", r.requester, r.request_type.name_zh()),
            Self::Incident(i) => i.title.clone(),
            Self::Dispute(d) => d.complainant.clone(),
            Self::Risk(r) => r.title.clone(),
            Self::Training(t) => t.course.clone(),
            Self::Assessment(a) => a.title.clone(),
        }
    }

    /// The clients the entry concerns.
    #[must_use]
    pub fn client_ids(&self) -> Vec<String> {
        match self {
            Self::Request(r) => r.client_id.iter().cloned().collect(),
            Self::Incident(i) => i.client_ids.clone(),
            Self::Dispute(d) => d.client_id.iter().cloned().collect(),
            Self::Assessment(_) | Self::Risk(_) | Self::Training(_) => Vec::new(),
        }
    }

    /// The risk level, for risks.
    #[must_use]
    pub fn risk_level(&self) -> Option<RiskLevel> {
        match self {
            Self::Risk(r) => Some(RiskLevel::of(r.likelihood, r.impact)),
            _ => None,
        }
    }

    /// Whether the entry's answer deadline is tracked (requests, privacy complaints).
    #[must_use]
    pub fn has_answer_deadline(&self) -> bool {
        match self {
            Self::Request(_) => true,
            Self::Dispute(d) => d.privacy_complaint,
            _ => false,
        }
    }

    /// The status a new entry starts in: training records are closed facts.
    #[must_use]
    pub fn initial_status(&self) -> EntryStatus {
        match self {
            Self::Training(_) => EntryStatus::Closed,
            _ => EntryStatus::Open,
        }
    }

    /// Until when the entry must be kept, when the law sets it (impact assessments: 3 years).
    #[must_use]
    pub fn keep_until(&self) -> Option<NaiveDate> {
        match self {
            Self::Assessment(a) => NaiveDate::parse_from_str(&a.assessed_on, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.checked_add_months(Months::new(12 * ASSESSMENT_KEEP_YEARS))),
            _ => None,
        }
    }

    /// Refuses closing while something the closed record needs is missing.
    ///
    /// # Errors
    /// `invalid_input` on `register.<field>` with reason `required_to_close`.
    pub fn check_closable(&self) -> CoreResult<()> {
        let need = |field: &str, ok: bool| {
            if ok {
                Ok(())
            } else {
                Err(invalid(field, "required_to_close"))
            }
        };
        match self {
            Self::Request(r) => need("outcome", !r.outcome.is_empty()),
            Self::Incident(i) => {
                need("containment", !i.containment.is_empty())?;
                let notified = !i.authority_notified_on.is_empty() && !i.notice_text.is_empty();
                need(
                    "authority_notified_on",
                    notified || !i.no_notice_reason.is_empty(),
                )?;
                need("lessons", !i.lessons.is_empty())
            }
            Self::Dispute(d) => {
                need("assessment", !d.assessment.is_empty())?;
                need("resolution", d.resolution != Resolution::Pending)?;
                need("feedback", !d.feedback.is_empty())
            }
            Self::Risk(r) => need("controls", !r.controls.is_empty()),
            Self::Training(_) => Ok(()),
            Self::Assessment(a) => {
                need("conclusion", !a.conclusion.is_empty())?;
                need("reviewer", !a.reviewer.is_empty())
            }
        }
    }
}

/// Whether `from` may become `to`. Closed entries may be reopened (audited) except training
/// records, which are facts.
#[must_use]
pub fn may_become(kind: RegisterKind, from: EntryStatus, to: EntryStatus) -> bool {
    use EntryStatus as S;
    if kind == RegisterKind::Training {
        return false;
    }
    matches!(
        (from, to),
        (S::Open, S::InProgress | S::Closed)
            | (S::InProgress, S::Closed | S::Open)
            | (S::Closed, S::InProgress)
    )
}

/// Whether an entry with an answer deadline is overdue on `today`: still open after its
/// deadline, or closed after it.
#[must_use]
pub fn is_overdue(
    due_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    match (due_on, closed_on) {
        (Some(due), None) => today > due,
        (Some(due), Some(closed)) => closed > due && today > due && closed > today,
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn request(received: &str, deadline: &str) -> EntryBody {
        EntryBody::Request(RequestBody {
            requester: " 张三 ".into(),
            client_id: Some(" ".into()),
            request_type: RequestType::Copy,
            received_on: received.into(),
            deadline: deadline.into(),
            channel: "信函".into(),
            details: String::new(),
            outcome: String::new(),
            answered_by: String::new(),
        })
    }

    fn field(e: CoreError) -> (String, String) {
        match e {
            CoreError::InvalidInput { field, reason } => (field, reason),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn request_deadline_defaults_to_thirty_days_and_cannot_be_later() {
        let mut body = request("2026年1月5日", "");
        let dates = validate(&mut body, d(2026, 3, 1)).unwrap();
        assert_eq!(dates.opened_on, d(2026, 1, 5));
        assert_eq!(dates.due_on, Some(d(2026, 2, 4)));
        let EntryBody::Request(r) = &body else {
            unreachable!()
        };
        assert_eq!(r.requester, "张三");
        assert_eq!(r.client_id, None);
        assert_eq!(r.deadline, "2026-02-04");

        let mut earlier = request("2026-01-05", "2026/1/20");
        assert_eq!(
            validate(&mut earlier, d(2026, 3, 1)).unwrap().due_on,
            Some(d(2026, 1, 20))
        );
        let mut late = request("2026-01-05", "2026-02-05");
        assert_eq!(
            field(validate(&mut late, d(2026, 3, 1)).unwrap_err()),
            ("register.deadline".into(), "too_late".into())
        );
        let mut before = request("2026-01-05", "2026-01-04");
        assert_eq!(
            field(validate(&mut before, d(2026, 3, 1)).unwrap_err()).1,
            "before_received"
        );
        let mut future = request("2026-03-03", "");
        assert_eq!(
            field(validate(&mut future, d(2026, 3, 1)).unwrap_err()),
            ("register.received_on".into(), "future".into())
        );
    }

    #[test]
    fn privacy_complaints_get_a_deadline_other_disputes_need_none() {
        let mut body = EntryBody::Dispute(DisputeBody {
            complainant: "李四".into(),
            client_id: None,
            subject: DisputeSubject::Leak,
            privacy_complaint: true,
            received_on: "2026-02-01".into(),
            deadline: String::new(),
            description: "信息泄露".into(),
            assessment: String::new(),
            resolution: Resolution::Pending,
            compensation: String::new(),
            feedback: String::new(),
        });
        assert_eq!(
            validate(&mut body, d(2026, 3, 1)).unwrap().due_on,
            Some(d(2026, 3, 3))
        );
        assert!(body.has_answer_deadline());
        if let EntryBody::Dispute(x) = &mut body {
            x.privacy_complaint = false;
            x.deadline.clear();
        }
        assert_eq!(validate(&mut body, d(2026, 3, 1)).unwrap().due_on, None);
    }

    #[test]
    fn compensation_is_exact_and_only_with_that_resolution() {
        let mut dispute = DisputeBody {
            complainant: "李四".into(),
            client_id: None,
            subject: DisputeSubject::WrongData,
            privacy_complaint: false,
            received_on: "2026-02-01".into(),
            deadline: String::new(),
            description: "数据错误".into(),
            assessment: "属实".into(),
            resolution: Resolution::Compensation,
            compensation: "¥1,234.5".into(),
            feedback: "已电话告知".into(),
        };
        let mut body = EntryBody::Dispute(dispute.clone());
        validate(&mut body, d(2026, 3, 1)).unwrap();
        let EntryBody::Dispute(v) = &body else {
            unreachable!()
        };
        assert_eq!(v.compensation, "1234.50");
        body.check_closable().unwrap();

        dispute.resolution = Resolution::Apology;
        let mut body = EntryBody::Dispute(dispute.clone());
        assert_eq!(
            field(validate(&mut body, d(2026, 3, 1)).unwrap_err()).1,
            "not_compensation"
        );
        dispute.resolution = Resolution::Compensation;
        dispute.compensation = "abc".into();
        let mut body = EntryBody::Dispute(dispute);
        assert_eq!(
            field(validate(&mut body, d(2026, 3, 1)).unwrap_err()),
            ("register.compensation".into(), "format".into())
        );
    }

    #[test]
    fn risk_levels_follow_the_matrix() {
        assert_eq!(RiskLevel::of(1, 4), RiskLevel::Low);
        assert_eq!(RiskLevel::of(5, 1), RiskLevel::Medium);
        assert_eq!(RiskLevel::of(3, 3), RiskLevel::Medium);
        assert_eq!(RiskLevel::of(2, 5), RiskLevel::High);
        assert_eq!(RiskLevel::of(4, 4), RiskLevel::High);
        assert_eq!(RiskLevel::of(4, 5), RiskLevel::Critical);
        let mut risk = EntryBody::Risk(RiskBody {
            title: "离职员工带走客户资料".into(),
            description: String::new(),
            likelihood: 6,
            impact: 3,
            owner: "王管理".into(),
            controls: String::new(),
            review_on: "2026-06-30".into(),
        });
        assert_eq!(
            field(validate(&mut risk, d(2026, 3, 1)).unwrap_err()),
            ("register.likelihood".into(), "range".into())
        );
    }

    #[test]
    fn closing_an_incident_needs_containment_a_notification_decision_and_lessons() {
        let mut incident = IncidentBody {
            title: "U 盘丢失".into(),
            discovered_on: "2026-02-10".into(),
            description: "外勤人员丢失 U 盘".into(),
            data_categories: vec!["financial_account".into(), "basic".into()],
            client_ids: vec!["c2".into(), " c1 ".into(), "c2".into()],
            persons_affected: 2,
            cause: String::new(),
            containment: String::new(),
            authority_notified_on: String::new(),
            individuals_notified_on: String::new(),
            notice_text: String::new(),
            no_notice_reason: String::new(),
            lessons: String::new(),
        };
        let mut body = EntryBody::Incident(incident.clone());
        validate(&mut body, d(2026, 3, 1)).unwrap();
        assert_eq!(body.client_ids(), vec!["c1".to_owned(), "c2".to_owned()]);
        assert_eq!(
            field(body.check_closable().unwrap_err()).0,
            "register.containment"
        );
        incident.containment = "远程注销密钥".into();
        assert_eq!(
            field(
                EntryBody::Incident(incident.clone())
                    .check_closable()
                    .unwrap_err()
            )
            .0,
            "register.authority_notified_on"
        );
        incident.authority_notified_on = "2026-02-11".into();
        incident.notice_text = "通知全文".into();
        assert_eq!(
            field(
                EntryBody::Incident(incident.clone())
                    .check_closable()
                    .unwrap_err()
            )
            .0,
            "register.lessons"
        );
        incident.lessons = "U 盘全部加密".into();
        EntryBody::Incident(incident.clone())
            .check_closable()
            .unwrap();

        incident.authority_notified_on = "2026-02-09".into();
        let mut early = EntryBody::Incident(incident.clone());
        assert_eq!(
            field(validate(&mut early, d(2026, 3, 1)).unwrap_err()).1,
            "before_discovered"
        );
        incident.authority_notified_on = String::new();
        incident.data_categories = vec!["secrets".into()];
        let mut bad = EntryBody::Incident(incident);
        assert_eq!(
            field(validate(&mut bad, d(2026, 3, 1)).unwrap_err()).0,
            "register.data_categories"
        );
    }

    #[test]
    fn workflow_and_overdue_rules() {
        use EntryStatus as S;
        assert!(may_become(RegisterKind::Request, S::Open, S::Closed));
        assert!(may_become(RegisterKind::Request, S::Closed, S::InProgress));
        assert!(!may_become(RegisterKind::Request, S::Closed, S::Closed));
        assert!(!may_become(
            RegisterKind::Training,
            S::Closed,
            S::InProgress
        ));
        let due = Some(d(2026, 2, 4));
        assert!(!is_overdue(due, None, d(2026, 2, 4)));
        assert!(is_overdue(due, None, d(2026, 2, 5)));
        assert!(!is_overdue(due, Some(d(2026, 2, 3)), d(2026, 3, 1)));
        // Closed late: overdue between the deadline and the closing day, not after.
        assert!(is_overdue(due, Some(d(2026, 2, 10)), d(2026, 2, 8)));
        assert!(!is_overdue(due, Some(d(2026, 2, 10)), d(2026, 2, 11)));
        assert!(!is_overdue(None, None, d(2030, 1, 1)));
    }

    #[test]
    fn assessments_are_kept_three_years() {
        let mut body = EntryBody::Assessment(AssessmentBody {
            title: "向审计机构提供客户银行流水".into(),
            subject: AssessmentSubject::Sharing,
            purpose: "年报审计".into(),
            necessity: String::new(),
            risks: String::new(),
            safeguards: String::new(),
            conclusion: String::new(),
            assessed_on: "2024-02-29".into(),
            reviewer: String::new(),
        });
        validate(&mut body, d(2026, 3, 1)).unwrap();
        assert_eq!(body.keep_until(), Some(d(2027, 2, 28)));
        assert_eq!(
            field(body.check_closable().unwrap_err()).0,
            "register.conclusion"
        );
    }
}
