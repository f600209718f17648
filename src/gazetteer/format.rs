//! The compiled name index: the byte layout shared by `build.rs` (which compiles the bundled
//! gazetteer into the binary) and the runtime (which compiles `--gazetteer-extra` files the
//! same way). Like `fold.rs`, this file is compiled into `build.rs` and may only use `std`,
//! `fst` and its sibling `fold`.
//!
//! An index is six byte blobs:
//! - `names`: an fst map from folded name to an offset into `postings`;
//! - `translit`: the same, keyed by [`translit_key`](super::fold::translit_key);
//! - `postings`: little-endian u32 runs, `count` then `count` entries of `place << 8 | flags`,
//!   most populous place first;
//! - `records`: one [`RECORD_LEN`]-byte record per place (see [`Record`]);
//! - `strings`: the places' display names, concatenated;
//! - `codes`: newline-separated tables of feature codes, country codes, admin-1 and admin-2 codes
//!   that records refer to by index, each table ended by an empty line.

use std::collections::{BTreeMap, HashMap};

use super::fold::{fold, translit_key};

/// The name is the place's own name (not an alternate).
pub const PRIMARY: u8 = 1;
/// The name is an upper-case abbreviation ("US", "UAE"): it matches upper-case text only.
pub const ACRONYM: u8 = 2;
/// The name is an adjective or demonym of the place ("Syrian" → Syria).
pub const DEMONYM: u8 = 4;
/// A two-letter postal code of a first-level division ("GA"): only trusted after "Place, ".
pub const POSTAL: u8 = 8;
/// The name ends in an abbreviating dot ("Calif.", "W.Va."): the text must have it too.
pub const DOTTED: u8 = 16;

pub const RECORD_LEN: usize = 32;
/// Where a record keeps its feature code (an index into the first code table).
const FEATURE_CODE_BYTE: usize = 22;
/// Where a record keeps its population (a little-endian u32).
const POPULATION_AT: usize = 12;
const MAX_POSTINGS_PER_KEY: usize = 255;

/// A place as the index builder takes it.
#[derive(Debug, Clone, Default)]
pub struct IndexRow {
    pub geonameid: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub feature_code: String,
    pub country_code: String,
    pub admin1: String,
    pub admin2: String,
    pub population: u64,
    pub alternate_names: Vec<String>,
    /// Adjectives and demonyms that refer to this place.
    pub demonyms: Vec<String>,
}

/// The compiled blobs (see the module docs).
#[derive(Debug, Default, Clone)]
pub struct IndexBytes {
    pub names: Vec<u8>,
    pub translit: Vec<u8>,
    pub postings: Vec<u8>,
    pub records: Vec<u8>,
    pub strings: Vec<u8>,
    pub codes: Vec<u8>,
}

/// The flags a name carries, from how it is written and what it names.
pub fn name_flags(name: &str, feature_code: &str, primary: bool) -> u8 {
    let mut flags = if primary { PRIMARY } else { 0 };
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
    if all_upper && letters.len() <= 5 {
        flags |= ACRONYM;
        if letters.len() == 2 && !name.contains('.') && feature_code == "ADM1" {
            flags |= POSTAL;
        }
    }
    if name.ends_with('.') {
        flags |= DOTTED;
    }
    flags
}

