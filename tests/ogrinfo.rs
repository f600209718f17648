//! GDAL (`ogrinfo`, as QGIS uses it) opens every layer with the right feature counts and field
//! types. GDAL is required: without `ogrinfo` this test fails, telling how to install it.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use common::{Run, map, seed_dir};

/// `ogrinfo -ro -al -so FILE`: the feature count and the field types GDAL reports.
fn ogrinfo(path: &Path) -> (u64, HashMap<String, String>, String) {
    let output = match Command::new("ogrinfo").args(["-ro", "-al", "-so"]).arg(path).output() {
        Ok(output) => output,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => panic!(
            "ogrinfo was not found: install GDAL's command-line tools (Debian/Ubuntu: `apt-get install gdal-bin`; .ci/run does this)"
        ),
        Err(err) => panic!("cannot run ogrinfo: {err}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "ogrinfo cannot open {}:\n{stdout}\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let count = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count for {}:\n{stdout}", path.display()));
    let fields = stdout
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once(": ")?;
            let ty = rest.split(" (").next()?;
            (!name.contains(' ')).then(|| (name.to_string(), ty.to_string()))
        })
        .collect();
    (count, fields, stdout)
}

/// `ogrinfo -ro -q FILE -dialect SQLite -sql SQL`: the values printed, as `name = value` lines.
fn ogr_sql(path: &Path, sql: &str) -> Vec<String> {
    let output = Command::new("ogrinfo")
        .args(["-ro", "-q"])
        .arg(path)
        .args(["-dialect", "SQLite", "-sql", sql])
        .output()
        .expect("ogrinfo runs (install gdal-bin)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{sql} on {}:\n{stdout}\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .map(|(name, value)| format!("{} = {value}", name.split(" (").next().unwrap().trim()))
        .collect()
}

fn expect_fields(file: &str, fields: &HashMap<String, String>, expected: &[(&str, &str)], report: &str) {
    for (name, ty) in expected {
        assert_eq!(
            fields.get(*name).map(String::as_str),
            Some(*ty),
            "{file}: field {name} should be {ty}:\n{report}"
        );
    }
}

fn csv_rows(run: &Run, file: &str) -> u64 {
    run.csv_rows(file).1.len() as u64
}

#[test]
fn gdal_opens_every_layer_with_typed_fields() {
    let seeds = seed_dir();
    let run = map(&[seeds.to_str().unwrap()]);
    run.expect_code(0);
    let out = run.out();

    let (count, fields, report) = ogrinfo(&out.join("mentions.geojson"));
    assert_eq!(count, run.features("mentions").len() as u64);
    assert!(count > 50);
    assert!(report.contains("Geometry: Point"), "{report}");
    let mention_fields = [
        ("pub_date", "Date"),
        ("char_start", "Integer"),
        ("char_end", "Integer"),
        ("geonameid", "Integer"),
        ("confidence", "Real"),
        ("surface", "String"),
        ("is_place", "Integer(Boolean)"),
    ];
    expect_fields("mentions.geojson", &fields, &mention_fields, &report);

    let (count, fields, report) = ogrinfo(&out.join("places.geojson"));
    assert_eq!(count, run.features("places").len() as u64);
    assert!(count >= 10);
    expect_fields(
        "places.geojson",
        &fields,
        &[
            ("first_date", "Date"),
            ("last_date", "Date"),
            ("population", "Integer"),
            ("mention_count", "Integer"),
            ("surfaces", "StringList"),
            ("articles", "StringList"),
        ],
        &report,
    );

    expect_fields("places.geojson", &fields, &[("citations", "String(JSON)")], &report);

    let (count, fields, report) = ogrinfo(&out.join("articles.geojson"));
    assert_eq!(count, 2);
    assert!(report.contains("Geometry: Multi Point"), "{report}");
    expect_fields(
        "articles.geojson",
        &fields,
        &[
            ("pub_date", "Date"),
            ("place_count", "Integer"),
            ("focus_geonameid", "Integer"),
        ],
        &report,
    );

    // The .csvt sidecars type the CSV columns and make lon/lat a point geometry.
    let (count, fields, report) = ogrinfo(&out.join("mentions.csv"));
    assert_eq!(count, csv_rows(&run, "mentions.csv"));
    assert!(report.contains("Geometry: Point"), "{report}");
    expect_fields("mentions.csv", &fields, &mention_fields, &report);

    let (count, fields, report) = ogrinfo(&out.join("unresolved.csv"));
    assert_eq!(count, csv_rows(&run, "unresolved.csv"));
    expect_fields(
        "unresolved.csv",
        &fields,
        &[("count", "Integer"), ("surface", "String")],
        &report,
    );
}

#[test]
fn gdal_finds_the_polygon_layers_valid_right_hand_and_antimeridian_safe() {
    let seeds = seed_dir();
    let run = map(&[seeds.to_str().unwrap()]);
    run.expect_code(0);
    let out = run.out();
    for (layer, key) in [("countries", "country_code"), ("admin1", "admin1_code")] {
        let path = out.join(format!("{layer}.geojson"));
        let (count, fields, report) = ogrinfo(&path);
        assert_eq!(count, run.features(layer).len() as u64);
        assert!(count >= 3, "{report}");
        assert!(report.contains("Geometry: Multi Polygon"), "{report}");
        expect_fields(
            layer,
            &fields,
            &[
                (key, "String"),
                ("name", "String"),
                ("mention_count", "Integer"),
                ("article_count", "Integer"),
            ],
            &report,
        );
        let bad = ogr_sql(
            &path,
            &format!(
                "SELECT count(*) AS bad FROM {layer} WHERE ST_IsValid(geometry) = 0 OR ST_IsPolygonCCW(geometry) = 0 \
                 OR MbrMinX(geometry) < -180 OR MbrMaxX(geometry) > 180 OR MbrMinY(geometry) < -90 OR MbrMaxY(geometry) > 90"
            ),
        );
        assert_eq!(bad, ["bad = 0"], "{layer}: invalid, clockwise or out-of-range outlines");
    }
    // Russia spans the antimeridian: its outline is split there, touching both edges.
    let russia = ogr_sql(
        &out.join("countries.geojson"),
        "SELECT MbrMinX(geometry) AS west, MbrMaxX(geometry) AS east FROM countries WHERE country_code = 'RU'",
    );
    assert_eq!(russia, ["west = -180", "east = 180"]);
    // Syria is mentioned, and holds Deir ez-Zor (SY.07).
    let syria = ogr_sql(
        &out.join("admin1.geojson"),
        "SELECT country_code, mention_count > 0 AS mentioned FROM admin1 WHERE admin1_code = 'SY.07'",
    );
    assert_eq!(syria, ["country_code = SY", "mentioned = 1"]);
}

#[test]
fn gdal_reads_the_geojsonseq_mentions_layer() {
    let seeds = seed_dir();
    let run = map(&[seeds.to_str().unwrap(), "--format", "geojsonseq"]);
    run.expect_code(0);
    let path = run.out().join("mentions.geojsons");
    assert!(!run.out().join("mentions.geojson").exists());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().all(|l| l.starts_with('\u{1e}') && l.ends_with('}')));
    let output = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(&path)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("using driver `GeoJSONSeq'"), "{report}");
    let (count, fields, report) = ogrinfo(&path);
    assert_eq!(count, text.lines().count() as u64);
    expect_fields(
        "mentions.geojsons",
        &fields,
        &[("pub_date", "Date"), ("char_start", "Integer"), ("confidence", "Real")],
        &report,
    );
}
