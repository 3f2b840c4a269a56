//! The building blocks of a document: titles, paragraphs, key–value blocks, lists, tables,
//! grouped codes, boxes of handwritten fields and signature blocks.
#![allow(clippy::float_arithmetic)] // block geometry in mm/pt, never money.

use crate::error::DocumentError;
use crate::layout::{floor_count, mm, Align, Canvas, Ink, TextStyle};
use crate::table::{draw_table, Table};
use crate::text::wrap;

/// A paragraph of wrapped text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The text; `\n` forces a line break.
    pub text: String,
    /// Size, weight and ink.
    pub style: TextStyle,
    /// Alignment of each line.
    pub align: Align,
    /// Indent of the first line, in em (2.0 is the usual Chinese paragraph indent).
    pub first_line_indent_em: f32,
}

impl Paragraph {
    /// Regular 10.5 pt (五号) black text, left-aligned, no indent.
    #[must_use]
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            style: TextStyle::regular(10.5),
            align: Align::Left,
            first_line_indent_em: 0.0,
        }
    }

    /// The same paragraph in another style.
    #[must_use]
    pub fn styled(mut self, style: TextStyle) -> Self {
        self.style = style;
        self
    }

    /// The same paragraph with a first-line indent of `em`.
    #[must_use]
    pub fn indent(mut self, em: f32) -> Self {
        self.first_line_indent_em = em;
        self
    }
}

/// One party of a signature block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureParty {
    /// The party's role, e.g. `甲方（盖章）` or `移交人`.
    pub role: String,
    /// The printed name, if known; otherwise a blank line is left for it.
    pub name: Option<String>,
}

/// Something placed on the page, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Document title: large, faux bold, centred.
    Title(String),
    /// Subtitle or translation of the title: medium, grey, centred.
    Subtitle(String),
    /// Section heading: bold, left-aligned, kept with the text below it.
    Heading(String),
    /// Wrapped text.
    Paragraph(Paragraph),
    /// A bulleted (`numbered: false`) or numbered list with hanging indents.
    List {
        /// The items.
        items: Vec<String>,
        /// `1.` `2.` … instead of bullets.
        numbered: bool,
        /// Text style.
        style: TextStyle,
    },
    /// Label–value pairs in two aligned columns (labels in grey).
    KeyValue {
        /// The pairs, in order.
        pairs: Vec<(String, String)>,
        /// Font size in points.
        size: f32,
    },
    /// A table.
    Table(Table),
    /// A secret or reference code shown large, in fixed-width cells, in boxed groups, with each
    /// group numbered below. Groups are laid out left to right and wrap to new rows.
    Code {
        /// The groups, e.g. `["ABCD", "EFGH", …]`.
        groups: Vec<String>,
        /// Font size in points.
        size: f32,
    },
    /// A framed box with a heading and labelled lines to be filled in by hand.
    FieldBox {
        /// Heading inside the box.
        title: String,
        /// Field labels, one per line.
        fields: Vec<String>,
    },
    /// Signature block: parties side by side with name, signature and date lines.
    Signature(Vec<SignatureParty>),
    /// Vertical space in millimetres.
    Spacer(f32),
    /// A thin horizontal rule across the content width.
    Rule,
    /// Continue on a new page.
    PageBreak,
}

