//! Directory inputs: the article files under a folder, depth first in sorted name order, so
//! that every run (on any file system) reads them in the same order. Listed lazily, one folder
//! at a time.

use std::collections::HashSet;
use std::path::PathBuf;

use super::{Format, Notice, io_reason};

pub struct Walk {
    /// Entries still to visit, one list per open folder, each sorted in reverse to pop.
    stack: Vec<Vec<PathBuf>>,
    /// Folders already walked (canonical paths), so a symbolic link loop ends.
    visited: HashSet<PathBuf>,
    /// A problem with the root itself, reported first.
    root_error: Option<Notice>,
}

impl Walk {
    pub fn new(root: PathBuf) -> Walk {
        let mut walk = Walk {
            stack: Vec::new(),
            visited: HashSet::new(),
            root_error: None,
        };
        walk.root_error = walk.enter(root).err();
        walk
    }

    fn enter(&mut self, dir: PathBuf) -> Result<(), Notice> {
        let unreadable = |err: std::io::Error| Notice::new(dir.display().to_string(), io_reason(&err));
        let canonical = dir.canonicalize().map_err(unreadable)?;
        if !self.visited.insert(canonical) {
            return Ok(());
        }
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            // Hidden entries are editors' and tools' files (.git, .DS_Store, .a.txt.swp).
            if !entry.file_name().to_string_lossy().starts_with('.') {
                entries.push(entry.path());
            }
        }
        entries.sort_unstable_by(|a, b| b.cmp(a));
        self.stack.push(entries);
        Ok(())
    }
}

impl Iterator for Walk {
    /// An article file, or a folder or file that could not be read.
    type Item = Result<PathBuf, Notice>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(notice) = self.root_error.take() {
            return Some(Err(notice));
        }
        loop {
            let path = match self.stack.last_mut()?.pop() {
                Some(path) => path,
                None => {
                    self.stack.pop();
                    continue;
                }
            };
            // Follows symbolic links, so a linked folder or file is read like any other.
            let metadata = match std::fs::metadata(&path) {
                Ok(metadata) => metadata,
                Err(err) => return Some(Err(Notice::new(path.display().to_string(), io_reason(&err)))),
            };
            if metadata.is_dir() {
                if let Err(notice) = self.enter(path) {
                    return Some(Err(notice));
                }
            } else if metadata.is_file() && Format::from_path(&path).is_some() {
                return Some(Ok(path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_depth_first_in_name_order_and_skips_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "b.txt",
            "a/z.jsonl",
            "a/y.csv",
            "c.md",
            "notes.pdf",
            ".hidden.txt",
            ".git/x.txt",
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let found: Vec<String> = Walk::new(root.to_path_buf())
            .map(|p| p.unwrap().strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(found, ["a/y.csv", "a/z.jsonl", "b.txt", "c.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_loop_ends() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        assert_eq!(Walk::new(dir.path().to_path_buf()).count(), 1);
    }
}
