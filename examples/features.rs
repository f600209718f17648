//! Dev tool: for JSONL articles on stdin, print every recognised span's candidates with their
//! resolver features (one JSON line per span), for fitting the resolver's weights.
use std::io::BufRead;

use rayon::prelude::*;

fn main() {
    let p = geocite::pipeline::Pipeline::new(geocite::pipeline::Options {
        demonyms: true,
        ..Default::default()
    })
    .unwrap();
    let lines: Vec<String> = std::io::stdin().lock().lines().map(|l| l.unwrap()).collect();
    let out: Vec<String> = lines
        .par_iter()
        .flat_map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            let text = v["text"].as_str().unwrap().to_string();
            let rec = geocite::recognize::Recognizer::new(p.gazetteer()).recognize(&text);
            let ranked = p.resolver().rank(&rec.spans);
            rec.spans
                .iter()
                .zip(ranked)
                .map(|(s, cands)| {
                    let cs: Vec<_> = cands
                        .iter()
                        .map(|c| {
                            let pl = p.gazetteer().place(c.place);
                            serde_json::json!({"gid": pl.geonameid, "lat": pl.lat, "lon": pl.lon, "fc": pl.feature_code, "f": format!("{:?}", c.features), "score": c.score})
                        })
                        .collect();
                    serde_json::json!({"id": id, "s": s.char_start, "e": s.char_end, "surface": s.surface, "kind": s.kind.as_str(), "cands": cs}).to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for o in out {
        println!("{o}");
    }
}
