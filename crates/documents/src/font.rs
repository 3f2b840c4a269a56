//! The embedded font and text measurement.
//!
//! The app ships its own font: Noto Sans CJK SC Regular (SIL OFL 1.1), subset ahead of time by
//! `fonts/make-font.sh` to the GB18030 BMP Han repertoire (CJK Unified Ideographs U+4E00–9FFF and
//! Extension A U+3400–4DBF) plus Latin, digits, CJK punctuation and full-width forms: 7.8 MB,
//! compiled into the binary. Each PDF embeds only the glyphs it uses (printpdf subsets again at
//! save time), so a one-page document is about 50 KB. There is no bold face (it would double
//! the size); emphasis is drawn with a thin outline stroke ("faux bold") and size.
#![allow(clippy::float_arithmetic)] // text widths are layout geometry in points, never money.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::DocumentError;

/// The font file compiled into the binary. See `fonts/README.md`.
pub(crate) static FONT_BYTES: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Regular-subset.otf");

/// Typographic ascent used to place baselines, as a fraction of the font size (Noto Sans CJK:
/// 0.88 em above the baseline, 0.12 em below).
pub(crate) const ASCENT: f32 = 0.88;

/// The parsed embedded font with its measurements.
#[derive(Debug)]
pub struct Font {
    parsed: ParsedFont,
    units_per_em: f32,
}

static FONT: OnceLock<Option<Font>> = OnceLock::new();

impl Font {
    /// The embedded font, parsed once per process.
    ///
    /// # Errors
    /// [`DocumentError::FontUnavailable`] if the compiled-in font cannot be parsed.
    pub fn embedded() -> Result<&'static Self, DocumentError> {
        FONT.get_or_init(|| {
            let mut warnings = Vec::new();
            let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut warnings)?;
            let upm = parsed.pdf_font_metrics.units_per_em;
            let units_per_em = if upm == 0 { 1000.0 } else { f32::from(upm) };
            Some(Self {
                parsed,
                units_per_em,
            })
        })
        .as_ref()
        .ok_or(DocumentError::FontUnavailable)
    }

    /// Whether the font has a glyph for `ch`.
    #[must_use]
    pub fn supports(&self, ch: char) -> bool {
        self.parsed.lookup_glyph_index(u32::from(ch)).is_some()
    }

    /// The characters of `text` the font cannot print (controls other than tab and newline
    /// count as unsupported). Callers can check user input with this before building a document.
    #[must_use]
    pub fn unsupported_chars(&self, text: &str) -> std::collections::BTreeSet<char> {
        text.chars()
            .filter(|&c| c != '\n' && c != '\t' && !self.supports(c))
            .collect()
    }

    /// Advance width of `ch` in em (0 for a character the font lacks).
    #[must_use]
    pub fn advance_em(&self, ch: char) -> f32 {
        match self.parsed.lookup_glyph_index(u32::from(ch)) {
            Some(gid) => f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em,
            None => 0.0,
        }
    }

    /// Width of `text` at `size` points, in points.
    #[must_use]
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }

    pub(crate) fn parsed(&self) -> &ParsedFont {
        &self.parsed
    }
}
