//! Streaming GeoJSON: features are written one at a time, so a layer of any size takes no
//! memory. RFC 7946 FeatureCollections (one feature per line, for diffs and grep), or RFC 8142
//! text sequences (`--format geojsonseq`, for `ogr2ogr` and `jq --seq` on huge layers).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::JsonList;
use super::atomic::AtomicFile;
use super::json::{ObjectWriter, WriteJson, write_value};

/// Decimals kept in coordinates: about 0.1 m, far finer than any gazetteer point.
pub const COORDINATE_DECIMALS: i32 = 6;
/// Decimals kept in confidences: differences below this mean nothing.
pub const SCORE_DECIMALS: i32 = 4;

/// How the features of a layer are laid out in its file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FeatureFormat {
    /// RFC 7946: one FeatureCollection, named after the layer.
    #[default]
    Collection,
    /// RFC 8142: one feature per record, each after an ASCII record separator.
    Sequence,
}

impl FeatureFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FeatureFormat::Collection => "geojson",
            FeatureFormat::Sequence => "geojsons",
        }
    }
}

/// `[lon, lat]`, rounded to [`COORDINATE_DECIMALS`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Position(f64, f64);

impl Position {
    /// `None` when a coordinate is not a finite number (the feature then has no geometry,
    /// rather than an invalid one).
    pub fn new(lon: f64, lat: f64) -> Option<Position> {
        (lon.is_finite() && lat.is_finite())
            .then(|| Position(round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)))
    }

    pub fn lon(self) -> f64 {
        self.0
    }

    pub fn lat(self) -> f64 {
        self.1
    }
}

/// Rounds to `decimals` places. The result prints (shortest round-trip form) with at most that
/// many decimals; `-0.0` becomes `0.0`.
pub fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale + 0.0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "coordinates")]
pub enum Geometry {
    Point(Position),
    MultiPoint(Vec<Position>),
}

/// Writes a geometry (or `null`) as `serde_json` does; a point, one per mention, by hand.
fn write_geometry(out: &mut Vec<u8>, geometry: Option<&Geometry>) {
    let Some(Geometry::Point(at)) = geometry else {
        return write_value(out, &geometry);
    };
    out.extend_from_slice(br#"{"type":"Point","coordinates":["#);
    write_value(out, &at.lon());
    out.push(b',');
    write_value(out, &at.lat());
    out.extend_from_slice(b"]}");
}

/// A feature without its leading `"type"` and `"id"` members, which the writer adds: the
/// serialisation, which is most of the work, can then run on any thread, and the ids still
/// count in writing order.
#[derive(Serialize)]
struct FeatureBody<'a, P> {
    geometry: Option<&'a Geometry>,
    properties: &'a P,
}

/// Features serialised ahead of writing (see [`FeatureWriter::write_rendered`]).
#[derive(Debug, Default, Clone)]
pub struct RenderedFeatures {
    /// Each feature's body as a JSON object.
    bodies: JsonList,
}

impl RenderedFeatures {
    /// Room for `features` features of `bytes` bytes in all.
    pub fn with_capacity(features: usize, bytes: usize) -> Self {
        RenderedFeatures {
            bodies: JsonList::with_capacity(features, bytes),
        }
    }

    pub fn push<P: Serialize>(&mut self, geometry: Option<&Geometry>, properties: &P) {
        self.bodies.push(&FeatureBody { geometry, properties });
    }

    /// As [`RenderedFeatures::push`], with properties that write themselves (see
    /// [`super::json`]).
    pub fn push_json<P: WriteJson>(&mut self, geometry: Option<&Geometry>, properties: &P) {
        self.bodies.push_with(|out| {
            let mut body = ObjectWriter::begin(out);
            body.with("geometry", |out| write_geometry(out, geometry))
                .with("properties", |out| properties.write_json(out));
            body.end();
        });
    }

    fn bodies(&self) -> impl Iterator<Item = &[u8]> {
        self.bodies.iter()
    }
}

/// Writes features as they come; feature ids count from 1 in writing order.
pub struct FeatureWriter<W: Write> {
    out: W,
    format: FeatureFormat,
    written: u64,
}

impl<W: Write> FeatureWriter<W> {
    pub fn begin(mut out: W, layer_name: &str, format: FeatureFormat) -> io::Result<Self> {
        if format == FeatureFormat::Collection {
            out.write_all(b"{\"type\":\"FeatureCollection\",\"name\":")?;
            serde_json::to_writer(&mut out, layer_name)?;
            out.write_all(b",\"features\":[")?;
        }
        Ok(FeatureWriter {
            out,
            format,
            written: 0,
        })
    }

