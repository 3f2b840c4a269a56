//! The `Document` builder: blocks in, PDF bytes out.
//!
//! Output is reproducible: the creation time is passed in (never read from the clock), the font
//! resource name is fixed and the PDF file identifier is derived from the document's metadata,
//! so identical inputs give identical bytes.

use chrono::{DateTime, Utc};
use lopdf::{Object, StringFormat};
use printpdf::{FontId, Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};

use crate::blocks::{draw_block, Block, Paragraph, SignatureParty};
use crate::error::DocumentError;
use crate::font::Font;
use crate::layout::{Canvas, PageGeometry, FONT_RESOURCE};
use crate::page::{decorate, PageDecor};
use crate::table::Table;

/// Producer string written into every PDF's metadata.
const PRODUCER: &str = "Ledgerlock (账安) ledgerlock-documents";

/// A document being assembled: metadata, page setup and a list of blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    title: String,
    subject: String,
    author: String,
    created_at: DateTime<Utc>,
    geometry: PageGeometry,
    decor: PageDecor,
    blocks: Vec<Block>,
}

impl Document {
    /// A new A4 document. `title` becomes the PDF's metadata title (it is not drawn: add a
    /// [`Block::Title`] for that). `created_at` is the PDF creation date; pass the time in so
    /// that the same inputs always give the same bytes.
    #[must_use]
    pub fn new(title: &str, created_at: DateTime<Utc>) -> Self {
        Self {
            title: title.to_owned(),
            subject: String::new(),
            author: String::new(),
            created_at,
            geometry: PageGeometry::A4,
            decor: PageDecor {
                page_numbers: true,
                ..PageDecor::default()
            },
            blocks: Vec::new(),
        }
    }

    /// Sets the PDF metadata author (usually the firm).
    #[must_use]
    pub fn with_author(mut self, author: &str) -> Self {
        author.clone_into(&mut self.author);
        self
    }

    /// Sets the PDF metadata subject.
    #[must_use]
    pub fn with_subject(mut self, subject: &str) -> Self {
        subject.clone_into(&mut self.subject);
        self
    }

    /// Sets the page size and margins (A4 by default).
    #[must_use]
    pub fn with_geometry(mut self, geometry: PageGeometry) -> Self {
        self.geometry = geometry;
        self
    }

    /// Sets the running header and footer (by default: page numbers only).
    #[must_use]
    pub fn with_decor(mut self, decor: PageDecor) -> Self {
        self.decor = decor;
        self
    }

    /// Appends a block.
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    /// Appends a centred title.
    pub fn title(&mut self, text: &str) -> &mut Self {
        self.push(Block::Title(text.to_owned()))
    }

    /// Appends a centred grey subtitle.
    pub fn subtitle(&mut self, text: &str) -> &mut Self {
        self.push(Block::Subtitle(text.to_owned()))
    }

    /// Appends a section heading.
    pub fn heading(&mut self, text: &str) -> &mut Self {
        self.push(Block::Heading(text.to_owned()))
    }

    /// Appends a paragraph in the default style (10.5 pt).
    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        self.push(Block::Paragraph(Paragraph::new(text)))
    }

    /// Appends label–value pairs at 10.5 pt.
    pub fn key_values(&mut self, pairs: &[(&str, &str)]) -> &mut Self {
        self.push(Block::KeyValue {
            pairs: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            size: 10.5,
        })
    }

    /// Appends a table.
    pub fn table(&mut self, table: Table) -> &mut Self {
        self.push(Block::Table(table))
    }

    /// Appends a signature block.
    pub fn signatures(&mut self, parties: Vec<SignatureParty>) -> &mut Self {
        self.push(Block::Signature(parties))
    }

    /// The blocks added so far.
    #[must_use]
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    fn lay_out(&self, font: &Font) -> Result<Vec<Vec<printpdf::Op>>, DocumentError> {
        self.geometry.validate()?;
        let mut canvas = Canvas::new(font, self.geometry);
        for block in &self.blocks {
            draw_block(&mut canvas, block)?;
        }
        decorate(&mut canvas, &self.decor);
        canvas.finish()
    }

    /// Lays the document out and returns its number of pages, without writing a PDF.
    ///
    /// # Errors
    /// As [`Document::render`].
    pub fn page_count(&self) -> Result<usize, DocumentError> {
        let font = Font::embedded()?;
        Ok(self.lay_out(font)?.len())
    }

    /// Renders the document to PDF bytes, with the font embedded and subset to the glyphs used.
    ///
    /// # Errors
    /// [`DocumentError::UnsupportedCharacters`] if the text uses characters the font lacks,
    /// [`DocumentError::TableShape`] / [`DocumentError::InvalidLayout`] for malformed input,
    /// [`DocumentError::InvalidDate`] / [`DocumentError::Write`] if the PDF cannot be written.
    pub fn render(&self) -> Result<Vec<u8>, DocumentError> {
        let font = Font::embedded()?;
        let pages = self.lay_out(font)?;
        let page_count = pages.len();

        let mut pdf = PdfDocument::new(&self.title);
        let date = printpdf::DateTime::from_unix_timestamp(self.created_at.timestamp())
            .map_err(|_| DocumentError::InvalidDate)?;
        let info = &mut pdf.metadata.info;
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
        info.producer = PRODUCER.to_owned();
        info.creator = PRODUCER.to_owned();
        info.author.clone_from(&self.author);
        info.subject.clone_from(&self.subject);
        // A fixed resource name instead of printpdf's generated one: reproducible bytes.
        pdf.resources.fonts.map.insert(
            FontId(FONT_RESOURCE.to_owned()),
            PdfFont::new(font.parsed().clone()),
        );
        let (w, h) = (Mm(self.geometry.width_mm), Mm(self.geometry.height_mm));
        pdf.pages = pages
            .into_iter()
            .map(|ops| PdfPage::new(w, h, ops))
            .collect();

        let options = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = pdf.to_lopdf_document(&options, &mut warnings);
        // printpdf writes a random file identifier; derive it from the metadata instead.
        let id = self.file_id(page_count);
        lo.trailer.set(
            "ID",
            Object::Array(vec![
                Object::String(id.to_vec(), StringFormat::Hexadecimal),
                Object::String(id.to_vec(), StringFormat::Hexadecimal),
            ]),
        );
        lo.compress();
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes).map_err(|_| DocumentError::Write)?;
        Ok(bytes)
    }

    /// A stable 128-bit file identifier from the title, subject, header, date and page
    /// count. Derived from metadata only, never from the body text (which may be secret).
    fn file_id(&self, page_count: usize) -> [u8; 16] {
        let mut material = Vec::new();
        for part in [
            self.title.as_str(),
            self.subject.as_str(),
            self.author.as_str(),
            self.decor.header_right.as_deref().unwrap_or(""),
        ] {
            material.extend_from_slice(part.as_bytes());
            material.push(0);
        }
        material.extend_from_slice(&self.created_at.timestamp().to_le_bytes());
        material.extend_from_slice(&(page_count as u64).to_le_bytes());
        let mut id = [0u8; 16];
        let (a, b) = id.split_at_mut(8);
        a.copy_from_slice(&fnv1a(&material, 0xcbf2_9ce4_8422_2325).to_be_bytes());
        b.copy_from_slice(&fnv1a(&material, 0x6c62_272e_07bb_0142).to_be_bytes());
        id
    }
}

/// FNV-1a, 64-bit: a tiny, stable hash (not for security) for the file identifier.
fn fnv1a(data: &[u8], seed: u64) -> u64 {
    data.iter().fold(seed, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
