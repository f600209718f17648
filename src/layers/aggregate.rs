//! What the layers gather across articles: each place with its citations, and each unresolved
//! name with its counts. Memory grows with the distinct places and names only: citations and
//! article lists go to a spool beyond a budget, and the mentions layer is streamed.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;

use super::JsonList;
use super::excerpt::excerpt_around;
use super::geojson::Position;
use super::map_page::MAP_CITATIONS_PER_PLACE;
use super::spool::{self, ListId, Spool};
use crate::cite::{ArticleResult, Mention};

/// A resolved place and everything the articles say of it. The citations and article ids,
/// which grow with the corpus, are kept in a [`Spool`].
#[derive(Debug)]
pub struct PlaceSummary {
    pub geonameid: u32,
    pub name: String,
    pub country_code: String,
    pub admin1: String,
    pub admin1_code: String,
    pub feature_code: String,
    pub precision: &'static str,
    pub population: u32,
    pub position: Option<Position>,
    pub mention_count: u64,
    pub article_count: u64,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// The spellings seen, sorted.
    pub surfaces: BTreeSet<String>,
    /// The citing articles' ids as JSON strings, in input order.
    pub articles: ListId,
    /// The citations as JSON objects, in input order; at most `max_citations` of them.
    pub citations: ListId,
    /// The first citations as the map page shows them (see [`super::map_page`]).
    pub map_citations: ListId,
    /// The sequence number of the last article counted, so each article counts once.
    last_article: u64,
}

impl PlaceSummary {
    fn new(m: &Mention, spool: &mut Spool) -> PlaceSummary {
        PlaceSummary {
            geonameid: m.geonameid,
            name: m.name.clone(),
            country_code: m.country_code.clone(),
            admin1: m.admin1.clone(),
            admin1_code: m.admin1_code.clone(),
            feature_code: m.feature_code.clone(),
            precision: m.precision.as_str(),
            population: m.population,
            position: Position::new(m.lon, m.lat),
            mention_count: 0,
            article_count: 0,
            first_date: None,
            last_date: None,
            surfaces: BTreeSet::new(),
            articles: spool.new_list(),
            citations: spool.new_list(),
            map_citations: spool.new_list(),
            last_article: 0,
        }
    }

    /// Counts the article once; true the first time.
    fn count_article(&mut self, seq: u64, date: Option<Date>) -> bool {
        if self.last_article == seq {
            return false;
        }
        self.last_article = seq;
        self.article_count += 1;
        if let Some(date) = date {
            self.first_date = Some(self.first_date.map_or(date, |d| d.min(date)));
            self.last_date = Some(self.last_date.map_or(date, |d| d.max(date)));
        }
        true
    }
}

/// An article's citations, rendered as JSON, one per mention that counts as a place.
pub struct Citations<'a> {
    /// The article's id as a JSON string.
    pub article_id: &'a [u8],
    /// As the places layer writes them (see [`super::places::render_citations`]).
    pub layer: &'a JsonList,
    /// As the map page shows them (see [`super::map_page::render_citations`]).
    pub map: &'a JsonList,
}

/// The places layer's contents, gathered one article at a time.
pub struct Places {
    by_id: HashMap<u32, PlaceSummary>,
    spool: Spool,
    articles_seen: u64,
    max_citations: u64,
}

impl Places {
    /// `max_citations` bounds the citations kept per place (the counts stay exact); lists that
    /// outgrow memory are spilled to a temporary file in `dir`.
    pub fn new(max_citations: Option<usize>, dir: &Path) -> Places {
        Places::with_budget(max_citations, dir, spool::DEFAULT_BUDGET)
    }

    pub fn with_budget(max_citations: Option<usize>, dir: &Path, budget: usize) -> Places {
        Places {
            by_id: HashMap::default(),
            spool: Spool::new(dir, budget),
            articles_seen: 0,
            max_citations: max_citations.map_or(u64::MAX, |n| n as u64),
        }
    }

