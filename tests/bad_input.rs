//! Bad input: every case ends in a clear message naming the file (and line), the other
//! articles still mapped, and a documented exit code. Nothing panics (`common::map_in` fails
//! any run whose stderr mentions a panic).

mod common;

use std::time::Duration;

use common::{OUTPUT_FILES, code_points, files, geocite, int_prop, map_in, str_prop};

const GOOD: &[u8] = b"Shelling was reported in Aleppo on Monday.\n";

fn article_ids(run: &common::Run) -> Vec<String> {
    run.properties("articles")
        .iter()
        .map(|a| str_prop(a, "article_id").unwrap().to_string())
        .collect()
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_naming_the_file() {
    let dir = files(&[("in/latin1.txt", b"Caf\xE9 owners in Aleppo fled to Homs.\n")]);
    let run = map_in(dir, &["in"], None);
    run.expect_code(0);
    let stderr = run.stderr();
    assert!(
        stderr.contains("geocite: warning: in/latin1.txt: not valid UTF-8"),
        "{stderr}"
    );
    let text = "Caf\u{FFFD} owners in Aleppo fled to Homs.\n";
    let mentions = run.properties("mentions");
    let surfaces: Vec<&str> = mentions.iter().map(|m| str_prop(m, "surface").unwrap()).collect();
    assert_eq!(surfaces, ["Aleppo", "Homs"]);
    for m in &mentions {
        let (start, end) = (int_prop(m, "char_start") as usize, int_prop(m, "char_end") as usize);
        assert_eq!(
            code_points(text, start, end),
            str_prop(m, "surface").unwrap(),
            "offsets count the replacement"
        );
    }
}

#[test]
fn empty_and_binary_files_are_skipped_with_a_warning() {
    let dir = files(&[
        ("in/a_empty.txt", b""),
        ("in/b_blank.md", b"  \n\n"),
        ("in/c_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("in/d_empty.jsonl", b""),
        ("in/e_binary.csv", b"id,text\n\x00\x01\x02"),
        ("in/f_good.txt", GOOD),
    ]);
    let run = map_in(dir, &["in"], None);
    run.expect_code(0);
    let stderr = run.stderr();
    for (file, reason) in [
        ("in/a_empty.txt", "empty"),
        ("in/b_blank.md", "empty"),
        ("in/c_binary.txt", "binary"),
        ("in/d_empty.jsonl", "empty"),
        ("in/e_binary.csv", "binary"),
    ] {
        assert!(
            stderr.contains(&format!("geocite: warning: {file}: {reason}")),
            "no warning for {file}:\n{stderr}"
        );
    }
    assert_eq!(article_ids(&run), ["f_good"]);
}

#[test]
fn a_missing_path_is_an_error_and_writes_nothing() {
    let dir = files(&[("in/good.txt", GOOD)]);
    let out = dir.path().join("out");
    let run = map_in(dir, &["in/good.txt", "in/missing.txt"], None);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("geocite: error: cannot read input in/missing.txt: No such file or directory"),
        "{}",
        run.stderr()
    );
    assert!(!out.exists(), "no output folder for a failed run");
}

#[test]
fn a_malformed_jsonl_line_names_file_and_line_and_the_rest_is_mapped() {
    let feed: &[u8] = b"{\"id\":\"a\",\"text\":\"Fighting in Raqqa.\"}\n{\"id\":\"b\",\"text\": Homs}\n\n{\"id\":\"c\",\"text\":\"Aleppo again.\"}\n[\"not an object\"]\n";
    let run = map_in(files(&[("feed.jsonl", feed)]), &["feed.jsonl"], None);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("geocite: error: feed.jsonl:2: malformed JSON record"),
        "{stderr}"
    );
    assert!(
        stderr.contains("geocite: error: feed.jsonl:5: malformed JSON record"),
        "{stderr}"
    );
    assert!(stderr.contains("2 malformed records"), "{stderr}");
    assert_eq!(article_ids(&run), ["a", "c"], "the good records are mapped and written");

    let run = map_in(
        files(&[("feed.jsonl", feed)]),
        &["feed.jsonl", "--skip-bad-records"],
        None,
    );
    run.expect_code(0);
    let stderr = run.stderr();
    assert!(
        stderr.contains("geocite: warning: feed.jsonl:2: malformed JSON record"),
        "{stderr}"
    );
    assert!(stderr.contains("skipped 2 malformed records"), "{stderr}");
    assert_eq!(article_ids(&run), ["a", "c"]);
}

#[test]
fn a_jsonl_record_without_text_is_malformed() {
    let feed: &[u8] = b"{\"id\":\"a\",\"title\":\"no text\"}\n{\"id\":\"b\",\"text\":null}\n{\"id\":\"c\",\"text\":42}\n{\"id\":\"d\",\"text\":\"Homs.\"}\n";
    let run = map_in(files(&[("feed.ndjson", feed)]), &["feed.ndjson"], None);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("feed.ndjson:1: no \"text\" field"), "{stderr}");
    assert!(stderr.contains("feed.ndjson:2: no \"text\" field"), "{stderr}");
    assert!(stderr.contains("feed.ndjson:3: malformed JSON record"), "{stderr}");
    assert_eq!(article_ids(&run), ["d"]);
}

