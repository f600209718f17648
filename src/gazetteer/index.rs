//! The runtime gazetteer: the index compiled into the binary by `build.rs`, plus any places a
//! user adds with `--gazetteer-extra` and names they exclude with `--exclude`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use fst::raw::{Fst, Output};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use smallvec::SmallVec;
use thread_local::ThreadLocal;

use super::fold::fold;
use super::format::{self, DEMONYM, IndexBytes, IndexRow, RECORD_LEN, Record};

static NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.fst"));
static TRANSLIT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/translit.fst"));
static POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/postings.bin"));
static RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/records.bin"));
static STRINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/strings.bin"));
static CODES: &str = include_str!(concat!(env!("OUT_DIR"), "/codes.txt"));

/// A place's number in this gazetteer (not its geonameid).
pub type PlaceId = u32;

/// How precisely a resolved place locates a mention, after ACLED's geo_precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Place,
    Admin2,
    Admin1,
    Country,
    Continent,
}

impl Precision {
    pub fn from_feature_code(code: &str) -> Precision {
        match code {
            "CONT" => Precision::Continent,
            c if c.starts_with("PCL") => Precision::Country,
            "ADM1" | "ADM1H" => Precision::Admin1,
            "ADM2" | "ADM2H" => Precision::Admin2,
            _ => Precision::Place,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Place => "place",
            Precision::Admin2 => "admin2",
            Precision::Admin1 => "admin1",
            Precision::Country => "country",
            Precision::Continent => "continent",
        }
    }
}

/// A gazetteer entry, borrowed from the index.
#[derive(Debug, Clone, Copy)]
pub struct Place<'g> {
    pub id: PlaceId,
    pub geonameid: u32,
    pub name: &'g str,
    pub lat: f64,
    pub lon: f64,
    pub feature_code: &'g str,
    /// ISO 3166-1 alpha-2, empty for continents.
    pub country_code: &'g str,
    /// GeoNames admin-1 code with its country, e.g. "SY.07"; empty when unknown.
    pub admin1_code: &'g str,
    /// GeoNames admin-2 code with country and admin-1, e.g. "US.GA.121"; empty when unknown.
    pub admin2_code: &'g str,
    pub population: u32,
    /// Number of alternate names: well-known places have many.
    pub alternate_names: u16,
    /// From the feature code, worked out once per code rather than at every use.
    precision: Precision,
}

impl Place<'_> {
    pub fn precision(&self) -> Precision {
        self.precision
    }
}

/// One name the gazetteer holds for a place, as found by a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    pub place: PlaceId,
    /// The [`format`] flags of the name that matched (PRIMARY, ACRONYM, DEMONYM, ...).
    pub flags: u8,
}

impl NameHit {
    pub fn is_demonym(&self) -> bool {
        self.flags & DEMONYM != 0
    }
}

/// One compiled index (the bundled one or a user's extras) over a range of place ids.
struct Part {
    names: Fst<Cow<'static, [u8]>>,
    translit: Fst<Cow<'static, [u8]>>,
    postings: Cow<'static, [u8]>,
    records: Cow<'static, [u8]>,
    /// Place names, checked as UTF-8 once at load rather than at every read of a place.
    strings: Cow<'static, str>,
    codes: CodeTables,
    /// The precision of each feature code in the first code table.
    precision_of_code: Vec<Precision>,
    base: PlaceId,
    len: u32,
}

/// The code tables of an index as (start, end) ranges into its text, so that the bundled
/// tables are read in place.
struct CodeTables {
    text: Cow<'static, str>,
    ranges: [Vec<(u32, u32)>; 4],
}

impl CodeTables {
    fn new(text: Cow<'static, str>) -> Self {
        let mut ranges: [Vec<(u32, u32)>; 4] = Default::default();
        for r in &mut ranges {
            r.push((0, 0));
        }
        let mut table = 0;
        let mut start = 0usize;
        for (i, b) in text.bytes().enumerate() {
            if b != b'\n' {
                continue;
            }
            if i == start {
                table += 1;
                if table == 4 {
                    break;
                }
            } else {
                ranges[table].push((start as u32, i as u32));
            }
            start = i + 1;
        }
        Self { text, ranges }
    }

