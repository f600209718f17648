//! WikToR (Gritta et al. 2017) as converted by EUPEG: `texts/N` and line N of `WikToR_gold.txt`
//! (`name,,surface,,lat,,lon,,start,,end`, end exclusive). Wikipedia articles, not news; only the
//! page's own subject is annotated, so precision against it means little.

use std::path::Path;

use anyhow::Result;

use super::lines::{End, eupeg_paths, load_texts_and_gold};
use super::{Corpus, CorpusKind};

/// Reads the corpus from its folder (holding `texts/` and `WikToR_gold.txt`) or its gold file.
pub fn load(path: &Path) -> Result<Corpus> {
    let (gold, texts) = eupeg_paths(path, "WikToR_gold.txt", "texts");
    load_texts_and_gold(CorpusKind::WikToR, &texts, &gold, End::Exclusive)
}
