//! The retention schedule: record classes, their minimum periods under 《会计档案管理办法》
//! (财政部 国家档案局令第79号, 附表1) and how an expiry date is computed.
//!
//! Art. 14: periods are permanent or fixed and are counted from the first day after the end of
//! the fiscal year the record belongs to. Art. 15: the annex periods are minimums, so a firm may
//! lengthen a period but never shorten it ([`RetentionSchedule::set_period`]).
//!
//! Personal information (PIPL Art. 19, 21, 47) is a class of its own: it is not an accounting
//! archive, its period runs from the end of the engagement, not from a fiscal year, and the law
//! sets no minimum (keep no longer than needed). That is why a contact's data can fall due
//! while the client's vouchers must still be kept for decades.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::invalid;
use crate::error::CoreResult;

/// A class of record the firm keeps, with its statutory minimum period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RecordClass {
    /// 原始凭证、记账凭证 (vouchers): 30 years.
    Vouchers,
    /// 总账、明细账、日记账、其他辅助性账簿 (books): 30 years.
    Books,
    /// 固定资产卡片: 5 years after the asset is scrapped.
    FixedAssetCards,
    /// 月度、季度、半年度财务会计报告: 10 years.
    PeriodicReports,
    /// 年度财务会计报告: permanent.
    AnnualReports,
    /// 银行存款余额调节表: 10 years.
    BankReconciliations,
    /// 银行对账单: 10 years.
    BankStatements,
    /// 纳税申报表: 10 years.
    TaxReturns,
    /// 会计档案移交清册 (handover register): 30 years.
    HandoverRegisters,
    /// 会计档案保管清册 (custody register): permanent.
    CustodyRegisters,
    /// 会计档案销毁清册 (destruction register): permanent.
    DestructionRegisters,
    /// 会计档案鉴定意见书 (appraisal opinions): permanent.
    AppraisalOpinions,
    /// Personal information about a client's people (contacts, ID numbers, bank cards), held
    /// under PIPL, not as an accounting archive. Due when the engagement ends.
    PersonalInformation,
}

/// Every class, in the order the schedule lists them.
pub const ALL_CLASSES: [RecordClass; 13] = [
    RecordClass::Vouchers,
    RecordClass::Books,
    RecordClass::FixedAssetCards,
    RecordClass::PeriodicReports,
    RecordClass::AnnualReports,
    RecordClass::BankReconciliations,
    RecordClass::BankStatements,
    RecordClass::TaxReturns,
    RecordClass::HandoverRegisters,
    RecordClass::CustodyRegisters,
    RecordClass::DestructionRegisters,
    RecordClass::AppraisalOpinions,
    RecordClass::PersonalInformation,
];

/// How long a class is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "years", rename_all = "snake_case")]
pub enum Period {
    /// A fixed number of whole years.
    Years(u16),
    /// Kept for good.
    Permanent,
}

impl Period {
    /// Whether `self` keeps records at least as long as `other`.
    #[must_use]
    pub fn at_least(self, other: Self) -> bool {
        match (self, other) {
            (Self::Permanent, _) => true,
            (Self::Years(_), Self::Permanent) => false,
            (Self::Years(a), Self::Years(b)) => a >= b,
        }
    }
}

/// From which day a class's period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PeriodStart {
    /// The first day after the fiscal year ends (Art. 14).
    AfterFiscalYear,
    /// The day after the asset was scrapped (fixed-asset cards).
    AfterScrapping,
    /// The day after the engagement ended (personal information, PIPL Art. 21).
    AfterEngagement,
}

impl RecordClass {
    /// The statutory minimum period (附表1; none for personal information, so zero years).
    #[must_use]
    pub fn statutory_minimum(self) -> Period {
        match self {
            Self::Vouchers | Self::Books | Self::HandoverRegisters => Period::Years(30),
            Self::PeriodicReports
            | Self::BankReconciliations
            | Self::BankStatements
            | Self::TaxReturns => Period::Years(10),
            Self::FixedAssetCards => Period::Years(5),
            Self::AnnualReports
            | Self::CustodyRegisters
            | Self::DestructionRegisters
            | Self::AppraisalOpinions => Period::Permanent,
            Self::PersonalInformation => Period::Years(0),
        }
    }

