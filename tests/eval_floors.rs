//! The accuracy ratchet: `geocite eval` on GeoWebNews and LGL must not fall below the floors in
//! `tests/eval-floors.json`. Runs the real binary (the command users and EVALUATION.md run).
//! Skips, saying so, when the shared corpora (`../shared/data/eval`, or `$GEOCITE_EVAL_DATA`)
//! are absent. Build with `cargo test --release`: the runs then take well under a second each.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const FLOORS: &str = include_str!("eval-floors.json");

/// How far above its floor a score may drift before the test suggests raising the floor.
const RAISE_HINT: f64 = 0.01;

fn eval_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GEOCITE_EVAL_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/eval"));
    dir.is_dir().then_some(dir)
}

/// Printed straight to stderr so it shows even when the harness captures test output.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn floors_for(kind: &str) -> Value {
    let floors: Value = serde_json::from_str(FLOORS).expect("tests/eval-floors.json is valid JSON");
    floors["corpora"]
        .as_array()
        .expect("a \"corpora\" array")
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no floors for {kind} in tests/eval-floors.json"))
        .clone()
}

/// Runs `geocite eval --corpus KIND PATH --json [extra]` and returns the report.
fn eval_json(kind: &str, path: &Path, extra: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_geocite"))
        .args(["eval", "--corpus", kind])
        .arg(path)
        .arg("--json")
        .args(extra)
        .output()
        .expect("run geocite");
    assert!(
        output.status.success(),
        "geocite eval --corpus {kind} {} {extra:?} failed:\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("geocite eval --json prints JSON")
}

fn check(kind: &str, metric: &str, measured: f64, floor: f64, failures: &mut Vec<String>) {
    say(&format!("{kind} {metric}: {measured:.4} (floor {floor:.3})"));
    if measured < floor {
        failures.push(format!(
            "{kind} {metric} fell to {measured:.4}, below its floor {floor:.3}"
        ));
    } else if measured - floor > RAISE_HINT {
        say(&format!(
            "  {kind} {metric} is {:.3} above its floor: raise it in tests/eval-floors.json",
            measured - floor
        ));
    }
}

fn meets_floors(kind: &str) {
    let Some(dir) = eval_dir() else {
        say(&format!(
            "SKIPPED eval floors for {kind}: ../shared/data/eval is absent (set GEOCITE_EVAL_DATA to run)"
        ));
        return;
    };
    let floors = floors_for(kind);
    let path = dir.join(floors["path"].as_str().expect("a path"));
    let mut failures = Vec::new();
    let options: Vec<&str> = floors["options"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let end_to_end = eval_json(kind, &path, &options);
    let f1 = end_to_end["end_to_end"]["f1_at_161"]["f1"]
        .as_f64()
        .expect("F1@161 in the report");
    check(
        kind,
        "F1@161",
        f1,
        floors["f1_at_161"].as_f64().expect("a floor"),
        &mut failures,
    );
    let gold_spans = eval_json(kind, &path, &["--gold-spans"]);
    let acc = gold_spans["gold_spans"]["acc_161"]
        .as_f64()
        .expect("acc@161 in the report");
    let floor = floors["gold_spans_acc_161"].as_f64().expect("a floor");
    check(kind, "--gold-spans acc@161", acc, floor, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn geowebnews_meets_its_floors() {
    meets_floors("gwn");
}

#[test]
fn lgl_meets_its_floors() {
    meets_floors("lgl");
}
