//! Article metadata from JSONL, CSV, standard input and text files reaches every layer, with
//! dates in ISO form and offsets into the text as read.

mod common;

use common::{code_points, files, int_prop, map_in, str_prop};
use serde_json::{Map, Value};

fn by_id(rows: Vec<Map<String, Value>>) -> std::collections::BTreeMap<String, Map<String, Value>> {
    rows.into_iter()
        .map(|r| (str_prop(&r, "article_id").unwrap().to_string(), r))
        .collect()
}

#[test]
fn jsonl_metadata_is_carried_and_dates_become_iso() {
    let feed = concat!(
        r#"{"id":"iso","title":"Raqqa offensive","date":"2016-12-28","url":"https://example.org/1","source":"AP","text":"Fighting in Raqqa."}"#,
        "\n",
        r#"{"id":"rfc3339","date":"2016-12-29T23:30:00-05:00","text":"Shelling in Homs."}"#,
        "\n",
        r#"{"id":"postgres","date":"2009-03-20 12:24:52.002364-05","text":"Aleppo."}"#,
        "\n",
        r#"{"id":"rfc2822","date":"Wed, 28 Dec 2016 10:00:00 +0000","text":"Latakia."}"#,
        "\n",
        r#"{"id":"bad-date","date":"last Tuesday","text":"Hama."}"#,
        "\n",
        r#"{"text":"Idlib.","unknown_field":{"nested":true}}"#,
        "\n",
    );
    let run = map_in(files(&[("feeds/news.jsonl", feed.as_bytes())]), &["feeds"], None);
    run.expect_code(0);
    assert!(
        run.stderr()
            .contains("geocite: warning: feeds/news.jsonl:5: cannot read date \"last Tuesday\""),
        "{}",
        run.stderr()
    );
    let articles = by_id(run.properties("articles"));
    let date = |id: &str| str_prop(&articles[id], "pub_date");
    assert_eq!(date("iso"), Some("2016-12-28"));
    assert_eq!(date("rfc3339"), Some("2016-12-29"), "the date where it was published");
    assert_eq!(date("postgres"), Some("2009-03-20"));
    assert_eq!(date("rfc2822"), Some("2016-12-28"));
    assert_eq!(date("bad-date"), None);
    assert!(
        articles.contains_key("news.jsonl:6"),
        "default id is file:line: {:?}",
        articles.keys()
    );

    let iso = &articles["iso"];
    assert_eq!(str_prop(iso, "title"), Some("Raqqa offensive"));
    assert_eq!(str_prop(iso, "url"), Some("https://example.org/1"));
    assert_eq!(str_prop(iso, "source"), Some("AP"));

    let mention = &by_id(run.properties("mentions"))["iso"];
    for key in ["title", "pub_date", "url", "source"] {
        assert_eq!(mention[key], iso[key], "{key} on the mention");
    }
    let place = run
        .properties("places")
        .into_iter()
        .find(|p| int_prop(p, "geonameid") == 172955)
        .expect("Raqqa in places");
    assert_eq!(str_prop(&place, "first_date"), Some("2016-12-28"));
    let citation = &place["citations"][0];
    assert_eq!(citation["title"], "Raqqa offensive");
    assert_eq!(citation["date"], "2016-12-28");
    assert_eq!(citation["url"], "https://example.org/1");
}

