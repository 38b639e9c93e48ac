//! A text panel (Grafana's `text` panel, Perses's `Markdown`): its content, and that
//! content read into a small document of headings, paragraphs, lists, code and rules, with
//! bold, italics, code and links inside them.
//!
//! Markdown is read for the subset such notes use. HTML is reduced to its text and links,
//! block by block: its scripts and styles are dropped and its images stand as their `alt`
//! text, so nothing in a dashboard runs code or fetches anything when it is opened. The
//! view builds elements from the document; no content is ever written as HTML.

use serde::{Deserialize, Serialize};

/// How the content is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TextMode {
    /// Markdown (Grafana's default).
    #[default]
    Markdown,
    /// HTML.
    Html,
    /// Code, shown as it is.
    Code,
}

impl TextMode {
    /// The mode for Grafana's `mode` option; Grafana reads anything else as markdown.
    pub fn from_grafana(mode: &str) -> Self {
        match mode {
            "html" => Self::Html,
            "code" => Self::Code,
            _ => Self::Markdown,
        }
    }

    /// Grafana's name for it.
    pub fn grafana(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Code => "code",
        }
    }
}

/// A text panel's content.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PanelText {
    /// How it is written.
    pub mode: TextMode,
    /// The text itself (may hold variables).
    pub content: String,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading, level 1–6.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A list, numbered or not, one entry per item.
    List {
        /// Whether it is numbered.
        ordered: bool,
        /// Its items.
        items: Vec<Vec<Inline>>,
    },
    /// Code, as written.
    Code(String),
    /// A horizontal rule.
    Rule,
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Bold.
    Strong(String),
    /// Italics.
    Emphasis(String),
    /// Code.
    Code(String),
    /// A link to an `http`, `https` or `mailto` address (others stay text).
    Link {
        /// What it reads.
        text: String,
        /// Where it goes.
        href: String,
    },
}

/// `text` (variables already substituted) read as a document.
pub fn document(mode: TextMode, text: &str) -> Vec<Block> {
    match mode {
        TextMode::Markdown => markdown(text),
        TextMode::Html => html(text),
        TextMode::Code if text.trim().is_empty() => Vec::new(),
        TextMode::Code => vec![Block::Code(text.trim_end().to_owned())],
    }
}

/// The lines of a markdown text grouped into blocks; HTML written in it loses its scripts
/// and styles, and keeps the text of its other elements.
fn markdown(text: &str) -> Vec<Block> {
    let text = &without_dropped(text);
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut lines = text.lines();
    let flush = |blocks: &mut Vec<Block>,
                 paragraph: &mut Vec<&str>,
                 list: &mut Option<(bool, Vec<String>)>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inlines(&paragraph.join(" "))));
            paragraph.clear();
        }
        if let Some((ordered, items)) = list.take() {
            let items = items.iter().map(|item| inlines(item)).collect();
            blocks.push(Block::List { ordered, items });
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(fence) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            flush(&mut blocks, &mut paragraph, &mut list);
            let code: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.trim_start().starts_with(fence))
                .collect();
            blocks.push(Block::Code(code.join("\n")));
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else if let Some((level, title)) = heading(trimmed) {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(Block::Heading(level, inlines(title)));
        } else if is_rule(trimmed) {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(Block::Rule);
        } else if let Some((ordered, item)) = list_item(trimmed) {
            if !paragraph.is_empty() || list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            list.get_or_insert_with(|| (ordered, Vec::new()))
                .1
                .push(item.to_owned());
        } else if let Some((_, items)) = list.as_mut().filter(|_| line.starts_with([' ', '\t'])) {
            // An indented line goes on with the item above it.
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if list.is_some() {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    blocks
}

/// `# Title` … `###### Title`.
fn heading(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (level as u8, rest.trim().trim_end_matches('#').trim_end()))
}

/// `---`, `***` or `___`, spaces allowed between.
fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_') && marks.iter().all(|&c| c == marks[0])
}

