//! A streaming reader of WordPress exports (WXR 1.0-1.2).
//!
//! quick-xml reads the file event by event; only the record being read (one
//! `<item>`, `<wp:author>`, `<wp:category>`…) is held, so memory grows with
//! the largest post, not with the export. Names are matched by namespace,
//! whichever prefix the file binds them to, and by prefix when the file does
//! not declare them; CDATA and text are read alike.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Where a name's namespace points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    None,
    Wp,
    Excerpt,
    Content,
    Dc,
    Other,
}

fn ns_of_uri(uri: &[u8]) -> Ns {
    let u = String::from_utf8_lossy(uri);
    if u.starts_with("http://wordpress.org/export/")
        || u.starts_with("https://wordpress.org/export/")
    {
        if u.contains("/excerpt") {
            Ns::Excerpt
        } else {
            Ns::Wp
        }
    } else if u.starts_with("http://purl.org/rss/1.0/modules/content") {
        Ns::Content
    } else if u.starts_with("http://purl.org/dc/elements/1.1") {
        Ns::Dc
    } else {
        Ns::Other
    }
}

fn ns_of_prefix(p: &[u8]) -> Ns {
    match p {
        b"wp" => Ns::Wp,
        b"excerpt" => Ns::Excerpt,
        b"content" => Ns::Content,
        b"dc" => Ns::Dc,
        _ => Ns::Other,
    }
}

/// A leaf element of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub ns: Ns,
    pub name: String,
    pub text: String,
    /// `domain` and `nicename` of `<category>`.
    pub attrs: Vec<(String, String)>,
}

/// One record: an `<item>`, a `<wp:author>`, a `<wp:category>`, a
/// `<wp:tag>`, a `<wp:term>`, or a field of the channel itself (`kind`
/// "channel", one field).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub kind: String,
    pub line: u64,
    pub fields: Vec<Field>,
    /// Text that could not be decoded (not UTF-8), with its line.
    pub bad_text: Option<u64>,
}

impl Record {
    pub fn get(&self, ns: Ns, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.ns == ns && f.name == name)
            .map(|f| f.text.as_str())
    }
}

/// Counts the lines the XML reader has consumed.
pub struct Lines<R> {
    inner: R,
    pub newlines: u64,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.newlines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.inner.consume(amt)
    }
}

/// Why reading stopped early.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct XmlError {
    pub line: u64,
    pub reason: String,
}

pub struct WxrReader {
    xml: NsReader<Lines<BufReader<File>>>,
    buf: Vec<u8>,
    /// Local names of the open elements.
    stack: Vec<(Ns, String)>,
    seen_rss_end: bool,
}

const RECORDS: [&str; 5] = ["item", "author", "category", "tag", "term"];

