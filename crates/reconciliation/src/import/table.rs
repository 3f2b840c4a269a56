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
    pub fn cell(cells: &impl Row, col: usize) -> &str {
        cells.cell(col)
    }
}

/// Read access to one row's cells: owned ([`Cells`], kept for header detection) or
/// borrowed from the CSV reader's buffer ([`RecordView`], for the rows streamed after it).
pub trait Row {
    /// The cell at `col`, or `""` when the row is shorter.
    fn cell(&self, col: usize) -> &str;
    /// Number of cells.
    fn cell_count(&self) -> usize;
    /// All cells' text run together, to test cheaply whether a marker word can occur at all.
    fn joined(&self) -> &str;
    /// The cells in order.
    fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.cell_count()).map(|c| self.cell(c))
    }
}

impl Row for Cells {
    fn cell(&self, col: usize) -> &str {
        self.get(col).unwrap_or("")
    }
    fn cell_count(&self) -> usize {
        self.len()
    }
    fn joined(&self) -> &str {
        self.as_slice()
    }
}

/// A CSV record read as bytes and checked as UTF-8 once, as a whole, with `simdutf8`.
///
/// `csv::StringRecord` checks each record with `std::str::from_utf8`, whose byte-at-a-time
/// path for Chinese text cost more than tokenising the record. Fields are cut at ASCII
/// delimiters and quotes, so each field of valid UTF-8 is itself valid and its range is on
/// character boundaries.
#[derive(Debug, Clone, Copy)]
pub struct RecordView<'a> {
    text: &'a str,
    record: &'a csv::ByteRecord,
}

impl<'a> RecordView<'a> {
    /// The record as text, or `None` when its bytes are not UTF-8.
    #[must_use]
    pub fn new(record: &'a csv::ByteRecord) -> Option<Self> {
        let text = simdutf8::basic::from_utf8(record.as_slice()).ok()?;
        Some(Self { text, record })
    }

    /// An owned copy (for the rows kept for header detection).
    #[must_use]
    pub fn to_cells(&self) -> Cells {
        let mut cells = Cells::with_capacity(self.text.len(), self.record.len());
        for c in self.cells() {
            cells.push_field(c);
        }
        cells
    }
}

impl Row for RecordView<'_> {
    fn cell(&self, col: usize) -> &str {
        self.record
            .range(col)
            .and_then(|r| self.text.get(r))
            .unwrap_or("")
    }
    fn cell_count(&self) -> usize {
        self.record.len()
    }
    fn joined(&self) -> &str {
        self.text
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
    // simdutf8: the standard library's check decodes Chinese text byte by byte.
    match simdutf8::basic::from_utf8(bytes) {
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