/// Compiles rows into an index. Place numbers are row positions.
pub fn build_index(rows: &[IndexRow]) -> IndexBytes {
    let mut names: BTreeMap<String, Vec<(u32, u8)>> = BTreeMap::new();
    let mut translit: BTreeMap<String, Vec<(u32, u8)>> = BTreeMap::new();
    for (idx, row) in rows.iter().enumerate() {
        let idx = idx as u32;
        let spellings =
            std::iter::once((row.name.as_str(), true)).chain(row.alternate_names.iter().map(|a| (a.as_str(), false)));
        for (name, primary) in spellings {
            let key = fold(name);
            if key.is_empty() {
                continue;
            }
            let flags = name_flags(name, &row.feature_code, primary);
            if flags & ACRONYM == 0 {
                let tkey = translit_key(&key);
                if tkey.len() >= 4 {
                    add_posting(translit.entry(tkey).or_default(), idx, flags);
                }
            }
            add_posting(names.entry(key).or_default(), idx, flags);
        }
        for demonym in &row.demonyms {
            let key = fold(demonym);
            if !key.is_empty() {
                add_posting(names.entry(key).or_default(), idx, DEMONYM);
            }
        }
    }

    let mut postings: Vec<u8> = Vec::new();
    let names_fst = compile_map(names, rows, &mut postings);
    let translit_fst = compile_map(translit, rows, &mut postings);
    let (records, strings, codes) = encode_records(rows);
    IndexBytes {
        names: names_fst,
        translit: translit_fst,
        postings,
        records,
        strings,
        codes,
    }
}

/// One posting per place, key and spelling rule: "GA" (an acronym) and "Ga." (dotted) stay
/// apart so that each keeps its rule; spellings with the same rules merge.
fn add_posting(list: &mut Vec<(u32, u8)>, idx: u32, flags: u8) {
    let rules = ACRONYM | POSTAL | DOTTED | DEMONYM;
    match list.iter_mut().find(|(i, f)| *i == idx && *f & rules == flags & rules) {
        Some((_, f)) => *f |= flags,
        None => list.push((idx, flags)),
    }
}

fn compile_map(map: BTreeMap<String, Vec<(u32, u8)>>, rows: &[IndexRow], postings: &mut Vec<u8>) -> Vec<u8> {
    let mut builder = fst::MapBuilder::memory();
    for (key, mut list) in map {
        list.sort_by_key(|&(idx, flags)| (std::cmp::Reverse(rows[idx as usize].population), flags & DEMONYM, idx));
        list.truncate(MAX_POSTINGS_PER_KEY);
        let offset = postings.len() as u64;
        postings.extend_from_slice(&(list.len() as u32).to_le_bytes());
        for (idx, flags) in list {
            postings.extend_from_slice(&((idx << 8) | u32::from(flags)).to_le_bytes());
        }
        builder
            .insert(key.as_bytes(), offset)
            .expect("keys are inserted in sorted order");
    }
    builder.into_inner().expect("in-memory fst cannot fail")
}

/// Interns strings into a table whose entry 0 is the empty string.
#[derive(Default)]
struct Table {
    index: HashMap<String, u32>,
    list: Vec<String>,
}

impl Table {
    fn new() -> Self {
        let mut t = Self::default();
        t.intern("");
        t
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len() as u32;
        self.index.insert(s.to_string(), i);
        self.list.push(s.to_string());
        i
    }
}

fn encode_records(rows: &[IndexRow]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (mut fcodes, mut ccs, mut admin1s, mut admin2s) = (Table::new(), Table::new(), Table::new(), Table::new());
    let mut records = Vec::with_capacity(rows.len() * RECORD_LEN);
    let mut strings = Vec::new();
    for row in rows {
        let name = truncate_utf8(&row.name, u16::MAX as usize);
        let admin1 = if row.admin1.is_empty() {
            0
        } else {
            admin1s.intern(&format!("{}.{}", row.country_code, row.admin1))
        };
        let admin2 = if row.admin2.is_empty() {
            0
        } else {
            admin2s.intern(&format!("{}.{}.{}", row.country_code, row.admin1, row.admin2))
        };
        records.extend_from_slice(&row.geonameid.to_le_bytes());
        records.extend_from_slice(&micro_degrees(row.lat).to_le_bytes());
        records.extend_from_slice(&micro_degrees(row.lon).to_le_bytes());
        records.extend_from_slice(&(row.population.min(u64::from(u32::MAX)) as u32).to_le_bytes());
        records.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        records.extend_from_slice(&(name.len() as u16).to_le_bytes());
        records.push(fcodes.intern(&row.feature_code).min(255) as u8);
        records.push(ccs.intern(&row.country_code).min(255) as u8);
        records.extend_from_slice(&(admin1.min(u32::from(u16::MAX)) as u16).to_le_bytes());
        records.extend_from_slice(&(admin2.min(u32::from(u16::MAX)) as u16).to_le_bytes());
        records.extend_from_slice(&(row.alternate_names.len().min(usize::from(u16::MAX)) as u16).to_le_bytes());
        records.extend_from_slice(&[0, 0]);
        strings.extend_from_slice(name.as_bytes());
    }
    let mut codes = String::new();
    for table in [&fcodes, &ccs, &admin1s, &admin2s] {
        for s in &table.list[1..] {
            codes.push_str(s);
            codes.push('\n');
        }
        codes.push('\n');
    }
    (records, strings, codes.into_bytes())
}

fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn micro_degrees(x: f64) -> i32 {
    (x * 1e6).round() as i32
}

/// A decoded record; string fields are indexes into the code tables (0 = none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub geonameid: u32,
    pub lat_e6: i32,
    pub lon_e6: i32,
    pub population: u32,
    pub name_offset: u32,
    pub name_len: u16,
    pub feature_code: u8,
    pub country_code: u8,
    pub admin1: u16,
    pub admin2: u16,
    /// How many (Latin-script) alternate names the place has: a measure of how well known it is.
    pub alternate_names: u16,
}

impl Record {
    /// The population of record `i`, without decoding the rest.
    pub fn population(records: &[u8], i: usize) -> u32 {
        let o = i * RECORD_LEN + POPULATION_AT;
        u32::from_le_bytes([records[o], records[o + 1], records[o + 2], records[o + 3]])
    }

    /// The feature-code index of record `i`, without decoding the rest.
    pub fn feature_code(records: &[u8], i: usize) -> u8 {
        records[i * RECORD_LEN + FEATURE_CODE_BYTE]
    }

    /// Decodes record `i` of a `records` blob.
    pub fn decode(records: &[u8], i: usize) -> Record {
        let b = &records[i * RECORD_LEN..(i + 1) * RECORD_LEN];
        let u32_at = |o: usize| u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
        let u16_at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]);
        Record {
            geonameid: u32_at(0),
            lat_e6: u32_at(4) as i32,
            lon_e6: u32_at(8) as i32,
            population: u32_at(POPULATION_AT),
            name_offset: u32_at(16),
            name_len: u16_at(20),
            feature_code: b[FEATURE_CODE_BYTE],
            country_code: b[23],
            admin1: u16_at(24),
            admin2: u16_at(26),
            alternate_names: u16_at(28),
        }
    }
}

/// Splits the `codes` blob into its four tables, each with "" prepended as entry 0.
pub fn decode_code_tables(codes: &str) -> [Vec<&str>; 4] {
    let mut tables: [Vec<&str>; 4] = [vec![""], vec![""], vec![""], vec![""]];
    let mut t = 0;
    for line in codes.split('\n') {
        if line.is_empty() {
            t += 1;
            if t == 4 {
                break;
            }
            continue;
        }
        tables[t].push(line);
    }
    tables
}

/// Reads the postings run at `offset`: (place, flags) pairs.
pub fn decode_postings(postings: &[u8], offset: usize) -> impl ExactSizeIterator<Item = (u32, u8)> + '_ {
    let count = u32::from_le_bytes(postings[offset..offset + 4].try_into().unwrap_or([0; 4])) as usize;
    (0..count).map(move |k| {
        let o = offset + 4 + 4 * k;
        let v = u32::from_le_bytes(postings[o..o + 4].try_into().unwrap_or([0; 4]));
        (v >> 8, (v & 0xff) as u8)
    })
}
