//! Files that appear whole or not at all: written to a temporary sibling, renamed on commit.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::drop_behind::DropBehind;

/// A buffered file written beside its destination and renamed over it by [`AtomicFile::commit`],
/// its pages written behind as it grows (see [`DropBehind`]).
/// Dropping it uncommitted removes the temporary file, so a failed run leaves no partial output.
pub struct AtomicFile {
    writer: Option<BufWriter<DropBehind>>,
    temp: PathBuf,
    dest: PathBuf,
    synced: bool,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<Self> {
        // Found now rather than at the rename, when other files may already be in place.
        if dest.is_dir() {
            bail!("cannot write {}: a folder of that name is in the way", dest.display());
        }
        let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("output");
        let temp = dest.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&temp).with_context(|| format!("cannot write {}", dest.display()))?;
        Ok(Self {
            writer: Some(BufWriter::with_capacity(1 << 16, DropBehind::new(file))),
            temp,
            dest: dest.to_path_buf(),
            synced: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Flushes the file and waits for it to reach the disk, so that the rename in
    /// [`AtomicFile::commit`] cannot put a partial file in place even if the machine stops.
    /// The wait is for the disk, not the CPU: other work can go on meanwhile, on another thread.
    pub fn sync(&mut self) -> Result<()> {
        if self.synced {
            return Ok(());
        }
        let writer = self.writer.as_mut().expect("AtomicFile used after commit");
        writer
            .flush()
            .with_context(|| format!("writing {}", self.dest.display()))?;
        // A file system that cannot sync still gets the rename: the file is complete.
        writer.get_ref().get_ref().sync_all().ok();
        self.synced = true;
        Ok(())
    }

    /// Syncs the file if that is not done yet (see [`AtomicFile::sync`]) and renames it into
    /// place.
    pub fn commit(mut self) -> Result<()> {
        self.sync()?;
        self.writer.take().expect("AtomicFile committed twice");
        std::fs::rename(&self.temp, &self.dest)
            .with_context(|| format!("renaming {} to {}", self.temp.display(), self.dest.display()))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.synced = false;
        self.writer.as_mut().expect("AtomicFile used after commit").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().expect("AtomicFile used after commit").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("a.txt");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"hello").unwrap();
        assert!(!dest.exists(), "nothing visible before commit");
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "hello");

        let synced_early = dir.path().join("s.txt");
        let mut s = AtomicFile::create(&synced_early).unwrap();
        s.write_all(b"first").unwrap();
        s.sync().unwrap();
        assert!(!synced_early.exists(), "a synced file is still not in place");
        s.write_all(b", then more").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&synced_early).unwrap(), "first, then more");

        let other = dir.path().join("b.txt");
        let mut g = AtomicFile::create(&other).unwrap();
        g.write_all(b"partial").unwrap();
        drop(g);
        assert!(!other.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "temp file removed");
    }
}
