//! What the layers gather across articles: each place with its citations, and each unresolved
//! name with its counts. Memory grows with the distinct places and names (and the citations
//! kept), never with the mentions layer, which is streamed.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use jiff::civil::Date;

use super::excerpt::{excerpt_around, span_in_quote};
use super::geojson::Position;
use crate::cite::{ArticleResult, Mention};
use crate::ingest::Article;

/// The metadata a citation repeats, shared by all citations of one article.
#[derive(Debug, PartialEq)]
pub struct CitedArticle {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
}

impl CitedArticle {
    fn of(article: &Article) -> CitedArticle {
        CitedArticle {
            id: article.id.clone(),
            title: article.title.clone(),
            date: article.date,
            url: article.url.clone(),
        }
    }
}

/// One mention of a place, with what a reader needs to check it.
#[derive(Debug)]
pub struct Citation {
    pub article: Rc<CitedArticle>,
    pub sentence: String,
    pub char_start: usize,
    pub char_end: usize,
    /// The name's code-point span within `sentence`, for highlighting it.
    pub highlight: Option<(usize, usize)>,
}

/// A resolved place and everything the articles say of it.
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
    /// The citing articles, in input order.
    pub articles: Vec<Rc<CitedArticle>>,
    /// In input order; at most `max_citations` of them.
    pub citations: Vec<Citation>,
    /// The sequence number of the last article counted, so each article counts once.
    last_article: u64,
}

impl PlaceSummary {
    fn new(m: &Mention) -> PlaceSummary {
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
            articles: Vec::new(),
            citations: Vec::new(),
            last_article: 0,
        }
    }

    fn count_article(&mut self, seq: u64, article: &Rc<CitedArticle>) {
        if self.last_article == seq {
            return;
        }
        self.last_article = seq;
        self.article_count += 1;
        self.articles.push(Rc::clone(article));
        if let Some(date) = article.date {
            self.first_date = Some(self.first_date.map_or(date, |d| d.min(date)));
            self.last_date = Some(self.last_date.map_or(date, |d| d.max(date)));
        }
    }
}

/// The places layer's contents, gathered one article at a time.
pub struct Places {
    by_id: HashMap<u32, PlaceSummary>,
    articles_seen: u64,
    max_citations: usize,
}

impl Places {
    /// `max_citations` bounds the citations kept per place (the counts stay exact).
    pub fn new(max_citations: Option<usize>) -> Places {
        Places {
            by_id: HashMap::new(),
            articles_seen: 0,
            max_citations: max_citations.unwrap_or(usize::MAX),
        }
    }

    /// `sentences` are the mentions' sentences as quoted (see [`super::excerpt`]).
    pub fn add(&mut self, result: &ArticleResult, sentences: &[Cow<str>]) {
        self.articles_seen += 1;
        let seq = self.articles_seen;
        let mut cited: Option<Rc<CitedArticle>> = None;
        for (m, sentence) in result.mentions.iter().zip(sentences).filter(|(m, _)| m.is_place) {
            let article = cited.get_or_insert_with(|| Rc::new(CitedArticle::of(&result.article)));
            let place = self.by_id.entry(m.geonameid).or_insert_with(|| PlaceSummary::new(m));
            place.mention_count += 1;
            place.count_article(seq, article);
            if !place.surfaces.contains(&m.surface) {
                place.surfaces.insert(m.surface.clone());
            }
            if place.citations.len() < self.max_citations {
                place.citations.push(Citation {
                    article: Rc::clone(article),
                    sentence: sentence.to_string(),
                    char_start: m.char_start,
                    char_end: m.char_end,
                    highlight: span_in_quote(m, sentence),
                });
            }
        }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The most mentioned first; ties by geonameid, so the order never depends on hashing.
    pub fn into_sorted(self) -> Vec<PlaceSummary> {
        let mut places: Vec<PlaceSummary> = self.by_id.into_values().collect();
        places.sort_unstable_by(|a, b| {
            b.mention_count
                .cmp(&a.mention_count)
                .then(a.geonameid.cmp(&b.geonameid))
        });
        places
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

    fn add(places: &mut Places, result: ArticleResult) {
        let sentences: Vec<Cow<str>> = result.mentions.iter().map(|m| Cow::Borrowed(&*m.sentence)).collect();
        places.add(&result, &sentences);
    }

    #[test]
    fn places_count_mentions_articles_dates_and_spellings() {
        let mut places = Places::new(None);
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
        let sorted = places.into_sorted();
        assert_eq!(
            sorted.iter().map(|p| p.geonameid).collect::<Vec<_>>(),
            [170794, 172955],
            "demonyms are not places here"
        );
        let deir = &sorted[0];
        assert_eq!(
            (deir.mention_count, deir.article_count, deir.citations.len()),
            (3, 2, 3)
        );
        assert_eq!(
            deir.surfaces.iter().collect::<Vec<_>>(),
            ["Deir al-Zour", "Deir el-Zour"]
        );
        assert_eq!(
            deir.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(deir.first_date.map(|d| d.to_string()).as_deref(), Some("2015-01-02"));
        assert_eq!(deir.last_date.map(|d| d.to_string()).as_deref(), Some("2016-12-28"));
        assert_eq!((sorted[1].first_date, sorted[1].last_date), (None, None));
    }

    #[test]
    fn citations_can_be_capped_without_changing_counts() {
        let mut places = Places::new(Some(1));
        add(
            &mut places,
            result("a", None, vec![mention("Homs", 1, true), mention("Homs", 1, true)], &[]),
        );
        let homs = &places.into_sorted()[0];
        assert_eq!((homs.mention_count, homs.citations.len()), (2, 1));
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