impl WxrReader {
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        let lines = Lines {
            inner: BufReader::with_capacity(64 * 1024, file),
            newlines: 0,
        };
        let mut xml = NsReader::from_reader(lines);
        let cfg = xml.config_mut();
        cfg.check_end_names = true;
        cfg.trim_text(false);
        Ok(WxrReader {
            xml,
            buf: Vec::new(),
            stack: Vec::new(),
            seen_rss_end: false,
        })
    }

    fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    /// The next record, `Ok(None)` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<Record>, XmlError> {
        let mut record: Option<(usize, Record)> = None;
        let mut text = String::new();
        let mut field_attrs: Vec<(String, String)> = Vec::new();
        loop {
            self.buf.clear();
            let line = self.line();
            let read = match self.xml.read_resolved_event_into(&mut self.buf) {
                Ok((res, ev)) => {
                    let ns = match &ev {
                        Event::Start(s) => classify(&res, s.name().as_ref()),
                        _ => Ns::None,
                    };
                    Ok((ns, ev.into_owned()))
                }
                Err(e) => Err(e.to_string()),
            };
            let (start_ns, ev) = match read {
                Ok(x) => x,
                Err(e) => {
                    return Err(XmlError {
                        line: self.line(),
                        reason: format!("the XML is malformed: {e}"),
                    })
                }
            };
            match ev {
                Event::Start(s) => {
                    let local = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                    let ns = start_ns;
                    self.stack.push((ns, local.clone()));
                    let depth = self.stack.len();
                    text.clear();
                    field_attrs.clear();
                    if local == "category" && ns == Ns::None {
                        for a in s.attributes().flatten() {
                            let k =
                                String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                            let v = a
                                .unescape_value()
                                .map(|v| v.into_owned())
                                .unwrap_or_default();
                            field_attrs.push((k, v));
                        }
                    }
                    let in_channel = depth >= 2 && self.stack[depth - 2].1 == "channel";
                    if record.is_none() && in_channel {
                        let is_record =
                            RECORDS.contains(&local.as_str()) && (local == "item" || ns == Ns::Wp);
                        if is_record {
                            record = Some((
                                depth,
                                Record {
                                    kind: local,
                                    line,
                                    fields: Vec::new(),
                                    bad_text: None,
                                },
                            ));
                        }
                    }
                }
                Event::Empty(_) => {}
                Event::Text(t) => match t.xml_content() {
                    Ok(s) => text.push_str(&s),
                    Err(_) => mark_bad(&mut record, line),
                },
                Event::CData(c) => match c.decode() {
                    Ok(s) => text.push_str(&s),
                    Err(_) => mark_bad(&mut record, line),
                },
                Event::GeneralRef(r) => match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => {
                        let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
                        match name.as_str() {
                            "lt" => text.push('<'),
                            "gt" => text.push('>'),
                            "amp" => text.push('&'),
                            "apos" => text.push('\''),
                            "quot" => text.push('"'),
                            other => {
                                text.push('&');
                                text.push_str(other);
                                text.push(';');
                            }
                        }
                    }
                },
                Event::End(_) => {
                    let depth = self.stack.len();
                    let Some((ns, local)) = self.stack.pop() else {
                        continue;
                    };
                    if local == "rss" {
                        self.seen_rss_end = true;
                    }
                    match &mut record {
                        Some((d, _)) if *d == depth => {
                            return Ok(record.map(|(_, r)| r));
                        }
                        Some((d, r)) => {
                            // Comments of a post are not part of it.
                            let in_comment = self.stack[*d..].iter().any(|(_, n)| n == "comment");
                            if !in_comment && local != "comment" {
                                r.fields.push(Field {
                                    ns,
                                    name: local,
                                    text: std::mem::take(&mut text),
                                    attrs: std::mem::take(&mut field_attrs),
                                });
                            }
                            text.clear();
                        }
                        None => {
                            let in_channel = depth >= 2 && self.stack[depth - 2].1 == "channel";
                            if in_channel && local != "item" {
                                return Ok(Some(Record {
                                    kind: "channel".into(),
                                    line,
                                    fields: vec![Field {
                                        ns,
                                        name: local,
                                        text: std::mem::take(&mut text),
                                        attrs: Vec::new(),
                                    }],
                                    bad_text: None,
                                }));
                            }
                            text.clear();
                        }
                    }
                }
                Event::Eof => {
                    if let Some((_, r)) = record {
                        return Err(XmlError {
                            line: self.line(),
                            reason: format!(
                                "the file ends inside the <{}> that starts at line {} (truncated export?)",
                                r.kind, r.line
                            ),
                        });
                    }
                    if !self.seen_rss_end {
                        return Err(XmlError {
                            line: self.line(),
                            reason: "the file ends before </rss> (truncated export?)".into(),
                        });
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }
}

fn classify(res: &ResolveResult, qname: &[u8]) -> Ns {
    match res {
        ResolveResult::Bound(ns) => ns_of_uri(ns.0),
        ResolveResult::Unknown(p) => ns_of_prefix(p),
        ResolveResult::Unbound => {
            if qname.contains(&b':') {
                ns_of_prefix(qname.split(|&b| b == b':').next().unwrap_or_default())
            } else {
                Ns::None
            }
        }
    }
}

fn mark_bad(record: &mut Option<(usize, Record)>, line: u64) {
    if let Some((_, r)) = record {
        r.bad_text.get_or_insert(line);
    }
}