pub(crate) fn draw_block(canvas: &mut Canvas<'_>, block: &Block) -> Result<(), DocumentError> {
    match block {
        Block::Title(text) => {
            let p = Paragraph {
                text: text.clone(),
                style: TextStyle::bold(18.0),
                align: Align::Center,
                first_line_indent_em: 0.0,
            };
            draw_paragraph(canvas, &p, 0.0);
            canvas.advance(mm(1.0));
        }
        Block::Subtitle(text) => {
            let p = Paragraph {
                text: text.clone(),
                style: TextStyle::regular(12.0).with_ink(Ink::Grey),
                align: Align::Center,
                first_line_indent_em: 0.0,
            };
            draw_paragraph(canvas, &p, 0.0);
            canvas.advance(mm(3.0));
        }
        Block::Heading(text) => {
            let style = TextStyle::bold(12.0);
            // Keep the heading with at least two lines of what follows.
            canvas.ensure(mm(3.0) + style.line_height() + 2.0 * 10.5 * 1.5);
            if !canvas.at_page_top() {
                canvas.advance(mm(3.0));
            }
            let p = Paragraph {
                text: text.clone(),
                style,
                align: Align::Left,
                first_line_indent_em: 0.0,
            };
            draw_paragraph(canvas, &p, 0.0);
            canvas.advance(mm(0.5));
        }
        Block::Paragraph(p) => {
            draw_paragraph(canvas, p, 0.0);
            canvas.advance(p.style.size * 0.2);
        }
        Block::List {
            items,
            numbered,
            style,
        } => draw_list(canvas, items, *numbered, *style),
        Block::KeyValue { pairs, size } => draw_key_values(canvas, pairs, *size),
        Block::Table(table) => draw_table(canvas, table)?,
        Block::Code { groups, size } => draw_code(canvas, groups, *size),
        Block::FieldBox { title, fields } => draw_field_box(canvas, title, fields),
        Block::Signature(parties) => draw_signatures(canvas, parties),
        Block::Spacer(h) => {
            if !canvas.at_page_top() {
                canvas.advance(mm(*h));
            }
        }
        Block::Rule => {
            canvas.ensure(mm(4.0));
            let y = canvas.y() + mm(2.0);
            let (x, w) = (canvas.left(), canvas.width());
            canvas.line(x, y, x + w, y, 0.5, Ink::Light);
            canvas.advance(mm(4.0));
        }
        Block::PageBreak => {
            if !canvas.at_page_top() {
                canvas.new_page();
            }
        }
    }
    Ok(())
}

/// Wrapped text, `inset` points in from the left edge; each line breaks the page if needed.
fn draw_paragraph(canvas: &mut Canvas<'_>, p: &Paragraph, inset: f32) {
    let x0 = canvas.left() + inset;
    let width = canvas.width() - inset;
    let indent = p.first_line_indent_em * p.style.size;
    let font = canvas.font;
    let size = p.style.size;
    // Wrap the first line narrower by the indent: measure it as if it started with the indent.
    let lines = wrap_with_first_indent(&p.text, width, indent, |c| font.advance_em(c) * size);
    let lh = p.style.line_height();
    for (i, line) in lines.iter().enumerate() {
        canvas.ensure(lh);
        let (x, w) = if i == 0 {
            (x0 + indent, width - indent)
        } else {
            (x0, width)
        };
        let top = canvas.y() + (lh - size) / 2.0;
        canvas.text_aligned(x, w, top, line, p.style, p.align);
        canvas.advance(lh);
    }
}

fn wrap_with_first_indent(
    text: &str,
    width: f32,
    indent: f32,
    advance: impl Fn(char) -> f32 + Copy,
) -> Vec<String> {
    if indent <= 0.0 {
        return wrap(text, width, advance);
    }
    // A placeholder character as wide as the indent, stripped again after wrapping.
    const MARK: char = '\u{E000}';
    let marked = format!("{MARK}{text}");
    let mut lines = wrap(
        &marked,
        width,
        move |c| {
            if c == MARK {
                indent
            } else {
                advance(c)
            }
        },
    );
    if let Some(first) = lines.first_mut() {
        *first = first.trim_start_matches(MARK).to_owned();
    }
    lines
}

fn draw_list(canvas: &mut Canvas<'_>, items: &[String], numbered: bool, style: TextStyle) {
    let font = canvas.font;
    let labels: Vec<String> = (1..=items.len())
        .map(|i| {
            if numbered {
                format!("{i}.")
            } else {
                "•".to_owned()
            }
        })
        .collect();
    let label_w = labels
        .iter()
        .map(|l| font.width(l, style.size))
        .fold(0.0_f32, f32::max)
        + style.size * 0.6;
    let lh = style.line_height();
    for (item, label) in items.iter().zip(&labels) {
        let x = canvas.left();
        let width = canvas.width() - label_w;
        let lines = wrap(item, width, |c| font.advance_em(c) * style.size);
        for (i, line) in lines.iter().enumerate() {
            canvas.ensure(lh);
            let top = canvas.y() + (lh - style.size) / 2.0;
            if i == 0 {
                canvas.text_at(x, top, label, style);
            }
            canvas.text_at(x + label_w, top, line, style);
            canvas.advance(lh);
        }
        canvas.advance(style.size * 0.15);
    }
    canvas.advance(style.size * 0.4);
}

