//! Alert labels and annotations expanded as Prometheus expands them: Go's `text/template`
//! over `$labels`, `$value`, `$externalLabels` and `$externalURL` (and `.Labels`,
//! `.Value`), with the functions real rule files use. A template is read once
//! ([`Template::parse`]); a function fedview does not have (`query`, which needs a query
//! while expanding, and the rest of Prometheus's list) is refused there with an error that
//! names it, so a rule that needs it is refused at import, not wrong on screen.
//!
//! What is there: text and `{{ }}` actions with `{{-`/`-}}` trimming; pipelines with `|`;
//! variables and field chains (`$labels.instance`, `.Labels.job`); string, raw string and
//! number literals; parentheses; `if`/`else if`/`else`/`end` and `with`/`else`/`end`; the
//! functions `printf`, `print`, `humanize`, `humanize1024`, `humanizeDuration`,
//! `humanizePercentage`, `title`, `toUpper`, `toLower`, `stripPort`, `html`, `eq`, `ne`,
//! `lt`, `le`, `gt`, `ge`, `and`, `or`, `not`, `len`, `index`, `reReplaceAll` and `match`
//! (Go's RE2 syntax, which `regex-lite` shares, ASCII classes as Go's), `safeHtml` and `stripDomain`. Not
//! there, and so refused: `query` and the functions on its results, `args`, and
//! Prometheus's links and time functions.

use std::collections::BTreeMap;

use super::go_format::{
    float_v, humanize, humanize_1024, humanize_duration, humanize_percentage, sprintf, Argument,
};

/// What a template is expanded with: one alert's labels and value.
#[derive(Debug, Clone, Default)]
pub struct AlertData {
    /// The sample's labels (`__name__` included, when the query kept it).
    pub labels: BTreeMap<String, String>,
    /// The sample's value.
    pub value: f64,
    /// The labels of the Prometheus the rule runs in (none in fedview).
    pub external_labels: BTreeMap<String, String>,
    /// Prometheus's external URL (fedview's own page address).
    pub external_url: String,
}

/// A template, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Action(Pipeline),
    If {
        branches: Vec<(Pipeline, Vec<Node>)>,
        otherwise: Vec<Node>,
    },
    With {
        value: Pipeline,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
}

/// Commands joined by `|`: each command's result is the last argument of the next.
#[derive(Debug, Clone, PartialEq)]
struct Pipeline(Vec<Command>);

#[derive(Debug, Clone, PartialEq)]
enum Command {
    /// A function and its arguments.
    Call(String, Vec<Operand>),
    /// A lone operand.
    Value(Operand),
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    /// `$name.field.field` (`$` alone is the data).
    Variable(String, Vec<String>),
    /// `.field.field` (`.` alone is the dot).
    Dot(Vec<String>),
    Text(String),
    Number(f64),
    Nested(Pipeline),
}

/// A value while expanding.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    Map(BTreeMap<String, String>),
    /// The template's data (`.` at the top).
    Data,
}

impl Value {
    fn truthy(&self) -> bool {
        match self {
            Value::Text(t) => !t.is_empty(),
            Value::Number(v) => *v != 0.0,
            Value::Bool(b) => *b,
            Value::Map(m) => !m.is_empty(),
            Value::Data => true,
        }
    }

    /// How Go's `fmt.Sprint` writes it.
    fn written(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(v) => float_v(*v),
            Value::Bool(b) => b.to_string(),
            Value::Map(m) => {
                let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("map[{}]", pairs.join(" "))
            }
            Value::Data => "{}".to_owned(),
        }
    }

    fn argument(&self) -> Argument {
        match self {
            Value::Number(v) => Argument::Number(*v),
            other => Argument::Text(other.written()),
        }
    }

    /// The value as a number, as Prometheus's `ConvertToFloat` reads it.
    fn number(&self) -> Result<f64, String> {
        match self {
            Value::Number(v) => Ok(*v),
            Value::Text(t) => t
                .trim()
                .parse()
                .map_err(|_| format!("strconv.ParseFloat: parsing {t:?}: invalid syntax")),
            other => Err(format!("can't convert {} to float", other.written())),
        }
    }
}