#[test]
fn a_malformed_csv_row_names_file_and_line_and_the_rest_is_mapped() {
    let table: &[u8] =
        b"id,title,text\n1,One,\"Fighting in Raqqa,\nthen in Homs.\"\n2,Two,Aleppo,extra\n3,Three,Aleppo again.\n";
    let run = map_in(files(&[("t.csv", table)]), &["t.csv"], None);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("geocite: error: t.csv:4: malformed CSV row: 4 fields where the header has 3"),
        "{stderr}"
    );
    assert_eq!(article_ids(&run), ["1", "3"]);

    let run = map_in(files(&[("t.csv", table)]), &["t.csv", "--skip-bad-records"], None);
    run.expect_code(0);
    assert!(run.stderr().contains("skipped 1 malformed record"), "{}", run.stderr());
    assert_eq!(article_ids(&run), ["1", "3"]);
}

#[test]
fn a_csv_without_a_text_column_is_reported_and_others_are_mapped() {
    let dir = files(&[("in/a.csv", b"id,body\n1,Aleppo\n"), ("in/b.txt", GOOD)]);
    let run = map_in(dir, &["in"], None);
    run.expect_code(1);
    assert!(
        run.stderr()
            .contains("geocite: error: in/a.csv:1: the header row has no \"text\" column"),
        "{}",
        run.stderr()
    );
    assert_eq!(article_ids(&run), ["b"]);
}

#[test]
fn an_unwritable_out_is_a_clear_error_and_leaves_no_files() {
    let dir = files(&[("in.txt", GOOD), ("blocker", b"a file")]);
    for out in ["blocker", "blocker/out"] {
        let output = geocite()
            .current_dir(dir.path())
            .args(["map", "in.txt", "--out", out])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("geocite: error: cannot "), "{stderr}");
        assert!(stderr.contains(out), "the message names {out}: {stderr}");
    }
    assert_eq!(std::fs::read(dir.path().join("blocker")).unwrap(), b"a file");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "nothing else was created"
    );
}

#[test]
fn a_failed_run_keeps_the_previous_outputs_whole() {
    let dir = files(&[("in.txt", GOOD)]);
    let out = dir.path().join("out");
    geocite()
        .current_dir(dir.path())
        .args(["map", "in.txt", "--out", "out"])
        .assert()
        .success();
    let before: Vec<Vec<u8>> = OUTPUT_FILES
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    // A folder where the last layer file should go: the run must fail before replacing any file.
    std::fs::remove_file(out.join("unresolved.csvt")).unwrap();
    std::fs::create_dir(out.join("unresolved.csvt")).unwrap();
    std::fs::write(dir.path().join("in.txt"), "Fighting in Homs.\n").unwrap();
    let output = geocite()
        .current_dir(dir.path())
        .args(["map", "in.txt", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unresolved.csvt"), "{stderr}");
    for (file, bytes) in OUTPUT_FILES.iter().zip(&before) {
        if *file != "unresolved.csvt" {
            assert_eq!(&std::fs::read(out.join(file)).unwrap(), bytes, "{file} was changed");
        }
    }
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), OUTPUT_FILES.len(), "no temporary files left: {names:?}");
}

#[test]
fn odd_texts_never_crash_the_geoparser() {
    let texts = [
        "....!!!???",
        "\u{0}\u{1}\u{7f} control characters around Homs \u{1b}[31m",
        "حلب ودمشق وحمص",
        "🚀 Aleppo 🚀 Deir al-Zour’s 👩‍👩‍👧 Raqqa",
        "A",
        "'",
        "’s",
        "al-",
        "Deir el-",
        "the eastern city of",
        "In the city of Al- Al- Al- Al-",
        "\u{FEFF}\u{200B}Idlib\u{200B}",
        "\r\r\r\nHama\r",
    ];
    let mut feed = Vec::new();
    for (k, text) in texts.iter().enumerate() {
        feed.extend_from_slice(
            serde_json::json!({"id": k.to_string(), "text": text})
                .to_string()
                .as_bytes(),
        );
        feed.push(b'\n');
    }
    let run = map_in(files(&[]), &["-"], Some(&feed));
    run.expect_code(0);
    assert_eq!(
        run.properties("articles").len(),
        texts.len(),
        "every article is in the articles layer"
    );
    for m in run.properties("mentions") {
        let text = texts[str_prop(&m, "article_id").unwrap().parse::<usize>().unwrap()];
        let (start, end) = (int_prop(&m, "char_start") as usize, int_prop(&m, "char_end") as usize);
        assert_eq!(code_points(text, start, end), str_prop(&m, "surface").unwrap());
    }
}

/// A long text without sentence punctuation (a transcript, a table) is mapped whole, and its
/// one huge sentence is quoted as an excerpt around each mention.
#[test]
fn a_long_article_with_thousands_of_mentions_is_mapped() {
    const MENTIONS: usize = 20_000;
    let dir = files(&[("long.txt", "Aleppo ".repeat(MENTIONS).as_bytes())]);
    // A guard against hanging, not a speed target (those live in the benchmark).
    let output = geocite()
        .current_dir(dir.path())
        .args(["map", "long.txt", "--out", "out", "--quiet"])
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mentions = common::read_json(&dir.path().join("out/mentions.geojson"));
    let features = mentions["features"].as_array().unwrap();
    assert_eq!(features.len(), MENTIONS);
    let sentence = features[MENTIONS / 2]["properties"]["sentence"].as_str().unwrap();
    assert!(sentence.len() < 1000, "a huge sentence is quoted as an excerpt");
}