    /// Writes one feature and returns its id. The geometry is an `Option<&Geometry>`, or any
    /// other GeoJSON geometry (or null) that serialises itself.
    pub fn write<G: Serialize, P: Serialize>(&mut self, geometry: G, properties: &P) -> io::Result<u64> {
        self.write_with(geometry, |out| {
            serde_json::to_writer(out, properties)?;
            Ok(())
        })
    }

    /// Writes one feature whose properties object `write_properties` writes itself (for
    /// properties too large to hold in memory at once); returns its id.
    pub fn write_with<G: Serialize>(
        &mut self,
        geometry: G,
        write_properties: impl FnOnce(&mut W) -> io::Result<()>,
    ) -> io::Result<u64> {
        let id = self.begin_feature()?;
        serde_json::to_writer(&mut self.out, &geometry)?;
        self.out.write_all(b",\"properties\":")?;
        write_properties(&mut self.out)?;
        self.out.write_all(b"}")?;
        self.end_feature()?;
        Ok(id)
    }

    /// Writes features serialised elsewhere, numbering them in writing order.
    pub fn write_rendered(&mut self, features: &RenderedFeatures) -> io::Result<()> {
        for body in features.bodies() {
            self.begin_feature_id()?;
            // The body is `{"geometry":…,"properties":…}`: it goes on after the id.
            self.out.write_all(&body[1..])?;
            self.end_feature()?;
        }
        Ok(())
    }

    /// Writes the separator and `{"type":"Feature","id":N,"geometry":`; returns N.
    fn begin_feature(&mut self) -> io::Result<u64> {
        let id = self.begin_feature_id()?;
        self.out.write_all(b"\"geometry\":")?;
        Ok(id)
    }

    /// Writes the separator and `{"type":"Feature","id":N,`; returns N.
    fn begin_feature_id(&mut self) -> io::Result<u64> {
        let id = self.written + 1;
        match self.format {
            FeatureFormat::Collection => self.out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?,
            FeatureFormat::Sequence => self.out.write_all(b"\x1E")?,
        }
        write!(self.out, "{{\"type\":\"Feature\",\"id\":{id},")?;
        self.written = id;
        Ok(id)
    }

    fn end_feature(&mut self) -> io::Result<()> {
        if self.format == FeatureFormat::Sequence {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    pub fn written(&self) -> u64 {
        self.written
    }

    /// Closes the collection and hands back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == FeatureFormat::Collection {
            self.out.write_all(b"\n]}\n")?;
        }
        Ok(self.out)
    }
}

/// A layer file in an output folder: `<dir>/<layer name>.<extension>`, written atomically.
pub struct FeatureFile {
    writer: FeatureWriter<AtomicFile>,
    path: PathBuf,
}

impl FeatureFile {
    pub fn create(dir: &Path, layer_name: &str, format: FeatureFormat) -> Result<Self> {
        let path = dir.join(format!("{layer_name}.{}", format.extension()));
        let file = AtomicFile::create(&path)?;
        let writer = FeatureWriter::begin(file, layer_name, format).with_context(|| writing(&path))?;
        Ok(FeatureFile { writer, path })
    }

    pub fn write<G: Serialize, P: Serialize>(&mut self, geometry: G, properties: &P) -> Result<u64> {
        self.writer
            .write(geometry, properties)
            .with_context(|| writing(&self.path))
    }

    pub fn write_with<G: Serialize>(
        &mut self,
        geometry: G,
        write_properties: impl FnOnce(&mut AtomicFile) -> io::Result<()>,
    ) -> Result<u64> {
        self.writer
            .write_with(geometry, write_properties)
            .with_context(|| writing(&self.path))
    }

    pub fn write_rendered(&mut self, features: &RenderedFeatures) -> Result<()> {
        self.writer
            .write_rendered(features)
            .with_context(|| writing(&self.path))
    }

    /// Closes the collection; the file appears when the returned file is committed.
    pub fn finish(self) -> Result<AtomicFile> {
        let path = self.path;
        self.writer.finish().with_context(|| writing(&path))
    }
}