/// The functions fedview expands. Prometheus has more; a template naming one of those is
/// refused when read.
const FUNCTIONS: [&str; 26] = [
    "printf",
    "print",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "title",
    "toUpper",
    "toLower",
    "stripPort",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "and",
    "or",
    "not",
    "len",
    "index",
    "html",
    "reReplaceAll",
    "match",
    "safeHtml",
    "stripDomain",
];

/// The words that say a template needs a Prometheus function fedview does not have (the
/// rule is kept; the template shows the error).
pub const UNSUPPORTED: &str = "is not supported by fedview";

/// Prometheus's functions that fedview does not expand.
const PROMETHEUS_ONLY: [&str; 18] = [
    "query",
    "first",
    "label",
    "value",
    "strvalue",
    "args",
    "graphLink",
    "tableLink",
    "sortByLabel",
    "humanizeTimestamp",
    "toTime",
    "toDuration",
    "now",
    "pathPrefix",
    "externalURL",
    "parseDuration",
    "urlQueryEscape",
    "range",
];

impl Template {
    /// Reads `text`, or says why it cannot be expanded: a syntax error, or a function
    /// fedview does not have, named.
    pub fn parse(text: &str) -> Result<Template, String> {
        let pieces = split(text)?;
        let mut at = 0;
        let (nodes, end) = parse_nodes(&pieces, &mut at)?;
        if let Some(end) = end {
            return Err(format!("unexpected {{{{{end}}}}}"));
        }
        Ok(Template { nodes })
    }

    /// The text for `data`, or the error Prometheus would write into it.
    pub fn expand(&self, data: &AlertData) -> Result<String, String> {
        let mut out = String::new();
        let scope = Scope {
            data,
            dot: Value::Data,
        };
        run(&self.nodes, &scope, &mut out)?;
        Ok(out)
    }
}

/// `text` expanded for `data` as Prometheus writes it into an alert: the text, or
/// `<error expanding template: …>`.
pub fn expand(text: &str, data: &AlertData) -> String {
    match Template::parse(text).and_then(|t| t.expand(data)) {
        Ok(text) => text,
        Err(why) => format!("<error expanding template: {why}>"),
    }
}

/// A piece of template text: text, or an action's inside.
#[derive(Debug)]
enum Piece {
    Text(String),
    Action(String),
}

/// `text` cut into text and actions, with `{{-` and `-}}` trimming the space beside them.
fn split(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut trim_next = false;
    while let Some(open) = rest.find("{{") {
        let mut before = rest[..open].to_owned();
        if trim_next {
            before = before.trim_start().to_owned();
        }
        let inner_start = open + 2;
        let close = rest[inner_start..]
            .find("}}")
            .ok_or_else(|| "unclosed action".to_owned())?
            + inner_start;
        let mut inner = &rest[inner_start..close];
        if let Some(trimmed) = inner.strip_prefix("- ") {
            before = before.trim_end().to_owned();
            inner = trimmed;
        }
        trim_next = false;
        if let Some(trimmed) = inner.strip_suffix(" -") {
            trim_next = true;
            inner = trimmed;
        }
        if !before.is_empty() {
            pieces.push(Piece::Text(before));
        }
        // Comments are dropped.
        let trimmed = inner.trim();
        if !(trimmed.starts_with("/*") && trimmed.ends_with("*/")) {
            pieces.push(Piece::Action(trimmed.to_owned()));
        }
        rest = &rest[close + 2..];
    }
    let last = if trim_next { rest.trim_start() } else { rest };
    if !last.is_empty() {
        pieces.push(Piece::Text(last.to_owned()));
    }
    Ok(pieces)
}

/// Nodes up to an `else` or `end` (returned, with what follows `else`), or the end.
fn parse_nodes(pieces: &[Piece], at: &mut usize) -> Result<(Vec<Node>, Option<String>), String> {
    let mut nodes = Vec::new();
    while *at < pieces.len() {
        let piece = &pieces[*at];
        *at += 1;
        match piece {
            Piece::Text(text) => nodes.push(Node::Text(text.clone())),
            Piece::Action(action) => {
                let word = action.split_whitespace().next().unwrap_or_default();
                match word {
                    "end" | "else" => return Ok((nodes, Some(action.clone()))),
                    "if" => nodes.push(parse_if(action["if".len()..].trim(), pieces, at)?),
                    "with" => {
                        let value = parse_pipeline(action["with".len()..].trim())?;
                        let (then, end) = parse_nodes(pieces, at)?;
                        let otherwise = match end.as_deref() {
                            Some("end") => Vec::new(),
                            Some("else") => {
                                let (otherwise, end) = parse_nodes(pieces, at)?;
                                expect_end(end)?;
                                otherwise
                            }
                            _ => return Err("with without end".to_owned()),
                        };
                        nodes.push(Node::With {
                            value,
                            then,
                            otherwise,
                        });
                    }
                    "range" | "template" | "define" | "block" | "break" | "continue" => {
                        return Err(format!("{{{{{word}}}}} {UNSUPPORTED}"));
                    }
                    _ => nodes.push(Node::Action(parse_pipeline(action)?)),
                }
            }
        }
    }
    Ok((nodes, None))
}

