//! Bulk reads of sealed rows: SQLite reads on the calling thread while the other cores open
//! what was read, batch by batch (taken from one queue; the calling thread opens a batch
//! itself when they are behind), so that reading and authenticated decryption overlap on
//! both cores instead of adding up. Values are opened in place (no second buffer per row),
//! and handed to the caller in the rows' order: a batch opened out of turn is parked, and
//! whoever opens the batch that is next hands over every parked one that follows, so no
//! thread waits for its turn.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use zeroize::{Zeroize, Zeroizing};

use super::seal::{Place, SealError, Sealer};

/// Rows handed to an opening thread at a time (fewer when their bytes reach [`BATCH_BYTES`]).
const BATCH: usize = 1024;

/// Bytes of sealed values per batch, at most (one value may exceed it alone).
const BATCH_BYTES: usize = 256 * 1024;

/// Threads that open batches besides the reading thread: one per core but the reader's (at
/// most three). The reading thread opens a batch itself when they are all behind. Opening a
/// value (AES-256-GCM with its associated data) costs about as much as or more than SQLite
/// takes to hand out its row.
fn openers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .clamp(1, 3)
}

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

/// Rows read together: their values copied one after another into one buffer (no
/// allocation per row), opened there in place, wiped before the buffer is used again.
struct Batch {
    /// Position in reading order.
    seq: usize,
    ids: Vec<i64>,
    /// Where each row's value lies in `bytes`.
    spans: Vec<Range<usize>>,
    bytes: Zeroizing<Vec<u8>>,
    /// Once opened: how many values opened before the first that did not, and that one.
    opened: usize,
    error: Option<(i64, SealError)>,
}

impl Batch {
    fn new() -> Self {
        Self {
            seq: 0,
            ids: Vec::with_capacity(BATCH),
            spans: Vec::with_capacity(BATCH),
            bytes: Zeroizing::new(Vec::with_capacity(BATCH_BYTES)),
            opened: 0,
            error: None,
        }
    }

    fn push(&mut self, id: i64, sealed: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(sealed);
        self.ids.push(id);
        self.spans.push(start..self.bytes.len());
    }

    fn is_full(&self) -> bool {
        self.ids.len() >= BATCH || self.bytes.len() >= BATCH_BYTES
    }

    /// Wipes the values and empties the batch for reuse. Only the bytes in use are wiped:
    /// plaintext only ever lies there (it is opened in place), and the spare capacity held
    /// only sealed bytes, if any, when the buffer grew. (`Vec::zeroize` also wipes the spare
    /// capacity, a byte at a time: that was 6% of a bulk read's time.)
    fn wipe(&mut self) {
        self.bytes.as_mut_slice().zeroize();
        self.bytes.clear();
        self.ids.clear();
        self.spans.clear();
        self.opened = 0;
        self.error = None;
    }

    /// Opens every value in place, replacing each span by its plaintext's. Returns how many
    /// opened before the first that did not, with that row's error.
    fn open(&mut self, sealer: &Sealer, at: BulkPlace<'_>) -> (usize, Option<(i64, SealError)>) {
        let mut id_text = itoa::Buffer::new();
        for (n, (id, span)) in self.ids.iter().zip(self.spans.iter_mut()).enumerate() {
            let place = Place {
                table: at.table,
                column: at.column,
                row: id_text.format(*id),
                key_version: at.key_version,
            };
            let opened = match self.bytes.get_mut(span.clone()) {
                Some(sealed) => sealer.open_slice_in_place(&place, sealed),
                None => Err(SealError::Malformed),
            };
            match opened {
                Ok(plain) => *span = span.start + plain.start..span.start + plain.end,
                Err(e) => return (n, Some((*id, e))),
            }
        }
        (self.ids.len(), None)
    }
}

/// Where a bulk read's reader gives each row: `(id, sealed value)`; `false` means stop.
pub type Sink<'s> = dyn FnMut(i64, &[u8]) -> bool + 's;

/// Opened batches waiting to be handed to the caller's callback in reading order, and the
/// callback. A thread that opens a batch out of turn parks it here and goes back to work;
/// whoever opens the batch that is next hands it over, and every parked one that follows.
/// (Waiting for one's turn instead left a core idle about a quarter of the time.)
struct Turn<F> {
    /// Number of the next batch to hand over.
    next: usize,
    /// Opened batches that are not next yet, by number.
    parked: std::collections::BTreeMap<usize, Batch>,
    /// The first value that did not open, in reading order; set once, then everyone stops.
    failed: Option<(i64, SealError)>,
    each: F,
}