pub(crate) fn writing(path: &Path) -> String {
    format!("writing {}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Props {
        name: &'static str,
        note: Option<&'static str>,
    }

    impl WriteJson for Props {
        fn write_json(&self, out: &mut Vec<u8>) {
            let mut props = ObjectWriter::begin(out);
            props.str("name", self.name).opt_str("note", self.note);
            props.end();
        }
    }

    #[test]
    fn a_collection_is_valid_rfc7946_json() {
        let mut w = FeatureWriter::begin(Vec::new(), "places", FeatureFormat::Collection).unwrap();
        let point = Geometry::Point(Position::new(38.2800001, 34.56).unwrap());
        w.write(
            Some(&point),
            &Props {
                name: "Tadmur",
                note: None,
            },
        )
        .unwrap();
        w.write(
            None::<&Geometry>,
            &Props {
                name: "nowhere",
                note: Some("x"),
            },
        )
        .unwrap();
        let bytes = w.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "{\"type\":\"FeatureCollection\",\"name\":\"places\",\"features\":[\n\
             {\"type\":\"Feature\",\"id\":1,\"geometry\":{\"type\":\"Point\",\"coordinates\":[38.28,34.56]},\"properties\":{\"name\":\"Tadmur\",\"note\":null}},\n\
             {\"type\":\"Feature\",\"id\":2,\"geometry\":null,\"properties\":{\"name\":\"nowhere\",\"note\":\"x\"}}\n]}\n"
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["features"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn rendered_features_are_written_as_if_written_directly() {
        let point = Geometry::Point(Position::new(38.28, 34.56).unwrap());
        let features = [
            (
                Some(&point),
                Props {
                    name: "Tadmur",
                    note: None,
                },
            ),
            (
                None,
                Props {
                    name: "nowhere",
                    note: Some("x"),
                },
            ),
        ];
        for format in [FeatureFormat::Collection, FeatureFormat::Sequence] {
            let mut direct = FeatureWriter::begin(Vec::new(), "l", format).unwrap();
            let mut rendered = RenderedFeatures::default();
            let mut rendered_by_hand = RenderedFeatures::default();
            for (geometry, props) in &features {
                direct.write(*geometry, props).unwrap();
                rendered.push(*geometry, props);
                rendered_by_hand.push_json(*geometry, props);
            }
            let direct = String::from_utf8(direct.finish().unwrap()).unwrap();
            for rendered in [&rendered, &rendered_by_hand] {
                let mut later = FeatureWriter::begin(Vec::new(), "l", format).unwrap();
                later.write_rendered(rendered).unwrap();
                assert_eq!(later.written(), 2);
                assert_eq!(String::from_utf8(later.finish().unwrap()).unwrap(), direct);
            }
        }
    }

    #[test]
    fn a_point_is_written_as_serde_json_writes_it() {
        let points = [
            (38.28, 34.56),
            (-0.0, 0.0),
            (180.0, -90.0),
            (1e-6, -123.456789),
            (12.0, 7.5e-5),
        ];
        let mut geometries: Vec<Option<Geometry>> = points
            .iter()
            .map(|&(lon, lat)| Some(Geometry::Point(Position::new(lon, lat).unwrap())))
            .collect();
        geometries.push(None);
        geometries.push(Some(Geometry::MultiPoint(vec![Position::new(1.5, 2.0).unwrap()])));
        for geometry in &geometries {
            let mut ours = Vec::new();
            write_geometry(&mut ours, geometry.as_ref());
            let serde = serde_json::to_vec(&geometry.as_ref()).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(serde).unwrap());
        }
    }

    #[test]
    fn an_empty_collection_is_valid_json() {
        let w = FeatureWriter::begin(Vec::new(), "m", FeatureFormat::Collection).unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["features"], serde_json::json!([]));
    }

    #[test]
    fn a_sequence_is_rfc8142() {
        let mut w = FeatureWriter::begin(Vec::new(), "m", FeatureFormat::Sequence).unwrap();
        let multi = Geometry::MultiPoint(vec![
            Position::new(1.0, 2.0).unwrap(),
            Position::new(-0.0000001, 3.0).unwrap(),
        ]);
        w.write(Some(&multi), &Props { name: "a", note: None }).unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(text.starts_with('\u{1E}') && text.ends_with('\n'));
        assert!(text.contains("\"coordinates\":[[1.0,2.0],[0.0,3.0]]"), "{text}");
    }

    #[test]
    fn coordinates_keep_at_most_six_decimals() {
        for (lon, lat) in [(38.123456789, -0.1234565), (179.9999999, 1e-9), (12.3, 45.000001)] {
            let p = Position::new(lon, lat).unwrap();
            for v in [p.lon(), p.lat()] {
                let printed = serde_json::to_string(&v).unwrap();
                let decimals = printed.split('.').nth(1).map_or(0, str::len);
                assert!(decimals <= 6 && !printed.contains('e'), "{printed}");
            }
        }
        assert_eq!(Position::new(f64::NAN, 1.0), None);
    }
}
