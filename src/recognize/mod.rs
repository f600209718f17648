//! Recognition: find the spans of an article that name places.
//!
//! Gazetteer names are matched over the tokens (longest match, token boundaries, through the
//! name index one token at a time), then each candidate is judged by its context: titles and
//! given names mark people, capitalised heads mark organisations, street types mark streets,
//! and capitals that open a sentence prove nothing.

pub mod sentences;
pub mod tokenize;
pub mod vocab;

use std::borrow::Cow;

use rustc_hash::FxHashSet as HashSet;

use crate::gazetteer::fold::{fold_into, push_lowercase, translit_key};
use crate::gazetteer::format::{ACRONYM, DEMONYM, DOTTED, POSTAL, PRIMARY};
use crate::gazetteer::{Gazetteer, NameCursor, NameHit, Precision};
use sentences::{Sentence, split_sentences_from};
use tokenize::{Gap, Token, gap, tokenize};
use vocab::{Class, Vocab};

/// The longest name, in tokens, that the matcher tries.
const MAX_NAME_TOKENS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionKind {
    /// A place name: "Aleppo", "Deir al-Zour".
    Place,
    /// An adjective or demonym standing for a country or continent: "Syrian", "Russians".
    Demonym,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Place => "place",
            MentionKind::Demonym => "demonym",
        }
    }
}

/// How a span met its gazetteer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchVia {
    /// A folded name or alternate name, exactly.
    Name,
    /// Only the transliteration key ("Deir el-Zour" ~ "Dayr az Zawr").
    Transliteration,
    /// A given range the gazetteer has no name for, read as the longest place name inside
    /// it ("Bank of Mexico" as Mexico).
    Within,
}

/// What the words around a span say about its feature type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureHint {
    /// "the city of X", "X city", "the town of X".
    Settlement,
    /// "X province", "X governorate", "X county".
    Division,
}

/// A recognised place mention, with the candidates the gazetteer holds for it.
#[derive(Debug, Clone)]
pub struct Span {
    pub byte_start: usize,
    pub byte_end: usize,
    /// Code-point offsets into the article text, end exclusive.
    pub char_start: usize,
    pub char_end: usize,
    /// Index of the sentence that holds the span.
    pub sentence: usize,
    pub surface: String,
    pub folded: String,
    pub kind: MentionKind,
    pub via: MatchVia,
    pub hits: Vec<NameHit>,
    pub hint: Option<FeatureHint>,
    /// In "X, Y" or "X in Y", the index (in `Recognized::spans`) of Y: a likely container.
    pub container: Option<usize>,
    /// The capital letter proves nothing here (sentence start, title-case headline).
    pub weak_case: bool,
}

/// Why a candidate was judged not to name a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    PersonTitle,
    GivenNameBefore,
    GivenNameFirst,
    GivenNameAlone,
    Surname,
    SpeechVerb,
    KnownPerson,
    InsideLargerName,
    OrganisationName,
    BrandName,
    BuildingName,
    StreetName,
    NaturalFeature,
    CapitalisedCommonWord,
    GenericWord,
    ShortAlternateName,
    Abbreviation,
    NotAPlaceAdjective,
    PostalCodeAlone,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::PersonTitle => "person: title before",
            Reason::GivenNameBefore => "person: given name before",
            Reason::GivenNameFirst => "person: given name then surname",
            Reason::GivenNameAlone => "person: a given name alone",
            Reason::Surname => "person: a common surname alone",
            Reason::SpeechVerb => "person: verb of saying after",
            Reason::KnownPerson => "person: surname seen in this article",
            Reason::InsideLargerName => "part of a longer name",
            Reason::OrganisationName => "adjective inside an organisation name",
            Reason::BrandName => "newspaper, company or team name",
            Reason::BuildingName => "building or landmark (the White House)",
            Reason::StreetName => "street name",
            Reason::NaturalFeature => "natural feature named after the place",
            Reason::CapitalisedCommonWord => "common word capitalised at sentence start",
            Reason::GenericWord => "generic word (direction, institution)",
            Reason::ShortAlternateName => "short alternate name only",
            Reason::Abbreviation => "abbreviation (Sens., Nov.)",
            Reason::NotAPlaceAdjective => "adjective of a people or faith, not a place",
            Reason::PostalCodeAlone => "postal code without a place before it",
        }
    }
}

/// A candidate that the context rules turned down: where it is, and why.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub surface: String,
    /// Code-point offsets into the article text, end exclusive.
    pub char_start: usize,
    pub char_end: usize,
    pub reason: Reason,
}

/// A capitalised name in a place-like context ("in Kelleyland") that no gazetteer entry has.
#[derive(Debug, Clone)]
pub struct UnknownName {
    pub surface: String,
    pub char_start: usize,
    pub char_end: usize,
    pub sentence: usize,
}

/// Everything recognition found in one article.
#[derive(Debug, Clone, Default)]
pub struct Recognized {
    pub sentences: Vec<Sentence>,
    pub spans: Vec<Span>,
    pub rejected: Vec<Rejected>,
    pub unknown: Vec<UnknownName>,
}

/// Finds place mentions in text with a gazetteer.
pub struct Recognizer<'g> {
    gazetteer: &'g Gazetteer,
    vocab: &'static Vocab,
}

/// The article as the rules see it: tokens, their folded forms, sentences.
struct Doc<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    sentence_of: Vec<u32>,
    title_case: Vec<bool>,
    /// The folded forms of the tokens that are not their own (see [`Folded`]).
    folds: String,
    folded_at: Vec<Folded>,
}

/// Where a token's folded form is: most words of English text ("airport") fold to themselves,
/// so they are read from the text rather than copied.
#[derive(Debug, Clone, Copy)]
enum Folded {
    /// Byte range in the text.
    InText(u32, u32),
    /// Byte range in [`Doc::folds`].
    InFolds(u32, u32),
}

