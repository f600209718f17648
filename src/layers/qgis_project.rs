//! `geocite.qgs`: a QGIS project beside the layers that opens them all, styled: places sized by
//! mention count and labelled, mentions coloured by precision (and set up for the Temporal
//! Controller on `pub_date`), articles drawn as footprints (the convex hull of their places),
//! and countries and divisions shaded by mention count. Paths are relative, so the output
//! folder can be moved or shared whole.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::atomic::AtomicFile;
use super::geojson::{FeatureFormat, writing};

const TEMPLATE: &str = include_str!("assets/geocite.qgs");

/// EPSG:4326 as QGIS writes it: an `authid` alone is not read back as a valid CRS.
const WGS84: &str = r#"<spatialrefsys><wkt>GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]</wkt><proj4>+proj=longlat +datum=WGS84 +no_defs</proj4><srsid>3452</srsid><srid>4326</srid><authid>EPSG:4326</authid><description>WGS 84</description><projectionacronym>longlat</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym><geographicflag>true</geographicflag></spatialrefsys>"#;

/// The precisions of the mentions layer, with their colours (the map page uses the same).
pub const PRECISION_COLOURS: [(&str, &str); 5] = [
    ("place", "211,47,47"),
    ("admin2", "245,124,0"),
    ("admin1", "251,192,45"),
    ("country", "123,31,162"),
    ("continent", "69,90,100"),
];

/// Written at the end with the other files; it names the mentions file in the format chosen.
pub struct QgisProject {
    file: AtomicFile,
    mentions_format: FeatureFormat,
}

impl QgisProject {
    pub fn create(dir: &Path, mentions_format: FeatureFormat) -> Result<Self> {
        Ok(QgisProject {
            file: AtomicFile::create(&dir.join("geocite.qgs"))?,
            mentions_format,
        })
    }

    pub fn write(mut self) -> Result<AtomicFile> {
        let project = render(self.mentions_format);
        let path = self.file.path().to_path_buf();
        self.file
            .write_all(project.as_bytes())
            .with_context(|| writing(&path))?;
        Ok(self.file)
    }
}

fn render(mentions_format: FeatureFormat) -> String {
    TEMPLATE
        .replace(
            "{{MENTIONS_FILE}}",
            &format!("mentions.{}", mentions_format.extension()),
        )
        .replace("{{PRECISION_CATEGORIES}}", &precision_categories())
        .replace("{{PRECISION_SYMBOLS}}", &precision_symbols())
        .replace(
            "{{REGION_LAYERS}}",
            &[region_layer("admin1"), region_layer("countries")].concat(),
        )
        .replace("{{WGS84}}", WGS84)
}

fn precision_categories() -> String {
    PRECISION_COLOURS
        .iter()
        .enumerate()
        .map(|(k, (value, _))| {
            format!("          <category value=\"{value}\" symbol=\"{k}\" label=\"{value}\" render=\"true\"/>\n")
        })
        .collect()
}

fn precision_symbols() -> String {
    PRECISION_COLOURS
        .iter()
        .enumerate()
        .map(|(k, (_, rgb))| {
            format!(
                r#"          <symbol type="marker" name="{k}" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
              <Option type="Map">
                <Option name="name" value="circle" type="QString"/>
                <Option name="color" value="{rgb},230" type="QString"/>
                <Option name="outline_color" value="38,50,56,255" type="QString"/>
                <Option name="outline_width" value="0.2" type="QString"/>
                <Option name="size" value="2.2" type="QString"/>
              </Option>
            </layer>
          </symbol>
"#
            )
        })
        .collect()
}

/// A polygon layer shaded from light to dark blue by its share of the most mentioned region.
fn region_layer(name: &str) -> String {
    format!(
        r#"    <maplayer type="vector" geometry="Polygon" wkbType="MultiPolygon">
      <id>geocite_{name}</id>
      <datasource>./{name}.geojson</datasource>
      <layername>{name}</layername>
      <srs>{{{{WGS84}}}}</srs>
      <provider encoding="UTF-8">ogr</provider>
      <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
        <symbols>
          <symbol type="fill" name="0" alpha="0.7" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleFill" enabled="1" pass="0" locked="0">
              <Option type="Map">
                <Option name="color" value="30,136,229,255" type="QString"/>
                <Option name="outline_color" value="21,101,192,255" type="QString"/>
                <Option name="outline_width" value="0.26" type="QString"/>
                <Option name="style" value="solid" type="QString"/>
              </Option>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" value="" type="QString"/>
                  <Option name="properties" type="Map">
                    <Option name="fillColor" type="Map">
                      <Option name="active" value="true" type="bool"/>
                      <Option name="expression" value="ramp_color('Blues', scale_linear(&quot;mention_count&quot;, 0, maximum(&quot;mention_count&quot;), 0.15, 1))" type="QString"/>
                      <Option name="type" value="3" type="int"/>
                    </Option>
                  </Option>
                  <Option name="type" value="collection" type="QString"/>
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </symbols>
      </renderer-v2>
      <mapTip>&lt;b>[% "name" %]&lt;/b>: [% "mention_count" %] mentions in [% "article_count" %] articles</mapTip>
    </maplayer>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_names_the_mentions_file_in_its_format() {
        assert!(render(FeatureFormat::Sequence).contains("<datasource>./mentions.geojsons</datasource>"));
        let project = render(FeatureFormat::Collection);
        assert!(project.contains("<datasource>./mentions.geojson</datasource>"));
        assert!(!project.contains("{{"), "every placeholder filled");
        assert_eq!(project.matches("<maplayer ").count(), 5);
    }
}
