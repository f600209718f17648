//! Lists of JSON values that may outgrow memory: the places layer's citations and article ids,
//! which grow with the corpus. Values are gathered in memory up to a budget, then moved to a
//! temporary file beside the outputs in one segment per list, so memory stays flat however
//! many articles a run reads, and each list is read back in order with few reads.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Bytes held in memory before they go to the spool file.
pub const DEFAULT_BUDGET: usize = 32 << 20;

/// A list's handle in a [`Spool`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListId(u32);

#[derive(Debug, Default)]
struct List {
    /// Values not yet spilled, comma-separated.
    pending: Vec<u8>,
    /// Spilled runs of values, oldest first: (offset, length) in the spool file.
    segments: Vec<(u64, u64)>,
    len: u64,
}

/// Append-only JSON lists, spilled to `dir` when they outgrow the budget.
pub struct Spool {
    lists: Vec<List>,
    pending_bytes: usize,
    budget: usize,
    dir: PathBuf,
    file: Option<SpoolFile>,
}

/// The temporary file, removed when the spool is dropped.
struct SpoolFile {
    file: File,
    path: PathBuf,
    len: u64,
}

impl Drop for SpoolFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Spool {
    pub fn new(dir: &Path, budget: usize) -> Spool {
        Spool {
            lists: Vec::new(),
            pending_bytes: 0,
            budget,
            dir: dir.to_path_buf(),
            file: None,
        }
    }

    pub fn new_list(&mut self) -> ListId {
        self.lists.push(List::default());
        ListId((self.lists.len() - 1) as u32)
    }

    /// Appends one JSON value to a list.
    pub fn push(&mut self, list: ListId, json: &[u8]) -> io::Result<()> {
        let l = &mut self.lists[list.0 as usize];
        if l.len > 0 {
            l.pending.push(b',');
            self.pending_bytes += 1;
        }
        l.pending.extend_from_slice(json);
        l.len += 1;
        self.pending_bytes += json.len();
        if self.pending_bytes > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// How many values a list holds.
    pub fn len(&self, list: ListId) -> u64 {
        self.lists[list.0 as usize].len
    }

    /// Writes a list's values, comma-separated, in the order they were pushed.
    pub fn copy_to(&mut self, list: ListId, out: &mut impl Write) -> io::Result<()> {
        let l = &self.lists[list.0 as usize];
        if let Some(spool) = &mut self.file {
            for (k, &(offset, len)) in l.segments.iter().enumerate() {
                if k > 0 {
                    out.write_all(b",")?;
                }
                spool.file.seek(SeekFrom::Start(offset))?;
                let copied = io::copy(&mut (&spool.file).take(len), out)?;
                if copied != len {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the spool file was cut short",
                    ));
                }
            }
        }
        // Values pushed after a spill start with the comma that follows the spilled ones.
        let pending = l.pending.strip_prefix(b",").unwrap_or(&l.pending);
        if !l.segments.is_empty() && !pending.is_empty() {
            out.write_all(b",")?;
        }
        out.write_all(pending)
    }

    /// Moves every list's pending values to the end of the spool file.
    fn spill(&mut self) -> io::Result<()> {
        if self.file.is_none() {
            self.file = Some(self.create_file()?);
        }
        let spool = self.file.as_mut().expect("created above");
        // Reading a list back moves the file position; new segments always go at the end.
        spool.file.seek(SeekFrom::Start(spool.len))?;
        let mut out = io::BufWriter::with_capacity(1 << 20, &spool.file);
        for l in self.lists.iter_mut().filter(|l| !l.pending.is_empty()) {
            // A segment holds whole values: the comma before the next one is written on reading.
            let bytes = l.pending.strip_prefix(b",").unwrap_or(&l.pending);
            out.write_all(bytes)?;
            l.segments.push((spool.len, bytes.len() as u64));
            spool.len += bytes.len() as u64;
            l.pending = Vec::new();
        }
        out.flush()?;
        self.pending_bytes = 0;
        Ok(())
    }

    fn create_file(&self) -> io::Result<SpoolFile> {
        let path = self.dir.join(format!(".geocite-spool.{}.tmp", std::process::id()));
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        Ok(SpoolFile { file, path, len: 0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(spool: &mut Spool, list: ListId) -> String {
        let mut out = Vec::new();
        spool.copy_to(list, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lists_read_back_in_order_whether_spilled_or_not() {
        let dir = tempfile::tempdir().unwrap();
        // Spilled at every value, every few values (some left in memory at the end), or never.
        for budget in [0, 7, 40, 1 << 20] {
            let mut spool = Spool::new(dir.path(), budget);
            let (a, b, empty) = (spool.new_list(), spool.new_list(), spool.new_list());
            let mut expected_a = Vec::new();
            for k in 0..50 {
                let value = format!("{{\"k\":{k}}}");
                spool.push(a, value.as_bytes()).unwrap();
                expected_a.push(value);
                if k % 3 == 0 {
                    spool.push(b, format!("\"{k}\"").as_bytes()).unwrap();
                }
            }
            let expected_b: Vec<String> = (0..50).step_by(3).map(|k| format!("\"{k}\"")).collect();
            assert_eq!(read(&mut spool, a), expected_a.join(","), "budget {budget}");
            assert_eq!(read(&mut spool, b), expected_b.join(","), "budget {budget}");
            assert_eq!(read(&mut spool, empty), "");
            assert_eq!((spool.len(a), spool.len(b)), (50, 17));
            let parsed: serde_json::Value = serde_json::from_str(&format!("[{}]", read(&mut spool, a))).unwrap();
            assert_eq!(parsed.as_array().unwrap().len(), 50);
        }
    }

    #[test]
    fn the_spool_file_is_removed_when_done() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path(), 0);
        let list = spool.new_list();
        spool.push(list, b"1").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "spilled to a file");
        drop(spool);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
