//! The in-memory search index over decrypted client data: built at unlock, dropped at lock,
//! never written anywhere. Each entry keeps one lowercase haystack (name, pinyin initials,
//! credit code, ID and phone tails, tags), so a query is a substring scan over short
//! strings — about 200 bytes a client, 10 MB for 50,000 clients.

use super::pinyin::pinyin_initials;
use super::record::{ClientRecord, ClientStatus};

/// One client's searchable keys.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// Client id.
    pub id: String,
    /// Status, for filters.
    pub status: ClientStatus,
    /// Tags, for filters.
    pub tags: Vec<String>,
    /// When last verified (RFC 3339), for the "unverified for 12 months" filter.
    pub verified_at: Option<String>,
    haystack: String,
}

impl IndexEntry {
    /// Builds the entry for a client.
    #[must_use]
    pub fn new(
        id: &str,
        record: &ClientRecord,
        status: ClientStatus,
        verified_at: Option<String>,
    ) -> Self {
        let mut hay = String::with_capacity(160);
        let mut push = |s: &str| {
            if !s.is_empty() {
                hay.push_str(&s.to_lowercase());
                hay.push('\u{1f}');
            }
        };
        push(&record.name);
        push(&pinyin_initials(&record.name));
        push(&record.credit_code);
        push(tail(&record.id_number, 6));
        for c in &record.contacts {
            push(&c.name);
            push(tail(&c.phone, 4));
        }
        for t in &record.tags {
            push(t);
        }
        Self {
            id: id.to_owned(),
            status,
            tags: record.tags.clone(),
            verified_at,
            haystack: hay,
        }
    }

    /// Whether the (lowercased, trimmed) query occurs in the entry.
    #[must_use]
    pub fn matches(&self, query: &str) -> bool {
        query.is_empty() || self.haystack.contains(query)
    }
}

fn tail(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    s.char_indices()
        .nth(count.saturating_sub(n))
        .map_or("", |(i, _)| s.get(i..).unwrap_or(""))
}

/// The index: entries in insertion order, with their positions by id.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    entries: Vec<IndexEntry>,
    position: std::collections::HashMap<String, usize>,
}

impl SearchIndex {
    /// Adds or replaces a client's entry.
    pub fn upsert(&mut self, entry: IndexEntry) {
        match self
            .position
            .get(&entry.id)
            .and_then(|&i| self.entries.get_mut(i))
        {
            Some(slot) => *slot = entry,
            None => {
                self.position.insert(entry.id.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// Removes a client's entry.
    pub fn remove(&mut self, id: &str) {
        self.entries.retain(|e| e.id != id);
        self.position = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }

    /// Entries matching `query` (case-insensitive substring of any key) and `keep`.
    pub fn search<'a>(
        &'a self,
        query: &str,
        keep: impl Fn(&IndexEntry) -> bool + 'a,
    ) -> impl Iterator<Item = &'a IndexEntry> + 'a {
        let q = query.trim().to_lowercase();
        self.entries
            .iter()
            .filter(move |e| e.matches(&q) && keep(e))
    }

    /// Number of clients indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_are_char_safe() {
        assert_eq!(tail("13800138000", 4), "8000");
        assert_eq!(tail("12", 4), "12");
        assert_eq!(tail("", 4), "");
        assert_eq!(tail("王小明", 2), "小明");
    }
}
