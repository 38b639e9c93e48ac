//! Stand-ins for an upstream in the few places a real Prometheus cannot show what a test
//! must see: a socket that records the request the relay sent and answers with canned bytes
//! (cookies, redirects), one that accepts connections but never answers (timeouts), and one
//! that offers federation without the query API (a real Prometheus always has it).

use std::{
    io::{Read as _, Write as _},
    net::{TcpListener, TcpStream},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    thread::JoinHandle,
    time::Duration,
};

/// A loopback listener served by one thread, which calls `handle` for every connection
/// until dropped.
#[derive(Debug)]
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(mut handle: impl FnMut(TcpStream) + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().map(|a| a.port()).expect("its port");
        listener.set_nonblocking(true).expect("non-blocking accept");
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let _ = stream.set_nonblocking(false);
                            handle(stream);
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Self {
            port,
            stop,
            thread: Some(thread),
        }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A one-thread HTTP server on 127.0.0.1 that answers every request with `response` and
/// keeps the request heads it received.
#[derive(Debug)]
pub struct RecordingUpstream {
    /// Its port.
    pub port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    server: Server,
}

impl RecordingUpstream {
    /// Starts it; `response` is the whole raw answer (status line, headers, body).
    pub fn start(response: &str) -> Self {
        let response = response.to_owned();
        Self::start_with(move |_| response.clone())
    }

    /// Starts it; `answer` gives the whole raw answer for a request head.
    pub fn start_with(answer: impl Fn(&str) -> String + Send + 'static) -> Self {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let server = {
            let requests = Arc::clone(&requests);
            Server::start(move |mut stream| {
                // Recorded before answering, so a test that has its answer sees the request.
                let head = read_head(&mut stream);
                let response = answer(&head);
                if let Ok(mut all) = requests.lock() {
                    all.push(head);
                }
                let _ = stream.write_all(response.as_bytes());
                let _ = stream.flush();
            })
        };
        Self {
            port: server.port,
            requests,
            server,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        self.server.origin()
    }

    /// The request heads received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

/// Reads a request head from `stream`.
fn read_head(stream: &mut TcpStream) -> String {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A port that accepts connections and never answers, holding them until dropped.
#[derive(Debug)]
pub struct SilentUpstream {
    /// Its port.
    pub port: u16,
    server: Server,
}

impl SilentUpstream {
    /// Starts it.
    pub fn start() -> Self {
        let mut held = Vec::new();
        let server = Server::start(move |stream| held.push(stream));
        Self {
            port: server.port,
            server,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        self.server.origin()
    }
}

/// An upstream that answers every request with `total` bytes of exposition text, generated
/// as it is sent, so a test can push hundreds of MB through the relay.
#[derive(Debug)]
pub struct StreamingUpstream {
    /// Its port.
    pub port: u16,
    server: Server,
}

impl StreamingUpstream {
    /// Starts it.
    pub fn start(total: u64) -> Self {
        let line = b"demo_bytes_total{apn=\"internet\",direction=\"downlink\",region=\"oslo\"} 123456789 1700000000000\n";
        let chunk: Vec<u8> = line.iter().copied().cycle().take(64 * 1024).collect();
        let server = Server::start(move |mut stream| {
            read_head(&mut stream);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n\
                 Content-Length: {total}\r\nConnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let mut left = total;
            while left > 0 {
                let n = usize::try_from(left.min(chunk.len() as u64)).unwrap_or(0);
                if stream
                    .write_all(chunk.get(..n).unwrap_or_default())
                    .is_err()
                {
                    break;
                }
                left -= n as u64;
            }
        });
        Self {
            port: server.port,
            server,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        self.server.origin()
    }
}

/// A scrape target for Prometheus on 127.0.0.1 that always serves `exposition` (Prometheus
/// text format), so a test knows exactly which series Prometheus holds.
pub fn scrape_target(exposition: &str) -> RecordingUpstream {
    RecordingUpstream::start(&format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{exposition}",
        exposition.len()
    ))
}

/// An upstream that offers health and federation only, like a Prometheus behind a gateway
/// that allows no query API: `-/healthy` and `federate` answer 200 (federation with
/// `exposition`), everything else 404. It keeps the request heads it received.
pub fn federate_only_upstream(exposition: &str) -> RecordingUpstream {
    let exposition = exposition.to_owned();
    RecordingUpstream::start_with(move |head| {
        let path = head.split_whitespace().nth(1).unwrap_or_default();
        let (status, content_type, body) = if path.contains("/federate") {
            ("200 OK", "text/plain; version=0.0.4", exposition.as_str())
        } else if path.ends_with("/-/healthy") {
            ("200 OK", "text/plain", "Prometheus Server is Healthy.\n")
        } else {
            ("404 Not Found", "text/plain", "404 page not found\n")
        };
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    })
}