impl<'t> Doc<'t> {
    fn new(text: &'t str, vocab: &Vocab) -> Doc<'t> {
        Doc::with_body(text, 0, vocab)
    }

    fn with_body(text: &'t str, body_start: usize, vocab: &Vocab) -> Doc<'t> {
        let tokens = tokenize(text);
        let sentences = split_sentences_from(text, &tokens, body_start);
        let mut sentence_of = vec![0u32; tokens.len()];
        for (k, s) in sentences.iter().enumerate() {
            for slot in &mut sentence_of[s.tokens.0..s.tokens.1] {
                *slot = k as u32;
            }
        }
        let (folds, folded_at) = fold_tokens(text, &tokens);
        let mut doc = Doc {
            text,
            tokens,
            sentences,
            sentence_of,
            title_case: Vec::new(),
            folds,
            folded_at,
        };
        doc.title_case = (0..doc.sentences.len()).map(|k| doc.is_title_case(k, vocab)).collect();
        doc
    }

    fn fold(&self, i: usize) -> &str {
        match self.folded_at[i] {
            Folded::InText(s, e) => &self.text[s as usize..e as usize],
            Folded::InFolds(s, e) => &self.folds[s as usize..e as usize],
        }
    }

    /// The folded text of tokens `i..=j`: their folded forms, separated by single spaces.
    fn fold_range(&self, i: usize, j: usize) -> Cow<'_, str> {
        if i == j {
            return Cow::Borrowed(self.fold(i));
        }
        let mut out = String::with_capacity((i..=j).map(|k| self.fold(k).len() + 1).sum());
        for k in i..=j {
            let f = self.fold(k);
            if f.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(f);
        }
        Cow::Owned(out)
    }

    fn same_sentence(&self, i: usize, j: usize) -> bool {
        self.sentence_of[i] == self.sentence_of[j]
    }

    fn sentence_start(&self, i: usize) -> bool {
        let s = &self.sentences[self.sentence_of[i] as usize];
        if s.tokens.0 == i {
            return true;
        }
        // After a colon or an opening quote, a capital starts a new clause.
        let before = &self.text[self.tokens[i - 1].byte_end..self.tokens[i].byte_start];
        before.contains([':', '“', '"', '‘', '(', '—'])
    }

    /// A headline in title case: no closing punctuation, capitalised content words and almost
    /// no lower-case ones.
    fn is_title_case(&self, k: usize, vocab: &Vocab) -> bool {
        let sentence = &self.sentences[k];
        if sentence
            .text(self.text)
            .trim_end_matches(['"', '\u{201d}', '\u{2019}', '\'', ')'])
            .ends_with(['.', '!', '?'])
        {
            return false;
        }
        let (a, b) = sentence.tokens;
        let (mut capitalised, mut lower) = (0, 0);
        for i in a..b {
            let t = &self.tokens[i];
            if t.shape.letters < 4 || vocab.is(self.fold(i), Class::FunctionWord) {
                continue;
            }
            if t.shape.capitalised {
                capitalised += 1;
            } else {
                lower += 1;
            }
        }
        capitalised >= 3 && lower <= 1
    }

    /// A line in capitals ("BEIRUT (AP) -", a shouted headline), or a dateline.
    fn is_upper_case_line(&self, i: usize) -> bool {
        let (a, b) = self.sentences[self.sentence_of[i] as usize].tokens;
        let (mut upper, mut all) = (0, 0);
        for k in (a..b).filter(|&k| self.tokens[k].shape.letters >= 2) {
            all += 1;
            upper += usize::from(self.tokens[k].shape.all_upper);
        }
        (all > 0 && upper * 2 > all)
            || self.text[self.tokens[i].byte_end..]
                .trim_start()
                .starts_with(['(', ','])
    }

    fn gap(&self, i: usize, j: usize) -> Gap {
        gap(self.text, &self.tokens[i], &self.tokens[j])
    }

    fn between(&self, i: usize, j: usize) -> &str {
        &self.text[self.tokens[i].byte_end..self.tokens[j].byte_start]
    }

    fn weak_case(&self, i: usize) -> bool {
        self.sentence_start(i) || self.title_case[self.sentence_of[i] as usize]
    }
}

/// Each token's folded form, as [`fold_into`] gives it.
fn fold_tokens(text: &str, tokens: &[Token]) -> (String, Vec<Folded>) {
    let mut folds = String::new();
    let mut folded_at = Vec::with_capacity(tokens.len());
    for t in tokens {
        let word = t.text(text);
        if t.shape.folds_to_itself {
            folded_at.push(Folded::InText(t.byte_start as u32, t.byte_end as u32));
            continue;
        }
        let mut start = folds.len();
        if t.shape.plain {
            push_lowercase(word, &mut folds);
        } else {
            fold_into(word, &mut folds);
            // The space that separates it from the fold before is not part of it.
            if folds.as_bytes().get(start) == Some(&b' ') {
                start += 1;
            }
        }
        folded_at.push(Folded::InFolds(start as u32, folds.len() as u32));
    }
    (folds, folded_at)
}

/// Where a candidate's name lies in the text, in bytes and in code points.
struct Extent {
    byte_start: usize,
    byte_end: usize,
    char_start: usize,
    char_end: usize,
}

impl Extent {
    fn of(doc: &Doc, c: &Candidate) -> Extent {
        let first = &doc.tokens[c.first];
        let last = &doc.tokens[c.last];
        let (byte_end, char_end) = if c.with_dot {
            (last.byte_end + 1, last.char_end + 1)
        } else {
            // "Tunisia’s": the possessive is not part of the name.
            let possessive = possessive_len(last.text(doc.text));
            (
                last.byte_end - possessive,
                last.char_end - usize::from(possessive > 0) * 2,
            )
        };
        Extent {
            byte_start: first.byte_start,
            byte_end,
            char_start: first.char_start,
            char_end,
        }
    }
}

/// Where the article's other candidates start and end (by token), for rules that look at
/// neighbouring names.
struct Neighbours {
    starts: Positions,
    ends: Positions,
    /// Ends of famous candidates (countries, demonyms, big cities): a name after one of them
    /// is not its tail ("Syrian Aleppo").
    strong_ends: Positions,
}

/// Token positions: a few dozen per article, for which a sorted list is cheaper to build and
/// to search than a hash set.
struct Positions(Vec<usize>);

impl Positions {
    fn new(positions: impl Iterator<Item = usize>) -> Self {
        let mut list: Vec<usize> = positions.collect();
        // Candidates come left to right, so the list is sorted already.
        if !list.is_sorted() {
            list.sort_unstable();
        }
        Positions(list)
    }

