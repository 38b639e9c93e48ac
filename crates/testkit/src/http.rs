//! A minimal blocking HTTP/1.1 client over a loopback socket, for readiness checks and
//! requests whose exact bytes matter (absolute-form targets, odd `Host` headers).

use std::{
    io::{Read as _, Write as _},
    net::TcpStream,
    time::Duration,
};

/// A response: status code, raw header block and body.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The header lines, as received.
    pub head: String,
    /// The body (the rest of the stream; chunked framing is left as is).
    pub body: String,
}

impl Answer {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Sends `request` (a whole request head, ending in a blank line, plus any body) to
/// `127.0.0.1:port` and reads the answer: up to its `Content-Length` when it has one (some
/// servers ignore `Connection: close`), otherwise until the server closes. `None` if it
/// cannot connect or the answer is not HTTP.
pub fn raw(port: u16, request: &str) -> Option<Answer> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let n = match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) if !bytes.is_empty() => break,
            Err(_) => return None,
        };
        bytes.extend_from_slice(buffer.get(..n)?);
        if let Some(expected) = complete_length(&bytes) {
            if bytes.len() >= expected {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Some(Answer {
        status,
        head: head.to_owned(),
        body: if chunked {
            dechunk(body)
        } else {
            body.to_owned()
        },
    })
}

/// The payload of a `Transfer-Encoding: chunked` body (as much as arrived).
fn dechunk(mut body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = size.split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        let Some(chunk) = rest.get(..size) else {
            out.push_str(rest);
            break;
        };
        out.push_str(chunk);
        body = rest
            .get(size..)
            .unwrap_or_default()
            .trim_start_matches("\r\n");
    }
    out
}

/// The total length of a response with a `Content-Length`, once its head has arrived.
fn complete_length(bytes: &[u8]) -> Option<usize> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(bytes.get(..end)?).ok()?;
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())
            .flatten()
    })?;
    Some(end + length)
}

/// `GET path` with optional extra header lines (each ending in `\r\n`).
pub fn get(port: u16, path: &str, extra_headers: &str) -> Option<Answer> {
    raw(
        port,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{extra_headers}\r\n"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::dechunk;

    #[test]
    fn reads_a_chunked_body() {
        assert_eq!(
            dechunk("5\r\nhello\r\n7;x=y\r\n, world\r\n0\r\n\r\n"),
            "hello, world"
        );
    }
}
