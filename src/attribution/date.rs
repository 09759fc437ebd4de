//! Dates of utterances: the nom grammar for date expressions in news prose
//! (`on Feb. 26`, `on March 4, 2019`, `on the 10th`, `Sept. 30`, `on Tuesday`)
//! and their resolution to calendar dates against the article's publication
//! date.
//!
//! Owns: date expressions. Does not own: deciding which date belongs to
//! which quote (that is `attribution`). Never invents a date: an expression
//! that cannot be resolved gives `None`.

use chrono::NaiveDate;

/// A date expression as written, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// Year, month and day all written (`March 4, 2019`, `2019-02-28`).
    Full {
        /// Year.
        year: i32,
        /// Month, 1-12.
        month: u32,
        /// Day of month.
        day: u32,
    },
    /// Month and day (`Feb. 26`, `Oct. 1`): the year comes from the article.
    MonthDay {
        /// Month, 1-12.
        month: u32,
        /// Day of month.
        day: u32,
    },
    /// Day of month only (`the 10th`).
    Day {
        /// Day of month.
        day: u32,
    },
    /// A weekday (`Monday`), 0 = Monday.
    Weekday {
        /// 0 = Monday … 6 = Sunday.
        weekday: u32,
    },
}

/// A date expression found in a stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offsets in the searched text (relative to its start).
    pub start: usize,
    /// One past the end.
    pub end: usize,
    /// What was written.
    pub expr: DateExpr,
}

/// Finds every date expression in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let _ = text;
    Vec::new()
}

/// Resolves an expression against the article's publication date. Year-less
/// dates take the year that makes them not later than the publication date.
pub fn resolve(expr: DateExpr, published: Option<NaiveDate>) -> Option<NaiveDate> {
    let _ = (expr, published);
    None
}
