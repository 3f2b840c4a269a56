//! Running header and footer: document title and number at the top, "第 X 页 / 共 Y 页" at the
//! bottom. Drawn after layout, once the page count is known.
#![allow(clippy::float_arithmetic)] // page geometry in mm/pt, never money.

use crate::layout::{mm, Align, Canvas, Ink, TextStyle};

/// What the running header and footer show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageDecor {
    /// Top left: usually the firm's name.
    pub header_left: Option<String>,
    /// Top right: usually the document number, e.g. `编号：RS-2025-0001`.
    pub header_right: Option<String>,
    /// Bottom left: a short note (app name and version).
    pub footer_left: Option<String>,
    /// Bottom centre: "第 X 页 / 共 Y 页".
    pub page_numbers: bool,
}

/// The page-number text for page `page` (1-based) of `total`.
#[must_use]
pub fn page_number_text(page: usize, total: usize) -> String {
    format!("第 {page} 页 / 共 {total} 页")
}

pub(crate) fn decorate(canvas: &mut Canvas<'_>, decor: &PageDecor) {
    let total = canvas.page_count();
    let style = TextStyle::regular(8.0).with_ink(Ink::Grey);
    let g = canvas.geometry;
    let (x, w) = (canvas.left(), canvas.width());
    let header_top = mm(g.top_mm) - mm(9.0);
    let footer_top = mm(g.height_mm - g.bottom_mm) + mm(6.0);
    // The left header gives way to the right one: shortened with "…" if both do not fit.
    let right_w = decor
        .header_right
        .as_deref()
        .map_or(0.0, |r| canvas.measure(r, style) + mm(6.0));
    let header_left = decor
        .header_left
        .as_deref()
        .map(|l| ellipsize(canvas, l, style, w - right_w));
    let numbers_w = canvas.measure(&page_number_text(total, total), style) + mm(6.0);
    let footer_left = decor
        .footer_left
        .as_deref()
        .map(|l| ellipsize(canvas, l, style, w - numbers_w));
    for index in 0..total {
        canvas.select_page(index);
        let mut header_rule = false;
        if let Some(left) = &header_left {
            canvas.text_aligned(x, w, header_top, left, style, Align::Left);
            header_rule = true;
        }
        if let Some(right) = &decor.header_right {
            canvas.text_aligned(x, w, header_top, right, style, Align::Right);
            header_rule = true;
        }
        if header_rule {
            let y = header_top + style.size * 1.6;
            canvas.line(x, y, x + w, y, 0.4, Ink::Light);
        }
        if let Some(left) = &footer_left {
            canvas.text_aligned(x, w, footer_top, left, style, Align::Left);
        }
        if decor.page_numbers {
            // Centred, or at the right when a footer note takes the left.
            let text = page_number_text(index + 1, total);
            let align = if footer_left.is_some() {
                Align::Right
            } else {
                Align::Center
            };
            canvas.text_aligned(x, w, footer_top, &text, style, align);
        }
    }
}

/// `text` shortened with a trailing "…" so that it is at most `max` points wide.
fn ellipsize(canvas: &Canvas<'_>, text: &str, style: TextStyle, max: f32) -> String {
    if canvas.measure(text, style) <= max {
        return text.to_owned();
    }
    let budget = max - canvas.measure("…", style);
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        width += canvas.font.advance_em(c) * style.size;
        if width > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_read_naturally() {
        assert_eq!(page_number_text(2, 7), "第 2 页 / 共 7 页");
    }
}
