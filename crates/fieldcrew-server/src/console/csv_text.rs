//! Text from phones and people, made safe for a spreadsheet: Excel runs a
//! cell starting with `=`, `+`, `-` or `@` (and, after a tab or carriage
//! return, whatever follows) as a formula, so an order number like
//! `=HYPERLINK(…)` typed on a phone would run on the supervisor's machine.
//! A leading `'` makes Excel show the text as it is. Numbers the report
//! computes are written as they are.

use std::borrow::Cow;

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text`, with a `'` in front when Excel would read it as a formula.
pub fn text_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_excel_would_run_get_a_leading_quote() {
        for text in ["=HYPERLINK(\"http://x\",\"FD-1\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(text_cell(text), format!("'{text}"), "{text:?}");
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in ["FD-1", "QX-A", "CREW-1", "张三", "", "1=1", " =1"] {
            assert_eq!(text_cell(text), text, "{text:?}");
        }
    }
}
