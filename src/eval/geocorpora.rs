//! GeoCorpora (Wallgrün et al. 2018) as converted by EUPEG: `eupeg_texts/N` and line N of
//! `GeoCorpora_gold.txt`. Tweets, not news. This gold file's `end` is **inclusive**; the loader
//! makes it exclusive. EUPEG's conversion keeps coordinates but not the GeoNames id.

use std::path::Path;

use anyhow::Result;

use super::lines::{End, eupeg_paths, load_texts_and_gold};
use super::{Corpus, CorpusKind};

/// Reads the corpus from its folder (holding `eupeg_texts/` and `GeoCorpora_gold.txt`) or its gold file.
pub fn load(path: &Path) -> Result<Corpus> {
    let (gold, texts) = eupeg_paths(path, "GeoCorpora_gold.txt", "eupeg_texts");
    load_texts_and_gold(CorpusKind::GeoCorpora, &texts, &gold, End::Inclusive)
}