/// `- item`, `* item`, `+ item` (not numbered), `1. item`, `1) item` (numbered).
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return rest.starts_with(' ').then(|| (false, rest.trim()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let rest = rest
        .strip_prefix(['.', ')'])
        .filter(|_| (1..=9).contains(&digits))?;
    rest.starts_with(' ').then(|| (true, rest.trim()))
}

/// Bold, italics, code and links in one line of markdown; tags written inside it are
/// dropped, keeping their text.
fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let mut closers = Closers::default();
    while let Some(c) = rest.chars().next() {
        let found = match c {
            '`' => delimited(rest, "`", &mut closers)
                .map(|(inner, after)| (Inline::Code(inner.to_owned()), after)),
            '*' | '_' => {
                let double = if c == '*' { "**" } else { "__" };
                let single = if c == '*' { "*" } else { "_" };
                delimited(rest, double, &mut closers)
                    .map(|(inner, after)| (Inline::Strong(inner.to_owned()), after))
                    .or_else(|| {
                        delimited(rest, single, &mut closers)
                            .map(|(inner, after)| (Inline::Emphasis(inner.to_owned()), after))
                    })
            }
            '[' => link(rest, &mut closers),
            '<' => tag_end(rest, &mut closers).map(|after| (Inline::Text(String::new()), after)),
            _ => None,
        };
        match found {
            Some((inline, after)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                if !matches!(&inline, Inline::Text(t) if t.is_empty()) {
                    out.push(inline);
                }
                rest = after;
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// The marks known to occur no more in what is left of a text. Searches only move forward,
/// so a mark once missing stays missing: a text of a million unclosed `[` or `<` is read in
/// one pass rather than a million.
#[derive(Default)]
struct Closers {
    gone: Vec<&'static str>,
}

impl Closers {
    /// Where `mark` first occurs in `text`, a part of what is left.
    fn find(&mut self, text: &str, mark: &'static str) -> Option<usize> {
        if self.gone.contains(&mark) {
            return None;
        }
        let found = text.find(mark);
        if found.is_none() {
            self.gone.push(mark);
        }
        found
    }
}

/// `text` opening with `mark`, closed by the next `mark`: what is between, and what follows.
fn delimited<'a>(
    text: &'a str,
    mark: &'static str,
    closers: &mut Closers,
) -> Option<(&'a str, &'a str)> {
    let inner = text.strip_prefix(mark)?;
    let end = closers.find(inner, mark)?;
    let between = &inner[..end];
    (!between.trim().is_empty() && !between.starts_with(' '))
        .then(|| (between, &inner[end + mark.len()..]))
}

/// `[text](address)`: a link when the address is a web or mail address, else its text.
fn link<'a>(text: &'a str, closers: &mut Closers) -> Option<(Inline, &'a str)> {
    let close = closers.find(text, "](")?;
    let label = &text[1..close];
    let after = &text[close + 2..];
    let end = closers.find(after, ")")?;
    let href = after[..end].trim();
    let inline = match safe_href(href) {
        Some(href) => Inline::Link {
            text: label.to_owned(),
            href,
        },
        None => Inline::Text(label.to_owned()),
    };
    Some((inline, &after[end + 1..]))
}

/// The address when it is `http`, `https` or `mailto`: no `javascript:` or `data:`.
fn safe_href(href: &str) -> Option<String> {
    let lower = href.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| href.to_owned())
}

/// Past a tag (`<b>`, `</div>`, `<br/>`, `<!-- … -->`) at the start of `text`.
fn tag_end<'a>(text: &'a str, closers: &mut Closers) -> Option<&'a str> {
    if let Some(comment) = text.strip_prefix("<!--") {
        return Some(
            closers
                .find(comment, "-->")
                .map_or("", |end| &comment[end + 3..]),
        );
    }
    let next = text[1..].chars().next()?;
    if !(next.is_ascii_alphabetic() || next == '/' || next == '!') {
        return None;
    }
    closers.find(text, ">").map(|end| &text[end + 1..])
}

/// `text` without the elements whose content is dropped.
fn without_dropped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        match dropped_at(&rest[at..]) {
            Some(name) => {
                out.push_str(&rest[..at]);
                rest = after_element(&rest[at..], name);
            }
            None => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The dropped element whose start tag `text` opens with, if any.
fn dropped_at(text: &str) -> Option<&'static str> {
    DROPPED.into_iter().find(|name| {
        text.get(1..=name.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(name))
            && !text[name.len() + 1..].starts_with(|c: char| c.is_ascii_alphanumeric())
    })
}