fn draw_key_values(canvas: &mut Canvas<'_>, pairs: &[(String, String)], size: f32) {
    let font = canvas.font;
    let label_style = TextStyle::regular(size).with_ink(Ink::Grey);
    let value_style = TextStyle::regular(size);
    let label_w = pairs
        .iter()
        .map(|(k, _)| font.width(k, size))
        .fold(0.0_f32, f32::max)
        .min(canvas.width() * 0.4)
        + size;
    let lh = value_style.line_height();
    for (key, value) in pairs {
        let x = canvas.left();
        // The label column is as wide as the widest label: wrap with a little slack so that
        // float rounding never wraps that label.
        let key_lines = wrap(key, label_w - size + 0.5, |c| font.advance_em(c) * size);
        let value_lines = wrap(value, canvas.width() - label_w, |c| {
            font.advance_em(c) * size
        });
        let n = key_lines.len().max(value_lines.len()).max(1);
        // Keep short pairs together on one page.
        if n <= 4 {
            canvas.ensure(n as f32 * lh);
        }
        for i in 0..n {
            canvas.ensure(lh);
            let top = canvas.y() + (lh - size) / 2.0;
            if let Some(k) = key_lines.get(i) {
                canvas.text_at(x, top, k, label_style);
            }
            if let Some(v) = value_lines.get(i) {
                canvas.text_at(x + label_w, top, v, value_style);
            }
            canvas.advance(lh);
        }
    }
    canvas.advance(size * 0.5);
}

/// Layout of a grouped code: how many groups per row and the size of one character cell.
fn draw_code(canvas: &mut Canvas<'_>, groups: &[String], size: f32) {
    if groups.is_empty() {
        return;
    }
    let font = canvas.font;
    let style = TextStyle::regular(size);
    // Fixed-width cells: as wide as the widest character used, plus breathing room, so that
    // every character sits in its own column as on a typewriter.
    let widest = groups
        .iter()
        .flat_map(|g| g.chars())
        .map(|c| font.advance_em(c))
        .fold(0.0_f32, f32::max);
    let cell = (widest + 0.12) * size;
    let longest = groups.iter().map(|g| g.chars().count()).max().unwrap_or(1);
    let pad = size * 0.35;
    let group_w = longest as f32 * cell + 2.0 * pad;
    let gap = size * 0.9;
    let max_per_row = floor_count((canvas.width() + gap) / (group_w + gap)).clamp(1, 5);
    // Balance the rows (9 groups at 5 a row: 5 + 4, not 5 + 4 or 4 + 4 + 1).
    let rows = groups.len().div_ceil(max_per_row);
    let per_row = groups.len().div_ceil(rows);
    let box_h = size * 1.55;
    let label = TextStyle::regular(7.0).with_ink(Ink::Grey);
    let row_h = box_h + label.size * 1.9;
    canvas.ensure(rows as f32 * row_h);
    for (r, chunk) in groups.chunks(per_row).enumerate() {
        let row_w = chunk.len() as f32 * group_w + (chunk.len() as f32 - 1.0) * gap;
        let x0 = canvas.left() + (canvas.width() - row_w) / 2.0;
        let top = canvas.y();
        for (k, group) in chunk.iter().enumerate() {
            let gx = x0 + k as f32 * (group_w + gap);
            canvas.rect(gx, top, group_w, box_h, Some((0.8, Ink::Black)), None);
            for (j, ch) in group.chars().enumerate() {
                let cx = gx + pad + j as f32 * cell;
                let mut buf = [0u8; 4];
                let s: &str = ch.encode_utf8(&mut buf);
                canvas.text_aligned(
                    cx,
                    cell,
                    top + (box_h - size) / 2.0,
                    s,
                    style,
                    Align::Center,
                );
            }
            if k + 1 < chunk.len() {
                let dash_style = style.with_ink(Ink::Grey);
                canvas.text_aligned(
                    gx + group_w,
                    gap,
                    top + (box_h - size) / 2.0,
                    "-",
                    dash_style,
                    Align::Center,
                );
            }
            let n = (r * per_row + k + 1).to_string();
            canvas.text_aligned(gx, group_w, top + box_h + 2.0, &n, label, Align::Center);
        }
        canvas.advance(row_h);
    }
    canvas.advance(mm(1.0));
}

