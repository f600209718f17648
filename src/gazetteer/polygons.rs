//! Natural Earth outlines of countries and first-level divisions, bundled gzipped under
//! `gazetteer/polygons/` for the choropleth layers.
//!
//! `geocite gazetteer build` derives them from `../shared/data/gazetteer-src/naturalearth`
//! ([`derive_polygons`]): simplified further, rings crossing the antimeridian split at ±180°,
//! made valid, right-hand wound (exterior counter-clockwise), coordinates rounded to
//! [`BUNDLE_DECIMALS`]. Countries are keyed by ISO 3166-1 alpha-2 (the mentions'
//! `country_code`), divisions by their GeoNames admin-1 code (`admin1_code`, e.g. "SY.07"), which
//! Natural Earth carries as `gn_a1_code`. At run time [`load_outlines`] reads the bundle only.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::read::GzDecoder;
use geo::orient::Direction;
use geo::{
    BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Orient, Polygon, Rect, Simplify, Translate, Validation,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::layers::atomic::AtomicFile;

/// About 11 m: far finer than the simplification.
pub const BUNDLE_DECIMALS: i32 = 4;
/// Douglas–Peucker tolerance in degrees (about 2 km): enough for a choropleth of the world or
/// a country, and it keeps the bundle at a few MB.
pub const SIMPLIFY_DEGREES: f64 = 0.02;

/// The committed `gazetteer/polygons/*.geojson.gz`, inflated by the build script.
const COUNTRIES: &str = include_str!(concat!(env!("OUT_DIR"), "/countries.geojson"));
const ADMIN1: &str = include_str!(concat!(env!("OUT_DIR"), "/admin1.geojson"));

/// Which bundled layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionLevel {
    Country,
    Admin1,
}

impl RegionLevel {
    pub fn file_name(self) -> &'static str {
        match self {
            RegionLevel::Country => "countries.geojson.gz",
            RegionLevel::Admin1 => "admin1.geojson.gz",
        }
    }

    fn bundle(self) -> &'static str {
        match self {
            RegionLevel::Country => COUNTRIES,
            RegionLevel::Admin1 => ADMIN1,
        }
    }
}

/// A polygon's rings of `[lon, lat]`, exterior first.
pub type Rings = Vec<Vec<[f64; 2]>>;

/// One bundled outline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Region {
    pub properties: RegionProperties,
    pub geometry: RegionGeometry,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegionProperties {
    /// ISO alpha-2 for a country, GeoNames admin-1 code for a division.
    pub code: String,
    pub name: String,
    pub country_code: String,
}

/// Always a MultiPolygon.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegionGeometry {
    #[serde(rename = "type")]
    pub kind: String,
    pub coordinates: Vec<Rings>,
}

/// A bundled outline with its geometry as the bundle's JSON text, which the layers copy as it
/// is: parsing and reprinting every coordinate of Russia would cost more than a whole article.
#[derive(Debug, Deserialize)]
pub struct Outline {
    pub properties: RegionProperties,
    pub geometry: Box<RawValue>,
}

/// The bundled outlines whose code is in `wanted`, in bundle (code) order. The bundle holds one
/// feature per line (as [`derive_polygons`] writes it), read one line at a time: only the
/// wanted outlines are parsed, so a run that touches a hundred divisions never holds the
/// world's in memory.
pub fn load_outlines(level: RegionLevel, wanted: &HashSet<&str>) -> Result<Vec<Outline>> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut outlines = Vec::new();
    for line in level.bundle().lines() {
        let line = line.trim_end();
        let feature = line.strip_suffix(',').unwrap_or(line);
        if !feature.starts_with("{\"type\":\"Feature\"") {
            continue;
        }
        let is_wanted = match code_of(feature) {
            Some(code) => wanted.contains(code),
            None => {
                let head: FeatureHead = serde_json::from_str(feature).context("parsing the bundled polygons")?;
                wanted.contains(head.properties.code.as_str())
            }
        };
        if is_wanted {
            outlines.push(serde_json::from_str(feature).context("parsing the bundled polygons")?);
        }
    }
    Ok(outlines)
}

/// The code of a bundled feature line, read off the start that [`derive_polygons`] writes
/// (properties first, code first) without parsing the rest; None for any other layout.
fn code_of(feature: &str) -> Option<&str> {
    let rest = feature.strip_prefix("{\"type\":\"Feature\",\"properties\":{\"code\":\"")?;
    let code = &rest[..rest.find('"')?];
    (!code.contains('\\')).then_some(code)
}

/// A bundled feature's properties alone; the geometry is skipped unread.
#[derive(Deserialize)]
struct FeatureHead {
    properties: RegionProperties,
}

/// How many outlines were bundled.
#[derive(Debug, Default)]
pub struct PolygonSummary {
    pub countries: usize,
    pub admin1: usize,
}