    /// From which day the period is counted.
    #[must_use]
    pub fn period_start(self) -> PeriodStart {
        match self {
            Self::FixedAssetCards => PeriodStart::AfterScrapping,
            Self::PersonalInformation => PeriodStart::AfterEngagement,
            _ => PeriodStart::AfterFiscalYear,
        }
    }

    /// Whether this is an accounting archive under 《会计档案管理办法》 (as opposed to PI).
    #[must_use]
    pub fn is_accounting_archive(self) -> bool {
        self != Self::PersonalInformation
    }

    /// The Chinese name as the regulation writes it.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Vouchers => "会计凭证",
            Self::Books => "会计账簿",
            Self::FixedAssetCards => "固定资产卡片",
            Self::PeriodicReports => "月度、季度、半年度财务会计报告",
            Self::AnnualReports => "年度财务会计报告",
            Self::BankReconciliations => "银行存款余额调节表",
            Self::BankStatements => "银行对账单",
            Self::TaxReturns => "纳税申报表",
            Self::HandoverRegisters => "会计档案移交清册",
            Self::CustodyRegisters => "会计档案保管清册",
            Self::DestructionRegisters => "会计档案销毁清册",
            Self::AppraisalOpinions => "会计档案鉴定意见书",
            Self::PersonalInformation => "个人信息",
        }
    }
}

/// The fiscal year (or other anchor) a record belongs to, which fixes when its period starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "at", rename_all = "snake_case")]
pub enum Anchor {
    /// The last day of the fiscal year (31 December for Chinese enterprises; a different day
    /// for a firm with another year end).
    FiscalYearEnd(NaiveDate),
    /// The day the asset was scrapped.
    Scrapped(NaiveDate),
    /// The day the engagement ended.
    EngagementEnded(NaiveDate),
    /// The event has not happened yet (asset in use, engagement running): no expiry yet.
    Pending,
}

