//! Bulk reads of sealed rows: SQLite reads on the calling thread while a second thread opens
//! what was read, batch by batch, so that reading and authenticated decryption overlap on two
//! cores instead of adding up. Values are opened in place (no second buffer per row).

use std::sync::mpsc;

use zeroize::Zeroizing;

use super::seal::{Place, SealError, Sealer};

/// Rows handed to the opening thread at a time.
const BATCH: usize = 2048;

/// Where the sealed values of a bulk read live (the row is the id, as text).
#[derive(Debug, Clone, Copy)]
pub struct BulkPlace<'a> {
    /// Table.
    pub table: &'a str,
    /// Column.
    pub column: &'a str,
    /// Key version.
    pub key_version: u32,
}

/// Reads `(id, sealed)` pairs from `rows` (on this thread) and opens each on a second thread,
/// calling `each(id, plaintext)` there in the rows' order. Stops at the first value that does
/// not open and returns that error, with the id.
///
/// # Errors
/// [`BulkError::Open`] with the first row that did not open; [`BulkError::Read`] with the
/// reader's error.
pub fn open_streaming<E, R, F>(
    sealer: &Sealer,
    at: BulkPlace<'_>,
    rows: R,
    each: F,
) -> Result<(), BulkError<E>>
where
    R: Iterator<Item = Result<(i64, Vec<u8>), E>>,
    F: FnMut(i64, &[u8]) + Send,
{
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::sync_channel::<Vec<(i64, Zeroizing<Vec<u8>>)>>(4);
        let opener = scope.spawn(move || {
            let mut each = each;
            let mut id_text = String::new();
            for mut batch in receive {
                for (id, sealed) in &mut batch {
                    id_text.clear();
                    use std::fmt::Write as _;
                    let _ = write!(id_text, "{id}");
                    let place = Place {
                        table: at.table,
                        column: at.column,
                        row: &id_text,
                        key_version: at.key_version,
                    };
                    sealer.open_in_place(&place, sealed).map_err(|e| (*id, e))?;
                    each(*id, sealed);
                }
            }
            Ok::<(), (i64, SealError)>(())
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut read_error = None;
        for row in rows {
            match row {
                Ok((id, sealed)) => batch.push((id, Zeroizing::new(sealed))),
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if send.send(full).is_err() {
                    break; // the opener stopped on an error; it is reported below
                }
            }
        }
        if !batch.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
        let opened = opener.join().unwrap_or(Err((0, SealError::Malformed)));
        if let Some(e) = read_error {
            return Err(BulkError::Read(e));
        }
        opened.map_err(|(id, e)| BulkError::Open { id, error: e })
    })
}

/// What stopped a bulk read.
#[derive(Debug)]
pub enum BulkError<E> {
    /// A value did not open.
    Open {
        /// Its row id.
        id: i64,
        /// Why.
        error: SealError,
    },
    /// The reader failed.
    Read(E),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::SecretKey;

    fn at() -> BulkPlace<'static> {
        BulkPlace {
            table: "t",
            column: "data",
            key_version: 1,
        }
    }

    fn sealed_rows(s: &Sealer, n: i64) -> Vec<(i64, Vec<u8>)> {
        (0..n)
            .map(|id| {
                let row = id.to_string();
                let place = Place {
                    table: "t",
                    column: "data",
                    row: &row,
                    key_version: 1,
                };
                (id, s.seal(&place, row.as_bytes()).unwrap())
            })
            .collect()
    }

    #[test]
    fn opens_every_row_in_order_across_batches() {
        let s = Sealer::new(&SecretKey::generate());
        let rows = sealed_rows(&s, 5000);
        let mut seen = Vec::new();
        open_streaming::<(), _, _>(&s, at(), rows.into_iter().map(Ok), |id, plain| {
            assert_eq!(plain, id.to_string().as_bytes());
            seen.push(id);
        })
        .unwrap();
        assert_eq!(seen, (0..5000).collect::<Vec<_>>());
    }

    #[test]
    fn stops_at_a_value_moved_to_another_row() {
        let s = Sealer::new(&SecretKey::generate());
        let mut rows = sealed_rows(&s, 3000);
        let moved = rows[2500].1.clone();
        rows[2501].1 = moved;
        let err =
            open_streaming::<(), _, _>(&s, at(), rows.into_iter().map(Ok), |_, _| {}).unwrap_err();
        assert!(matches!(
            err,
            BulkError::Open {
                id: 2501,
                error: SealError::Unauthentic
            }
        ));
    }

    #[test]
    fn a_reader_error_is_returned() {
        let s = Sealer::new(&SecretKey::generate());
        let rows = sealed_rows(&s, 10)
            .into_iter()
            .map(Ok)
            .chain(std::iter::once(Err("disk")));
        let err = open_streaming(&s, at(), rows, |_, _| {}).unwrap_err();
        assert!(matches!(err, BulkError::Read("disk")));
    }
}