    /// Counts one article's place mentions.
    pub fn add(&mut self, result: &ArticleResult, citations: &Citations) -> io::Result<()> {
        self.articles_seen += 1;
        let seq = self.articles_seen;
        let cited = result.places().zip(citations.layer.iter()).zip(citations.map.iter());
        for ((m, citation), map_citation) in cited {
            let place = self
                .by_id
                .entry(m.geonameid)
                .or_insert_with(|| PlaceSummary::new(m, &mut self.spool));
            place.mention_count += 1;
            if place.count_article(seq, result.article.date) {
                self.spool.push(place.articles, citations.article_id)?;
            }
            if !place.surfaces.contains(&m.surface) {
                place.surfaces.insert(m.surface.clone());
            }
            if self.spool.len(place.citations) < self.max_citations {
                self.spool.push(place.citations, citation)?;
            }
            if self.spool.len(place.map_citations) < MAP_CITATIONS_PER_PLACE as u64 {
                self.spool.push(place.map_citations, map_citation)?;
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The most mentioned first; ties by geonameid, so the order never depends on hashing.
    /// The spool reads back each place's lists.
    pub fn into_sorted(self) -> (Vec<PlaceSummary>, Spool) {
        let mut places: Vec<PlaceSummary> = self.by_id.into_values().collect();
        places.sort_unstable_by(|a, b| {
            b.mention_count
                .cmp(&a.mention_count)
                .then(a.geonameid.cmp(&b.geonameid))
        });
        (places, self.spool)
    }
}

/// A capitalised name that looked like a place but matched nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedName {
    pub surface: String,
    pub count: u64,
    pub article_count: u64,
    /// Where it was first seen.
    pub example_article_id: String,
    pub example_sentence: String,
    last_article: u64,
}

/// The unresolved names of all articles, counted by spelling.
#[derive(Default)]
pub struct UnresolvedNames {
    by_surface: HashMap<String, UnresolvedName>,
    articles_seen: u64,
}

impl UnresolvedNames {
    pub fn add(&mut self, result: &ArticleResult) {
        self.articles_seen += 1;
        let seq = self.articles_seen;
        for u in &result.unresolved {
            let name = self
                .by_surface
                .entry(u.surface.clone())
                .or_insert_with(|| UnresolvedName {
                    surface: u.surface.clone(),
                    count: 0,
                    article_count: 0,
                    example_article_id: result.article.id.clone(),
                    example_sentence: excerpt_around(&u.sentence, &u.surface).into_owned(),
                    last_article: 0,
                });
            name.count += 1;
            if name.last_article != seq {
                name.last_article = seq;
                name.article_count += 1;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.by_surface.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_surface.is_empty()
    }

    /// The most frequent first, then by spelling.
    pub fn into_sorted(self) -> Vec<UnresolvedName> {
        let mut names: Vec<UnresolvedName> = self.by_surface.into_values().collect();
        names.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.surface.cmp(&b.surface)));
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::Unresolved;
    use crate::gazetteer::Precision;
    use crate::ingest::Article;
    use crate::recognize::MentionKind;

    fn mention(surface: &str, geonameid: u32, is_place: bool) -> Mention {
        Mention {
            surface: surface.into(),
            char_start: 0,
            char_end: surface.chars().count(),
            sentence: format!("{surface} again.").into(),
            sentence_start: 0,
            kind: if is_place {
                MentionKind::Place
            } else {
                MentionKind::Demonym
            },
            is_place,
            geonameid,
            name: format!("place {geonameid}"),
            country_code: "SY".into(),
            admin1: String::new(),
            admin1_code: String::new(),
            feature_code: "PPL".into(),
            precision: Precision::Place,
            population: 1,
            confidence: 0.5,
            lon: 1.0,
            lat: 2.0,
        }
    }

    fn result(id: &str, date: Option<&str>, mentions: Vec<Mention>, unresolved: &[&str]) -> ArticleResult {
        let mut article = Article::new(id, "text");
        article.date = date.map(|d| d.parse().unwrap());
        ArticleResult {
            article,
            mentions,
            unresolved: unresolved
                .iter()
                .map(|s| Unresolved {
                    surface: s.to_string(),
                    char_start: 0,
                    char_end: 1,
                    sentence: format!("In {s}."),
                })
                .collect(),
            focus: None,
        }
    }

    /// Citations stand in as the mention's surface and start, enough to check their order.
    fn add(places: &mut Places, result: ArticleResult) {
        let mut citations = JsonList::default();
        for m in result.places() {
            citations.push(&(&m.surface, m.char_start));
        }
        let id = serde_json::to_vec(&result.article.id).unwrap();
        let all = Citations {
            article_id: &id,
            layer: &citations,
            map: &citations,
        };
        places.add(&result, &all).unwrap();
    }

    fn list(spool: &mut Spool, list: ListId) -> serde_json::Value {
        let mut out = b"[".to_vec();
        spool.copy_to(list, &mut out).unwrap();
        out.push(b']');
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn places_count_mentions_articles_dates_and_spellings() {
        let dir = tempfile::tempdir().unwrap();
        // A budget of one byte puts every list in the spool file.
        let mut places = Places::with_budget(None, dir.path(), 1);
        add(
            &mut places,
            result(
                "a",
                Some("2016-12-28"),
                vec![
                    mention("Deir al-Zour", 170794, true),
                    mention("Deir el-Zour", 170794, true),
                    mention("Syrian", 163843, false),
                ],
                &[],
            ),
        );
        add(
            &mut places,
            result("b", None, vec![mention("Raqqa", 172955, true)], &[]),
        );
        add(
            &mut places,
            result(
                "c",
                Some("2015-01-02"),
                vec![mention("Deir al-Zour", 170794, true)],
                &[],
            ),
        );
        let (sorted, mut spool) = places.into_sorted();
        assert_eq!(
            sorted.iter().map(|p| p.geonameid).collect::<Vec<_>>(),
            [170794, 172955],
            "demonyms are not places here"
        );
        let deir = &sorted[0];
        assert_eq!(
            (deir.mention_count, deir.article_count, spool.len(deir.citations)),
            (3, 2, 3)
        );
        assert_eq!(
            list(&mut spool, deir.citations),
            serde_json::json!([["Deir al-Zour", 0], ["Deir el-Zour", 0], ["Deir al-Zour", 0]])
        );
        assert_eq!(
            deir.surfaces.iter().collect::<Vec<_>>(),
            ["Deir al-Zour", "Deir el-Zour"]
        );
        assert_eq!(list(&mut spool, deir.articles), serde_json::json!(["a", "c"]));
        assert_eq!(deir.first_date.map(|d| d.to_string()).as_deref(), Some("2015-01-02"));
        assert_eq!(deir.last_date.map(|d| d.to_string()).as_deref(), Some("2016-12-28"));
        assert_eq!((sorted[1].first_date, sorted[1].last_date), (None, None));
    }

    #[test]
    fn citations_can_be_capped_without_changing_counts() {
        let dir = tempfile::tempdir().unwrap();
        let mut places = Places::new(Some(1), dir.path());
        add(
            &mut places,
            result("a", None, vec![mention("Homs", 1, true), mention("Homs", 1, true)], &[]),
        );
        let (sorted, spool) = places.into_sorted();
        assert_eq!((sorted[0].mention_count, spool.len(sorted[0].citations)), (2, 1));
    }

    #[test]
    fn unresolved_names_are_counted_and_sorted() {
        let mut names = UnresolvedNames::default();
        names.add(&result("a", None, vec![], &["Kelleyland", "Zed", "Kelleyland"]));
        names.add(&result("b", None, vec![], &["Zed", "Abc"]));
        let sorted = names.into_sorted();
        let rows: Vec<(&str, u64, u64, &str)> = sorted
            .iter()
            .map(|n| {
                (
                    n.surface.as_str(),
                    n.count,
                    n.article_count,
                    n.example_article_id.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [("Kelleyland", 2, 1, "a"), ("Zed", 2, 2, "a"), ("Abc", 1, 1, "b")]
        );
    }
}
