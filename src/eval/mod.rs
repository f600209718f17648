//! Evaluation: read annotated corpora, run geocite (or read another system's output) over them,
//! and score the result.
//!
//! One loader per corpus format ([`gwn`], [`lgl`], [`geovirus`], [`wiktor`], [`geocorpora`]); they all
//! produce a [`Corpus`] whose gold spans are 0-based code-point offsets with an exclusive end,
//! whatever quirk the file has. [`predict`] turns pipeline output (or a peer's output file) into
//! [`predict::Prediction`]s, [`metrics`] holds the formulas, and [`report`] aggregates them into
//! the numbers `geocite eval` prints.

pub mod geocorpora;
pub mod geovirus;
pub mod gwn;
pub mod lgl;
pub mod lines;
pub mod metrics;
pub mod predict;
pub mod report;
pub mod text;
pub mod wiktor;
mod xml;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use anyhow::Result;
use serde::Serialize;

pub use metrics::LatLon;

/// One annotated toponym.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldToponym {
    /// Code-point offsets into the document text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The text at `start..end`.
    pub surface: String,
    pub geonameid: Option<u32>,
    /// Without coordinates a toponym counts for recognition only.
    pub coords: Option<LatLon>,
    /// The annotation class ("Literal", "Metonymic", …); corpora without classes use "toponym".
    pub kind: String,
    /// The place the annotators meant, as they named it, for error listings.
    pub name: Option<String>,
}

/// One annotated document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    /// The toponyms a geoparser should find.
    pub gold: Vec<GoldToponym>,
    /// Annotated spans that are not gold (GeoWebNews demonyms, languages, homonyms, non-toponyms):
    /// kept so reports can say which of our spurious mentions fell on them.
    pub not_gold: Vec<GoldToponym>,
}

/// A whole corpus, in file order (the order the line-per-document formats follow).
#[derive(Debug, Clone)]
pub struct Corpus {
    pub kind: CorpusKind,
    pub documents: Vec<Document>,
    /// What the loader had to repair or skip, one line each, naming file and line.
    pub notes: Vec<String>,
}

impl Corpus {
    pub fn gold_count(&self) -> usize {
        self.documents.iter().map(|d| d.gold.len()).sum()
    }

    pub fn gold_with_coords(&self) -> usize {
        self.gold().filter(|g| g.coords.is_some()).count()
    }

    pub fn gold_with_geonameid(&self) -> usize {
        self.gold().filter(|g| g.geonameid.is_some()).count()
    }

    fn gold(&self) -> impl Iterator<Item = &GoldToponym> {
        self.documents.iter().flat_map(|d| &d.gold)
    }

    /// Keeps only the first `n` documents (quick runs).
    pub fn truncate(&mut self, n: usize) {
        self.documents.truncate(n);
    }
}

/// The corpus formats `geocite eval` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CorpusKind {
    /// GeoWebNews `GWN.xml`.
    Gwn,
    /// LGL `lgl.xml`, or any corpus in its TR-style XML schema.
    Lgl,
    /// GeoVirus `GeoVirus.xml`.
    GeoVirus,
    /// WikToR as converted by EUPEG: `texts/N` and `WikToR_gold.txt`.
    WikToR,
    /// GeoCorpora as converted by EUPEG: `eupeg_texts/N` and `GeoCorpora_gold.txt`.
    GeoCorpora,
}

impl CorpusKind {
    pub const ALL: [CorpusKind; 5] = [
        CorpusKind::Gwn,
        CorpusKind::Lgl,
        CorpusKind::GeoVirus,
        CorpusKind::WikToR,
        CorpusKind::GeoCorpora,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            CorpusKind::Gwn => "gwn",
            CorpusKind::Lgl => "lgl",
            CorpusKind::GeoVirus => "geovirus",
            CorpusKind::WikToR => "wiktor",
            CorpusKind::GeoCorpora => "geocorpora",
        }
    }

    /// The name used in papers and tables.
    pub fn title(self) -> &'static str {
        match self {
            CorpusKind::Gwn => "GeoWebNews",
            CorpusKind::Lgl => "LGL",
            CorpusKind::GeoVirus => "GeoVirus",
            CorpusKind::WikToR => "WikToR",
            CorpusKind::GeoCorpora => "GeoCorpora",
        }
    }
}

impl fmt::Display for CorpusKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CorpusKind {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self> {
        CorpusKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                anyhow::anyhow!("unknown corpus {s:?}; expected one of gwn, lgl, geovirus, wiktor, geocorpora")
            })
    }
}

/// Reads a corpus of the given kind from a file (XML corpora) or folder (EUPEG conversions).
pub fn load(kind: CorpusKind, path: &Path) -> Result<Corpus> {
    match kind {
        CorpusKind::Gwn => gwn::load(path),
        CorpusKind::Lgl => lgl::load(path),
        CorpusKind::GeoVirus => geovirus::load(path),
        CorpusKind::WikToR => wiktor::load(path),
        CorpusKind::GeoCorpora => geocorpora::load(path),
    }
}

/// Where the shared evaluation data lives for tests: `$GEOCITE_EVAL_DATA`, else
/// `../shared/data/eval` beside the repository. None when absent (tests then skip).
pub fn shared_eval_dir() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("GEOCITE_EVAL_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/eval"));
    dir.is_dir().then_some(dir)
}

