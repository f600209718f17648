//! QGIS itself (PyQGIS, headless) opens every layer and `geocite.qgs`: valid layers, the
//! designed field types, the Temporal Controller filtering mentions on `pub_date`, and the
//! project's styling, drawn to `target/artifacts/qgis.png`. The checks are in `tests/qgis/check_layers.py`.
//!
//! QGIS is required: without `/usr/bin/python3` and the `python3-qgis` package this test fails,
//! saying how to install them.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Run, map, seed_dir, str_prop};
use serde_json::Value;

/// Runs the PyQGIS check on a run's output; its JSON report.
fn check_in_qgis(run: &Run, mentions_file: &str, from: &str, to: &str, png: Option<&Path>) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/qgis/check_layers.py");
    let output = match Command::new("/usr/bin/python3")
        .arg(&script)
        .arg(run.out())
        .args([mentions_file, from, to])
        .args(png)
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
    {
        Ok(output) => output,
        Err(err) => panic!("cannot run /usr/bin/python3 ({err}): install python3-qgis (.ci/run does this)"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'qgis'"),
        "PyQGIS is missing: install it (Debian: `apt-get install python3-qgis`; .ci/run does this)"
    );
    assert!(output.status.success(), "QGIS check failed:\n{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(report).unwrap_or_else(|e| panic!("no report from the QGIS check ({e}):\n{stdout}\n{stderr}"))
}

fn expect_counts(run: &Run, report: &Value, mentions: usize) {
    let counts = &report["counts"];
    assert_eq!(counts["mentions"], mentions, "{report}");
    for layer in ["places", "articles", "countries", "admin1"] {
        assert_eq!(counts[layer], run.features(layer).len(), "{layer}: {report}");
    }
    assert_eq!(report["project_layers"], 5, "{report}");
}

#[test]
fn qgis_opens_every_layer_and_the_project_and_filters_mentions_by_date() {
    let seeds = seed_dir();
    let run = map(&[seeds.to_str().unwrap()]);
    run.expect_code(0);
    let mentions = run.properties("mentions");
    let dated = mentions
        .iter()
        .filter(|m| str_prop(m, "pub_date") == Some("2016-12-28"))
        .count();
    assert!(
        dated > 0 && dated < mentions.len(),
        "the seeds mix dated and undated articles"
    );

    // The project as QGIS draws it, for a person to look at.
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let png = artifacts.join("qgis.png");
    let report = check_in_qgis(&run, "mentions.geojson", "2016-12-28", "2016-12-28", Some(&png));
    expect_counts(&run, &report, mentions.len());
    assert!(png.is_file());
    assert_eq!(
        report["mentions_in_range"], dated,
        "the Temporal Controller shows that day's mentions"
    );

    let report = check_in_qgis(&run, "mentions.geojson", "2016-12-29", "2017-01-31", None);
    assert_eq!(report["mentions_in_range"], 0, "and none on other days");
}

#[test]
fn qgis_reads_the_geojsonseq_mentions_layer_and_the_project_names_it() {
    let seeds = seed_dir();
    let run = map(&[seeds.to_str().unwrap(), "--format", "geojsonseq"]);
    run.expect_code(0);
    let text = std::fs::read_to_string(run.out().join("mentions.geojsons")).unwrap();
    let report = check_in_qgis(&run, "mentions.geojsons", "2016-12-28", "2016-12-28", None);
    expect_counts(&run, &report, text.lines().count());
}