    fn contains(&self, position: &usize) -> bool {
        self.0.binary_search(position).is_ok()
    }
}

/// A matched name before judgement: tokens `first..=last`.
struct Candidate {
    first: usize,
    last: usize,
    /// Include the dot after the last token ("U.S.", "Calif.").
    with_dot: bool,
    hits: Vec<NameHit>,
    via: MatchVia,
    /// Some hit is famous ([`HitStanding::is_famous`]), which several rules ask about.
    famous: bool,
    /// [`is_prominent`] of the hits.
    prominent: bool,
}

impl Candidate {
    fn new(g: &Gazetteer, (first, last): (usize, usize), with_dot: bool, hits: Vec<NameHit>, via: MatchVia) -> Self {
        let (famous, prominent) = renown(g, &hits);
        Candidate {
            first,
            last,
            with_dot,
            famous,
            prominent,
            hits,
            via,
        }
    }
}

const ARABIC_ARTICLES: &[&str] = &[
    "al", "el", "ar", "as", "ash", "az", "ad", "an", "at", "ath", "adh", "ez", "es", "ed", "en", "et", "er",
];
const LONGEST_ARABIC_ARTICLE: u16 = 3;

impl<'g> Recognizer<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Recognizer {
            gazetteer,
            vocab: Vocab::get(),
        }
    }

    pub fn recognize(&self, text: &str) -> Recognized {
        self.recognize_body(text, 0)
    }

    /// Recognises places in the part of `text` from byte `body_start` on (before it: metadata
    /// such as a date line, which is not geoparsed). Offsets still count from the text's start.
    pub fn recognize_body(&self, text: &str, body_start: usize) -> Recognized {
        let doc = Doc::with_body(text, body_start, self.vocab);
        let mut candidates = self.match_names(&doc);
        candidates.retain(|c| doc.tokens[c.first].byte_start >= body_start);
        // The tokens a candidate holds ("Syria’s" is held by "Syria") are no unknown name.
        let mut covered = vec![false; doc.tokens.len()];
        for c in &candidates {
            covered[c.first..=c.last].fill(true);
        }
        let (spans, rejected) = self.judge_all(&doc, candidates);
        let unknown = self.unknown_names(&doc, &covered, body_start);
        Recognized {
            sentences: doc.sentences,
            spans,
            rejected,
            unknown,
        }
    }

    /// Spans for given code-point ranges of `text` (gold spans, or a name typed by a user),
    /// each with the gazetteer's candidates for its words; context cues as in `recognize`.
    /// Ranges may come in any order and may nest; spans come out in text order, one per
    /// distinct range with words in it. A range whose words the gazetteer lacks gets no
    /// candidates.
    pub fn given_spans(&self, text: &str, ranges: &[(usize, usize)]) -> Recognized {
        let doc = Doc::new(text, self.vocab);
        let spans = self.spans_for_ranges(&doc, ranges);
        Recognized {
            sentences: doc.sentences,
            spans,
            rejected: Vec::new(),
            unknown: Vec::new(),
        }
    }

    /// The given ranges as spans (see [`Recognizer::given_spans`]), plus the places recognised
    /// elsewhere in the text as their context: what a gold-span evaluation resolves, so that
    /// the resolver reads the whole article as it would for a user.
    pub fn recognize_around(&self, text: &str, ranges: &[(usize, usize)]) -> Recognized {
        let doc = Doc::new(text, self.vocab);
        let mut spans = self.spans_for_ranges(&doc, ranges);
        let candidates = self.match_names(&doc);
        let (found, rejected) = self.judge_all(&doc, candidates);
        let overlaps_given = |s: &Span| {
            spans
                .iter()
                .any(|g| g.char_start < s.char_end && s.char_start < g.char_end)
        };
        let context: Vec<Span> = found.into_iter().filter(|s| !overlaps_given(s)).collect();
        spans.extend(context);
        spans.sort_by_key(|s| (s.char_start, s.char_end));
        link_containers(text, &mut spans);
        Recognized {
            sentences: doc.sentences,
            spans,
            rejected,
            unknown: Vec::new(),
        }
    }

    /// The hits of the longest proper place name among tokens `first..=last`, the rightmost
    /// on a tie ("Bank of Mexico" yields Mexico). Generic and English words ("Bank", "Point")
    /// do not count, and a natural feature ("Red River") yields nothing.
    fn longest_name_within(&self, doc: &Doc, first: usize, last: usize) -> Option<Vec<NameHit>> {
        let v = self.vocab;
        let names_a_feature = |k: usize| v.is(doc.fold(k), Class::FeatureWord);
        if names_a_feature(last) {
            return None;
        }
        let mut best: Option<(usize, Vec<NameHit>)> = None;
        for i in first..=last {
            let Some(c) = self.longest_name_at(doc, i) else {
                continue;
            };
            let generic = c.first == c.last && {
                v.classes(doc.fold(c.first)).has_any(&[
                    Class::EnglishWord,
                    Class::NameHead,
                    Class::BrandHead,
                    Class::PlaceModifier,
                ])
            };
            let len = c.last - c.first + 1;
            if c.last > last || generic || !doc.tokens[c.first].shape.capitalised {
                continue;
            }
            if best.as_ref().is_none_or(|(l, _)| len >= *l) {
                best = Some((len, c.hits));
            }
        }
        best.map(|(_, hits)| hits)
    }

    fn spans_for_ranges(&self, doc: &Doc, ranges: &[(usize, usize)]) -> Vec<Span> {
        let mut ranges = ranges.to_vec();
        ranges.sort_unstable();
        ranges.dedup();
        let byte_at: Vec<usize> = doc
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain([doc.text.len()])
            .collect();
        let mut spans = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            let inside: Vec<usize> = (0..doc.tokens.len())
                .filter(|&k| doc.tokens[k].char_start < end && doc.tokens[k].char_end > start)
                .collect();
            let (Some(&first), Some(&last), Some(&byte_start), Some(&byte_end)) =
                (inside.first(), inside.last(), byte_at.get(start), byte_at.get(end))
            else {
                continue;
            };
            let folded = &*doc.fold_range(first, last);
            let mut hits = self.gazetteer.lookup(folded);
            let mut via = MatchVia::Name;
            if hits.is_empty() {
                hits = self.gazetteer.lookup_translit(&translit_key(folded));
                hits.retain(|h| h.flags & (ACRONYM | POSTAL | DOTTED | DEMONYM) == 0);
                via = MatchVia::Transliteration;
            }
            if hits.is_empty() {
                // "Bains and Grants Town Centre": the longest place name inside the range.
                if let Some(inner) = self.longest_name_within(doc, first, last) {
                    hits = inner;
                    via = MatchVia::Within;
                }
            }
            let mut seen = HashSet::default();
            hits.retain(|h| seen.insert((h.place, h.is_demonym())));
            let mut span = self.make_span(doc, Candidate::new(self.gazetteer, (first, last), false, hits, via));
            // Keep the range as given, even where it includes punctuation the tokens do not.
            span.byte_start = byte_start;
            span.byte_end = byte_end;
            span.char_start = start;
            span.char_end = end;
            span.surface = doc.text[byte_start..byte_end].to_string();
            spans.push(span);
        }
        link_containers(doc.text, &mut spans);
        spans
    }

    /// The spans a bare name yields (for `geocite lookup`).
    pub fn lookup_spans(&self, name: &str) -> Vec<Span> {
        let len = name.chars().count();
        self.given_spans(name, &[(0, len)])
            .spans
            .into_iter()
            .filter(|s| !s.hits.is_empty())
            .collect()
    }

    /// A name may start at a capitalised token, or at a lower-case Arabic article joined to a
    /// capitalised word ("al-Mayadin").
    fn can_start(&self, doc: &Doc, i: usize) -> bool {
        let t = &doc.tokens[i];
        if t.shape.capitalised {
            return true;
        }
        self.is_article_prefix(doc, i)
    }

    /// "al-Mayadin", "ash-Shaddadi", "al Bab": an article hyphened to a capitalised word, or
    /// "al"/"el" before one ("as", "an", "at" are English words too).
    #[inline]
    fn is_article_prefix(&self, doc: &Doc, i: usize) -> bool {
        // Every Arabic article is a short word: most tokens are ruled out by their length,
        // here rather than in a call.
        doc.tokens[i].shape.letters <= LONGEST_ARABIC_ARTICLE && self.is_short_article_prefix(doc, i)
    }

    /// [`Recognizer::is_article_prefix`] for a word no longer than an Arabic article.
    fn is_short_article_prefix(&self, doc: &Doc, i: usize) -> bool {
        if i + 1 >= doc.tokens.len() || !doc.tokens[i + 1].shape.capitalised || !doc.same_sentence(i, i + 1) {
            return false;
        }
        let article = doc.fold(i);
        match doc.gap(i, i + 1) {
            Gap::Hyphen => ARABIC_ARTICLES.contains(&article),
            Gap::Space => matches!(article, "al" | "el"),
            _ => false,
        }
    }

    /// Longest gazetteer names over the tokens, left to right.
    fn match_names(&self, doc: &Doc) -> Vec<Candidate> {
        let mut out = Vec::new();
        let n = doc.tokens.len();
        let mut i = 0;
        while i < n {
            if !self.can_start(doc, i) {
                i += 1;
                continue;
            }
            match self
                .longest_name_at(doc, i)
                .or_else(|| self.transliterated_name_at(doc, i))
            {
                Some(c) => {
                    i = c.last + 1;
                    out.push(c);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Whether a name may continue from token `j - 1` to token `j`.
    fn joins(&self, doc: &Doc, j: usize) -> bool {
        if !doc.same_sentence(j - 1, j) {
            return false;
        }
        match doc.gap(j - 1, j) {
            Gap::Space | Gap::Hyphen => true,
            // "St. Louis", "U.S": only after a short abbreviation, never after a full word.
            Gap::Dot => doc.tokens[j - 1].shape.letters <= 3,
            Gap::Break => false,
        }
    }

    fn longest_name_at(&self, doc: &Doc, i: usize) -> Option<Candidate> {
        let g = self.gazetteer;
        let first = g.first_token(doc.fold(i));
        if first.cursor.is_dead() {
            return None;
        }
        // The walk past the first token, copied from the remembered one only when a name may
        // go on.
        let mut cursor: Option<NameCursor> = None;
        let mut best = None;
        for j in i..doc.tokens.len().min(i + MAX_NAME_TOKENS) {
            if j > i {
                if !self.joins(doc, j) {
                    break;
                }
                let walk = match cursor.as_mut() {
                    // After the first token, the walk over its space is remembered too, with
                    // the bytes it may go on with: a walk that cannot take the next word's
                    // first byte ends before the cursor is copied.
                    None if doc
                        .fold(j)
                        .bytes()
                        .next()
                        .is_some_and(|b| !first.next_bytes.contains(b)) =>
                    {
                        break;
                    }
                    None => cursor.insert(first.then_space.clone()),
                    Some(walk) => {
                        g.advance(walk, b" ");
                        walk
                    }
                };
                if walk.is_dead() || !g.advance(walk, doc.fold(j).as_bytes()) {
                    break;
                }
            }
            let t = &doc.tokens[j];
            if !(t.shape.capitalised || t.shape.numeric) {
                continue;
            }
            let hits = match &cursor {
                None => first.hits.clone(),
                Some(walk) => g.hits_at(walk, &doc.fold_range(i, j)),
            };
            if hits.is_empty() {
                continue;
            }
            let with_dot = doc.text[t.byte_end..].starts_with('.');
            let hits = self.case_compatible(doc, i, j, with_dot, hits);
            if !hits.is_empty() {
                let with_dot = with_dot
                    && hits
                        .iter()
                        .any(|h| h.flags & DOTTED != 0 || doc.tokens[j].shape.letters <= 1);
                best = Some((j, with_dot, hits));
            }
        }
        let (last, with_dot, hits) = best?;
        Some(Candidate::new(
            self.gazetteer,
            (i, last),
            with_dot,
            hits,
            MatchVia::Name,
        ))
    }

    /// Second chance for names spelt in a transliteration the gazetteer lacks: a run of
    /// capitalised tokens that opens with an Arabic article or spans several words, matched
    /// by its transliteration key and kept only when it still resembles the place's name.
    fn transliterated_name_at(&self, doc: &Doc, i: usize) -> Option<Candidate> {
        let mut last = i;
        while last + 1 < doc.tokens.len()
            && last + 1 - i < 4
            && self.joins(doc, last + 1)
            && (doc.tokens[last + 1].shape.capitalised || self.is_article_prefix(doc, last + 1))
        {
            last += 1;
        }
        let v = self.vocab;
        let has_article = (i..=last).any(|k| self.is_article_prefix(doc, k));
        // Without an article, a single word is never keyed (see below): most capitalised words
        // ("He", "The", "Trump") end here, before any word-list lookup.
        if last == i && !has_article {
            return None;
        }
        let plain = |k: usize| {
            v.classes(doc.fold(k))
                .has_any(&[Class::FunctionWord, Class::EnglishWord, Class::PersonTitle])
        };
        if (i..=last).any(|k| !self.is_article_prefix(doc, k) && plain(k)) {
            return None;
        }
        for j in (i..=last).rev() {
            if !doc.tokens[j].shape.capitalised || (j == i && !has_article) {
                continue;
            }
            let folded = &*doc.fold_range(i, j);
            let key = translit_key(folded);
            if key.len() < 4 {
                continue;
            }
            let mut hits = self.gazetteer.lookup_translit(&key);
            hits.retain(|h| h.flags & (ACRONYM | POSTAL | DOTTED | DEMONYM) == 0);
            hits.retain(|h| {
                spelling_similarity(
                    folded,
                    &crate::gazetteer::fold::fold(self.gazetteer.place(h.place).name),
                ) >= 0.7
            });
            if !hits.is_empty() {
                return Some(Candidate::new(
                    self.gazetteer,
                    (i, j),
                    false,
                    hits,
                    MatchVia::Transliteration,
                ));
            }
        }
        None
    }

    /// Keeps the hits whose spelling rules the text obeys: acronyms need capitals, short all-caps
    /// words match only acronyms ("UN" is not Un, India; "NATO" is not Nato, Philippines) unless
    /// the line is in capitals and the place is well known, dotted abbreviations need their dot.
    fn case_compatible(
        &self,
        doc: &Doc,
        i: usize,
        j: usize,
        dot_follows: bool,
        mut hits: Vec<NameHit>,
    ) -> Vec<NameHit> {
        let all_upper = (i..=j).all(|k| doc.tokens[k].shape.all_upper || doc.tokens[k].shape.letters == 0);
        let letters: u32 = (i..=j).map(|k| u32::from(doc.tokens[k].shape.letters)).sum();
        let shouting = all_upper && letters > 3 && doc.is_upper_case_line(i);
        hits.retain(|h| {
            if h.flags & ACRONYM != 0 && !all_upper {
                return false;
            }
            if all_upper && letters <= 5 && h.flags & ACRONYM == 0 {
                return shouting && is_prominent(self.gazetteer, std::slice::from_ref(h));
            }
            if h.flags & DOTTED != 0 && h.flags & ACRONYM == 0 && !dot_follows {
                return false;
            }
            true
        });
        // "Kan." with its dot is the abbreviation (Kansas), not a town called Kan.
        if dot_follows && hits.iter().any(|h| h.flags & DOTTED != 0) {
            hits.retain(|h| h.flags & DOTTED != 0);
        }
        keep_first_hit_per_place(&mut hits);
        hits
    }

    fn judge_all(&self, doc: &Doc, candidates: Vec<Candidate>) -> (Vec<Span>, Vec<Rejected>) {
        let near = Neighbours {
            starts: Positions::new(candidates.iter().map(|c| c.first)),
            ends: Positions::new(candidates.iter().map(|c| c.last)),
            strong_ends: Positions::new(candidates.iter().filter(|c| c.famous).map(|c| c.last)),
        };
        let mut persons: HashSet<String> = HashSet::default();
        let mut verdicts: Vec<Option<Reason>> = Vec::with_capacity(candidates.len());
        for c in &candidates {
            let verdict = self.judge(doc, c, &near, &mut persons);
            verdicts.push(verdict);
        }
        // A surname seen as a person anywhere in the article is a person everywhere in it, except
        // where the words around it say place ("the city of Edwardsville").
        for (c, v) in candidates.iter().zip(verdicts.iter_mut()) {
            if v.is_none()
                && c.first == c.last
                && persons.contains(doc.fold(c.first))
                && !c.prominent
                && !self.in_place_context(doc, c, &near)
            {
                *v = Some(Reason::KnownPerson);
            }
        }
        let mut spans = Vec::new();
        let mut rejected = Vec::new();
        for (c, verdict) in candidates.into_iter().zip(verdicts) {
            match verdict {
                None => spans.push(self.make_span(doc, c)),
                // Most candidates are turned down: only where they are is kept.
                Some(reason) => {
                    let extent = Extent::of(doc, &c);
                    rejected.push(Rejected {
                        surface: doc.text[extent.byte_start..extent.byte_end].to_string(),
                        char_start: extent.char_start,
                        char_end: extent.char_end,
                        reason,
                    });
                }
            }
        }
        link_containers(doc.text, &mut spans);
        (spans, rejected)
    }

    fn judge(&self, doc: &Doc, c: &Candidate, near: &Neighbours, persons: &mut HashSet<String>) -> Option<Reason> {
        let single = c.first == c.last;
        let folded = &*doc.fold_range(c.first, c.last);
        let acronym = c.hits.iter().any(|h| h.flags & ACRONYM != 0);
        let demonym = c.hits.iter().any(|h| h.is_demonym());
        let prominent = c.prominent;

        if c.hits.iter().all(|h| h.flags & POSTAL != 0) && !follows_place_and_comma(doc, c.first, &near.ends) {
            return Some(Reason::PostalCodeAlone);
        }
        if let Some(reason) = self.judge_dots(doc, c, prominent, persons) {
            return Some(reason);
        }
        let abbreviation = c.with_dot && c.hits.iter().any(|h| h.flags & DOTTED != 0);
        if single
            && !acronym
            && !abbreviation
            && let Some(reason) = self.judge_word(doc, c, folded, prominent, near)
        {
            return Some(reason);
        }
        if !single && let Some(reason) = self.judge_landmark(doc, c, prominent) {
            return Some(reason);
        }
        if let Some(reason) = self.judge_left(doc, c, near, persons) {
            return Some(reason);
        }
        if let Some(reason) = self.in_longer_name(doc, c.first, c.last, demonym) {
            return Some(reason);
        }
        self.judge_right(doc, c, near, persons)
    }

    /// Dots next to a candidate: "Sens. Tim Grendell" and "Nov. 26" (a dot the sentence runs
    /// past makes the word an abbreviation), "Vincent J. Fumo" and "Patrick J. Sullivan" (a
    /// middle initial sits between a given name and a surname).
    fn judge_dots(&self, doc: &Doc, c: &Candidate, prominent: bool, persons: &mut HashSet<String>) -> Option<Reason> {
        let dotted_hit = c.hits.iter().any(|h| h.flags & (DOTTED | ACRONYM) != 0);
        let q = c.last + 1;
        let runs_on = q < doc.tokens.len() && doc.same_sentence(c.last, q) && doc.gap(c.last, q) == Gap::Dot;
        if c.first == c.last && runs_on && !dotted_hit && !prominent {
            return Some(Reason::Abbreviation);
        }
        let is_initial = |k: usize| doc.tokens[k].shape.letters == 1 && doc.tokens[k].shape.all_upper;
        if c.first == c.last && runs_on && is_initial(q) && !prominent {
            persons.insert(doc.fold(c.first).to_string());
            return Some(Reason::GivenNameFirst);
        }
        let p = c.first.checked_sub(1)?;
        let after_initial = is_initial(p) && doc.same_sentence(p, c.first) && doc.gap(p, c.first) == Gap::Dot;
        if after_initial && c.first == c.last && !c.famous {
            persons.insert(doc.fold(c.first).to_string());
            return Some(Reason::GivenNameBefore);
        }
        None
    }

    /// What a one-word candidate is by itself: a function word, a direction, an institution,
    /// a capitalised common word, a bare given name, a two-letter alias, a landmark.
    fn judge_word(&self, doc: &Doc, c: &Candidate, folded: &str, prominent: bool, near: &Neighbours) -> Option<Reason> {
        let word = self.vocab.classes(folded);
        // "May", "March", "Much": function words and month names are never place names alone.
        if word.has(Class::FunctionWord) {
            return Some(Reason::CapitalisedCommonWord);
        }
        if word.has(Class::PeopleOrFaith) {
            return Some(Reason::NotAPlaceAdjective);
        }
        // "West", "Central": a direction alone is no place, whatever Cameroon calls its regions.
        if word.has(Class::PlaceModifier) {
            return Some(Reason::GenericWord);
        }
        let famous = c.famous;
        let generic = word.has_any(&[
            Class::NameHead,
            Class::BrandHead,
            Class::StreetType,
            Class::FeatureWord,
            Class::PersonTitle,
        ]);
        if generic && !famous {
            return Some(Reason::GenericWord);
        }
        if doc.weak_case(c.first) && word.has(Class::EnglishWord) && !prominent {
            return Some(Reason::CapitalisedCommonWord);
        }
        let own_name = c.hits.iter().any(|h| h.flags & PRIMARY != 0);
        if folded.len() <= 3 && !own_name && !prominent {
            return Some(Reason::ShortAlternateName);
        }
        // The tests below are asked cheapest first: the ones that read the gazetteer only when
        // the word lists have a say.
        let context = || self.in_place_context(doc, c, near);
        // The places that are called this, rather than also called it: "Human" is only an
        // alternate name of Uman, "Federal" the own name of a small Argentine town.
        let small_own = || {
            let own: Vec<NameHit> = c.hits.iter().filter(|h| h.flags & PRIMARY != 0).copied().collect();
            largest_population(self.gazetteer, &own) < 100_000 && !is_prominent(self.gazetteer, &own)
        };
        // "Commerce", "Industry", "Human": a capitalised English word that names no large place
        // of its own is far more often part of a name ("Chamber of Commerce") than a place.
        if word.has(Class::EnglishWord) && !famous && small_own() && !context() {
            return Some(Reason::CapitalisedCommonWord);
        }
        let largest = || largest_population(self.gazetteer, &c.hits);
        // "Sam" is an alternate name of Damascus; "Victoria" is a city's own name.
        let given_name = word.has(Class::GivenName);
        if given_name && !own_name && !context() {
            return Some(Reason::GivenNameAlone);
        }
        if given_name && !prominent && largest() < 150_000 && !context() {
            return Some(Reason::GivenNameAlone);
        }
        if word.has(Class::Surname) && !prominent && largest() < 100_000 && !context() {
            return Some(Reason::Surname);
        }
        self.judge_landmark(doc, c, prominent)
    }

    /// "the White House said", "the Capitol.": a landmark, not the hamlet that shares its
    /// name. "the Maryville church" or "the Cottonport Fire Station" name the town.
    fn judge_landmark(&self, doc: &Doc, c: &Candidate, prominent: bool) -> Option<Reason> {
        let after_the = c.first > 0
            && doc.same_sentence(c.first - 1, c.first)
            && doc.fold(c.first - 1) == "the"
            && !doc.tokens[c.first - 1].shape.capitalised;
        if !after_the {
            return None;
        }
        // The places that are called this, when there are any: "White House" is also a
        // translation of Casablanca's name, but no large place is called White House.
        let own: Vec<NameHit> = c.hits.iter().filter(|h| h.flags & PRIMARY != 0).copied().collect();
        let (hits, prominent) = if own.is_empty() {
            (&c.hits[..], prominent)
        } else {
            (&own[..], is_prominent(self.gazetteer, &own))
        };
        let only_small_settlements = hits.iter().all(|h| {
            self.gazetteer.precision(h.place) == Precision::Place && self.gazetteer.population(h.place) < 100_000
        });
        if only_small_settlements && !prominent && self.ends_noun_phrase(doc, c.last) {
            return Some(Reason::BuildingName);
        }
        None
    }

    /// Nothing that could extend the noun phrase follows: punctuation, a function word, a verb
    /// of saying, or the end of the sentence.
    fn ends_noun_phrase(&self, doc: &Doc, last: usize) -> bool {
        if possessive_len(doc.tokens[last].text(doc.text)) > 0 {
            return true;
        }
        let q = last + 1;
        if q >= doc.tokens.len() || !doc.same_sentence(last, q) {
            return true;
        }
        match doc.gap(last, q) {
            // "the Greenville-Spartanburg airport": a compound goes on.
            Gap::Hyphen => return false,
            Gap::Space => {}
            _ => return true,
        }
        let next = doc.fold(q);
        // "the Allston and Weston booths": a coordination goes on to its noun.
        if matches!(next, "and" | "or") {
            return false;
        }
        !doc.tokens[q].shape.capitalised
            && self
                .vocab
                .classes(next)
                .has_any(&[Class::FunctionWord, Class::SpeechVerb])
    }

    /// Titles, given names and longer names to the left of a candidate.
    fn judge_left(&self, doc: &Doc, c: &Candidate, near: &Neighbours, persons: &mut HashSet<String>) -> Option<Reason> {
        let v = self.vocab;
        if c.first == 0 || !doc.same_sentence(c.first - 1, c.first) {
            return None;
        }
        let p = c.first - 1;
        let pf = doc.fold(p);
        let adjacent = matches!(doc.gap(p, c.first), Gap::Space | Gap::Dot);
        let remember_person = |persons: &mut HashSet<String>| {
            persons.insert(doc.fold(c.last).to_string());
            // "President Barak Obama": the next capitalised word is the surname.
            let q = c.last + 1;
            if q < doc.tokens.len()
                && doc.same_sentence(c.last, q)
                && doc.gap(c.last, q) == Gap::Space
                && doc.tokens[q].shape.capitalised
            {
                persons.insert(doc.fold(q).to_string());
            }
        };
        // "President Obama", "Gen. Smith": a capitalised title right before, and no title or
        // institution after ("Chief Kanawha Circuit Judge" is a court).
        let pc = v.classes(pf);
        let title_before = adjacent
            && pc.has(Class::PersonTitle)
            && (doc.tokens[p].shape.capitalised || !pc.has(Class::CapitalisedOnlyTitle));
        if title_before && !c.famous && !self.continues_into_name(doc, c.last) {
            remember_person(persons);
            return Some(Reason::PersonTitle);
        }
        let title_case = doc.title_case[doc.sentence_of[c.first] as usize];
        // "Roy Jones", "Abraham Lincoln": a given name right before, even one that is also a town.
        // A given name that is also an English word ("Will", "Mark") counts only where a capital
        // is not owed to the sentence start ("Will Denver approve it?").
        let given_before = doc.tokens[p].shape.capitalised
            && doc.gap(p, c.first) == Gap::Space
            && pc.has(Class::GivenName)
            && !(pc.has(Class::EnglishWord) && doc.weak_case(p))
            && !title_case;
        if given_before && !c.famous {
            remember_person(persons);
            return Some(Reason::GivenNameBefore);
        }
        let possessive = possessive_len(doc.tokens[p].text(doc.text)) > 0;
        let prev_is_common = pc.has_any(&[Class::FunctionWord, Class::PlaceModifier, Class::PersonTitle])
            || (doc.weak_case(p) && pc.has(Class::EnglishWord));
        let prev_is_name_word = doc.tokens[p].shape.capitalised
            && !possessive
            && doc.gap(p, c.first) == Gap::Space
            && !near.strong_ends.contains(&p)
            && !prev_is_common
            && !title_case;
        if !prev_is_name_word {
            return None;
        }
        // "Barack Obama", "Cold War", "Lake Vermont": the tail of a longer name. After a word
        // that is no English word ("Barack"), the tail is a surname and stays one.
        if c.first == c.last && !pc.has(Class::EnglishWord) && !doc.sentence_start(p) && !c.famous {
            persons.insert(doc.fold(c.first).to_string());
        }
        Some(Reason::InsideLargerName)
    }

    /// The capitalised word after the candidate is a title, an institution or a common word
    /// ("Kanawha Circuit Judge", "Minnesota Department"): the candidate is not a surname.
    fn continues_into_name(&self, doc: &Doc, last: usize) -> bool {
        let v = self.vocab;
        let q = last + 1;
        if q >= doc.tokens.len()
            || !doc.same_sentence(last, q)
            || doc.gap(last, q) != Gap::Space
            || !doc.tokens[q].shape.capitalised
        {
            return false;
        }
        v.classes(doc.fold(q)).has_any(&[
            Class::PersonTitle,
            Class::NameHead,
            Class::BrandHead,
            Class::EnglishWord,
        ])
    }

    /// Streets, natural features, given names and verbs of saying to the right of a candidate.
    fn judge_right(
        &self,
        doc: &Doc,
        c: &Candidate,
        near: &Neighbours,
        persons: &mut HashSet<String>,
    ) -> Option<Reason> {
        let v = self.vocab;
        let q = c.last + 1;
        if q >= doc.tokens.len() || !doc.same_sentence(c.last, q) || c.with_dot {
            return None;
        }
        let single = c.first == c.last;
        let folded = &*doc.fold_range(c.first, c.last);
        let qf = doc.fold(q);
        let g = doc.gap(c.last, q);
        let next_capitalised = doc.tokens[q].shape.capitalised;
        let title_case = doc.title_case[doc.sentence_of[c.first] as usize];
        // "Franklin Avenue", "Orchard St." name streets; "Florida Highway Patrol" does not.
        let named_after_street = q + 1 < doc.tokens.len()
            && doc.same_sentence(q, q + 1)
            && doc.gap(q, q + 1) == Gap::Space
            && doc.tokens[q + 1].shape.capitalised;
        let next = v.classes(qf);
        if g == Gap::Space && next_capitalised && next.has(Class::StreetType) && !named_after_street {
            return Some(Reason::StreetName);
        }
        if g == Gap::Space && next_capitalised && !title_case {
            if next.has(Class::FeatureWord) {
                return Some(Reason::NaturalFeature);
            }
            // "Sydney Smith", "Paris Hilton", "Barak Obama": a given name (or a word that is only
            // some village's alternate name), then a word that is no English word.
            let forename_like = v.is(folded, Class::GivenName) || !c.hits.iter().any(|h| h.flags & PRIMARY != 0);
            let surname_follows = single
                && !near.starts.contains(&q)
                && forename_like
                && !next.has_any(&[
                    Class::EnglishWord,
                    Class::DivisionWord,
                    Class::PersonTitle,
                    Class::NameHead,
                    Class::BrandHead,
                    Class::FunctionWord,
                ]);
            if surname_follows && !c.famous {
                persons.insert(qf.to_string());
                return Some(Reason::GivenNameFirst);
            }
        }
        // "Cook said": a small place's name as the subject of a verb of saying is a surname.
        let said = g == Gap::Space && next.has(Class::SpeechVerb);
        let largest = c
            .hits
            .iter()
            .map(|h| self.gazetteer.population(h.place))
            .max()
            .unwrap_or(0);
        if said
            && single
            && c.hits.iter().all(|h| !h.is_demonym())
            && largest < 50_000
            && !c.prominent
            && !self.after_locative(doc, c.first)
        {
            persons.insert(folded.to_string());
            return Some(Reason::SpeechVerb);
        }
        None
    }

    fn after_locative(&self, doc: &Doc, first: usize) -> bool {
        first > 0
            && doc.same_sentence(first - 1, first)
            && !doc.tokens[first - 1].shape.capitalised
            && (self.vocab.is(doc.fold(first - 1), Class::LocativePreposition) || doc.fold(first - 1) == "the")
    }

    /// A longer proper name around the candidate: "Syrian Observatory for Human Rights" (an
    /// adjective inside an organisation's name), "The Washington Post" (a brand). A place
    /// name before an institution ("Alexandria Police", "Moscow State University") still names
    /// the place, so it stays.
    fn in_longer_name(&self, doc: &Doc, first: usize, last: usize, demonym: bool) -> Option<Reason> {
        let v = self.vocab;
        if doc.title_case[doc.sentence_of[first] as usize] {
            return None;
        }
        let links = |k: usize| {
            k + 1 < doc.tokens.len()
                && doc.same_sentence(k, k + 1)
                && matches!(doc.gap(k, k + 1), Gap::Space | Gap::Hyphen)
        };
        let is_name_word = |k: usize| doc.tokens[k].shape.capitalised || doc.tokens[k].shape.numeric;
        let verdict = |k: usize| -> Option<Reason> {
            let f = doc.fold(k);
            if v.is(f, Class::BrandHead) {
                return Some(Reason::BrandName);
            }
            if demonym && v.is(f, Class::IndependentBodyHead) {
                return Some(Reason::OrganisationName);
            }
            None
        };
        // Rightwards, over capitalised words and "for", "and", "de"; a possessive ends the name
        // ("Gainesville's VFW Post").
        let possessive = possessive_len(doc.tokens[last].text(doc.text)) > 0;
        let mut k = if possessive { doc.tokens.len() } else { last };
        for _ in 0..5 {
            if !links(k) {
                break;
            }
            k += 1;
            if is_name_word(k) {
                if let Some(r) = verdict(k) {
                    return Some(r);
                }
            } else if !matches!(doc.fold(k), "for" | "and" | "de") {
                break;
            }
        }
        // Leftwards, over capitalised words and "for"/"and" ("X of Y" names Y as a place).
        let mut k = first;
        for _ in 0..5 {
            if k == 0 || !links(k - 1) {
                break;
            }
            k -= 1;
            if is_name_word(k) {
                if demonym && v.is(doc.fold(k), Class::IndependentBodyHead) && !doc.weak_case(k) {
                    return Some(Reason::OrganisationName);
                }
            } else if !matches!(doc.fold(k), "for" | "and") {
                break;
            }
        }
        None
    }

    /// Words around a candidate that make a common word read as a place: "in Reading",
    /// "Nice, France", "Split county".
    fn in_place_context(&self, doc: &Doc, c: &Candidate, near: &Neighbours) -> bool {
        self.place_context_before(doc, c.first)
            || self.place_context_after(doc, c, &near.starts)
            || self.is_dateline(doc, c)
            || self.after_party_letter(doc, c.first)
    }

    /// "D-Winthrop", "R-Marshall", "DFL-Cook": a legislator's party and home district.
    fn after_party_letter(&self, doc: &Doc, first: usize) -> bool {
        first > 0
            && doc.gap(first - 1, first) == Gap::Hyphen
            && doc.tokens[first - 1].shape.all_upper
            && matches!(doc.fold(first - 1), "d" | "r" | "i" | "dfl")
    }

    /// "in Reading", "east of Brandon", "Bowers, 19, of Martinez".
    fn place_context_before(&self, doc: &Doc, first: usize) -> bool {
        let v = self.vocab;
        if first == 0 || !doc.same_sentence(first - 1, first) || doc.tokens[first - 1].shape.capitalised {
            return false;
        }
        let p = first - 1;
        let word = doc.fold(p);
        if word != "of" {
            return v.is(word, Class::LocativePreposition);
        }
        if p == 0 || !doc.same_sentence(p - 1, p) {
            return false;
        }
        let before_of = doc.fold(p - 1);
        v.classes(before_of)
            .has_any(&[Class::PlaceModifier, Class::SettlementWord, Class::LocalNoun])
            || doc.tokens[p - 1].shape.numeric
            || doc.between(p - 1, p).contains(',')
    }

    /// "Nice, France", "Barrow counties", "Roselle police", "the Maryville church".
    fn place_context_after(&self, doc: &Doc, c: &Candidate, starts: &Positions) -> bool {
        let v = self.vocab;
        let q = c.last + 1;
        if q >= doc.tokens.len() || !doc.same_sentence(c.last, q) {
            return false;
        }
        let next = doc.fold(q);
        (doc.between(c.last, q).trim() == "," && starts.contains(&q))
            || v.is(next, Class::DivisionWord)
            || (!doc.tokens[q].shape.capitalised && v.is(next, Class::LocalNoun))
    }

    /// "MONROE — Federal and state ...", "CHARLESTON, W.Va. (AP)": a place in capitals opening
    /// a story.
    fn is_dateline(&self, doc: &Doc, c: &Candidate) -> bool {
        let all_upper = (c.first..=c.last).all(|k| doc.tokens[k].shape.all_upper);
        let opens = doc.sentence_start(c.first);
        let after = &doc.text[doc.tokens[c.last].byte_end..];
        let after = after.trim_start_matches(' ');
        all_upper && opens && after.starts_with(['—', '–', '-', ',', '('])
    }

    fn make_span(&self, doc: &Doc, c: Candidate) -> Span {
        let extent = Extent::of(doc, &c);
        let kind = if c.hits.iter().any(|h| h.is_demonym()) {
            MentionKind::Demonym
        } else {
            MentionKind::Place
        };
        let hits: Vec<NameHit> = c
            .hits
            .into_iter()
            .filter(|h| h.is_demonym() == (kind == MentionKind::Demonym))
            .collect();
        Span {
            byte_start: extent.byte_start,
            byte_end: extent.byte_end,
            char_start: extent.char_start,
            char_end: extent.char_end,
            sentence: doc.sentence_of[c.first] as usize,
            surface: doc.text[extent.byte_start..extent.byte_end].to_string(),
            folded: doc.fold_range(c.first, c.last).into_owned(),
            kind,
            via: c.via,
            hits,
            hint: self.feature_hint(doc, c.first, c.last),
            container: None,
            weak_case: doc.weak_case(c.first),
        }
    }

    fn feature_hint(&self, doc: &Doc, first: usize, last: usize) -> Option<FeatureHint> {
        let v = self.vocab;
        if last + 1 < doc.tokens.len() && doc.same_sentence(last, last + 1) && doc.gap(last, last + 1) == Gap::Space {
            let next = doc.fold(last + 1);
            if v.is(next, Class::DivisionWord) {
                return Some(FeatureHint::Division);
            }
            if v.is(next, Class::SettlementWord) && !doc.tokens[last + 1].shape.capitalised {
                return Some(FeatureHint::Settlement);
            }
        }
        // "the city of X", "the town of X"
        if first >= 2 && doc.fold(first - 1) == "of" && doc.same_sentence(first - 2, first) {
            let before = doc.fold(first - 2);
            if v.is(before, Class::SettlementWord) {
                return Some(FeatureHint::Settlement);
            }
            if v.is(before, Class::DivisionWord) {
                return Some(FeatureHint::Division);
            }
        }
        None
    }

    /// Capitalised names in place-like contexts that matched nothing.
    /// `covered`: per token, whether a candidate (kept or turned down) holds it.
    fn unknown_names(&self, doc: &Doc, covered: &[bool], body_start: usize) -> Vec<UnknownName> {
        let v = self.vocab;
        let mut out = Vec::new();
        let mut i = doc.tokens.partition_point(|t| t.byte_start < body_start);
        while i < doc.tokens.len() {
            if covered[i] || !self.can_start(doc, i) || doc.title_case[doc.sentence_of[i] as usize] {
                i += 1;
                continue;
            }
            let mut last = i;
            while last + 1 < doc.tokens.len()
                && !covered[last + 1]
                && self.joins(doc, last + 1)
                && doc.gap(last, last + 1) != Gap::Dot
                && (doc.tokens[last + 1].shape.capitalised || self.is_article_prefix(doc, last + 1))
            {
                last += 1;
            }
            let after_locative = i > 0
                && doc.same_sentence(i - 1, i)
                && !doc.tokens[i - 1].shape.capitalised
                && v.is(doc.fold(i - 1), Class::LocativePreposition)
                && doc.fold(i - 1) != "of";
            let before_division = last + 1 < doc.tokens.len()
                && doc.same_sentence(last, last + 1)
                && v.is(doc.fold(last + 1), Class::DivisionWord)
                && !doc.tokens[last + 1].shape.capitalised;
            // Asked only of runs in a place's position: most capitalised runs are not, and the
            // word lists are the costly part.
            let plain_word = || {
                let first_word = v.classes(doc.fold(i));
                let names_something_else = (i..=last).any(|k| {
                    v.classes(doc.fold(k))
                        .has_any(&[Class::NameHead, Class::StreetType, Class::FeatureWord])
                });
                names_something_else
                    || first_word.has_any(&[Class::FunctionWord, Class::GivenName, Class::PersonTitle])
                    || (i == last && first_word.has(Class::EnglishWord))
                    || doc.tokens[i].shape.numeric
                    || doc.tokens[last].shape.letters < 3
            };
            if (after_locative || before_division) && !plain_word() {
                let (a, b) = (&doc.tokens[i], &doc.tokens[last]);
                out.push(UnknownName {
                    surface: doc.text[a.byte_start..b.byte_end].to_string(),
                    char_start: a.char_start,
                    char_end: b.char_end,
                    sentence: doc.sentence_of[i] as usize,
                });
            }
            i = last + 1;
        }
        out
    }
}

/// "Springfield, IL": a comma right after the end of another candidate.
fn follows_place_and_comma(doc: &Doc, first: usize, ends: &Positions) -> bool {
    first > 0 && ends.contains(&(first - 1)) && doc.between(first - 1, first).trim() == ","
}

/// One hit per place, keeping the first (most permissive) spelling; short lists, the usual
/// case, are checked pairwise rather than through a hash set built per lookup.
fn keep_first_hit_per_place(hits: &mut Vec<NameHit>) {
    const PAIRWISE: usize = 16;
    if hits.len() <= PAIRWISE {
        let mut kept = 0;
        for k in 0..hits.len() {
            let hit = hits[k];
            if !hits[..kept].iter().any(|h| h.place == hit.place) {
                hits[kept] = hit;
                kept += 1;
            }
        }
        hits.truncate(kept);
    } else {
        let mut seen = HashSet::with_capacity_and_hasher(hits.len(), Default::default());
        hits.retain(|h| seen.insert(h.place));
    }
}

/// Countries, continents, populous first-level divisions and cities of a million: names so well known
/// that a title or a verb of saying next to them is metonymy, not a person.
fn is_prominent(g: &Gazetteer, hits: &[NameHit]) -> bool {
    hits.iter().any(|h| HitStanding::of(g, h).is_prominent())
}

/// The population of the most populous place among the hits (0 when there is none).
fn largest_population(g: &Gazetteer, hits: &[NameHit]) -> u32 {
    hits.iter().map(|h| g.population(h.place)).max().unwrap_or(0)
}

/// Whether any hit is famous ([`HitStanding::is_famous`]) and whether any is prominent
/// ([`is_prominent`]), in one pass: every candidate asks both, and a name's hits can number
/// dozens.
fn renown(g: &Gazetteer, hits: &[NameHit]) -> (bool, bool) {
    let mut prominent = false;
    for h in hits {
        let standing = HitStanding::of(g, h);
        // A famous name is prominent too.
        if standing.is_famous() {
            return (true, true);
        }
        prominent |= standing.is_prominent();
    }
    (false, prominent)
}

/// What fame and prominence ask of a hit.
struct HitStanding {
    demonym: bool,
    precision: Precision,
    population: u32,
}

impl HitStanding {
    fn of(g: &Gazetteer, h: &NameHit) -> Self {
        HitStanding {
            demonym: h.is_demonym(),
            precision: g.precision(h.place),
            population: g.population(h.place),
        }
    }

    /// Countries, continents and cities of a million: names that stay places even next to a
    /// title or before a surname-like word ("President Vladimir Putin" is a person, Vladimir
    /// Oblast or not).
    fn is_famous(&self) -> bool {
        self.demonym
            || self.precision >= Precision::Country
            || (self.precision == Precision::Place && self.population >= 1_000_000)
    }

    fn is_prominent(&self) -> bool {
        self.demonym
            || self.precision >= Precision::Country
            || (self.precision == Precision::Admin1 && self.population >= 500_000)
            || self.population >= 1_000_000
    }
}

/// The length in bytes of a possessive "'s" ending a word (0 if none).
fn possessive_len(word: &str) -> usize {
    let Some(rest) = word.strip_suffix(['s', 'S']) else {
        return 0;
    };
    match rest.chars().next_back() {
        Some(a) if crate::gazetteer::fold::is_apostrophe(a) && rest.len() > a.len_utf8() => 1 + a.len_utf8(),
        _ => 0,
    }
}

/// Marks "X, Y" and "X in Y": Y may contain X.
fn link_containers(text: &str, spans: &mut [Span]) {
    for k in 0..spans.len().saturating_sub(1) {
        let (a, b) = (&spans[k], &spans[k + 1]);
        if a.sentence != b.sentence || b.kind != MentionKind::Place || a.byte_end > b.byte_start {
            continue;
        }
        let between = text[a.byte_end..b.byte_start].trim();
        if between == "," || between == "in" || between == "(" {
            spans[k].container = Some(k + 1);
        }
    }
}

/// 1 - edit distance / longer length, over the names without their Arabic articles.
fn spelling_similarity(a: &str, b: &str) -> f64 {
    let strip = |s: &str| -> Vec<u8> {
        s.split(' ')
            .filter(|w| !ARABIC_ARTICLES.contains(w))
            .flat_map(|w| w.bytes())
            .collect()
    };
    let (a, b) = (strip(a), strip(b));
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 0.0;
    }
    1.0 - levenshtein(&a, &b) as f64 / longest as f64
}

fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests;
