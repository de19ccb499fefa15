//! A walk over an XML document with `quick-xml`, for the GPX and TCX readers: each element's
//! opening (with its attributes), text and closing, with the path of local names that leads to
//! it. Refused: text that is not UTF-8, a `DOCTYPE` (entity definitions: GPX and TCX have none,
//! and an entity bomb is refused before anything expands; quick-xml never expands entities
//! anyway), nesting deeper than [`MAX_DEPTH`], tags that do not match, and a document that ends
//! with elements still open (a truncated file).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The deepest nesting read (GPX and TCX need fewer than 10 levels).
pub(crate) const MAX_DEPTH: usize = 64;

/// What the walk found at one point of the document.
pub(crate) enum Node<'e, 'a> {
    /// An element opens (an empty element opens and closes at once).
    Open(&'e BytesStart<'a>),
    /// Text inside the innermost open element.
    Text(&'e str),
    /// The innermost open element closes.
    Close,
}

/// The value of the attribute with this local name, if the element has it.
pub(crate) fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

/// Whether `path` ends with `suffix`.
pub(crate) fn ends_with(path: &[String], suffix: &[&str]) -> bool {
    path.len() >= suffix.len()
        && path
            .iter()
            .rev()
            .zip(suffix.iter().rev())
            .all(|(a, b)| a == b)
}

/// Walks the document, calling `f` with the path of open elements (local names, outermost
/// first; an element's own name is last) and what was found. `root` is the name the outermost
/// element must have.
pub(crate) fn walk(
    bytes: &[u8],
    root: &str,
    mut f: impl FnMut(&[String], Node<'_, '_>) -> Result<(), String>,
) -> Result<(), String> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not XML in UTF-8 (a byte that is not UTF-8 at {})",
            e.valid_up_to()
        )
    })?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut seen_root = false;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML near byte {at}: {e}"))?;
        match event {
            Event::Start(_) | Event::Empty(_) if path.is_empty() && seen_root => {
                return Err(format!("a second root element near byte {at}"));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.is_empty() {
                    if name != root {
                        return Err(format!("not a {root} document (its root is <{name}>)"));
                    }
                    seen_root = true;
                }
                if path.len() >= MAX_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_DEPTH} levels"));
                }
                path.push(name);
                f(&path, Node::Open(e))?;
                if matches!(event, Event::Empty(_)) {
                    f(&path, Node::Close)?;
                    path.pop();
                }
            }
            Event::End(_) => {
                f(&path, Node::Close)?;
                path.pop();
            }
            Event::Text(t) if !path.is_empty() => f(&path, Node::Text(&t))?,
            Event::CData(t) if !path.is_empty() => f(&path, Node::Text(&t.into_inner()))?,
            Event::DocType(_) => {
                return Err("has a DOCTYPE (entity definitions): not accepted".to_owned())
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(format!(
            "the file is truncated: it ends inside <{}>",
            path.last().map_or("", String::as_str)
        ));
    }
    if !seen_root {
        return Err(format!("not a {root} document (no element in it)"));
    }
    Ok(())
}

/// A number in an element's text, refused (with `what` it is) when it is not one or lies outside
/// `lo..=hi`.
pub(crate) fn number(text: &str, what: &str, lo: f64, hi: f64) -> Result<f64, String> {
    let x: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{what} {text:?} is not a number"))?;
    if !x.is_finite() || x < lo || x > hi {
        return Err(format!("{what} {text} is out of range ({lo} to {hi})"));
    }
    Ok(x)
}
