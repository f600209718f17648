//! Compiles the committed gazetteer (`gazetteer/places.tsv.gz`, `gazetteer/demonyms.tsv`) into
//! the name index that the binary embeds, so that start-up parses nothing.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

#[allow(dead_code)]
#[path = "src/gazetteer/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/gazetteer/format.rs"]
mod format;

fn main() {
    println!("cargo:rerun-if-changed=gazetteer/places.tsv.gz");
    println!("cargo:rerun-if-changed=gazetteer/demonyms.tsv");
    println!("cargo:rerun-if-changed=gazetteer/lexicon/english-words.txt.gz");
    println!("cargo:rerun-if-changed=src/gazetteer/fold.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/format.rs");
    println!("cargo:rerun-if-changed=gazetteer/polygons/countries.geojson.gz");
    println!("cargo:rerun-if-changed=gazetteer/polygons/admin1.geojson.gz");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let places = Path::new("gazetteer/places.tsv.gz");
    let rows = if places.exists() {
        let mut rows = read_places(places);
        attach_demonyms(&mut rows, Path::new("gazetteer/demonyms.tsv"));
        rows
    } else {
        println!(
            "cargo:warning=gazetteer/places.tsv.gz is missing: building with an empty gazetteer (run `geocite gazetteer build`)"
        );
        Vec::new()
    };
    let index = format::build_index(&rows);
    let out = Path::new(&out_dir);
    for (name, bytes) in [
        ("names.fst", &index.names),
        ("translit.fst", &index.translit),
        ("postings.bin", &index.postings),
        ("records.bin", &index.records),
        ("strings.bin", &index.strings),
        ("codes.txt", &index.codes),
    ] {
        std::fs::write(out.join(name), bytes).expect("writing to OUT_DIR");
    }
    std::fs::write(
        out.join("english.txt"),
        english_words(Path::new("gazetteer/lexicon/english-words.txt.gz")),
    )
    .expect("writing to OUT_DIR");
    for name in ["countries.geojson", "admin1.geojson"] {
        std::fs::write(
            out.join(name),
            gunzip(&Path::new("gazetteer/polygons").join(format!("{name}.gz"))),
        )
        .expect("writing to OUT_DIR");
    }
}

/// The committed outlines, uncompressed, so that a run reads them in place instead of
/// inflating megabytes to find the few it draws. A missing file embeds as empty.
fn gunzip(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file), &mut bytes)
            .expect("the committed outlines are valid gzip");
    }
    bytes
}

/// The English word list, one word a line, uncompressed: the binary borrows its words, so
/// start-up hashes 64,000 slices rather than allocating 64,000 strings.
fn english_words(path: &Path) -> String {
    let mut words: Vec<String> = match std::fs::File::open(path) {
        Ok(file) => BufReader::new(flate2::read::GzDecoder::new(file))
            .lines()
            .map_while(Result::ok)
            .collect(),
        Err(_) => Vec::new(),
    };
    words.sort();
    words.dedup();
    words.join("\n")
}

fn read_places(path: &Path) -> Vec<format::IndexRow> {
    let file = std::fs::File::open(path).expect("opening gazetteer/places.tsv.gz");
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut rows = Vec::new();
    for (n, line) in reader.lines().enumerate().skip(1) {
        let line = line.unwrap_or_else(|e| panic!("gazetteer/places.tsv.gz:{}: {e}", n + 1));
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() == 10, "gazetteer/places.tsv.gz:{}: expected 10 columns", n + 1);
        let num = |s: &str| -> f64 {
            s.parse()
                .unwrap_or_else(|_| panic!("gazetteer/places.tsv.gz:{}: bad number {s:?}", n + 1))
        };
        rows.push(format::IndexRow {
            geonameid: num(f[0]) as u32,
            name: f[1].to_string(),
            lat: num(f[2]),
            lon: num(f[3]),
            feature_code: f[4].to_string(),
            country_code: f[5].to_string(),
            admin1: f[6].to_string(),
            admin2: f[7].to_string(),
            population: num(f[8]) as u64,
            alternate_names: f[9].split('|').filter(|a| !a.is_empty()).map(str::to_string).collect(),
            demonyms: Vec::new(),
        });
    }
    rows
}

fn attach_demonyms(rows: &mut [format::IndexRow], path: &Path) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let by_id: HashMap<u32, usize> = rows.iter().enumerate().map(|(i, r)| (r.geonameid, i)).collect();
    for line in text.lines().skip(1) {
        if let Some((word, id)) = line.split_once('\t')
            && let Some(&i) = id.trim().parse().ok().and_then(|id: u32| by_id.get(&id))
        {
            rows[i].demonyms.push(word.to_string());
        }
    }
}