/// Writes `countries.geojson.gz` and `admin1.geojson.gz` into `out` from the Natural Earth
/// files in `ne`.
pub fn derive_polygons(ne: &Path, out: &Path) -> Result<PolygonSummary> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let countries = read_regions(&ne.join("countries_ne10m.simplified.geojson.gz"), |p| {
        let code = p["iso_a2"].as_str().filter(|c| is_country_code(c))?;
        Some((code.to_string(), text(&p["name"])?, code.to_string()))
    })?;
    let admin1 = read_regions(&ne.join("admin1_ne10m.simplified.geojson.gz"), |p| {
        let code = p["gn_a1_code"].as_str().filter(|c| is_admin1_code(c))?;
        let name = text(&p["name_en"]).or_else(|| text(&p["name"]))?;
        Some((code.to_string(), name, code[..2].to_string()))
    })?;
    write_bundle(&out.join(RegionLevel::Country.file_name()), "countries", &countries)?;
    write_bundle(&out.join(RegionLevel::Admin1.file_name()), "admin1", &admin1)?;
    Ok(PolygonSummary {
        countries: countries.len(),
        admin1: admin1.len(),
    })
}

fn text(v: &serde_json::Value) -> Option<String> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// "SY.07", "US.ID", "GB.ENG"; not Natural Earth's placeholders ("HU.", "-1").
fn is_admin1_code(code: &str) -> bool {
    code.split_once('.').is_some_and(|(cc, sub)| {
        is_country_code(cc) && !sub.is_empty() && sub.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// Reads a FeatureCollection, keys each feature with `key` (code, name, country), and merges
/// the features sharing a code (Natural Earth splits some GeoNames divisions in several).
fn read_regions(
    path: &Path,
    key: impl Fn(&serde_json::Value) -> Option<(String, String, String)>,
) -> Result<Vec<Region>> {
    let mut text = String::new();
    GzDecoder::new(std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?)
        .read_to_string(&mut text)
        .with_context(|| format!("reading {}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut groups: BTreeMap<String, (String, String, Vec<Polygon<f64>>)> = BTreeMap::new();
    for feature in json["features"].as_array().into_iter().flatten() {
        let Some((code, name, country)) = key(&feature["properties"]) else {
            continue;
        };
        let Some(shape) = super::derive::multipolygon_from_json(&feature["geometry"]) else {
            continue;
        };
        // The first feature of a code names it (Natural Earth lists the main part first).
        let group = groups.entry(code).or_insert_with(|| (name, country, Vec::new()));
        group.2.extend(shape);
    }
    Ok(groups
        .into_iter()
        .filter_map(|(code, (name, country_code, parts))| {
            let coordinates = valid_rings(&clean_outline(MultiPolygon::new(parts)));
            (!coordinates.is_empty()).then(|| Region {
                properties: RegionProperties {
                    code,
                    name,
                    country_code,
                },
                geometry: RegionGeometry {
                    kind: "MultiPolygon".into(),
                    coordinates,
                },
            })
        })
        .collect())
}

/// Simplified, split at the antimeridian, valid (the boolean operations resolve overlaps and
/// self-intersections left by simplifying each part on its own), right-hand wound.
pub fn clean_outline(shape: MultiPolygon<f64>) -> MultiPolygon<f64> {
    let simplified: MultiPolygon<f64> = shape.simplify(SIMPLIFY_DEGREES);
    let unwrapped = MultiPolygon::new(simplified.iter().map(unwrap_polygon).collect());
    split_at_antimeridian(&unwrapped).orient(Direction::Default)
}

/// Makes a polygon's longitudes continuous: a ring drawn across the antimeridian (179° then
/// -179°) goes on to 181°. A ring that cannot close that way circles a pole (Antarctica) and is
/// left as it is.
fn unwrap_polygon(polygon: &Polygon<f64>) -> Polygon<f64> {
    let exterior = unwrap_ring(polygon.exterior());
    let interiors = polygon.interiors().iter().map(unwrap_ring).collect();
    Polygon::new(exterior, interiors)
}

fn unwrap_ring(ring: &LineString<f64>) -> LineString<f64> {
    let mut offset = 0.0;
    let mut previous: Option<f64> = None;
    let mut coords = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        if let Some(prev) = previous {
            let lon = c.x + offset;
            if lon - prev > 180.0 {
                offset -= 360.0;
            } else if prev - lon > 180.0 {
                offset += 360.0;
            }
        }
        let lon = c.x + offset;
        previous = Some(lon);
        coords.push(Coord { x: lon, y: c.y });
    }
    if offset != 0.0 {
        return ring.clone();
    }
    LineString::new(coords)
}

/// Cuts an unwrapped shape into its parts within [-180°, 180°] and moves the parts beyond back
/// by a whole turn, so that no ring crosses the antimeridian (RFC 7946, section 3.1.9).
fn split_at_antimeridian(shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let world = |west: f64| {
        Rect::new(
            Coord { x: west, y: -90.0 },
            Coord {
                x: west + 360.0,
                y: 90.0,
            },
        )
        .to_polygon()
    };
    let inside = shape.intersection(&world(-180.0));
    let Some(bounds) = shape.bounding_rect() else {
        return inside;
    };
    let mut whole = inside;
    if bounds.max().x > 180.0 {
        let east = shape.intersection(&world(180.0)).translate(-360.0, 0.0);
        whole = whole.union(&east);
    }
    if bounds.min().x < -180.0 {
        let west = shape.intersection(&world(-540.0)).translate(360.0, 0.0);
        whole = whole.union(&west);
    }
    whole
}

/// Rounded to [`BUNDLE_DECIMALS`], or to more decimals where rounding would make two edges of
/// a narrow fjord cross.
fn valid_rings(shape: &MultiPolygon<f64>) -> Vec<Rings> {
    let mut rings = Vec::new();
    for decimals in BUNDLE_DECIMALS..=6 {
        rings = to_rings(shape, decimals);
        if from_rings(&rings).is_valid() {
            break;
        }
    }
    rings
}

fn from_rings(rings: &[Rings]) -> MultiPolygon<f64> {
    let line = |r: &Vec<[f64; 2]>| LineString::from(r.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>());
    MultiPolygon::new(
        rings
            .iter()
            .map(|p| Polygon::new(line(&p[0]), p[1..].iter().map(line).collect()))
            .collect(),
    )
}

/// Rounded to `decimals`, without the repeated points and collapsed rings rounding leaves.
fn to_rings(shape: &MultiPolygon<f64>, decimals: i32) -> Vec<Rings> {
    let scale = 10f64.powi(decimals);
    let round = |v: f64| (v * scale).round() / scale + 0.0;
    let ring = |line: &LineString<f64>| -> Option<Vec<[f64; 2]>> {
        let mut out: Vec<[f64; 2]> = Vec::with_capacity(line.0.len());
        for c in &line.0 {
            let p = [round(c.x), round(c.y)];
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
        (out.len() >= 4 && out.first() == out.last()).then_some(out)
    };
    shape
        .iter()
        .filter_map(|polygon| {
            let mut rings = vec![ring(polygon.exterior())?];
            rings.extend(polygon.interiors().iter().filter_map(ring));
            Some(rings)
        })
        .collect()
}

fn write_bundle(path: &Path, name: &str, regions: &[Region]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    {
        // mtime 0 and no file name in the header: the same sources give the same bytes.
        let mut gz = flate2::GzBuilder::new().mtime(0).write(&mut file, Compression::best());
        write!(
            gz,
            "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[",
            serde_json::to_string(name)?
        )?;
        for (k, region) in regions.iter().enumerate() {
            gz.write_all(if k == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(
                &mut gz,
                &TypedRegion {
                    kind: "Feature",
                    region,
                },
            )?;
        }
        gz.write_all(b"\n]}\n")?;
        gz.finish().with_context(|| format!("writing {}", path.display()))?;
    }
    file.commit()
}

#[derive(Serialize)]
struct TypedRegion<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    region: &'a Region,
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Winding;

    fn square(west: f64, east: f64) -> Polygon<f64> {
        Polygon::new(
            LineString::from(vec![
                (west, 10.0),
                (west, 20.0),
                (east, 20.0),
                (east, 10.0),
                (west, 10.0),
            ]),
            vec![],
        )
    }

    #[test]
    fn a_ring_across_the_antimeridian_is_split_and_wound_counter_clockwise() {
        // 170°E to 170°W, drawn clockwise the short way across 180°.
        let ring = LineString::from(vec![
            (170.0, 10.0),
            (170.0, 20.0),
            (-170.0, 20.0),
            (-170.0, 10.0),
            (170.0, 10.0),
        ]);
        let cleaned = clean_outline(MultiPolygon::new(vec![Polygon::new(ring, vec![])]));
        assert_eq!(cleaned.0.len(), 2, "{cleaned:?}");
        for part in &cleaned {
            assert!(part.exterior().is_ccw());
            let b = part.bounding_rect().unwrap();
            assert!(
                b.width() <= 10.0 + 1e-9 && b.min().x >= -180.0 && b.max().x <= 180.0,
                "{b:?}"
            );
        }
    }

    #[test]
    fn an_ordinary_ring_is_kept_and_reoriented() {
        let cleaned = clean_outline(MultiPolygon::new(vec![square(10.0, 20.0)]));
        assert_eq!(cleaned.0.len(), 1);
        assert!(cleaned.0[0].exterior().is_ccw());
    }

    #[test]
    fn admin1_codes_are_geonames_codes() {
        assert!(is_admin1_code("SY.07") && is_admin1_code("GB.ENG"));
        assert!(!is_admin1_code("HU.") && !is_admin1_code("-1") && !is_admin1_code("sy.07"));
    }

    #[test]
    fn the_bundle_holds_syria_and_deir_ez_zor() {
        let wanted: HashSet<&str> = ["SY"].into();
        let countries = load_outlines(RegionLevel::Country, &wanted).unwrap();
        assert_eq!(countries.len(), 1);
        assert_eq!(countries[0].properties.name, "Syria");
        let wanted: HashSet<&str> = ["SY.07"].into();
        let admin1 = load_outlines(RegionLevel::Admin1, &wanted).unwrap();
        assert_eq!(admin1[0].properties.country_code, "SY");
    }
}
