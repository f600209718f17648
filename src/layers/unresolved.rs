//! `unresolved.csv`: the names that looked like places but matched nothing, most frequent
//! first — the list a user reads to extend the gazetteer with `--gazetteer-extra`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::aggregate::UnresolvedName;
use super::atomic::AtomicFile;
use super::geojson::writing;
use super::mentions_csv::write_csvt;

pub const HEADER: [&str; 5] = [
    "surface",
    "count",
    "article_count",
    "example_article_id",
    "example_sentence",
];

const TYPES: [&str; 5] = ["String", "Integer", "Integer", "String", "String"];

pub struct UnresolvedCsv {
    file: AtomicFile,
    path: PathBuf,
    csvt: AtomicFile,
}

impl UnresolvedCsv {
    pub fn create(dir: &Path) -> Result<Self> {
        let path = dir.join("unresolved.csv");
        Ok(UnresolvedCsv {
            file: AtomicFile::create(&path)?,
            csvt: write_csvt(&path, &TYPES)?,
            path,
        })
    }

    /// Writes the CSV; returns it and its `.csvt` sidecar.
    pub fn write_all(self, names: &[UnresolvedName]) -> Result<[AtomicFile; 2]> {
        let path = self.path;
        let mut writer = csv::Writer::from_writer(self.file);
        writer.write_record(HEADER).with_context(|| writing(&path))?;
        for n in names {
            let count = n.count.to_string();
            let article_count = n.article_count.to_string();
            writer
                .write_record([
                    n.surface.as_str(),
                    &count,
                    &article_count,
                    &n.example_article_id,
                    &n.example_sentence,
                ])
                .with_context(|| writing(&path))?;
        }
        let csv = writer
            .into_inner()
            .map_err(|err| err.into_error())
            .with_context(|| writing(&path))?;
        Ok([csv, self.csvt])
    }
}
