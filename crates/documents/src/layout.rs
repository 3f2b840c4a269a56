//! Page geometry, the drawing cursor and page breaks.
//!
//! Positions are kept in points measured from the top-left corner of the page (y grows
//! downwards, as a reader sees it) and converted to PDF coordinates (origin bottom-left) only
//! when an operation is emitted.
#![allow(clippy::float_arithmetic)] // page geometry in mm/pt, never money.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    TextItem, TextRenderingMode, WindingOrder,
};

use crate::error::DocumentError;
use crate::font::{Font, ASCENT};

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Converts millimetres to points.
#[must_use]
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// How many whole items of some size fit: `x` rounded down, clamped to `0..=10_000`
/// (NaN gives 0). The one place where layout turns a float into a count.
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 0..=10_000 first
pub fn floor_count(x: f32) -> usize {
    if x.is_nan() {
        return 0;
    }
    x.floor().clamp(0.0, 10_000.0) as usize
}

/// The resource name of the embedded font inside every PDF: fixed, for reproducible output, and
/// six capital letters because printpdf also uses it as the subset tag of the font's PostScript
/// name (`LLDOCS+NotoSansCJKsc-Regular`), which PDF readers expect to be exactly that.
pub(crate) const FONT_RESOURCE: &str = "LLDOCS";

/// Page size and margins, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    /// Page width.
    pub width_mm: f32,
    /// Page height.
    pub height_mm: f32,
    /// Top margin (the running header sits inside it).
    pub top_mm: f32,
    /// Bottom margin (the running footer sits inside it).
    pub bottom_mm: f32,
    /// Left margin.
    pub left_mm: f32,
    /// Right margin.
    pub right_mm: f32,
}

impl PageGeometry {
    /// A4 portrait with 20 mm side margins and 22 mm top and bottom margins (room for a
    /// running header and footer, and for binding on the left).
    pub const A4: Self = Self {
        width_mm: 210.0,
        height_mm: 297.0,
        top_mm: 22.0,
        bottom_mm: 22.0,
        left_mm: 22.0,
        right_mm: 18.0,
    };

    /// Width available for content, in points.
    #[must_use]
    pub fn content_width(&self) -> f32 {
        mm(self.width_mm - self.left_mm - self.right_mm)
    }

    /// Height available for content, in points.
    #[must_use]
    pub fn content_height(&self) -> f32 {
        mm(self.height_mm - self.top_mm - self.bottom_mm)
    }

    pub(crate) fn validate(&self) -> Result<(), DocumentError> {
        let ok = self.width_mm > 0.0
            && self.height_mm > 0.0
            && [self.top_mm, self.bottom_mm, self.left_mm, self.right_mm]
                .iter()
                .all(|m| *m >= 0.0)
            && self.content_width() >= mm(40.0)
            && self.content_height() >= mm(40.0);
        if ok {
            Ok(())
        } else {
            Err(DocumentError::InvalidLayout(
                "page content area is smaller than 40 × 40 mm",
            ))
        }
    }
}

impl Default for PageGeometry {
    fn default() -> Self {
        Self::A4
    }
}

/// Ink tone of text and lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ink {
    /// Black.
    #[default]
    Black,
    /// Dark grey, for secondary text (translations, notes).
    Grey,
    /// Light grey, for rules and box fills.
    Light,
}

impl Ink {
    fn level(self) -> f32 {
        match self {
            Self::Black => 0.0,
            Self::Grey => 0.35,
            Self::Light => 0.75,
        }
    }

    fn color(self) -> Color {
        Color::Greyscale(Greyscale {
            percent: self.level(),
            icc_profile: None,
        })
    }
}

/// How a run of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in points.
    pub size: f32,
    /// Faux bold (outline stroke) for titles and headers.
    pub bold: bool,
    /// Ink tone.
    pub ink: Ink,
}

impl TextStyle {
    /// Regular black text at `size` points.
    #[must_use]
    pub fn regular(size: f32) -> Self {
        Self {
            size,
            bold: false,
            ink: Ink::Black,
        }
    }

    /// Faux-bold black text at `size` points.
    #[must_use]
    pub fn bold(size: f32) -> Self {
        Self {
            size,
            bold: true,
            ink: Ink::Black,
        }
    }

    /// The same style in another ink.
    #[must_use]
    pub fn with_ink(self, ink: Ink) -> Self {
        Self { ink, ..self }
    }

    /// Line height (baseline to baseline) for this size: 1.5 em, comfortable for Chinese.
    #[must_use]
    pub fn line_height(&self) -> f32 {
        self.size * 1.5
    }
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right (money columns).
    Right,
}

/// Lays content out page after page: holds the finished pages' operations and a cursor.
pub(crate) struct Canvas<'f> {
    pub(crate) font: &'f Font,
    pub(crate) geometry: PageGeometry,
    pages: Vec<Vec<Op>>,
    /// Index of the page being drawn on.
    current: usize,
    /// Cursor: distance from the top of the page, in points.
    y: f32,
    missing: BTreeSet<char>,
}

impl<'f> Canvas<'f> {
    pub(crate) fn new(font: &'f Font, geometry: PageGeometry) -> Self {
        Self {
            font,
            geometry,
            pages: vec![Vec::new()],
            current: 0,
            y: mm(geometry.top_mm),
            missing: BTreeSet::new(),
        }
    }

    /// Left edge of the content area, in points.
    pub(crate) fn left(&self) -> f32 {
        mm(self.geometry.left_mm)
    }

