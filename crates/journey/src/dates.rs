//! Calendar arithmetic shared by the engine.

use chrono::{Months, NaiveDate};

/// `date` plus `months` calendar months, clamped to the end of the month
/// (2024-02-29 + 12 months = 2025-02-28). Saturates at the last representable date.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` minus `months` calendar months, clamped like [`add_months`].
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}
