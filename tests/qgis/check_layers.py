"""Opens geocite's layers and project in QGIS (PyQGIS, headless) and checks what a user would see.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 check_layers.py OUT_DIR MENTIONS_FILE FROM TO [PNG]

Asserts every layer is valid with the designed field types, that the Temporal Controller can
drive the mentions layer on pub_date, and that OUT_DIR/geocite.qgs opens every layer styled.
Prints one JSON object (feature counts, mentions in [FROM, TO]) for the calling Rust test
(tests/qgis.rs) to compare with the files. With PNG, renders the project's visible layers there.
Exits non-zero on any failure.
"""

import json
import os
import sys

from qgis.core import (
    QgsApplication,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime, QVariant
from qgis.PyQt.QtGui import QColor

INTEGER = (QVariant.Int, QVariant.LongLong)
FIELD_TYPES = {
    "mentions": {
        "pub_date": (QVariant.Date,),
        "char_start": INTEGER,
        "char_end": INTEGER,
        "geonameid": INTEGER,
        "confidence": (QVariant.Double,),
        "surface": (QVariant.String,),
    },
    "places": {
        "first_date": (QVariant.Date,),
        "last_date": (QVariant.Date,),
        "geonameid": INTEGER,
        "mention_count": INTEGER,
        "surfaces": (QVariant.StringList,),
        "articles": (QVariant.StringList,),
        # GDAL reads a list of objects as a JSON string.
        "citations": (QVariant.String, QVariant.Map),
    },
    "articles": {"pub_date": (QVariant.Date,), "place_count": INTEGER},
    "countries": {"country_code": (QVariant.String,), "mention_count": INTEGER, "article_count": INTEGER},
    "admin1": {"admin1_code": (QVariant.String,), "mention_count": INTEGER, "article_count": INTEGER},
}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_fields(name, layer):
    fields = layer.fields()
    for field, types in FIELD_TYPES[name].items():
        index = fields.indexFromName(field)
        check(index >= 0, f"{name}: no field {field}")
        actual = fields.at(index).type()
        check(actual in types, f"{name}.{field}: type {actual} ({fields.at(index).typeName()}), expected one of {types}")


def mentions_in_range(layer, first, last):
    """Drives the layer as the Temporal Controller does; the mentions it shows in [first, last]."""
    props = layer.temporalProperties()
    props.setIsActive(True)
    props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeInstantFromField)
    props.setStartField("pub_date")
    check(props.startField() == "pub_date", "the temporal properties did not take pub_date")
    check(props.isActive(), "temporal properties inactive")
    start = QDateTime(QDate.fromString(first, "yyyy-MM-dd"), QTime(0, 0))
    end = QDateTime(QDate.fromString(last, "yyyy-MM-dd").addDays(1), QTime(0, 0))
    time_range = QgsDateTimeRange(start, end, True, False)
    check(props.isVisibleInTemporalRange(time_range), "layer hidden in the range")
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    expression = props.createFilterString(context, time_range)
    check(bool(expression), "no temporal filter")
    request = QgsFeatureRequest().setFilterExpression(expression)
    return sum(1 for _ in layer.getFeatures(request))


