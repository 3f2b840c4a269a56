//! A sheet of text cells with their physical row numbers: what CSV, XLS and XLSX files are
//! reduced to before header detection.

/// The cells of one row (one allocation per row).
pub type Cells = csv::StringRecord;

/// One sheet of cells. Rows keep their 1-based physical row number; blank rows may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// File name as given by the caller.
    pub file: String,
    /// Sheet name (XLS/XLSX).
    pub sheet: Option<String>,
    /// `(physical row, cells)` in file order.
    pub rows: Vec<(u32, Cells)>,
}

impl Table {
    /// The cell at `col` of a row, or `""`.
    #[must_use]
    pub fn cell(cells: &Cells, col: usize) -> &str {
        cells.get(col).unwrap_or("")
    }
}

/// Decodes text bytes: UTF-8 (a BOM is stripped), UTF-16 with a BOM, else GB18030 (a
/// superset of GBK and GB2312, which Chinese bank exports use).
#[must_use]
pub fn decode_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = enc.decode_without_bom_handling(body);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            text
        }
    }
}

/// Builds a 1-based line index over `text` to turn byte offsets into line numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// The 1-based line holding byte `offset`.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx + 1).unwrap_or(u32::MAX)
    }
}
