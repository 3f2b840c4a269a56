//! The firm's retention schedule in the vault: the statutory periods, lengthened where an
//! administrator chose to (never shortened: see [`RetentionSchedule::set_period`]).

use chrono::{DateTime, Utc};

use super::retention::{Period, RecordClass, RetentionSchedule, ScheduleEntry};
use crate::error::CoreResult;
use crate::vault::{Action, Vault};

const KEY: &str = "retention_schedule";

impl Vault {
    /// The schedule in force (any logged-in user may read it).
    ///
    /// # Errors
    /// Storage errors; `vault_damaged` if the sealed schedule does not open.
    pub fn retention_schedule(&self) -> CoreResult<RetentionSchedule> {
        Ok(self.load_meta(KEY)?.unwrap_or_default())
    }

    /// The schedule as listed: one entry per class.
    ///
    /// # Errors
    /// As [`Self::retention_schedule`].
    pub fn retention_entries(&self) -> CoreResult<Vec<ScheduleEntry>> {
        Ok(self.retention_schedule()?.entries())
    }

    /// Sets the period of a class (administrators); shorter than the law's minimum is refused.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` (`period`/`below_statutory_minimum`).
    pub fn set_retention_period(
        &mut self,
        class: RecordClass,
        period: Period,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<ScheduleEntry>> {
        self.session.require(Action::ChangeSettings)?;
        let mut schedule = self.retention_schedule()?;
        schedule.set_period(class, period)?;
        self.save_meta(KEY, &schedule, "settings.retention_changed", now)?;
        Ok(schedule.entries())
    }
}
