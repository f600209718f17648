//! `geocite eval` end to end on a tiny corpus written here (no shared data needed).

use std::process::Command;

use serde_json::Value;

const GWN: &str = r#"<articles>
<article file="0"><text>Flooding hit Aleppo on Monday, and Damascus sent help to the Syrian city.</text><toponyms>
<toponym><extractedName>Aleppo</extractedName><type>Literal</type><start>13</start><end>19</end>
  <geonamesID>170063</geonamesID><latitude>36.20124</latitude><longitude>37.16117</longitude></toponym>
<toponym><extractedName>Damascus</extractedName><type>Metonymic</type><start>35</start><end>43</end>
  <geonamesID>170654</geonamesID><latitude>33.5102</latitude><longitude>36.29128</longitude></toponym>
<toponym><extractedName>Syrian</extractedName><type>Demonym</type><start>61</start><end>67</end></toponym>
</toponyms></article>
</articles>"#;

fn geocite(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_geocite"))
        .args(args)
        .output()
        .expect("run geocite")
}

#[test]
fn scores_a_small_corpus_as_json_and_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("GWN.xml");
    std::fs::write(&path, GWN).unwrap();
    let path = path.to_str().unwrap();

    let out = geocite(&["eval", "--corpus", "gwn", path, "--json", "--errors", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["documents"], 1);
    assert_eq!(report["gold_toponyms"], 2);
    let f1 = report["end_to_end"]["f1_at_161"]["f1"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&f1));
    assert!(report["by_type"].as_array().unwrap().len() == 2);

    let out = geocite(&["eval", "--corpus", "gwn", path, "--gold-spans", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["gold_spans"]["gold_with_coords"], 2);

    let out = geocite(&["eval", "--corpus", "gwn", path]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("F1@161"), "{table}");
}

#[test]
fn scores_a_peer_output_file_and_honours_limit() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("GWN.xml");
    std::fs::write(&corpus, GWN).unwrap();
    // Finds Aleppo in the right place and Damascus some 500 km off: F1@161 = 1 correct of 2 and 2.
    let peer = dir.path().join("peer.txt");
    std::fs::write(
        &peer,
        "Aleppo,,Aleppo,,36.2,,37.16,,13,,19||Damascus,,Damascus,,36.2,,40.9,,35,,43||\n",
    )
    .unwrap();
    let out = geocite(&[
        "eval",
        "--corpus",
        "gwn",
        corpus.to_str().unwrap(),
        "--peer",
        peer.to_str().unwrap(),
        "--limit",
        "1",
        "--json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["end_to_end"]["f1_at_161"]["f1"].as_f64().unwrap(), 0.5);
    assert_eq!(report["end_to_end"]["recognition_exact"]["f1"].as_f64().unwrap(), 1.0);
}

#[test]
fn a_malformed_gold_file_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/0"), "Paris").unwrap();
    std::fs::write(dir.path().join("texts/1"), "Lyon").unwrap();
    std::fs::write(
        dir.path().join("WikToR_gold.txt"),
        "Paris,,Paris,,48.85,,2.35,,0,,5||\nLyon,,Lyon,,45.7,,4.8,,zero,,4||\n",
    )
    .unwrap();
    let out = geocite(&["eval", "--corpus", "wiktor", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("WikToR_gold.txt:2"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
