//! The layers as files: RFC 7946 shape, one JSON type per property, the documented schema,
//! and the same bytes on every run whatever the number of threads.

mod common;

use std::collections::BTreeMap;

use common::{LAYERS, OUTPUT_FILES, Run, files, map, map_in, seed_dir, str_prop};
use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

const MENTION_PROPERTIES: [&str; 19] = [
    "article_id",
    "title",
    "pub_date",
    "url",
    "source",
    "surface",
    "char_start",
    "char_end",
    "sentence",
    "kind",
    "is_place",
    "geonameid",
    "name",
    "country_code",
    "admin1",
    "admin1_code",
    "feature_code",
    "precision",
    "confidence",
];
const PLACE_PROPERTIES: [&str; 15] = [
    "geonameid",
    "name",
    "country_code",
    "admin1",
    "admin1_code",
    "feature_code",
    "precision",
    "population",
    "mention_count",
    "article_count",
    "first_date",
    "last_date",
    "surfaces",
    "articles",
    "citations",
];
const ARTICLE_PROPERTIES: [&str; 11] = [
    "article_id",
    "title",
    "pub_date",
    "url",
    "source",
    "place_count",
    "mention_count",
    "unresolved_count",
    "focus_country",
    "focus_geonameid",
    "focus_place",
];

/// The property names of each feature, in the order written (serde_json's maps sort them).
fn ordered_property_keys(geojson: &str) -> Vec<Vec<String>> {
    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Keys, D::Error> {
            struct KeysVisitor;
            impl<'de> Visitor<'de> for KeysVisitor {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                        keys.push(key);
                    }
                    Ok(Keys(keys))
                }
            }
            deserializer.deserialize_map(KeysVisitor)
        }
    }
    #[derive(Deserialize)]
    struct Feature {
        properties: Keys,
    }
    #[derive(Deserialize)]
    struct Collection {
        features: Vec<Feature>,
    }
    let collection: Collection = serde_json::from_str(geojson).unwrap();
    collection.features.into_iter().map(|f| f.properties.0).collect()
}