fn expect_end(end: Option<String>) -> Result<(), String> {
    match end.as_deref() {
        Some("end") => Ok(()),
        _ => Err("missing {{end}}".to_owned()),
    }
}

/// An `if` whose condition is `condition`, with its `else if`s and `else`.
fn parse_if(condition: &str, pieces: &[Piece], at: &mut usize) -> Result<Node, String> {
    let mut branches = Vec::new();
    let mut condition = parse_pipeline(condition)?;
    loop {
        let (then, end) = parse_nodes(pieces, at)?;
        branches.push((condition, then));
        match end.as_deref() {
            Some("end") => {
                return Ok(Node::If {
                    branches,
                    otherwise: Vec::new(),
                })
            }
            Some(other) if other.starts_with("else if ") => {
                condition = parse_pipeline(other["else if ".len()..].trim())?;
            }
            Some("else") => {
                let (otherwise, end) = parse_nodes(pieces, at)?;
                expect_end(end)?;
                return Ok(Node::If {
                    branches,
                    otherwise,
                });
            }
            _ => return Err("if without end".to_owned()),
        }
    }
}

/// Tokens of an action.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Number(f64),
    Pipe,
    Open,
    Close,
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '|' => {
                out.push(Token::Pipe);
                i += 1;
            }
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    let c = *chars.get(i).ok_or("unterminated quoted string")?;
                    i += 1;
                    match c {
                        '"' => break,
                        '\\' => {
                            let e = *chars.get(i).ok_or("unterminated quoted string")?;
                            i += 1;
                            text.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                other => other,
                            });
                        }
                        other => text.push(other),
                    }
                }
                out.push(Token::Text(text));
            }
            '`' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '`')
                    .ok_or("unterminated raw quoted string")?;
                out.push(Token::Text(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let number = word
                    .parse()
                    .map_err(|_| format!("bad number syntax: {word:?}"))?;
                out.push(Token::Number(number));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '|' | '(' | ')' | '"' | '`')
                {
                    i += 1;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
            }
        }
    }
    Ok(out)
}

fn parse_pipeline(text: &str) -> Result<Pipeline, String> {
    let tokens = tokens(text)?;
    let mut at = 0;
    let pipeline = pipeline(&tokens, &mut at)?;
    if at != tokens.len() {
        return Err(format!("unexpected {:?} in command", tokens[at]));
    }
    Ok(pipeline)
}

fn pipeline(tokens: &[Token], at: &mut usize) -> Result<Pipeline, String> {
    let mut commands = vec![command(tokens, at)?];
    while tokens.get(*at) == Some(&Token::Pipe) {
        *at += 1;
        commands.push(command(tokens, at)?);
    }
    Ok(Pipeline(commands))
}

fn command(tokens: &[Token], at: &mut usize) -> Result<Command, String> {
    let mut operands = Vec::new();
    let mut function = None;
    while let Some(token) = tokens.get(*at) {
        match token {
            Token::Pipe | Token::Close => break,
            Token::Word(word)
                if function.is_none() && operands.is_empty() && is_identifier(word) =>
            {
                known_function(word)?;
                function = Some(word.clone());
                *at += 1;
            }
            _ => operands.push(operand(tokens, at)?),
        }
    }
    match function {
        Some(name) => Ok(Command::Call(name, operands)),
        None if operands.len() == 1 => Ok(Command::Value(operands.remove(0))),
        None if operands.is_empty() => Err("missing value for command".to_owned()),
        None => Err("can't give argument to non-function".to_owned()),
    }
}