    fn get(&self, table: usize, i: usize) -> &str {
        let (s, e) = self.ranges[table].get(i).copied().unwrap_or((0, 0));
        &self.text[s as usize..e as usize]
    }
}

fn utf8(bytes: Cow<'static, [u8]>) -> anyhow::Result<Cow<'static, str>> {
    Ok(match bytes {
        Cow::Borrowed(b) => Cow::Borrowed(std::str::from_utf8(b)?),
        Cow::Owned(v) => Cow::Owned(String::from_utf8(v)?),
    })
}

impl Part {
    fn new(bytes: [Cow<'static, [u8]>; 5], codes: Cow<'static, str>, base: PlaceId) -> anyhow::Result<Part> {
        let [names, translit, postings, records, strings] = bytes;
        let len = (records.len() / RECORD_LEN) as u32;
        let codes = CodeTables::new(codes);
        let precision_of_code = (0..codes.ranges[0].len())
            .map(|k| Precision::from_feature_code(codes.get(0, k)))
            .collect();
        Ok(Part {
            names: Fst::new(names)?,
            translit: Fst::new(translit)?,
            postings,
            records,
            strings: utf8(strings)?,
            codes,
            precision_of_code,
            base,
            len,
        })
    }

    fn precision(&self, local: u32) -> Precision {
        let code = Record::feature_code(&self.records, local as usize);
        self.precision_of_code
            .get(code as usize)
            .copied()
            .unwrap_or_else(|| Precision::from_feature_code(""))
    }

    fn from_index(index: IndexBytes, base: PlaceId) -> anyhow::Result<Part> {
        let codes = String::from_utf8(index.codes)?;
        Part::new(
            [
                index.names.into(),
                index.translit.into(),
                index.postings.into(),
                index.records.into(),
                index.strings.into(),
            ],
            codes.into(),
            base,
        )
    }

    fn place(&self, local: u32) -> Place<'_> {
        let r = Record::decode(&self.records, local as usize);
        let name_range = r.name_offset as usize..r.name_offset as usize + r.name_len as usize;
        Place {
            id: self.base + local,
            geonameid: r.geonameid,
            name: self.strings.get(name_range).unwrap_or(""),
            lat: f64::from(r.lat_e6) / 1e6,
            lon: f64::from(r.lon_e6) / 1e6,
            feature_code: self.codes.get(0, r.feature_code as usize),
            country_code: self.codes.get(1, r.country_code as usize),
            admin1_code: self.codes.get(2, r.admin1 as usize),
            admin2_code: self.codes.get(3, r.admin2 as usize),
            population: r.population,
            alternate_names: r.alternate_names,
            precision: self
                .precision_of_code
                .get(r.feature_code as usize)
                .copied()
                .unwrap_or(Precision::Place),
        }
    }
}

/// The gazetteer: look names up, walk them token by token, read places.
pub struct Gazetteer {
    parts: Vec<Part>,
    /// Bundled places replaced by an extra with the same geonameid.
    overridden: HashSet<u32>,
    /// Folded names never to treat as places.
    excluded: HashSet<String>,
    /// Country, first- and second-level division records by code, each built at its first use.
    divisions: [OnceLock<HashMap<String, PlaceId>>; 3],
    /// (geonameid, id), sorted by geonameid.
    geonameid_index: OnceLock<Vec<(u32, PlaceId)>>,
    /// Per thread, where each first token walked lately leads: news repeats its capitalised
    /// words, and a hash lookup is cheaper than walking the index node by node.
    /// Shared, not copied, with the caller, who rarely needs all of it.
    first_tokens: ThreadLocal<RefCell<HashMap<Box<str>, Arc<FirstToken>>>>,
}

/// Where one folded token leads from the start of every name (see [`Gazetteer::first_token`]).
#[derive(Debug, Clone, Default)]
pub struct FirstToken {
    /// The cursor after the token: dead when no name starts with it.
    pub cursor: NameCursor,
    /// The places named by the token alone (as [`Gazetteer::hits_at`] finds them).
    pub hits: Vec<NameHit>,
    /// The cursor after the token and a space: dead when no name goes on past it.
    pub then_space: NameCursor,
    /// The bytes a name may go on with after `then_space`.
    pub next_bytes: ByteSet,
}

/// A set of bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByteSet([u64; 4]);

impl ByteSet {
    pub fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    pub fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }
}

