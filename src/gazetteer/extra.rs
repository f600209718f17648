//! User additions to the gazetteer: `--gazetteer-extra FILE.csv` and `--exclude FILE`.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::format::IndexRow;

/// Ids given to extra places that have none: far above any GeoNames id in use.
pub const SYNTHETIC_ID_BASE: u32 = 3_000_000_000;

/// Reads a CSV of places to add or override. Header names (any order, case-insensitive):
/// `id, name, alternate_names, lat, lon, country, feature_code, population`; only `name`,
/// `lat` and `lon` are required. Alternate names are separated by `|` or `;`. A row whose `id`
/// is a bundled geonameid replaces that place; a row without one gets a synthetic id.
pub fn read_extra_places(path: &Path) -> Result<Vec<IndexRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot read gazetteer extra {}", path.display()))?;
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header row", path.display()))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let id_col = col(&["id", "geonameid"]);
    let name_col = col(&["name"]);
    let alt_col = col(&["alternate_names", "alternatenames", "alternate names", "aliases"]);
    let lat_col = col(&["lat", "latitude"]);
    let lon_col = col(&["lon", "lng", "longitude"]);
    let cc_col = col(&["country", "country_code", "cc"]);
    let fcode_col = col(&["feature_code", "fcode"]);
    let pop_col = col(&["population", "pop"]);
    let (Some(name_col), Some(lat_col), Some(lon_col)) = (name_col, lat_col, lon_col) else {
        bail!(
            "{}: the header must name at least the columns name, lat and lon",
            path.display()
        );
    };

    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.with_context(|| format!("{}:{line}: malformed CSV row", path.display()))?;
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
        let name = get(Some(name_col));
        if name.is_empty() {
            bail!("{}:{line}: the name is empty", path.display());
        }
        let lat: f64 = get(Some(lat_col))
            .parse()
            .ok()
            .filter(|v: &f64| (-90.0..=90.0).contains(v))
            .with_context(|| format!("{}:{line}: lat must be a number in [-90, 90]", path.display()))?;
        let lon: f64 = get(Some(lon_col))
            .parse()
            .ok()
            .filter(|v: &f64| (-180.0..=180.0).contains(v))
            .with_context(|| format!("{}:{line}: lon must be a number in [-180, 180]", path.display()))?;
        let geonameid = match get(id_col) {
            "" => SYNTHETIC_ID_BASE + line as u32,
            id => id
                .parse()
                .with_context(|| format!("{}:{line}: id must be a whole number", path.display()))?,
        };
        let population = match get(pop_col) {
            "" => 0,
            p => p
                .parse()
                .with_context(|| format!("{}:{line}: population must be a whole number", path.display()))?,
        };
        let feature_code = match get(fcode_col) {
            "" => "PPL".to_string(),
            f => f.to_ascii_uppercase(),
        };
        rows.push(IndexRow {
            geonameid,
            name: name.to_string(),
            lat,
            lon,
            feature_code,
            country_code: get(cc_col).to_ascii_uppercase(),
            population,
            alternate_names: get(alt_col)
                .split(['|', ';'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            ..Default::default()
        });
    }
    Ok(rows)
}

/// Reads names never to treat as places: one per line, `#` starts a comment.
pub fn read_exclusions(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read exclusion list {}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_extra_places_with_any_column_order() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "name,lat,lon,id,alternate_names,country\nCamp X,36.1,40.2,,Kamp X|Camp Ex,sy\nTadmur,34.56,38.28,163808,,SY").unwrap();
        let rows = read_extra_places(f.path()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].alternate_names, vec!["Kamp X", "Camp Ex"]);
        assert_eq!(rows[0].country_code, "SY");
        assert_eq!(rows[0].geonameid, SYNTHETIC_ID_BASE + 2);
        assert_eq!(rows[1].geonameid, 163808);
    }

    #[test]
    fn bad_extra_rows_name_file_and_line() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "name,lat,lon\nGood,1,2\nBad,north,2").unwrap();
        let err = format!("{:#}", read_extra_places(f.path()).unwrap_err());
        assert!(err.contains(":3: lat must be a number"), "{err}");
    }
}