/// `Ok` for a function fedview expands; else why not: a Prometheus function fedview does
/// not have, or no function at all.
fn known_function(word: &str) -> Result<(), String> {
    if PROMETHEUS_ONLY.contains(&word) {
        return Err(format!("the template function {word:?} {UNSUPPORTED}"));
    }
    if !FUNCTIONS.contains(&word) {
        return Err(format!("function {word:?} not defined"));
    }
    Ok(())
}

fn is_identifier(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn operand(tokens: &[Token], at: &mut usize) -> Result<Operand, String> {
    let token = tokens.get(*at).ok_or("missing operand")?.clone();
    *at += 1;
    Ok(match token {
        Token::Text(text) => Operand::Text(text),
        Token::Number(v) => Operand::Number(v),
        Token::Open => {
            let inner = pipeline(tokens, at)?;
            if tokens.get(*at) != Some(&Token::Close) {
                return Err("unclosed left paren".to_owned());
            }
            *at += 1;
            Operand::Nested(inner)
        }
        Token::Word(word) if word.starts_with('$') => {
            let mut parts = word[1..].split('.');
            let name = parts.next().unwrap_or_default().to_owned();
            Operand::Variable(name, parts.map(str::to_owned).collect())
        }
        Token::Word(word) if word.starts_with('.') => Operand::Dot(
            word.split('.')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        Token::Word(word) if word == "true" || word == "false" => {
            Operand::Text(if word == "true" { "1" } else { "" }.to_owned())
        }
        Token::Word(word) if is_identifier(&word) => {
            known_function(&word)?;
            Operand::Nested(Pipeline(vec![Command::Call(word, Vec::new())]))
        }
        other => return Err(format!("unexpected {other:?} in operand")),
    })
}

/// What the template can see while expanding: its data, and the dot (`with` moves it).
struct Scope<'a> {
    data: &'a AlertData,
    dot: Value,
}

fn run(nodes: &[Node], scope: &Scope<'_>, out: &mut String) -> Result<(), String> {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Action(pipeline) => out.push_str(&evaluate(pipeline, scope)?.written()),
            Node::If {
                branches,
                otherwise,
            } => {
                let mut taken = false;
                for (condition, then) in branches {
                    if evaluate(condition, scope)?.truthy() {
                        run(then, scope, out)?;
                        taken = true;
                        break;
                    }
                }
                if !taken {
                    run(otherwise, scope, out)?;
                }
            }
            Node::With {
                value,
                then,
                otherwise,
            } => {
                let value = evaluate(value, scope)?;
                if value.truthy() {
                    let inner = Scope {
                        data: scope.data,
                        dot: value,
                    };
                    run(then, &inner, out)?;
                } else {
                    run(otherwise, scope, out)?;
                }
            }
        }
    }
    Ok(())
}

fn evaluate(pipeline: &Pipeline, scope: &Scope<'_>) -> Result<Value, String> {
    let mut last: Option<Value> = None;
    for command in &pipeline.0 {
        last = Some(match command {
            Command::Value(operand) => {
                if last.is_some() {
                    return Err("can't give argument to non-function".to_owned());
                }
                value_of(operand, scope)?
            }
            Command::Call(name, operands) => {
                let mut arguments = operands
                    .iter()
                    .map(|o| value_of(o, scope))
                    .collect::<Result<Vec<_>, _>>()?;
                if let Some(piped) = last.take() {
                    arguments.push(piped);
                }
                call(name, &arguments)?
            }
        });
    }
    last.ok_or_else(|| "empty pipeline".to_owned())
}

fn value_of(operand: &Operand, scope: &Scope<'_>) -> Result<Value, String> {
    let data = scope.data;
    match operand {
        Operand::Text(text) => Ok(Value::Text(text.clone())),
        Operand::Number(v) => Ok(Value::Number(*v)),
        Operand::Nested(pipeline) => evaluate(pipeline, scope),
        Operand::Variable(name, fields) => {
            let base = match name.as_str() {
                "" => Value::Data,
                "labels" => Value::Map(data.labels.clone()),
                "value" => Value::Number(data.value),
                "externalLabels" => Value::Map(data.external_labels.clone()),
                "externalURL" => Value::Text(data.external_url.clone()),
                other => return Err(format!("undefined variable \"${other}\"")),
            };
            fields_of(base, fields, data)
        }
        Operand::Dot(fields) => fields_of(scope.dot.clone(), fields, data),
    }
}

