//! The whole path for one article: recognise, resolve, cite.

use std::path::PathBuf;

use anyhow::Result;

use crate::cite::{ArticleResult, cite};
use crate::gazetteer::Gazetteer;
use crate::gazetteer::extra::{read_exclusions, read_extra_places};
use crate::ingest::Article;
use crate::recognize::Recognizer;
use crate::resolve::{ResolveOptions, Resolver};

/// What a user can change about geoparsing.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Count adjectives and demonyms ("Syrian") as places.
    pub demonyms: bool,
    /// ISO country codes the articles are expected to be about.
    pub focus: Vec<String>,
    /// CSV files of places to add or override.
    pub gazetteer_extra: Vec<PathBuf>,
    /// Files of names never to treat as places.
    pub exclude: Vec<PathBuf>,
}

/// A ready geoparser: the gazetteer with the user's additions, and the options.
pub struct Pipeline {
    gazetteer: Gazetteer,
    options: Options,
}

impl Pipeline {
    pub fn new(options: Options) -> Result<Pipeline> {
        let mut gazetteer = Gazetteer::bundled();
        for path in &options.gazetteer_extra {
            gazetteer.add_places(read_extra_places(path)?)?;
        }
        for path in &options.exclude {
            gazetteer.exclude_names(read_exclusions(path)?);
        }
        Ok(Pipeline { gazetteer, options })
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn resolver(&self) -> Resolver<'_> {
        Resolver::new(
            &self.gazetteer,
            ResolveOptions {
                focus: self.options.focus.clone(),
            },
        )
    }

    /// Geoparses one article.
    pub fn process(&self, article: Article) -> ArticleResult {
        let recognized = Recognizer::new(&self.gazetteer).recognize_body(&article.text, article.body_offset);
        let resolutions = self.resolver().resolve(&recognized.spans);
        cite(
            &self.gazetteer,
            article,
            &recognized,
            &resolutions,
            self.options.demonyms,
        )
    }

    /// Resolves given code-point ranges of an article (gold spans, or names a user marked),
    /// reading the rest of the article for context as `process` does. The result's mentions
    /// are those at the given ranges that the gazetteer can place.
    pub fn process_ranges(&self, article: Article, ranges: &[(usize, usize)]) -> ArticleResult {
        let recognized = Recognizer::new(&self.gazetteer).recognize_around(&article.text, ranges);
        let resolutions = self.resolver().resolve(&recognized.spans);
        let mut result = cite(&self.gazetteer, article, &recognized, &resolutions, true);
        result.mentions.retain(|m| ranges.contains(&(m.char_start, m.char_end)));
        result
    }
}