/// What follows element `name`, `text` opening with its start tag: past its end tag, or
/// nothing when it is never closed.
fn after_element<'a>(text: &'a str, name: &str) -> &'a str {
    let close = format!("</{name}");
    find_ignoring_case(text, &close).map_or("", |at| {
        text[at..].find('>').map_or("", |end| &text[at + end + 1..])
    })
}

/// Elements whose content is dropped with them.
const DROPPED: [&str; 6] = ["script", "style", "head", "template", "svg", "iframe"];

/// Elements that end a block of text.
const BLOCKS: [&str; 22] = [
    "address",
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "form",
    "header",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "tr",
    "ul",
];

/// HTML read as text and links, a paragraph per block element and a heading per `h1`–`h6`.
fn html(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut runs: Vec<Inline> = Vec::new();
    let mut heading: Option<u8> = None;
    let mut link: Option<String> = None;
    let mut rest = text;
    let mut closers = Closers::default();
    let end_block = |blocks: &mut Vec<Block>, runs: &mut Vec<Inline>, heading: Option<u8>| {
        let runs = tidy(std::mem::take(runs));
        if !runs.is_empty() {
            blocks.push(match heading {
                Some(level) => Block::Heading(level, runs),
                None => Block::Paragraph(runs),
            });
        }
    };
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut runs, &decode(rest), link.as_deref());
            break;
        };
        push_text(&mut runs, &decode(&rest[..open]), link.as_deref());
        rest = &rest[open..];
        let Some(after) = tag_end(rest, &mut closers) else {
            push_text(&mut runs, "<", link.as_deref());
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..rest.len() - after.len() - 1];
        rest = after;
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && DROPPED.contains(&name.as_str()) {
            rest = after_element(rest, &name);
        } else if let Some(level) = name
            .strip_prefix('h')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=6).contains(n))
        {
            end_block(&mut blocks, &mut runs, heading);
            heading = (!closing).then_some(level);
        } else if name == "hr" {
            end_block(&mut blocks, &mut runs, heading);
            blocks.push(Block::Rule);
        } else if name == "a" {
            link = if closing {
                None
            } else {
                attribute(tag, "href").and_then(|h| safe_href(&decode(&h)))
            };
        } else if name == "img" {
            if let Some(alt) = attribute(tag, "alt") {
                push_text(&mut runs, &decode(&alt), link.as_deref());
            }
        } else if BLOCKS.contains(&name.as_str()) {
            end_block(&mut blocks, &mut runs, heading);
        }
    }
    end_block(&mut blocks, &mut runs, heading);
    blocks
}

/// Adds text to the runs, as a link's when inside one.
fn push_text(runs: &mut Vec<Inline>, text: &str, link: Option<&str>) {
    if text.is_empty() {
        return;
    }
    match (link, runs.last_mut()) {
        (Some(href), Some(Inline::Link { text: t, href: h })) if h == href => t.push_str(text),
        (Some(href), _) => runs.push(Inline::Link {
            text: text.to_owned(),
            href: href.to_owned(),
        }),
        (None, Some(Inline::Text(t))) => t.push_str(text),
        (None, _) => runs.push(Inline::Text(text.to_owned())),
    }
}

/// Runs with their white space collapsed as a browser would, and empty ones gone.
fn tidy(runs: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut space_before = true;
    for run in runs {
        let collapse = |text: &str, space_before: &mut bool| {
            let mut out = String::new();
            for c in text.chars() {
                if c.is_whitespace() && c != '\u{a0}' {
                    if !*space_before {
                        out.push(' ');
                    }
                    *space_before = true;
                } else {
                    out.push(c);
                    *space_before = false;
                }
            }
            out
        };
        let run = match run {
            Inline::Text(t) => Inline::Text(collapse(&t, &mut space_before)),
            Inline::Link { text, href } => Inline::Link {
                text: collapse(&text, &mut space_before),
                href,
            },
            other => other,
        };
        if !matches!(&run, Inline::Text(t) if t.is_empty()) {
            out.push(run);
        }
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        t.truncate(t.trim_end().len());
        if t.is_empty() {
            out.pop();
        }
    }
    if out
        .iter()
        .all(|r| matches!(r, Inline::Text(t) if t.trim().is_empty()))
    {
        out.clear();
    }
    out
}