/// `value.field.field…`: a map's key (missing keys read as empty, as Prometheus sets
/// `missingkey=zero`), or the data's `Labels`, `Value`, `ExternalLabels`, `ExternalURL`.
fn fields_of(mut value: Value, fields: &[String], data: &AlertData) -> Result<Value, String> {
    for field in fields {
        value = match value {
            Value::Map(map) => Value::Text(map.get(field).cloned().unwrap_or_default()),
            Value::Data => match field.as_str() {
                "Labels" => Value::Map(data.labels.clone()),
                "Value" => Value::Number(data.value),
                "ExternalLabels" => Value::Map(data.external_labels.clone()),
                "ExternalURL" => Value::Text(data.external_url.clone()),
                other => return Err(format!("can't evaluate field {other}")),
            },
            other => {
                return Err(format!(
                    "can't evaluate field {field} in type {}",
                    match other {
                        Value::Number(_) => "float64",
                        Value::Bool(_) => "bool",
                        _ => "string",
                    }
                ))
            }
        };
    }
    Ok(value)
}

/// `pattern` compiled as Go's `regexp.MustCompile` compiles it, or Go's error.
fn go_regexp(pattern: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::Regex::new(pattern).map_err(|e| {
        format!(
            "regexp: Compile({pattern:?}): {}",
            e.to_string().lines().last().unwrap_or_default().trim()
        )
    })
}

/// `host:port` without its domain (`node1.example.com:9100` → `node1:9100`), as
/// Prometheus's `stripDomain` does; an IP address is left as it is.
fn strip_domain(host_port: &str) -> String {
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) if host.starts_with('[') && host.ends_with(']') => {
            (&host[1..host.len() - 1], Some(port))
        }
        Some((host, port)) if !host.contains(':') => (host, Some(port)),
        _ => (host_port, None),
    };
    if host.parse::<std::net::IpAddr>().is_ok() {
        return host_port.to_owned();
    }
    let short = host.split('.').next().unwrap_or_default();
    match port {
        Some(port) if !port.is_empty() => format!("{short}:{port}"),
        _ => short.to_owned(),
    }
}