    /// Width of the content area, in points.
    pub(crate) fn width(&self) -> f32 {
        self.geometry.content_width()
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn advance(&mut self, dy: f32) {
        self.y += dy;
    }

    /// Space left on the current page, in points.
    pub(crate) fn remaining(&self) -> f32 {
        mm(self.geometry.height_mm - self.geometry.bottom_mm) - self.y
    }

    /// Whether the cursor is at the top of a page (nothing drawn below the top margin yet).
    pub(crate) fn at_page_top(&self) -> bool {
        (self.y - mm(self.geometry.top_mm)).abs() < 0.01
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.current = self.pages.len() - 1;
        self.y = mm(self.geometry.top_mm);
    }

    /// Starts a new page unless `height` points still fit on this one. Returns whether it broke.
    pub(crate) fn ensure(&mut self, height: f32) -> bool {
        if height > self.remaining() && !self.at_page_top() {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.current >= self.pages.len() {
            self.pages.push(Vec::new());
            self.current = self.pages.len() - 1;
        }
        // `current` is in range: checked just above.
        #[allow(clippy::indexing_slicing)]
        &mut self.pages[self.current]
    }

    fn page_y(&self, y_from_top: f32) -> Pt {
        Pt(mm(self.geometry.height_mm) - y_from_top)
    }

    /// Width of `text` in points at `style`.
    pub(crate) fn measure(&self, text: &str, style: TextStyle) -> f32 {
        self.font.width(text, style.size)
    }

    /// Draws one line of text with its top (not its baseline) at `top` and its left edge at `x`.
    pub(crate) fn text_at(&mut self, x: f32, top: f32, text: &str, style: TextStyle) {
        if text.is_empty() {
            return;
        }
        let font = self.font;
        for c in text.chars() {
            if !font.supports(c) {
                self.missing.insert(c);
            }
        }
        let baseline = top + style.size * ASCENT;
        let pos = Point {
            x: Pt(x),
            y: self.page_y(baseline),
        };
        let mut ops = vec![Op::SaveGraphicsState, Op::StartTextSection];
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(FONT_RESOURCE.to_owned())),
            size: Pt(style.size),
        });
        ops.push(Op::SetFillColor {
            col: style.ink.color(),
        });
        if style.bold {
            ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::FillStroke,
            });
            ops.push(Op::SetOutlineColor {
                col: style.ink.color(),
            });
            ops.push(Op::SetOutlineThickness {
                pt: Pt(style.size * 0.03),
            });
        }
        ops.push(Op::SetTextCursor { pos });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        });
        ops.push(Op::EndTextSection);
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// Draws one line of text aligned inside the horizontal span `[x, x + width]`.
    pub(crate) fn text_aligned(
        &mut self,
        x: f32,
        width: f32,
        top: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) {
        let w = self.measure(text, style);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        self.text_at(x, top, text, style);
    }

    /// Draws a straight line.
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, ink: Ink) {
        let line = Line {
            points: vec![
                LinePoint {
                    p: Point {
                        x: Pt(x1),
                        y: self.page_y(y1),
                    },
                    bezier: false,
                },
                LinePoint {
                    p: Point {
                        x: Pt(x2),
                        y: self.page_y(y2),
                    },
                    bezier: false,
                },
            ],
            is_closed: false,
        };
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: ink.color() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line },
            Op::RestoreGraphicsState,
        ]);
    }

    /// Draws a rectangle with its top-left corner at (`x`, `top`): stroked, filled, or both.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn rect(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        stroke: Option<(f32, Ink)>,
        fill: Option<Ink>,
    ) {
        let mode = match (stroke.is_some(), fill.is_some()) {
            (true, true) => PaintMode::FillStroke,
            (false, true) => PaintMode::Fill,
            (true, false) => PaintMode::Stroke,
            (false, false) => return,
        };
        let rect = Rect {
            x: Pt(x),
            y: self.page_y(top + height),
            width: Pt(width),
            height: Pt(height),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
        };
        let mut ops = vec![Op::SaveGraphicsState];
        if let Some((thickness, ink)) = stroke {
            ops.push(Op::SetOutlineColor { col: ink.color() });
            ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        }
        if let Some(ink) = fill {
            ops.push(Op::SetFillColor { col: ink.color() });
        }
        ops.push(Op::DrawRectangle { rectangle: rect });
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// Makes page `index` (0-based) the one drawn on, for running headers and footers added
    /// after layout. Out-of-range indices select the last page.
    pub(crate) fn select_page(&mut self, index: usize) {
        self.current = index.min(self.pages.len().saturating_sub(1));
    }

    /// Finishes layout: the pages' operations, or the characters the font could not print.
    pub(crate) fn finish(self) -> Result<Vec<Vec<Op>>, DocumentError> {
        if self.missing.is_empty() {
            Ok(self.pages)
        } else {
            Err(DocumentError::UnsupportedCharacters(self.missing))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_content_area() {
        let g = PageGeometry::A4;
        assert!((g.content_width() - mm(170.0)).abs() < 0.01);
        assert!((g.content_height() - mm(253.0)).abs() < 0.01);
        assert!(g.validate().is_ok());
        let bad = PageGeometry {
            left_mm: 175.0,
            ..PageGeometry::A4
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn mm_to_pt() {
        assert!((mm(25.4) - 72.0).abs() < 1e-4);
    }
}