#[test]
fn csv_metadata_is_carried_and_dates_become_iso() {
    let table = "Text,URL,Date,Title,Source,Other\n\
                 \"Fighting in Raqqa,\nthen \"\"quiet\"\" in Homs.\",https://example.org/2,2016-12-28T10:00:00Z,\"Raqqa, Homs\",Reuters,x\n\
                 Aleppo.,,,,,y\n";
    let run = map_in(files(&[("t.csv", table.as_bytes())]), &["t.csv"], None);
    run.expect_code(0);
    let articles = run.properties("articles");
    assert_eq!(articles.len(), 2);
    let first = &articles[0];
    assert_eq!(
        str_prop(first, "article_id"),
        Some("t.csv:2"),
        "default id is file:line"
    );
    assert_eq!(str_prop(first, "title"), Some("Raqqa, Homs"));
    assert_eq!(str_prop(first, "pub_date"), Some("2016-12-28"));
    assert_eq!(str_prop(first, "url"), Some("https://example.org/2"));
    assert_eq!(str_prop(first, "source"), Some("Reuters"));
    assert_eq!(
        str_prop(&articles[1], "article_id"),
        Some("t.csv:4"),
        "the line a row starts on"
    );
    assert_eq!(articles[1]["title"], Value::Null, "empty fields are null");

    let text = "Fighting in Raqqa,\nthen \"quiet\" in Homs.";
    let mentions = run.properties("mentions");
    let homs = mentions
        .iter()
        .find(|m| str_prop(m, "surface") == Some("Homs"))
        .expect("Homs");
    let (start, end) = (
        int_prop(homs, "char_start") as usize,
        int_prop(homs, "char_end") as usize,
    );
    assert_eq!(code_points(text, start, end), "Homs");

    let (header, rows) = run.csv_rows("mentions.csv");
    assert_eq!(&header[..5], ["article_id", "title", "pub_date", "url", "source"]);
    assert_eq!(&header[header.len() - 2..], ["lon", "lat"]);
    assert_eq!(rows.len(), mentions.len());
    assert_eq!(
        &rows[0][..5],
        [
            "t.csv:2",
            "Raqqa, Homs",
            "2016-12-28",
            "https://example.org/2",
            "Reuters"
        ]
    );
}

#[test]
fn stdin_reads_jsonl() {
    let feed = b"{\"text\":\"Fighting in Raqqa.\"}\n{\"id\":\"x\",\"text\":\"Homs.\"}\n";
    let run = map_in(files(&[]), &["-"], Some(feed));
    run.expect_code(0);
    let ids: Vec<String> = run
        .properties("articles")
        .iter()
        .map(|a| str_prop(a, "article_id").unwrap().to_string())
        .collect();
    assert_eq!(ids, ["stdin:1", "x"]);
}

#[test]
fn text_front_matter_is_metadata_and_offsets_count_from_the_file_start() {
    let text = "---\ntitle: \"Talks in Geneva\"\ndate: 2016-12-28\nurl: https://example.org/3\n---\n\nTalks on Aleppo resumed in Geneva.\n";
    let markdown = "# Shelling in Idlib\n\nShelling in Idlib killed five.\n";
    let dir = files(&[("in/b/story.txt", text.as_bytes()), ("in/a.md", markdown.as_bytes())]);
    let run = map_in(dir, &["in"], None);
    run.expect_code(0);
    let articles = run.properties("articles");
    let ids: Vec<&str> = articles.iter().map(|a| str_prop(a, "article_id").unwrap()).collect();
    assert_eq!(
        ids,
        ["a", "story"],
        "sorted, recursing into folders; ids are file stems"
    );
    assert_eq!(str_prop(&articles[0], "title"), Some("Shelling in Idlib"));
    let story = &articles[1];
    assert_eq!(str_prop(story, "title"), Some("Talks in Geneva"));
    assert_eq!(str_prop(story, "pub_date"), Some("2016-12-28"));
    assert_eq!(str_prop(story, "url"), Some("https://example.org/3"));

    let mentions = run.properties("mentions");
    let texts = [("a", markdown), ("story", text)];
    let aleppo = mentions
        .iter()
        .find(|m| str_prop(m, "surface") == Some("Aleppo"))
        .expect("Aleppo");
    assert!(int_prop(aleppo, "char_start") > 60, "offsets count the front matter");
    for m in &mentions {
        let (_, article_text) = texts
            .iter()
            .find(|(id, _)| Some(*id) == str_prop(m, "article_id"))
            .unwrap();
        let (start, end) = (int_prop(m, "char_start") as usize, int_prop(m, "char_end") as usize);
        assert_eq!(code_points(article_text, start, end), str_prop(m, "surface").unwrap());
    }
    let idlib = mentions
        .iter()
        .filter(|m| str_prop(m, "surface") == Some("Idlib"))
        .count();
    assert_eq!(idlib, 2, "a headline's place names are mentions too");
}