/// First tokens remembered per thread before the memory is cleared and refilled (a few MB).
const FIRST_TOKENS_KEPT: usize = 1 << 16;

/// A position in a token-by-token walk through the name index (see [`Gazetteer::walk`]).
#[derive(Debug, Clone, Default)]
pub struct NameCursor {
    /// For each part still matching: (part, node address, output so far). Inline: there is
    /// one part, or two with a user's extras.
    states: SmallVec<[(usize, usize, u64); 2]>,
}

impl NameCursor {
    pub fn is_dead(&self) -> bool {
        self.states.is_empty()
    }
}

impl Gazetteer {
    /// The gazetteer bundled in the binary.
    pub fn bundled() -> Gazetteer {
        let part = Part::new(
            [
                Cow::Borrowed(NAMES),
                Cow::Borrowed(TRANSLIT),
                Cow::Borrowed(POSTINGS),
                Cow::Borrowed(RECORDS),
                Cow::Borrowed(STRINGS),
            ],
            Cow::Borrowed(CODES),
            0,
        )
        .expect("the embedded index was built by build.rs");
        Gazetteer {
            parts: vec![part],
            overridden: HashSet::default(),
            excluded: HashSet::default(),
            divisions: Default::default(),
            geonameid_index: OnceLock::new(),
            first_tokens: ThreadLocal::new(),
        }
    }