fn seeds_run(extra: &[&str]) -> Run {
    let seeds = seed_dir();
    let mut args = vec![seeds.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = map(&args);
    run.expect_code(0);
    run
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "real",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Numbers with more than six decimals, anywhere in a GeoJSON text's coordinates.
fn long_coordinates(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for part in text.split("\"coordinates\":").skip(1) {
        let end = part.find('}').unwrap_or(part.len());
        for number in part[..end].split(['[', ']', ',']) {
            let decimals = number.split('.').nth(1).map_or(0, str::len);
            if decimals > 6 || number.contains('e') {
                found.push(number.to_string());
            }
        }
    }
    found
}

#[test]
fn layers_follow_rfc7946_and_the_documented_schema() {
    let run = seeds_run(&["--demonyms"]);
    for (layer, properties, geometry) in [
        ("mentions", &MENTION_PROPERTIES[..], "Point"),
        ("places", &PLACE_PROPERTIES[..], "Point"),
        ("articles", &ARTICLE_PROPERTIES[..], "MultiPoint"),
    ] {
        let path = run.out().join(format!("{layer}.geojson"));
        let text = std::fs::read_to_string(&path).unwrap();
        let collection = run.layer(layer);
        assert_eq!(collection["type"], "FeatureCollection");
        assert_eq!(collection["name"], layer, "top-level name");
        assert!(collection.get("crs").is_none(), "RFC 7946 has no crs");
        assert!(
            long_coordinates(&text).is_empty(),
            "{layer}: {:?}",
            long_coordinates(&text)
        );

        let features = run.features(layer);
        assert!(!features.is_empty());
        let property_keys = ordered_property_keys(&text);
        let mut types: BTreeMap<&str, &'static str> = BTreeMap::new();
        for (k, feature) in features.iter().enumerate() {
            assert_eq!(feature["type"], "Feature");
            assert_eq!(feature["id"].as_u64(), Some(k as u64 + 1), "integer ids in order");
            assert_eq!(feature["geometry"]["type"], geometry);
            let coordinates = &feature["geometry"]["coordinates"];
            let positions: Vec<&Value> = match geometry {
                "Point" => vec![coordinates],
                _ => coordinates.as_array().unwrap().iter().collect(),
            };
            for position in positions {
                let (lon, lat) = (position[0].as_f64().unwrap(), position[1].as_f64().unwrap());
                assert!(
                    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat),
                    "[lon, lat]"
                );
            }
            let props = feature["properties"].as_object().unwrap();
            assert_eq!(&property_keys[k], properties, "{layer} properties, in order");
            for (key, value) in props {
                let ty = json_type(value);
                // A real that happens to be whole still prints as a real ("1.0").
                if ty == "null" {
                    continue;
                }
                let seen = types.entry(key).or_insert(ty);
                assert_eq!(*seen, ty, "{layer}.{key} changes type");
            }
        }
        for date in ["pub_date", "first_date", "last_date"] {
            for feature in &features {
                if let Some(value) = feature["properties"].get(date).and_then(Value::as_str) {
                    assert!(
                        value.parse::<jiff::civil::Date>().is_ok() && value.len() == 10,
                        "{date} {value}"
                    );
                }
            }
        }
    }
    let mentions = run.properties("mentions");
    assert!(mentions.iter().all(|m| m["confidence"].is_f64()));
    let places = run.properties("places");
    let mention_counts: Vec<u64> = places.iter().map(|p| p["mention_count"].as_u64().unwrap()).collect();
    assert!(mention_counts.windows(2).all(|w| w[0] >= w[1]), "most mentioned first");
    for place in &places {
        let surfaces: Vec<&str> = place["surfaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert!(surfaces.windows(2).all(|w| w[0] < w[1]), "surfaces sorted and distinct");
        for citation in place["citations"].as_array().unwrap() {
            let mut keys: Vec<&str> = citation.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(
                keys,
                [
                    "article_id",
                    "char_end",
                    "char_start",
                    "date",
                    "sentence",
                    "title",
                    "url"
                ]
            );
        }
    }
}

#[test]
fn the_csv_layers_match_the_geojson() {
    let run = seeds_run(&[]);
    let (header, rows) = run.csv_rows("mentions.csv");
    let mut expected: Vec<&str> = MENTION_PROPERTIES.to_vec();
    expected.extend(["lon", "lat"]);
    assert_eq!(header, expected);
    let features = run.features("mentions");
    assert_eq!(rows.len(), features.len());
    for (row, feature) in rows.iter().zip(&features) {
        let props = feature["properties"].as_object().unwrap();
        assert_eq!(row[5], props["surface"].as_str().unwrap());
        assert_eq!(row[6], props["char_start"].to_string());
        let coordinates = &feature["geometry"]["coordinates"];
        assert_eq!(row[19].parse::<f64>().unwrap(), coordinates[0].as_f64().unwrap(), "lon");
        assert_eq!(row[20].parse::<f64>().unwrap(), coordinates[1].as_f64().unwrap(), "lat");
    }
    let (header, _) = run.csv_rows("unresolved.csv");
    assert_eq!(
        header,
        [
            "surface",
            "count",
            "article_count",
            "example_article_id",
            "example_sentence"
        ]
    );
}

#[test]
fn unresolved_names_are_counted_with_an_example() {
    let feed = concat!(
        r#"{"id":"a","text":"Fighting broke out in Kelleyland on Monday. Refugees fled to Zorbistan, officials said."}"#,
        "\n",
        r#"{"id":"b","text":"Aleppo was quiet. Fighting broke out in Kelleyland on Monday."}"#,
        "\n",
    );
    let run = map_in(files(&[]), &["-"], Some(feed.as_bytes()));
    run.expect_code(0);
    let (_, rows) = run.csv_rows("unresolved.csv");
    let kelleyland = rows
        .iter()
        .find(|r| r[0] == "Kelleyland")
        .expect("Kelleyland is unresolved");
    assert_eq!(&kelleyland[1..4], ["2", "2", "a"]);
    assert!(
        kelleyland[4].contains("Kelleyland"),
        "the example sentence holds the name"
    );
    let counts: Vec<u64> = rows.iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most frequent first");
    let articles = run.properties("articles");
    assert_eq!(articles[0]["unresolved_count"].as_u64(), Some(2));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    // More articles than one parallel chunk, so that ordering across chunks is exercised.
    let mut feed = String::new();
    let towns = [
        "Aleppo", "Homs", "Raqqa", "Latakia", "Palmyra", "Hama", "Idlib", "Damascus",
    ];
    for k in 0..700 {
        let (a, b) = (towns[k % towns.len()], towns[(k * 3 + 1) % towns.len()]);
        feed.push_str(
            &serde_json::json!({"id": format!("n{k}"), "text": format!("Shelling hit {a} and then {b} on day {k}.")})
                .to_string(),
        );
        feed.push('\n');
    }
    let runs: Vec<Run> = ["1", "2", "3"]
        .iter()
        .map(|threads| {
            let run = map_in(
                files(&[("feed.jsonl", feed.as_bytes())]),
                &["feed.jsonl", "--threads", threads, "--quiet"],
                None,
            );
            run.expect_code(0);
            run
        })
        .collect();
    for file in OUTPUT_FILES {
        let first = std::fs::read(runs[0].out().join(file)).unwrap();
        for run in &runs[1..] {
            assert!(
                std::fs::read(run.out().join(file)).unwrap() == first,
                "{file} differs between runs"
            );
        }
    }
    let ids: Vec<String> = runs[0]
        .properties("articles")
        .iter()
        .map(|a| str_prop(a, "article_id").unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..700).map(|k| format!("n{k}")).collect();
    assert_eq!(ids, expected, "articles in input order");

    let a = seeds_run(&[]);
    let b = seeds_run(&[]);
    for file in OUTPUT_FILES {
        let (x, y) = (
            std::fs::read(a.out().join(file)).unwrap(),
            std::fs::read(b.out().join(file)).unwrap(),
        );
        assert!(x == y, "{file} differs between two runs on the samples");
    }
    for layer in LAYERS {
        assert!(a.out().join(format!("{layer}.geojson")).exists());
    }
}

#[test]
fn quiet_runs_print_nothing_and_others_print_a_summary() {
    let quiet = seeds_run(&["--quiet"]);
    assert_eq!(quiet.stderr(), "");
    let loud = seeds_run(&[]);
    let stderr = loud.stderr();
    assert!(
        stderr.starts_with("geocite: 2 articles, ")
            && stderr.contains(" distinct places")
            && stderr.contains(" s; layers in "),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "one summary line, no progress bar off a terminal"
    );
}

#[test]
fn max_citations_bounds_citations_but_not_counts() {
    let run = seeds_run(&["--max-citations", "2"]);
    let places = run.properties("places");
    let busiest = &places[0];
    assert!(busiest["mention_count"].as_u64().unwrap() > 2);
    assert_eq!(busiest["citations"].as_array().unwrap().len(), 2);
}