fn call(name: &str, arguments: &[Value]) -> Result<Value, String> {
    let one = || -> Result<&Value, String> {
        match arguments {
            [only] => Ok(only),
            _ => Err(format!(
                "wrong number of args for {name}: want 1 got {}",
                arguments.len()
            )),
        }
    };
    let text = |v: &Value| v.written();
    Ok(match name {
        "printf" => {
            let (format, rest) = arguments
                .split_first()
                .ok_or("wrong number of args for printf: want at least 1 got 0")?;
            let rest: Vec<Argument> = rest.iter().map(Value::argument).collect();
            Value::Text(sprintf(&text(format), &rest))
        }
        "print" => Value::Text(arguments.iter().map(text).collect::<Vec<_>>().join("")),
        "humanize" => Value::Text(humanize(one()?.number()?)),
        "humanize1024" => Value::Text(humanize_1024(one()?.number()?)),
        "humanizeDuration" => Value::Text(humanize_duration(one()?.number()?)),
        "humanizePercentage" => Value::Text(humanize_percentage(one()?.number()?)),
        "toUpper" => Value::Text(text(one()?).to_uppercase()),
        "toLower" => Value::Text(text(one()?).to_lowercase()),
        "title" => Value::Text(title(&text(one()?))),
        "html" => Value::Text(
            text(one()?)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&#34;")
                .replace('\'', "&#39;"),
        ),
        "reReplaceAll" => {
            let [pattern, replacement, subject] = arguments else {
                return Err(format!(
                    "wrong number of args for reReplaceAll: want 3 got {}",
                    arguments.len()
                ));
            };
            Value::Text(
                go_regexp(&text(pattern))?
                    .replace_all(&text(subject), text(replacement).as_str())
                    .into_owned(),
            )
        }
        "match" => {
            let [pattern, subject] = arguments else {
                return Err(format!(
                    "wrong number of args for match: want 2 got {}",
                    arguments.len()
                ));
            };
            Value::Bool(go_regexp(&text(pattern))?.is_match(&text(subject)))
        }
        "safeHtml" => Value::Text(text(one()?)),
        "stripDomain" => Value::Text(strip_domain(&text(one()?))),
        "stripPort" => {
            let host = text(one()?);
            Value::Text(match host.rsplit_once(':') {
                Some((h, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => {
                    h.trim_start_matches('[').trim_end_matches(']').to_owned()
                }
                _ => host,
            })
        }
        "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
            let [a, b] = arguments else {
                return Err(format!("wrong number of args for {name}: want 2"));
            };
            let order = match (a, b) {
                (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
                _ => Some(text(a).cmp(&text(b))),
            };
            use std::cmp::Ordering::*;
            Value::Bool(matches!(
                (name, order),
                ("eq", Some(Equal))
                    | ("ne", Some(Less | Greater) | None)
                    | ("lt", Some(Less))
                    | ("le", Some(Less | Equal))
                    | ("gt", Some(Greater))
                    | ("ge", Some(Greater | Equal))
            ))
        }
        "and" => arguments
            .iter()
            .find(|v| !v.truthy())
            .or(arguments.last())
            .cloned()
            .ok_or("wrong number of args for and")?,
        "or" => arguments
            .iter()
            .find(|v| v.truthy())
            .or(arguments.last())
            .cloned()
            .ok_or("wrong number of args for or")?,
        "not" => Value::Bool(!one()?.truthy()),
        "len" => Value::Number(match one()? {
            Value::Map(m) => m.len() as f64,
            other => text(other).len() as f64,
        }),
        "index" => match arguments {
            [Value::Map(map), key] => Value::Text(map.get(&text(key)).cloned().unwrap_or_default()),
            _ => return Err("index of untyped nil".to_owned()),
        },
        other => return Err(format!("function {other:?} not defined")),
    })
}

/// Go's `cases.Title` for English, without lowering: each word's first letter upper case.
fn title(text: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in text.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_alphanumeric() && c != '\'';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> AlertData {
        AlertData {
            labels: [
                ("instance".to_owned(), "host:9100".to_owned()),
                ("device".to_owned(), "sda".to_owned()),
            ]
            .into(),
            value: 12.3456,
            ..AlertData::default()
        }
    }

    #[test]
    fn the_mixins_templates_expand_as_prometheus() {
        let expanded = |t: &str| expand(t, &data());
        assert_eq!(
            expanded("Disk {{ $labels.device }} at {{$labels.instance}} has {{ printf \"%.2f\" $value }}% left"),
            "Disk sda at host:9100 has 12.35% left"
        );
        assert_eq!(expanded("{{ $value | humanize }}"), "12.35");
        assert_eq!(expanded("{{ $value }}"), "12.3456");
        assert_eq!(
            expanded("{{ .Labels.device }}/{{ $labels.missing }}/"),
            "sda//"
        );
        assert_eq!(
            expanded("{{ with $labels.device -}} on {{ . }} {{- end }}!"),
            "on sda!"
        );
        assert_eq!(
            expanded("{{ if gt $value 10.0 }}high{{ else }}low{{ end }}"),
            "high"
        );
        assert_eq!(
            expanded("{{ $labels.instance | stripPort | toUpper }}"),
            "HOST"
        );
    }

    #[test]
    fn regular_expressions_are_gos() {
        let expanded = |t: &str| expand(t, &data());
        assert_eq!(
            expanded(r#"{{ reReplaceAll "^(.*):(\\d+)$" "${1}/$2" $labels.instance }}"#),
            "host/9100"
        );
        assert_eq!(
            expanded(r#"{{ if match "^sd" $labels.device }}disk{{ end }}"#),
            "disk"
        );
        assert_eq!(
            expanded(
                r#"{{ "node1.example.com:9100" | stripDomain }} {{ "10.0.0.1:9100" | stripDomain }}"#
            ),
            "node1:9100 10.0.0.1:9100"
        );
        let broken = Template::parse(r#"{{ match "(" "x" }}"#)
            .expect("read")
            .expand(&data())
            .expect_err("a broken pattern");
        assert!(broken.contains("regexp: Compile"), "{broken}");
    }

    #[test]
    fn a_function_fedview_lacks_is_refused_by_name() {
        let error = Template::parse("{{ query \"up\" | first | value }}").expect_err("query");
        assert!(error.contains("\"query\""), "{error}");
        let error = Template::parse("{{ nosuch 1 }}").expect_err("unknown");
        assert!(error.contains("nosuch"), "{error}");
        assert!(Template::parse("{{ if $value }}unclosed").is_err());
    }
}