impl Anchor {
    /// The anchor for a calendar fiscal year (ending 31 December).
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`](crate::error::CoreError::InvalidInput) for a year chrono cannot represent.
    pub fn fiscal_year(year: i32) -> CoreResult<Self> {
        NaiveDate::from_ymd_opt(year, 12, 31)
            .map(Self::FiscalYearEnd)
            .ok_or_else(|| invalid("fiscal_year", "out_of_range"))
    }
}

/// When a record may be destroyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "on", rename_all = "snake_case")]
pub enum Expiry {
    /// The last day of the period; the record falls due the day after.
    On(NaiveDate),
    /// Kept permanently.
    Never,
    /// The period has not started yet (see [`Anchor::Pending`]).
    NotStarted,
}

impl Expiry {
    /// Whether the period is over on `today` (the day after the last day).
    #[must_use]
    pub fn is_over(self, today: NaiveDate) -> bool {
        matches!(self, Self::On(last) if today > last)
    }
}

/// The firm's schedule: the statutory minimums, lengthened where an administrator chose to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSchedule {
    /// Periods longer than the minimum, per class.
    overrides: BTreeMap<RecordClass, Period>,
}

/// One line of the schedule as shown to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScheduleEntry {
    /// The class.
    pub class: RecordClass,
    /// The period in force.
    pub period: Period,
    /// The statutory minimum.
    pub minimum: Period,
    /// From which day it is counted.
    pub start: PeriodStart,
}

impl RetentionSchedule {
    /// The period in force for `class`.
    #[must_use]
    pub fn period(&self, class: RecordClass) -> Period {
        self.overrides
            .get(&class)
            .copied()
            .unwrap_or_else(|| class.statutory_minimum())
    }

    /// Sets the period of `class`. The law sets minimums (Art. 15): a period shorter than the
    /// statutory one is refused, and so is shortening an earlier, longer choice below the
    /// minimum. Setting the minimum itself removes the override.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`](crate::error::CoreError::InvalidInput) with reason `below_statutory_minimum`.
    pub fn set_period(&mut self, class: RecordClass, period: Period) -> CoreResult<()> {
        let minimum = class.statutory_minimum();
        if !period.at_least(minimum) {
            return Err(invalid("period", "below_statutory_minimum"));
        }
        if period == minimum {
            self.overrides.remove(&class);
        } else {
            self.overrides.insert(class, period);
        }
        Ok(())
    }

    /// The whole schedule, one entry per class.
    #[must_use]
    pub fn entries(&self) -> Vec<ScheduleEntry> {
        ALL_CLASSES
            .iter()
            .map(|&class| ScheduleEntry {
                class,
                period: self.period(class),
                minimum: class.statutory_minimum(),
                start: class.period_start(),
            })
            .collect()
    }

    /// The last day a record of `class` anchored at `anchor` must be kept.
    ///
    /// The period starts on the day after the anchor (Art. 14: "from the first day after the
    /// fiscal year ends") and lasts whole years, so a record of fiscal year 2020 kept 10 years
    /// is kept to 31 December 2030 and falls due on 1 January 2031. A period starting on
    /// 29 February ends on 28 February of a common year (chrono's month arithmetic clamps to
    /// the month's end).
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`](crate::error::CoreError::InvalidInput) when the anchor does not fit the class (a fiscal year for a
    /// fixed-asset card, say) or the date is out of range.
    pub fn expiry(&self, class: RecordClass, anchor: Anchor) -> CoreResult<Expiry> {
        let anchor_day = match (class.period_start(), anchor) {
            (_, Anchor::Pending) => return Ok(Expiry::NotStarted),
            (PeriodStart::AfterFiscalYear, Anchor::FiscalYearEnd(day))
            | (PeriodStart::AfterScrapping, Anchor::Scrapped(day))
            | (PeriodStart::AfterEngagement, Anchor::EngagementEnded(day)) => day,
            _ => return Err(invalid("anchor", "does_not_fit_class")),
        };
        let years = match self.period(class) {
            Period::Permanent => return Ok(Expiry::Never),
            Period::Years(years) => years,
        };
        let start = anchor_day
            .succ_opt()
            .ok_or_else(|| invalid("anchor", "out_of_range"))?;
        let end_exclusive = start
            .checked_add_months(Months::new(u32::from(years) * 12))
            .ok_or_else(|| invalid("anchor", "out_of_range"))?;
        // A period of zero years (personal information) ends on the anchor day itself.
        let last = end_exclusive
            .pred_opt()
            .ok_or_else(|| invalid("anchor", "out_of_range"))?;
        Ok(Expiry::On(last))
    }

    /// How long a record has been kept on `today`, in whole years since its period started
    /// (the 已保管期限 column of the destruction list). `None` while the period has not started.
    #[must_use]
    pub fn years_kept(anchor: Anchor, today: NaiveDate) -> Option<u32> {
        let day = match anchor {
            Anchor::FiscalYearEnd(d) | Anchor::Scrapped(d) | Anchor::EngagementEnded(d) => d,
            Anchor::Pending => return None,
        };
        let start = day.succ_opt()?;
        if today < start {
            return Some(0);
        }
        let mut years = u32::try_from(today.year() - start.year()).ok()?;
        if (today.month(), today.day()) < (start.month(), start.day()) {
            years = years.saturating_sub(1);
        }
        Some(years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_class_has_the_annex_minimum() {
        let expected = [
            (RecordClass::Vouchers, Period::Years(30)),
            (RecordClass::Books, Period::Years(30)),
            (RecordClass::FixedAssetCards, Period::Years(5)),
            (RecordClass::PeriodicReports, Period::Years(10)),
            (RecordClass::AnnualReports, Period::Permanent),
            (RecordClass::BankReconciliations, Period::Years(10)),
            (RecordClass::BankStatements, Period::Years(10)),
            (RecordClass::TaxReturns, Period::Years(10)),
            (RecordClass::HandoverRegisters, Period::Years(30)),
            (RecordClass::CustodyRegisters, Period::Permanent),
            (RecordClass::DestructionRegisters, Period::Permanent),
            (RecordClass::AppraisalOpinions, Period::Permanent),
            (RecordClass::PersonalInformation, Period::Years(0)),
        ];
        assert_eq!(expected.len(), ALL_CLASSES.len());
        for (class, period) in expected {
            assert_eq!(class.statutory_minimum(), period, "{class:?}");
        }
    }

    #[test]
    fn fiscal_year_periods_count_from_the_first_day_after_year_end() {
        let schedule = RetentionSchedule::default();
        let fy2020 = Anchor::fiscal_year(2020).unwrap();
        for (class, last) in [
            (RecordClass::Vouchers, d(2050, 12, 31)),
            (RecordClass::Books, d(2050, 12, 31)),
            (RecordClass::PeriodicReports, d(2030, 12, 31)),
            (RecordClass::BankReconciliations, d(2030, 12, 31)),
            (RecordClass::BankStatements, d(2030, 12, 31)),
            (RecordClass::TaxReturns, d(2030, 12, 31)),
            (RecordClass::HandoverRegisters, d(2050, 12, 31)),
        ] {
            let expiry = schedule.expiry(class, fy2020).unwrap();
            assert_eq!(expiry, Expiry::On(last), "{class:?}");
            assert!(!expiry.is_over(last), "{class:?} kept through its last day");
            assert!(
                expiry.is_over(last.succ_opt().unwrap()),
                "{class:?} due the day after"
            );
        }
    }

    #[test]
    fn permanent_classes_never_expire() {
        let schedule = RetentionSchedule::default();
        let fy = Anchor::fiscal_year(1999).unwrap();
        for class in [
            RecordClass::AnnualReports,
            RecordClass::CustodyRegisters,
            RecordClass::DestructionRegisters,
            RecordClass::AppraisalOpinions,
        ] {
            let expiry = schedule.expiry(class, fy).unwrap();
            assert_eq!(expiry, Expiry::Never, "{class:?}");
            assert!(!expiry.is_over(d(9999, 12, 31)));
        }
    }

    #[test]
    fn fixed_asset_cards_run_from_scrapping_including_a_leap_day() {
        let schedule = RetentionSchedule::default();
        // Scrapped on 28 Feb 2024: the period starts on the leap day 29 Feb 2024, and five
        // years later there is no 29 Feb, so it ends on 27 Feb 2029 and is due on 28 Feb.
        let expiry = schedule
            .expiry(
                RecordClass::FixedAssetCards,
                Anchor::Scrapped(d(2024, 2, 28)),
            )
            .unwrap();
        assert_eq!(expiry, Expiry::On(d(2029, 2, 27)));
        // Scrapped on the leap day itself: starts 1 March 2024, ends 28 Feb 2029.
        let expiry = schedule
            .expiry(
                RecordClass::FixedAssetCards,
                Anchor::Scrapped(d(2024, 2, 29)),
            )
            .unwrap();
        assert_eq!(expiry, Expiry::On(d(2029, 2, 28)));
        // An asset still in use has no expiry yet.
        assert_eq!(
            schedule
                .expiry(RecordClass::FixedAssetCards, Anchor::Pending)
                .unwrap(),
            Expiry::NotStarted
        );
    }

    #[test]
    fn a_fiscal_year_ending_on_a_leap_day_counts_from_1_march() {
        let schedule = RetentionSchedule::default();
        let anchor = Anchor::FiscalYearEnd(d(2024, 2, 29));
        let expiry = schedule.expiry(RecordClass::TaxReturns, anchor).unwrap();
        assert_eq!(expiry, Expiry::On(d(2034, 2, 28)));
    }

    #[test]
    fn personal_information_falls_due_when_the_engagement_ends() {
        let mut schedule = RetentionSchedule::default();
        let ended = Anchor::EngagementEnded(d(2026, 6, 30));
        let expiry = schedule
            .expiry(RecordClass::PersonalInformation, ended)
            .unwrap();
        assert_eq!(expiry, Expiry::On(d(2026, 6, 30)));
        assert!(expiry.is_over(d(2026, 7, 1)));
        // While the vouchers of the same client are kept for decades.
        let vouchers = schedule
            .expiry(RecordClass::Vouchers, Anchor::fiscal_year(2025).unwrap())
            .unwrap();
        assert!(!vouchers.is_over(d(2026, 7, 1)));
        // A firm may keep PI longer, e.g. one year for follow-up questions.
        schedule
            .set_period(RecordClass::PersonalInformation, Period::Years(1))
            .unwrap();
        assert_eq!(
            schedule
                .expiry(RecordClass::PersonalInformation, ended)
                .unwrap(),
            Expiry::On(d(2027, 6, 30))
        );
    }

    #[test]
    fn periods_may_be_lengthened_never_shortened() {
        let mut schedule = RetentionSchedule::default();
        let err = schedule
            .set_period(RecordClass::BankStatements, Period::Years(9))
            .unwrap_err();
        assert!(
            matches!(err, CoreError::InvalidInput { ref reason, .. } if reason == "below_statutory_minimum")
        );
        assert!(schedule
            .set_period(RecordClass::AnnualReports, Period::Years(100))
            .is_err());
        schedule
            .set_period(RecordClass::BankStatements, Period::Years(15))
            .unwrap();
        assert_eq!(
            schedule.period(RecordClass::BankStatements),
            Period::Years(15)
        );
        // Back down to the minimum is allowed (it is still the law's period), below is not.
        schedule
            .set_period(RecordClass::BankStatements, Period::Years(10))
            .unwrap();
        assert_eq!(schedule, RetentionSchedule::default());
        schedule
            .set_period(RecordClass::Vouchers, Period::Permanent)
            .unwrap();
        assert_eq!(
            schedule
                .expiry(RecordClass::Vouchers, Anchor::fiscal_year(2000).unwrap())
                .unwrap(),
            Expiry::Never
        );
        assert_eq!(schedule.entries().len(), ALL_CLASSES.len());
    }

    #[test]
    fn anchors_must_fit_the_class() {
        let schedule = RetentionSchedule::default();
        assert!(schedule
            .expiry(RecordClass::Vouchers, Anchor::Scrapped(d(2020, 1, 1)))
            .is_err());
        assert!(schedule
            .expiry(
                RecordClass::FixedAssetCards,
                Anchor::fiscal_year(2020).unwrap()
            )
            .is_err());
        assert!(Anchor::fiscal_year(i32::MAX).is_err());
        assert!(schedule
            .expiry(RecordClass::Vouchers, Anchor::FiscalYearEnd(NaiveDate::MAX))
            .is_err());
    }

    #[test]
    fn years_kept_counts_whole_years_since_the_period_started() {
        let fy2015 = Anchor::fiscal_year(2015).unwrap();
        assert_eq!(
            RetentionSchedule::years_kept(fy2015, d(2015, 12, 31)),
            Some(0)
        );
        assert_eq!(
            RetentionSchedule::years_kept(fy2015, d(2016, 12, 31)),
            Some(0)
        );
        assert_eq!(
            RetentionSchedule::years_kept(fy2015, d(2017, 1, 1)),
            Some(1)
        );
        assert_eq!(
            RetentionSchedule::years_kept(fy2015, d(2026, 11, 27)),
            Some(10)
        );
        assert_eq!(
            RetentionSchedule::years_kept(Anchor::Pending, d(2026, 1, 1)),
            None
        );
    }
}
