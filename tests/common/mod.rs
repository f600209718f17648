//! Helpers shared by the integration tests: run `geocite map` as a user would, read what it
//! wrote.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

pub const LAYERS: [&str; 3] = ["mentions", "places", "articles"];
pub const OUTPUT_FILES: [&str; 11] = [
    "admin1.geojson",
    "articles.geojson",
    "countries.geojson",
    "geocite.qgs",
    "map.html",
    "mentions.csv",
    "mentions.csvt",
    "mentions.geojson",
    "places.geojson",
    "unresolved.csv",
    "unresolved.csvt",
];

pub fn geocite() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_geocite"))
}

pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed-articles")
}

/// The seed articles' texts by id (file stem), exactly as on disk.
pub fn seed_texts() -> HashMap<String, String> {
    std::fs::read_dir(seed_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// A finished `geocite map` run in a temporary folder.
pub struct Run {
    pub dir: tempfile::TempDir,
    pub output: Output,
}

impl Run {
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().expect("geocite was killed by a signal")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn layer(&self, name: &str) -> Value {
        read_json(&self.out().join(format!("{name}.geojson")))
    }

    pub fn features(&self, name: &str) -> Vec<Value> {
        self.layer(name)["features"].as_array().expect("features array").clone()
    }

    pub fn properties(&self, name: &str) -> Vec<serde_json::Map<String, Value>> {
        self.features(name)
            .into_iter()
            .map(|f| f["properties"].as_object().expect("properties object").clone())
            .collect()
    }

    pub fn csv_rows(&self, file: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_path(self.out().join(file)).unwrap();
        let header = reader.headers().unwrap().iter().map(str::to_string).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        (header, rows)
    }

    /// Panics with geocite's messages unless it exited with `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code(), code, "exit code; stderr:\n{}", self.stderr());
        self
    }
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Runs `geocite map ARGS --out <tmp>/out` in a fresh temporary folder (its working directory).
pub fn map(args: &[&str]) -> Run {
    map_in(tempfile::tempdir().unwrap(), args, None)
}

/// Like [`map`], in a folder prepared by the test, with `stdin` if given.
pub fn map_in(dir: tempfile::TempDir, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = geocite();
    cmd.current_dir(dir.path())
        .arg("map")
        .args(args)
        .arg("--out")
        .arg(dir.path().join("out"));
    if let Some(stdin) = stdin {
        cmd.write_stdin(stdin.to_vec());
    }
    let output = cmd.output().expect("geocite runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "geocite panicked:\n{stderr}");
    Run { dir, output }
}

/// A temporary folder holding the given files (paths relative to it).
pub fn files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// `text`'s code points `[start, end)`.
pub fn code_points(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

pub fn str_prop<'a>(props: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    props.get(key).and_then(Value::as_str)
}

pub fn int_prop(props: &serde_json::Map<String, Value>, key: &str) -> i64 {
    props[key]
        .as_i64()
        .unwrap_or_else(|| panic!("{key} is not an integer in {props:?}"))
}
