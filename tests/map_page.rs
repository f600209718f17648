//! `map.html` in a real browser: headless Chromium loads the page over `http://127.0.0.1`, with
//! Leaflet served from npm's `leaflet` package (`tests/web`, installed by `.ci/run`), and the
//! rendered DOM must hold one marker per place and a pop-up quoting a citation sentence. A
//! screenshot goes to `target/artifacts/map.png` for a person to look at.
//!
//! Chromium and the npm package are required: without them this test fails, saying how to
//! install them.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, int_prop, map, seed_dir, str_prop};

fn leaflet_dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web/node_modules/leaflet/dist");
    assert!(
        dist.join("leaflet.js").is_file(),
        "{} is missing: run `npm ci --prefix tests/web` (.ci/run does this)",
        dist.display()
    );
    dist
}

/// Serves `/out/…` from the output folder and `/leaflet/…` from Leaflet's `dist/`, one request
/// per connection, until the test ends.
fn serve(out: PathBuf, leaflet: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = respond(stream, &out, &leaflet);
        }
    });
    port
}

fn respond(mut stream: TcpStream, out: &Path, leaflet: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut request = String::new();
    BufReader::new(&stream).read_line(&mut request)?;
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = if let Some(rest) = path.strip_prefix("/out/") {
        Some(out.join(rest))
    } else {
        path.strip_prefix("/leaflet/").map(|rest| leaflet.join(rest))
    };
    let body = file
        .filter(|f| !f.to_string_lossy().contains(".."))
        .and_then(|f| std::fs::read(f).ok());
    let (status, body) = match body {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match Path::new(path).extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// Runs headless Chromium with `args` on `url`; its standard output.
fn chromium(profile: &Path, args: &[&str], url: &str) -> String {
    let stdout_path = profile.join("stdout.txt");
    let stderr_path = profile.join("stderr.txt");
    let child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-quic",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        // Files, not pipes: a page's DOM outgrows a pipe's buffer while nobody reads it.
        .stdout(Stdio::from(std::fs::File::create(&stdout_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&stderr_path).unwrap()))
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            panic!("chromium was not found: install it (Debian: `apt-get install chromium`; .ci/run does this)")
        }
        Err(err) => panic!("cannot run chromium: {err}"),
    };
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = child.wait().unwrap();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(status.success(), "chromium failed: {stderr}");
    std::fs::read_to_string(&stdout_path).unwrap()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn served_run() -> (Run, u16) {
    let seeds = seed_dir();
    let leaflet = leaflet_dist();
    // The port is known before geocite runs: the page is told where Leaflet is.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let leaflet_url = format!("http://127.0.0.1:{port}/leaflet");
    let run = map(&[seeds.to_str().unwrap(), "--leaflet-url", &leaflet_url]);
    run.expect_code(0);
    let bound = serve_on(port, run.out(), leaflet);
    (run, bound)
}

fn serve_on(port: u16, out: PathBuf, leaflet: PathBuf) -> u16 {
    match TcpListener::bind(("127.0.0.1", port)) {
        Ok(listener) => {
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let _ = respond(stream, &out, &leaflet);
                }
            });
            port
        }
        // Taken meanwhile by another test: any port serves the page, but Leaflet's URL is fixed.
        Err(_) => serve(out, leaflet),
    }
}

#[test]
fn chromium_renders_one_marker_per_place_and_a_citation_popup() {
    let (run, port) = served_run();
    let places = run.properties("places");
    assert!(places.len() >= 10);
    let url = format!("http://127.0.0.1:{port}/out/map.html#open=1");
    let profile = tempfile::tempdir().unwrap();

    let dom = chromium(profile.path(), &["--dump-dom", "--virtual-time-budget=5000"], &url);
    assert!(
        !dom.contains("\">Leaflet could not be loaded"),
        "Leaflet did not load:\n{dom}"
    );
    assert!(
        dom.contains(&format!("data-markers=\"{}\"", places.len())),
        "the page reports {} place markers:\n{}",
        places.len(),
        &dom[..dom.len().min(3000)]
    );
    assert_eq!(
        dom.matches("class=\"geocite-place").count(),
        places.len(),
        "one SVG circle per place in the DOM"
    );

    // The most mentioned place's pop-up is open and quotes its first citation, name marked.
    let first = &places[0];
    let citation = first["citations"][0].as_object().unwrap();
    let sentence = str_prop(citation, "sentence").unwrap();
    let (start, end) = (int_prop(citation, "char_start"), int_prop(citation, "char_end"));
    assert!(end > start);
    assert!(dom.contains("leaflet-popup-content"), "no pop-up open");
    assert!(dom.contains("geocite-sentence"), "no citation in the pop-up");
    let before_name = sentence.split(' ').take(3).collect::<Vec<_>>().join(" ");
    assert!(
        dom.contains(&html_escape(&before_name)),
        "the pop-up should quote {sentence:?}"
    );
    assert!(dom.contains("<mark>"), "the place's name is highlighted");

    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let png = artifacts.join("map.png");
    let _ = std::fs::remove_file(&png);
    chromium(
        profile.path(),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,800",
            "--virtual-time-budget=5000",
        ],
        &url,
    );
    let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "screenshot {} missing or blank ({size} bytes)",
        png.display()
    );
}

#[test]
fn the_date_filter_keeps_the_places_cited_in_the_range() {
    let (run, port) = served_run();
    let places = run.properties("places");
    let dated = places
        .iter()
        .filter(|p| str_prop(p, "first_date") == Some("2016-12-28"))
        .count();
    assert!(
        dated > 0 && dated < places.len(),
        "the seeds mix dated and undated articles"
    );
    let profile = tempfile::tempdir().unwrap();
    for (hash, expected) in [("from=2016-12-28&to=2016-12-28", dated), ("from=2017-01-01", 0)] {
        let url = format!("http://127.0.0.1:{port}/out/map.html#{hash}");
        let dom = chromium(profile.path(), &["--dump-dom", "--virtual-time-budget=5000"], &url);
        assert!(
            dom.contains(&format!("data-markers=\"{expected}\"")),
            "{hash}: {expected} markers expected"
        );
        assert_eq!(dom.matches("class=\"geocite-place").count(), expected, "{hash}");
    }
}

#[test]
fn untrusted_article_text_is_escaped_in_the_page() {
    let dir = common::files(&[(
        "evil.jsonl",
        br#"{"id":"x</script><script>alert(1)</script>","title":"<img src=x onerror=alert(2)>","text":"Shelling hit Aleppo </script><b>bold</b> and Homs on Monday."}
"#,
    )]);
    let run = common::map_in(dir, &["evil.jsonl"], None);
    run.expect_code(0);
    let page = std::fs::read_to_string(run.out().join("map.html")).unwrap();
    assert_eq!(
        page.matches("</script>").count(),
        3,
        "only the page's own script tags close"
    );
    assert!(!page.contains("<img src=x"));
    assert!(!page.contains("<b>bold"));
}