def render(layers, png):
    """Draws the layers as the project shows them; the share of pixels that are not background."""
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setOutputSize(QSize(1200, 700))
    settings.setBackgroundColor(QColor("white"))
    settings.setDestinationCrs(layers[0].crs())
    extent = layers[0].extent()
    for layer in layers[1:]:
        if layer.name() != "countries":
            extent.combineExtentWith(layer.extent())
    extent.scale(1.2)
    settings.setExtent(extent)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(png)
    white = QColor("white").rgb()
    step = 10
    drawn = sum(
        1 for x in range(0, image.width(), step) for y in range(0, image.height(), step) if image.pixel(x, y) != white
    )
    return drawn / ((image.width() // step) * (image.height() // step))


def check_project(out_dir, mentions_file, png):
    project = QgsProject.instance()
    check(project.read(os.path.join(out_dir, "geocite.qgs")), "QgsProject.read failed")
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    check(sorted(layers) == sorted(FIELD_TYPES), f"project layers: {sorted(layers)}")
    for name, layer in layers.items():
        check(layer.isValid(), f"project layer {name} is not valid: {layer.source()}")
        check(layer.crs().isValid() and layer.crs().authid() == "EPSG:4326", f"{name}: CRS {layer.crs().authid()}")
        check(layer.id() == f"geocite_{name}", f"{name}: id {layer.id()}")
    check(project.crs().authid() == "EPSG:4326", f"project CRS {project.crs().authid()}")
    tree = project.layerTreeRoot()
    check(all(node.layer() is not None for node in tree.findLayers()), "the layer tree lost its layers")
    check([n.name() for n in tree.findLayers()] == ["places", "mentions", "articles", "admin1", "countries"], "layer order")
    visible = tree.checkedLayers()
    check(sorted(layer.name() for layer in visible) == ["articles", "countries", "mentions", "places"], "visible layers")
    check(layers["mentions"].source().endswith(mentions_file), layers["mentions"].source())
    places = layers["places"]
    check(places.renderer().type() == "singleSymbol", places.renderer().type())
    marker = places.renderer().symbol().symbolLayer(0)
    size = marker.dataDefinedProperties().property(marker.PropertySize)
    check(size.isActive() and "mention_count" in size.expressionString(), "places are not sized by mention_count")
    check(places.labelsEnabled() and places.labeling().settings().fieldName == "name", "places are not labelled")
    mentions = layers["mentions"]
    check(mentions.renderer().type() == "categorizedSymbol", mentions.renderer().type())
    check(mentions.renderer().classAttribute() == "precision", "mentions not coloured by precision")
    check(len(mentions.renderer().categories()) == 5, "five precisions")
    check(mentions.temporalProperties().isActive(), "mentions not temporal in the project")
    check(mentions.temporalProperties().startField() == "pub_date", "mentions' temporal field")
    article_symbol = layers["articles"].renderer().symbol().symbolLayer(0)
    check(article_symbol.layerType() == "GeometryGenerator", "articles are not drawn as footprints")
    check("convex_hull" in article_symbol.geometryExpression(), article_symbol.geometryExpression())
    relative = open(os.path.join(out_dir, "geocite.qgs"), encoding="utf-8").read()
    check(out_dir not in relative, "the project holds absolute paths")
    count = len(layers)
    drawn = render(visible, png) if png else None
    if drawn is not None:
        check(drawn > 0.01, f"the project renders almost nothing ({drawn:.3%} of pixels)")
    del layers, places, mentions, marker, article_symbol, visible, tree
    project.clear()
    return count


def main():
    out_dir, mentions_file, first, last = sys.argv[1:5]
    png = sys.argv[5] if len(sys.argv) > 5 else None
    out_dir = os.path.abspath(out_dir)
    app = QgsApplication([], False)
    app.initQgis()
    report = {"counts": {}}
    try:
        for name in FIELD_TYPES:
            file = mentions_file if name == "mentions" else f"{name}.geojson"
            layer = QgsVectorLayer(os.path.join(out_dir, file), name, "ogr")
            check(layer.isValid(), f"{file} is not a valid layer")
            check_fields(name, layer)
            report["counts"][name] = layer.featureCount()
            if name == "mentions":
                report["mentions_in_range"] = mentions_in_range(layer, first, last)
            del layer
        report["project_layers"] = check_project(out_dir, mentions_file, png)
    except AssertionError as err:
        print(f"QGIS check failed: {err}", file=sys.stderr)
        app.exitQgis()
        sys.exit(1)
    print(json.dumps(report, sort_keys=True))
    app.exitQgis()


if __name__ == "__main__":
    main()