/// Reads sealed rows with `read` (on this thread) and opens them on the other cores' threads
/// (and on this one when those are behind), calling `each(id, plaintext)` in the rows'
/// order, one call at a time. `read` gives each `(id, sealed value)` to the sink it is
/// passed, and stops when the sink returns `false`
/// ([`sqlite_rows`] reads a statement this way). Stops at the first value that does not open
/// and returns that error, with the id; every row before it has been handed to `each`, none
/// after it.
///
/// # Errors
/// [`BulkError::Open`] with the first row that did not open; [`BulkError::Read`] with the
/// reader's error.
pub fn open_streaming<E, R, F>(
    sealer: &Sealer,
    at: BulkPlace<'_>,
    read: R,
    each: F,
) -> Result<(), BulkError<E>>
where
    R: FnOnce(&mut Sink<'_>) -> Result<(), E>,
    F: FnMut(i64, &[u8]) + Send,
{
    let turn = Mutex::new(Turn {
        next: 0,
        parked: std::collections::BTreeMap::new(),
        failed: None,
        each,
    });
    // Set when a value did not open: the reader stops, openers only wipe what is left.
    let stop = AtomicBool::new(false);
    // One queue both openers take from, so that neither waits while the other is behind.
    let (send, receive) = mpsc::sync_channel::<Batch>(2);
    let queue = Mutex::new(receive);
    let (give_back, spares) = mpsc::channel::<Batch>();
    // Opens a batch and parks it; hands over every batch whose turn has come. Returns the
    // batches handed over (or not needed any more), wiped, for reuse.
    let process = |mut batch: Batch| -> Vec<Batch> {
        if stop.load(Ordering::Relaxed) {
            batch.wipe();
            return vec![batch];
        }
        (batch.opened, batch.error) = batch.open(sealer, at);
        let Ok(mut t) = turn.lock() else {
            stop.store(true, Ordering::Relaxed);
            batch.wipe();
            return vec![batch];
        };
        t.parked.insert(batch.seq, batch);
        let mut done = Vec::new();
        while t.failed.is_none() {
            let next = t.next;
            let Some(ready) = t.parked.remove(&next) else {
                break;
            };
            for (id, span) in ready.ids.iter().zip(&ready.spans).take(ready.opened) {
                (t.each)(*id, ready.bytes.get(span.clone()).unwrap_or_default());
            }
            t.failed = ready.error;
            t.next += 1;
            done.push(ready);
        }
        if t.failed.is_some() {
            stop.store(true, Ordering::Relaxed);
            // Nothing after the first failure is handed over: wipe what is parked.
            done.extend(std::mem::take(&mut t.parked).into_values());
        }
        drop(t);
        for b in &mut done {
            b.wipe();
        }
        done
    };
    let opener = |give_back: mpsc::Sender<Batch>| loop {
        let next = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        let Ok(batch) = next else { return }; // the reader is done
        for spare in process(batch) {
            let _ = give_back.send(spare);
        }
    };
    let read_result = std::thread::scope(|scope| {
        for _ in 0..openers() {
            let give_back = give_back.clone();
            scope.spawn(move || opener(give_back));
        }
        let mut seq = 0usize;
        let mut batch = Batch::new();
        // Hands a full batch to the openers; when they are all busy and the queue is full,
        // opens it on this thread instead of waiting (no core stands idle).
        let mut hand_over = |batch: &mut Batch| {
            let mut next = spares.try_recv().unwrap_or_else(|_| Batch::new());
            std::mem::swap(batch, &mut next);
            next.seq = seq;
            seq += 1;
            match send.try_send(next) {
                Ok(()) => {}
                Err(mpsc::TrySendError::Full(mine)) => {
                    for spare in process(mine) {
                        let _ = give_back.send(spare);
                    }
                }
                Err(mpsc::TrySendError::Disconnected(_)) => stop.store(true, Ordering::Relaxed),
            }
        };
        let result = read(&mut |id, sealed| {
            if stop.load(Ordering::Relaxed) {
                return false;
            }
            batch.push(id, sealed);
            if batch.is_full() {
                hand_over(&mut batch);
            }
            true
        });
        if !batch.ids.is_empty() && !stop.load(Ordering::Relaxed) {
            hand_over(&mut batch);
        }
        drop(send); // closes the queue: the openers finish what is in it and return
                    // The reader helps empty the queue instead of waiting for the openers.
        opener(give_back.clone());
        result
    });
    let failed = turn.into_inner().map_or(None, |t| t.failed);
    read_result.map_err(BulkError::Read)?;
    match failed {
        Some((id, error)) => Err(BulkError::Open { id, error }),
        None => Ok(()),
    }
}

/// A reader for [`open_streaming`] over a prepared statement whose rows are `(id, sealed
/// blob)`: SQLite's bytes are copied straight into the batch, without a buffer per row.
pub fn sqlite_rows<'a, 'c: 'a, P: rusqlite::Params + 'a>(
    stmt: &'a mut rusqlite::Statement<'c>,
    params: P,
) -> impl FnOnce(&mut Sink<'_>) -> rusqlite::Result<()> + use<'a, 'c, P> {
    move |sink| {
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let value = row.get_ref(1)?;
            let sealed = value.as_blob().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(1, value.data_type(), Box::new(e))
            })?;
            if !sink(id, sealed) {
                break;
            }
        }
        Ok(())
    }
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

    /// A reader over rows held in memory; `Err(())` after `fail_after` rows when given.
    fn reader(
        rows: Vec<(i64, Vec<u8>)>,
        fail_after: Option<usize>,
    ) -> impl FnOnce(&mut Sink<'_>) -> Result<(), &'static str> {
        move |sink| {
            for (n, (id, sealed)) in rows.iter().enumerate() {
                if fail_after == Some(n) {
                    return Err("disk");
                }
                if !sink(*id, sealed) {
                    break;
                }
            }
            Ok(())
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
        open_streaming(&s, at(), reader(rows, None), |id, plain| {
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
        let err = open_streaming(&s, at(), reader(rows, None), |_, _| {}).unwrap_err();
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
        let rows = sealed_rows(&s, 3000);
        let mut seen = 0;
        let err = open_streaming(&s, at(), reader(rows, Some(2500)), |_, _| seen += 1).unwrap_err();
        assert!(matches!(err, BulkError::Read("disk")));
        assert!(seen <= 2500);
    }

    #[test]
    fn rows_before_a_bad_value_are_delivered_and_none_after() {
        let s = Sealer::new(&SecretKey::generate());
        for bad in [0usize, 1023, 1024, 2047, 4500, 9999] {
            let mut rows = sealed_rows(&s, 10_000);
            rows[bad].1[20] ^= 1;
            let mut seen = Vec::new();
            let err =
                open_streaming(&s, at(), reader(rows, None), |id, _| seen.push(id)).unwrap_err();
            let bad_id = i64::try_from(bad).unwrap();
            assert!(matches!(
                err,
                BulkError::Open {
                    id,
                    error: SealError::Unauthentic
                } if id == bad_id
            ));
            assert_eq!(seen, (0..bad_id).collect::<Vec<_>>(), "bad row {bad}");
        }
    }

    #[test]
    fn reads_a_sqlite_statement() {
        let s = Sealer::new(&SecretKey::generate());
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
            .unwrap();
        for (id, sealed) in sealed_rows(&s, 2500) {
            conn.execute(
                "INSERT INTO t VALUES (?1, ?2)",
                rusqlite::params![id, sealed],
            )
            .unwrap();
        }
        let mut stmt = conn
            .prepare("SELECT id, data FROM t WHERE id >= ?1 ORDER BY id")
            .unwrap();
        let mut seen = Vec::new();
        open_streaming(&s, at(), sqlite_rows(&mut stmt, [100]), |id, plain| {
            assert_eq!(plain, id.to_string().as_bytes());
            seen.push(id);
        })
        .unwrap();
        assert_eq!(seen, (100..2500).collect::<Vec<_>>());
        // A value that is not a blob is a read error, not a panic.
        conn.execute("INSERT INTO t VALUES (5000, 'text')", [])
            .unwrap();
        let mut stmt = conn
            .prepare("SELECT id, data FROM t WHERE id = 5000")
            .unwrap();
        let err = open_streaming(&s, at(), sqlite_rows(&mut stmt, []), |_, _| {}).unwrap_err();
        assert!(matches!(err, BulkError::Read(_)));
    }

    #[test]
    fn no_rows_and_one_row() {
        let s = Sealer::new(&SecretKey::generate());
        let mut calls = 0;
        open_streaming(&s, at(), reader(Vec::new(), None), |_, _| calls += 1).unwrap();
        assert_eq!(calls, 0);
        let rows = sealed_rows(&s, 1);
        open_streaming(&s, at(), reader(rows, None), |_, p| {
            assert_eq!(p, b"0");
            calls += 1;
        })
        .unwrap();
        assert_eq!(calls, 1);
    }
}
