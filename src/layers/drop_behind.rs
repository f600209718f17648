//! A file written front to back whose pages leave the page cache once they are on disk.
//!
//! A run over a large corpus writes several times its input in layers. Left to the kernel, all
//! of it sits dirty in the page cache until the final sync: memory grows by gigabytes, each new
//! page costs the kernel more than the copy into it, and the sync at the end waits for
//! everything at once. Writing behind a window instead (start writing the window just filled,
//! wait for the one before and drop it from the cache) keeps a few windows in memory, lets the
//! disk work while geoparsing goes on, and leaves the final sync little to do.

use std::fs::File;
use std::io::{self, Write};

/// Bytes per window: large enough that the calls are rare, small enough that two windows are
/// a small part of the memory budget.
const WINDOW: u64 = 8 << 20;

/// A [`File`] that writes back and evicts each full window behind the one being written.
pub struct DropBehind {
    file: File,
    written: u64,
    /// Where the window being filled starts.
    window: u64,
}

impl DropBehind {
    pub fn new(file: File) -> Self {
        DropBehind {
            file,
            written: 0,
            window: 0,
        }
    }

    pub fn get_ref(&self) -> &File {
        &self.file
    }

    /// For each window filled since the last call: start writing it, and wait for the previous
    /// one to be written, then drop it from the cache.
    fn write_behind(&mut self) {
        while self.written - self.window >= WINDOW {
            start_writing(&self.file, self.window, WINDOW);
            if self.window >= WINDOW {
                let previous = self.window - WINDOW;
                wait_until_written(&self.file, previous, WINDOW);
                forget(&self.file, previous, WINDOW);
            }
            self.window += WINDOW;
        }
    }
}

impl Write for DropBehind {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        self.write_behind();
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

// The calls below are hints: a file system that ignores them (or an OS without them) only
// loses the saving, never data, since the file is still synced before it is renamed.

#[cfg(target_os = "linux")]
fn start_writing(file: &File, offset: u64, len: u64) {
    sync_range(file, offset, len, libc::SYNC_FILE_RANGE_WRITE);
}

#[cfg(target_os = "linux")]
fn wait_until_written(file: &File, offset: u64, len: u64) {
    let flags = libc::SYNC_FILE_RANGE_WAIT_BEFORE | libc::SYNC_FILE_RANGE_WRITE | libc::SYNC_FILE_RANGE_WAIT_AFTER;
    sync_range(file, offset, len, flags);
}

#[cfg(target_os = "linux")]
fn sync_range(file: &File, offset: u64, len: u64, flags: libc::c_uint) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for as long as `file` is borrowed; the call reads no memory.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset as libc::off64_t, len as libc::off64_t, flags);
    }
}

#[cfg(target_os = "linux")]
fn forget(file: &File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    // SAFETY: as in `sync_range`.
    unsafe {
        libc::posix_fadvise(
            file.as_raw_fd(),
            offset as libc::off64_t,
            len as libc::off64_t,
            libc::POSIX_FADV_DONTNEED,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writing(_: &File, _: u64, _: u64) {}

#[cfg(not(target_os = "linux"))]
fn wait_until_written(_: &File, _: u64, _: u64) {}

#[cfg(not(target_os = "linux"))]
fn forget(_: &File, _: u64, _: u64) {}

#[cfg(test)]
mod tests {
    use std::io::{BufWriter, Read};

    use super::*;

    #[test]
    fn a_file_written_behind_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let mut out = BufWriter::new(DropBehind::new(File::create(&path).unwrap()));
        // Three and a half windows, in writes that straddle the window boundaries.
        let chunk: Vec<u8> = (0..1_000_003u32).map(|i| (i % 251) as u8).collect();
        let mut expected = Vec::new();
        while (expected.len() as u64) < 3 * WINDOW + WINDOW / 2 {
            out.write_all(&chunk).unwrap();
            expected.extend_from_slice(&chunk);
        }
        out.flush().unwrap();
        let windows_behind = out.get_ref().window / WINDOW;
        assert_eq!(windows_behind, 3, "every full window was written behind");
        drop(out);
        let mut back = Vec::new();
        File::open(&path).unwrap().read_to_end(&mut back).unwrap();
        assert!(
            back == expected,
            "{} bytes read back, {} written",
            back.len(),
            expected.len()
        );
    }
}
