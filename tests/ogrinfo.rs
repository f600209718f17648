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
