//! A small element tree over quick-xml: the corpora are a few MB, and walking a tree keeps
//! each loader a plain description of its schema.

use std::path::Path;

use anyhow::{Context, Result, bail};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// An element with its attributes, its own text (text and CDATA, entities resolved, in
/// document order) and its child elements.
#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    /// 1-based line of the start tag, for messages.
    pub line: usize,
}

impl Element {
    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children called `name`.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child called `name`, trimmed; None when missing or empty.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Reads an XML file into its root element. Errors name the file and line.
pub fn read_file(path: &Path) -> Result<Element> {
    let source = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&source).with_context(|| format!("parsing {}", path.display()))
}

/// Parses XML text into its root element.
pub fn parse(source: &str) -> Result<Element> {
    let lines = LineIndex::new(source);
    let mut reader = Reader::from_str(source);
    // Offsets index the text exactly as written: no trimming.
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| anyhow::anyhow!("line {}: {e}", lines.line_of(reader.error_position() as usize)))?;
        match event {
            Event::Start(start) => {
                let element = open_element(&start, lines.line_of(at))?;
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = open_element(&start, lines.line_of(at))?;
                top(&mut stack).children.push(element);
            }
            Event::End(_) => {
                let done = stack.pop().expect("the root sentinel stays");
                if stack.is_empty() {
                    bail!("line {}: unbalanced end tag", lines.line_of(at));
                }
                top(&mut stack).children.push(done);
            }
            Event::Text(t) => top(&mut stack).text.push_str(&t.xml10_content()),
            Event::CData(t) => top(&mut stack).text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = resolve_reference(&r).with_context(|| format!("line {}", lines.line_of(at)))?;
                top(&mut stack).text.push_str(&resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        bail!(
            "unexpected end of file inside <{}>",
            stack.last().map(|e| e.name.as_str()).unwrap_or("")
        );
    }
    let sentinel = stack.pop().expect("checked above");
    sentinel
        .children
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no root element"))
}

fn top(stack: &mut [Element]) -> &mut Element {
    stack.last_mut().expect("the root sentinel stays")
}

fn open_element(start: &quick_xml::events::BytesStart, line: usize) -> Result<Element> {
    let name = start.name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| anyhow::anyhow!("line {line}: <{name}>: {e}"))?;
        let key = attribute.key.as_ref().to_string();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| anyhow::anyhow!("line {line}: <{name} {key}>: {e}"))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        line,
        ..Element::default()
    })
}

/// `&amp;` and friends, and character references such as `&#233;`.
fn resolve_reference(reference: &quick_xml::events::BytesRef) -> Result<String> {
    if let Some(c) = reference.resolve_char_ref()? {
        return Ok(c.to_string());
    }
    let name = reference.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("unknown entity &{name};"))
}

/// Byte offset → 1-based line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    fn line_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_exactly_and_resolves_entities() {
        let root = parse(
            "<?xml version=\"1.0\"?>\n<a>\n <b id=\"7\"> x &amp; &quot;y&quot; &#233;</b>\n <c><![CDATA[ <raw> ]]></c><d/>\n</a>",
        )
        .unwrap();
        assert_eq!(root.name, "a");
        let b = root.child("b").unwrap();
        assert_eq!(b.text, " x & \"y\" é");
        assert_eq!(b.attribute("id"), Some("7"));
        assert_eq!(b.line, 3);
        assert_eq!(root.child("c").unwrap().text, " <raw> ");
        assert!(root.child("d").is_some());
    }

    #[test]
    fn reports_the_line_of_a_broken_tag() {
        let err = parse("<a>\n<b>\n</c>\n</a>").unwrap_err();
        assert!(format!("{err:#}").contains("line"), "{err:#}");
    }
}