fn draw_field_box(canvas: &mut Canvas<'_>, title: &str, fields: &[String]) {
    let title_style = TextStyle::bold(10.5);
    let label_style = TextStyle::regular(9.5);
    let pad = mm(4.0);
    let field_h = mm(8.5);
    let title_h = title_style.line_height();
    let height = pad + title_h + fields.len() as f32 * field_h + pad * 0.5;
    canvas.ensure(height);
    let (x, w, top) = (canvas.left(), canvas.width(), canvas.y());
    canvas.rect(x, top, w, height, Some((0.8, Ink::Black)), None);
    canvas.text_at(x + pad, top + pad, title, title_style);
    let font = canvas.font;
    let label_w = fields
        .iter()
        .map(|f| font.width(f, label_style.size))
        .fold(0.0_f32, f32::max)
        + mm(3.0);
    for (i, field) in fields.iter().enumerate() {
        let baseline = top + pad + title_h + (i as f32 + 1.0) * field_h - mm(2.0);
        canvas.text_at(
            x + pad,
            baseline - label_style.size * 0.88,
            field,
            label_style,
        );
        canvas.line(
            x + pad + label_w,
            baseline + 1.5,
            x + w - pad,
            baseline + 1.5,
            0.5,
            Ink::Grey,
        );
    }
    canvas.advance(height + mm(3.0));
}

fn draw_signatures(canvas: &mut Canvas<'_>, parties: &[SignatureParty]) {
    if parties.is_empty() {
        return;
    }
    let role_style = TextStyle::bold(10.5);
    let style = TextStyle::regular(10.5);
    let gap = mm(10.0);
    let n = parties.len().min(3);
    let col_w = (canvas.width() - gap * (n as f32 - 1.0)) / n as f32;
    let line_h = mm(10.0);
    let block_h = role_style.line_height() + 3.0 * line_h;
    for chunk in parties.chunks(n) {
        canvas.ensure(block_h + mm(4.0));
        canvas.advance(mm(4.0));
        let top = canvas.y();
        for (k, party) in chunk.iter().enumerate() {
            let x = canvas.left() + k as f32 * (col_w + gap);
            canvas.text_at(x, top, &party.role, role_style);
            let name = match &party.name {
                Some(n) => format!("姓名：{n}"),
                None => "姓名：".to_owned(),
            };
            let rows = [name.as_str(), "签字：", "日期：      年    月    日"];
            for (i, label) in rows.iter().enumerate() {
                let baseline = top + role_style.line_height() + (i as f32 + 1.0) * line_h - mm(2.0);
                canvas.text_at(x, baseline - style.size * 0.88, label, style);
                if i == 1 || (i == 0 && party.name.is_none()) {
                    let lx = x + canvas.measure(label, style) + 2.0;
                    canvas.line(
                        lx,
                        baseline + 1.5,
                        x + col_w,
                        baseline + 1.5,
                        0.5,
                        Ink::Grey,
                    );
                }
            }
        }
        canvas.advance(block_h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_indent_narrows_only_the_first_line() {
        let adv = |_c: char| 1.0;
        let lines = wrap_with_first_indent("一二三四五六七八", 4.0, 2.0, adv);
        assert_eq!(lines, vec!["一二", "三四五六", "七八"]);
    }
}