/// Where `needle` (lower case) first occurs in `text`, ignoring case.
fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The value of attribute `name` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name).map(|i| i + from) {
        from = at + name.len();
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default().to_owned(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or_default()
                .to_owned(),
        });
    }
    None
}

/// Text with its character references (`&amp;`, `&nbsp;`, `&#39;`, `&#x2014;`) decoded.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // A reference is short: look for its `;` in the next few bytes only.
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn markdown_reads_headings_paragraphs_lists_code_and_rules() {
        let doc = document(
            TextMode::Markdown,
            "# Network\nSIP and **Diameter** at a\nglance.\n\n- one\n- `two`\n  more\n1. first\n\n---\n```\nrate(x[5m])\n```\n",
        );
        assert_eq!(
            doc,
            vec![
                Block::Heading(1, vec![text("Network")]),
                Block::Paragraph(vec![
                    text("SIP and "),
                    Inline::Strong("Diameter".into()),
                    text(" at a glance."),
                ]),
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![text("one")],
                        vec![Inline::Code("two".into()), text(" more")],
                    ],
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![text("first")]],
                },
                Block::Rule,
                Block::Code("rate(x[5m])".into()),
            ]
        );
    }

    #[test]
    fn markdown_links_only_to_web_and_mail_addresses() {
        let doc = document(
            TextMode::Markdown,
            "[runbook](https://example.com/r) [bad](javascript:alert(1)) *note* a * b",
        );
        assert_eq!(
            doc,
            vec![Block::Paragraph(vec![
                Inline::Link {
                    text: "runbook".into(),
                    href: "https://example.com/r".into()
                },
                text(" "),
                text("bad"),
                text(") "),
                Inline::Emphasis("note".into()),
                text(" a * b"),
            ])]
        );
    }

    #[test]
    fn html_keeps_text_and_links_and_drops_scripts_styles_and_images() {
        let doc = document(
            TextMode::Html,
            "<div style=\"display: flex\">\n  <img src=\"https://x/logo.png\" alt=\"Logo\"/>&nbsp;\n  <span>deploy/web</span>\n</div>\n\
             <h2>Inbound &amp; outbound</h2><script>fetch('https://x')</script><style>p{}</style>\
             <p>See <a href='https://linkerd.io' target=\"_blank\">the docs</a>.</p><a href=\"javascript:x()\">no</a>",
        );
        assert_eq!(
            doc,
            vec![
                Block::Paragraph(vec![text("Logo\u{a0} deploy/web")]),
                Block::Heading(2, vec![text("Inbound & outbound")]),
                Block::Paragraph(vec![
                    text("See "),
                    Inline::Link {
                        text: "the docs".into(),
                        href: "https://linkerd.io".into()
                    },
                    text("."),
                ]),
                Block::Paragraph(vec![text("no")]),
            ]
        );
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(
            decode("a &lt;b&gt; &#39;c&#x27; &bogus; & d"),
            "a <b> 'c' &bogus; & d"
        );
    }

    #[test]
    fn unclosed_marks_are_read_in_one_pass() {
        // Quadratic reading would take minutes here; one pass takes milliseconds.
        let hostile = "<a [x `y *z _w &amp".repeat(50_000);
        let read = document(TextMode::Markdown, &hostile);
        assert_eq!(read.len(), 1);
        let html = document(TextMode::Html, &format!("{hostile}<script>{hostile}"));
        assert_eq!(html.len(), 1);
    }

    #[test]
    fn code_is_kept_as_written() {
        assert_eq!(
            document(TextMode::Code, "  x = 1\n"),
            vec![Block::Code("  x = 1".into())]
        );
        assert!(document(TextMode::Markdown, "  \n").is_empty());
    }
}