/// Test helper: a path inside the shared evaluation data, or None after saying plainly that the
/// test is skipped. Written straight to stderr so the message shows even when output is captured.
#[cfg(test)]
pub(crate) fn shared_or_skip(relative: &str) -> Option<std::path::PathBuf> {
    use std::io::Write as _;
    let path = shared_eval_dir().map(|d| d.join(relative)).filter(|p| p.exists());
    if path.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {relative} not found under ../shared/data/eval (set GEOCITE_EVAL_DATA to the folder to run this test)"
        );
    }
    path
}

#[cfg(test)]
mod shared_data_tests {
    //! Counts from `../shared/data/eval/README.md`, checked against what the loaders read.
    use super::*;

    fn load_shared(kind: CorpusKind, relative: &str) -> Option<Corpus> {
        let path = shared_or_skip(relative)?;
        Some(load(kind, &path).unwrap())
    }

    fn count_kinds(corpus: &Corpus, kinds: &[&str]) -> usize {
        corpus
            .documents
            .iter()
            .flat_map(|d| d.gold.iter().chain(&d.not_gold))
            .filter(|t| kinds.contains(&t.kind.as_str()))
            .count()
    }

    #[test]
    fn geowebnews_counts_match_the_readme() {
        let Some(corpus) = load_shared(CorpusKind::Gwn, "geowebnews/GWN.xml") else {
            return;
        };
        assert_eq!(corpus.documents.len(), 200);
        // 6,612 annotated spans; 6,607 have valid offsets. The 5 broken ones (articles 123 and
        // 255, negative offsets pointing into the title) are skipped with a note each.
        let loaded: usize = corpus.documents.iter().map(|d| d.gold.len() + d.not_gold.len()).sum();
        assert_eq!(loaded, 6_607);
        assert_eq!(corpus.notes.len(), 5, "{:#?}", corpus.notes);
        // 2,720 toponyms (all but the two expression classes and Non_Toponym), 2 of them skipped.
        let expressions = count_kinds(&corpus, &["Literal_Expression", "Non_Lit_Expression", "Non_Toponym"]);
        assert_eq!(loaded - expressions + 2, 2_720);
        // Gold: the eight toponym classes, 2,610 annotated, 2 skipped (both "Non_Literal_Modifier").
        assert_eq!(corpus.gold_count() + 2, 2_610);
        assert_eq!(count_kinds(&corpus, &gwn::GOLD_TYPES), corpus.gold_count());
        // 2,601 have lat/lon and 2,401 a GeoNames id; the 2 skipped had both.
        assert_eq!(corpus.gold_with_coords() + 2, 2_601);
        assert_eq!(corpus.gold_with_geonameid() + 2, 2_401);
    }

    #[test]
    fn lgl_counts_match_the_readme() {
        let Some(corpus) = load_shared(CorpusKind::Lgl, "lgl/lgl.xml") else {
            return;
        };
        assert_eq!(corpus.documents.len(), 588);
        assert_eq!(corpus.gold_count(), 5_088);
        assert_eq!(corpus.gold_with_coords(), 4_462);
        assert_eq!(corpus.gold_with_geonameid(), 4_462);
        assert!(corpus.notes.is_empty(), "{:#?}", corpus.notes);
    }

    #[test]
    fn geovirus_counts_match_the_readme() {
        let Some(corpus) = load_shared(CorpusKind::GeoVirus, "geovirus/GeoVirus.xml") else {
            return;
        };
        assert_eq!(corpus.documents.len(), 229);
        assert_eq!(corpus.gold_count(), 2_167);
        assert_eq!(corpus.gold_with_coords(), 2_167);
        // Every offset matched after the -1 shift: nothing re-anchored.
        assert!(corpus.notes.is_empty(), "{:#?}", corpus.notes);
    }

    #[test]
    fn wiktor_counts_match_the_readme() {
        let Some(corpus) = load_shared(CorpusKind::WikToR, "wiktor") else {
            return;
        };
        assert_eq!(corpus.documents.len(), 5_000);
        assert_eq!(corpus.gold_count(), 25_242);
        assert_eq!(corpus.gold_with_coords(), 25_242);
        assert!(
            corpus.notes.is_empty(),
            "{:#?}",
            &corpus.notes[..corpus.notes.len().min(5)]
        );
    }

    #[test]
    fn geocorpora_counts_match_the_readme() {
        let Some(corpus) = load_shared(CorpusKind::GeoCorpora, "geocorpora") else {
            return;
        };
        assert_eq!(corpus.documents.len(), 1_639);
        assert_eq!(corpus.gold_count(), 2_394);
        // Four records carry "null" or empty coordinates (recognition only).
        assert_eq!(corpus.gold_with_coords(), 2_390);
        // With the inclusive ends made exclusive, every surface is where the file says, give or
        // take case and mis-decoded UTF-8, except 11 spans in tweets with emoji, which EUPEG
        // counted in UTF-16 units: re-anchored one to three characters earlier.
        assert_eq!(corpus.notes.len(), 11, "{:#?}", corpus.notes);
        assert!(
            corpus.notes.iter().all(|n| n.contains("re-anchored")),
            "{:#?}",
            corpus.notes
        );
    }
}