    /// Adds places (an extra with a bundled geonameid replaces the bundled entry).
    pub fn add_places(&mut self, rows: Vec<IndexRow>) -> anyhow::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.overridden.extend(rows.iter().map(|r| r.geonameid));
        let base = self.len();
        let index = format::build_index(&rows);
        self.parts.push(Part::from_index(index, base)?);
        self.divisions = Default::default();
        self.geonameid_index = OnceLock::new();
        self.first_tokens = ThreadLocal::new();
        Ok(())
    }

    /// Names that must never be treated as places, in any spelling that folds the same.
    pub fn exclude_names<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, names: I) {
        self.excluded
            .extend(names.into_iter().map(|n| fold(n.as_ref())).filter(|n| !n.is_empty()));
        // Remembered first tokens carry their hits, which an exclusion may now hide.
        self.first_tokens = ThreadLocal::new();
    }

    pub fn is_excluded(&self, folded: &str) -> bool {
        self.excluded.contains(folded)
    }

    /// Number of places (bundled and extra).
    pub fn len(&self) -> u32 {
        self.parts.last().map(|p| p.base + p.len).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn place(&self, id: PlaceId) -> Place<'_> {
        let (part, local) = self.locate(id);
        part.place(local)
    }

    /// A place's population, without reading the rest of its record (for the recogniser's
    /// many "is any reading of this name large?" questions).
    pub fn population(&self, id: PlaceId) -> u32 {
        let (part, local) = self.locate(id);
        Record::population(&part.records, local as usize)
    }

    /// A place's precision, without reading the rest of its record.
    pub fn precision(&self, id: PlaceId) -> Precision {
        let (part, local) = self.locate(id);
        part.precision(local)
    }

    fn locate(&self, id: PlaceId) -> (&Part, u32) {
        let part = self
            .parts
            .iter()
            .rev()
            .find(|p| id >= p.base)
            .expect("place ids start at 0");
        (part, id - part.base)
    }

    /// All places whose names fold to `folded`, most populous first.
    pub fn lookup(&self, folded: &str) -> Vec<NameHit> {
        if self.is_excluded(folded) {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (k, part) in self.parts.iter().enumerate() {
            if let Some(out) = part.names.get(folded) {
                self.collect_postings(k, out.value(), &mut hits);
            }
        }
        hits
    }

    /// Places whose transliteration key equals `key` (see [`translit_key`](super::fold::translit_key)).
    pub fn lookup_translit(&self, key: &str) -> Vec<NameHit> {
        let mut hits = Vec::new();
        for (k, part) in self.parts.iter().enumerate() {
            if let Some(out) = part.translit.get(key) {
                self.collect_postings(k, out.value(), &mut hits);
            }
        }
        hits
    }

    fn collect_postings(&self, part_index: usize, offset: u64, hits: &mut Vec<NameHit>) {
        let part = &self.parts[part_index];
        let is_bundled = part_index == 0;
        let postings = format::decode_postings(&part.postings, offset as usize);
        hits.reserve(postings.len());
        for (local, flags) in postings {
            if is_bundled && !self.overridden.is_empty() {
                let geonameid = Record::decode(&part.records, local as usize).geonameid;
                if self.overridden.contains(&geonameid) {
                    continue;
                }
            }
            hits.push(NameHit {
                place: part.base + local,
                flags,
            });
        }
    }

    /// A cursor at the start of every name.
    pub fn walk(&self) -> NameCursor {
        NameCursor {
            states: (0..self.parts.len())
                .map(|k| (k, self.parts[k].names.root().addr(), 0))
                .collect(),
        }
    }

    /// A cursor moved over one folded token from the start of every name: the same as
    /// [`Gazetteer::walk`] then [`Gazetteer::advance`], remembered per thread.
    pub fn walk_first_token(&self, folded: &str) -> NameCursor {
        self.first_token(folded).cursor.clone()
    }

    /// Where one folded token leads from the start of every name: the cursor after it, the
    /// places it names alone, and the cursor after it and a space; remembered per thread.
    pub fn first_token(&self, folded: &str) -> Arc<FirstToken> {
        let mut cache = self.first_tokens.get_or_default().borrow_mut();
        if let Some(known) = cache.get(folded) {
            return Arc::clone(known);
        }
        let walked = Arc::new(self.walk_first_token_afresh(folded));
        if cache.len() >= FIRST_TOKENS_KEPT {
            cache.clear();
        }
        cache.insert(folded.into(), Arc::clone(&walked));
        walked
    }

    fn walk_first_token_afresh(&self, folded: &str) -> FirstToken {
        let mut cursor = self.walk();
        if !self.advance(&mut cursor, folded.as_bytes()) {
            return FirstToken::default();
        }
        let hits = self.hits_at(&cursor, folded);
        let mut then_space = cursor.clone();
        self.advance(&mut then_space, b" ");
        let next_bytes = self.next_bytes(&then_space);
        FirstToken {
            cursor,
            hits,
            then_space,
            next_bytes,
        }
    }

    /// The bytes on which [`Gazetteer::advance`] can move `cursor` on.
    fn next_bytes(&self, cursor: &NameCursor) -> ByteSet {
        let mut set = ByteSet::default();
        for &(k, addr, _) in &cursor.states {
            for t in self.parts[k].names.node(addr).transitions() {
                set.insert(t.inp);
            }
        }
        set
    }

    /// Moves the cursor over `bytes` (folded text). Returns false once no name continues.
    pub fn advance(&self, cursor: &mut NameCursor, bytes: &[u8]) -> bool {
        cursor.states.retain_mut(|(k, addr, out)| {
            let fst = &self.parts[*k].names;
            let mut node = fst.node(*addr);
            let mut acc = Output::new(*out);
            for &b in bytes {
                let Some(i) = node.find_input(b) else {
                    return false;
                };
                let t = node.transition(i);
                acc = acc.cat(t.out);
                node = fst.node(t.addr);
            }
            *addr = node.addr();
            *out = acc.value();
            true
        });
        !cursor.states.is_empty()
    }

    /// The places named by exactly the text walked so far (empty if it is not a whole name).
    pub fn hits_at(&self, cursor: &NameCursor, folded_so_far: &str) -> Vec<NameHit> {
        let mut hits = Vec::new();
        for &(k, addr, out) in &cursor.states {
            let node = self.parts[k].names.node(addr);
            if node.is_final() {
                let value = Output::new(out).cat(node.final_output()).value();
                self.collect_postings(k, value, &mut hits);
            }
        }
        if !hits.is_empty() && self.is_excluded(folded_so_far) {
            hits.clear();
        }
        hits
    }

    /// The records of one level of division (country, admin1 or admin2), by code.
    fn divisions(&self, level: Precision) -> &HashMap<String, PlaceId> {
        let slot = match level {
            Precision::Country => 0,
            Precision::Admin1 => 1,
            _ => 2,
        };
        self.divisions[slot].get_or_init(|| {
            let mut by_code = HashMap::default();
            for part in &self.parts {
                // Only the feature-code byte of each record is read: this runs over every place,
                // and a one-article run must not wait for it.
                for local in (0..part.len).filter(|&local| part.precision(local) == level) {
                    let id = part.base + local;
                    let p = part.place(local);
                    let code = match level {
                        Precision::Country => p.country_code,
                        Precision::Admin1 => p.admin1_code,
                        _ => p.admin2_code,
                    };
                    // Later parts (user extras) win.
                    by_code.insert(code.to_string(), id);
                }
            }
            by_code
        })
    }

    fn geonameid_index(&self) -> &[(u32, PlaceId)] {
        self.geonameid_index.get_or_init(|| {
            let mut index: Vec<(u32, PlaceId)> = (0..self.len()).map(|id| (self.place(id).geonameid, id)).collect();
            // Stable, so that of two places with one geonameid the later part (user extras) is last.
            index.sort_by_key(|&(geonameid, _)| geonameid);
            index
        })
    }

    /// The country record for an ISO code.
    pub fn country(&self, country_code: &str) -> Option<Place<'_>> {
        self.divisions(Precision::Country)
            .get(country_code)
            .map(|&id| self.place(id))
    }

    /// The first-level division record for a code such as "SY.07".
    pub fn admin1(&self, admin1_code: &str) -> Option<Place<'_>> {
        self.divisions(Precision::Admin1)
            .get(admin1_code)
            .map(|&id| self.place(id))
    }

    /// The second-level division record for a code such as "US.GA.121".
    pub fn admin2(&self, admin2_code: &str) -> Option<Place<'_>> {
        self.divisions(Precision::Admin2)
            .get(admin2_code)
            .map(|&id| self.place(id))
    }

    pub fn by_geonameid(&self, geonameid: u32) -> Option<Place<'_>> {
        let index = self.geonameid_index();
        let end = index.partition_point(|&(g, _)| g <= geonameid);
        let &(found, id) = index[..end].last()?;
        (found == geonameid).then(|| self.place(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extra(id: u32, name: &str, alts: &[&str]) -> IndexRow {
        IndexRow {
            geonameid: id,
            name: name.into(),
            lat: 1.5,
            lon: 2.25,
            feature_code: "PPL".into(),
            country_code: "SY".into(),
            population: 10,
            alternate_names: alts.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn extras_are_found_and_override_bundled_places() {
        let mut g = Gazetteer::bundled();
        let before = g.len();
        g.add_places(vec![extra(4_000_000_001, "Qasr Nowhere", &["Kasr Nowhere"])])
            .unwrap();
        assert_eq!(g.len(), before + 1);
        let hits = g.lookup("kasr nowhere");
        assert_eq!(hits.len(), 1);
        let p = g.place(hits[0].place);
        assert_eq!(
            (p.name, p.lat, p.lon, p.country_code),
            ("Qasr Nowhere", 1.5, 2.25, "SY")
        );

        let mut cur = g.walk();
        assert!(g.advance(&mut cur, b"qasr"));
        assert!(
            g.hits_at(&cur, "qasr")
                .iter()
                .all(|h| g.place(h.place).name != "Qasr Nowhere")
        );
        assert!(g.advance(&mut cur, b" nowhere"));
        assert_eq!(g.hits_at(&cur, "qasr nowhere").len(), 1);
    }

    #[test]
    fn a_remembered_first_token_walks_on_as_a_fresh_one() {
        let mut g = Gazetteer::bundled();
        let names = |g: &Gazetteer, cursor: &NameCursor, folded: &str| -> Vec<PlaceId> {
            g.hits_at(cursor, folded).iter().map(|h| h.place).collect()
        };
        for _ in 0..2 {
            assert!(g.walk_first_token("xqzv").is_dead());
            let mut fresh = g.walk();
            assert!(g.advance(&mut fresh, b"new"));
            let remembered = g.walk_first_token("new");
            assert_eq!(names(&g, &remembered, "new"), names(&g, &fresh, "new"));
            let mut on = remembered.clone();
            assert!(g.advance(&mut on, b" york"));
            assert!(!names(&g, &on, "new york").is_empty());
            // The token's own places and the walk over the space after it, remembered too.
            for token in ["paris", "new", "xqzv", "springfield"] {
                let mut fresh = g.walk();
                g.advance(&mut fresh, token.as_bytes());
                let first = g.first_token(token);
                assert_eq!(first.hits, g.hits_at(&fresh, token), "{token}");
                let mut spaced = fresh.clone();
                g.advance(&mut spaced, b" ");
                for next in ["york", "hampshire", "county"] {
                    let (mut a, mut b) = (first.then_space.clone(), spaced.clone());
                    let folded = format!("{token} {next}");
                    let walked = (g.advance(&mut a, next.as_bytes()), g.advance(&mut b, next.as_bytes()));
                    assert_eq!(walked.0, walked.1, "{folded}");
                    assert_eq!(names(&g, &a, &folded), names(&g, &b, &folded), "{folded}");
                }
                // A name goes on past the space with exactly the bytes remembered.
                for byte in 0..=u8::MAX {
                    let mut on = spaced.clone();
                    assert_eq!(
                        first.next_bytes.contains(byte),
                        g.advance(&mut on, &[byte]),
                        "{token} then {byte}"
                    );
                }
            }
        }
        // Places added later are found from a first token walked before they were added.
        g.walk_first_token("qasr");
        g.add_places(vec![extra(4_000_000_003, "Qasr Elsewhere", &[])]).unwrap();
        let mut on = g.walk_first_token("qasr");
        assert!(g.advance(&mut on, b" elsewhere"));
        assert_eq!(names(&g, &on, "qasr elsewhere").len(), 1);
    }

    #[test]
    fn exclusions_hide_a_name() {
        let mut g = Gazetteer::bundled();
        g.add_places(vec![extra(4_000_000_002, "Zzyzxville", &[])]).unwrap();
        assert_eq!(g.lookup("zzyzxville").len(), 1);
        assert_eq!(g.first_token("zzyzxville").hits.len(), 1);
        g.exclude_names(["ZZYZXVILLE"]);
        assert!(g.lookup("zzyzxville").is_empty());
        assert!(
            g.first_token("zzyzxville").hits.is_empty(),
            "a remembered token is forgotten"
        );
    }

    #[test]
    fn code_tables_round_trip() {
        let t = CodeTables::new(Cow::Borrowed("PPL\nADM1\n\nSY\n\n\n\n"));
        assert_eq!(
            (t.get(0, 1), t.get(0, 2), t.get(1, 1), t.get(2, 1), t.get(0, 0)),
            ("PPL", "ADM1", "SY", "", "")
        );
    }
}
