//! A real Prometheus serving HTTPS, the way WG2's upstream does: a CA and a server
//! certificate made for the test (rcgen), `tls_server_config` and basic auth in its
//! `--web.config.file`, and a self-scrape over TLS so that federation has series.

use std::{net::TcpStream, time::Duration};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

use crate::{random_hex, wait_until, Process, TempDir};

/// A test CA and a server certificate it signed.
#[derive(Debug)]
pub struct TestCertificates {
    /// The CA's certificate, PEM.
    pub ca_pem: String,
    /// The server's certificate, PEM.
    pub server_pem: String,
    /// The server's private key, PEM.
    pub server_key_pem: String,
}

impl TestCertificates {
    /// A fresh CA, and a server certificate from it for the names in `names` (IP
    /// addresses become IP subject alternative names).
    pub fn for_names(names: &[&str]) -> Self {
        let ca_key = KeyPair::generate().expect("a CA key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name.push(
            DnType::CommonName,
            format!("fedview test CA {}", random_hex(4)),
        );
        let ca_certificate = ca.self_signed(&ca_key).expect("a self-signed CA");
        let server_key = KeyPair::generate().expect("a server key");
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut server = CertificateParams::new(names).expect("server parameters");
        server
            .distinguished_name
            .push(DnType::CommonName, "fedview test upstream");
        let server_certificate = server
            .signed_by(&server_key, &ca_certificate, &ca_key)
            .expect("a server certificate");
        Self {
            ca_pem: ca_certificate.pem(),
            server_pem: server_certificate.pem(),
            server_key_pem: server_key.serialize_pem(),
        }
    }
}

/// Prometheus serving HTTPS on a free loopback port; stopped when dropped.
#[derive(Debug)]
pub struct TlsPrometheus {
    /// The instance identifier in the route prefix.
    pub id: String,
    /// The basic-auth user name.
    pub client_id: String,
    /// The basic-auth password.
    pub secret: String,
    /// The loopback port.
    pub port: u16,
    /// Where the CA certificate that signed its certificate is written (PEM).
    pub ca_file: std::path::PathBuf,
    process: Process,
    dir: TempDir,
}

impl TlsPrometheus {
    /// Starts Prometheus with a certificate for `names` from a fresh test CA, and waits
    /// until it listens. (`127.0.0.1` among the names makes the certificate good for the
    /// address the relay dials.)
    pub fn start(names: &[&str]) -> Self {
        let certificates = TestCertificates::for_names(names);
        let dir = TempDir::new("fedview-tls-prometheus");
        let crate::prometheus::Identity {
            id,
            client_id,
            secret,
            port,
            prefix,
            hash,
        } = crate::prometheus::Identity::fresh();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write a test file");
            path
        };
        let ca_file = write("ca.pem", &certificates.ca_pem);
        let cert_file = write("server.pem", &certificates.server_pem);
        let key_file = write("server.key", &certificates.server_key_pem);
        let web = write(
            "web.yml",
            &format!(
                "tls_server_config:\n  cert_file: {}\n  key_file: {}\n\
                 basic_auth_users:\n  {client_id}: '{hash}'\n",
                cert_file.display(),
                key_file.display()
            ),
        );
        let server_name = names.first().copied().unwrap_or("127.0.0.1");
        let config = write(
            "prometheus.yml",
            &format!(
                "global:\n  scrape_interval: 1s\n\
                 scrape_configs:\n  - job_name: prometheus\n    scheme: https\n\
                 \x20   metrics_path: {prefix}/metrics\n\
                 \x20   tls_config:\n      ca_file: {}\n      server_name: {server_name}\n\
                 \x20   basic_auth:\n      username: {client_id}\n      password: {secret}\n\
                 \x20   static_configs:\n      - targets: ['127.0.0.1:{port}']\n",
                ca_file.display()
            ),
        );
        let command = crate::prometheus::server_command(&config, &web, dir.path(), port, &prefix);
        let mut process = Process::spawn(
            "prometheus (TLS)",
            command,
            &dir.path().join("prometheus.log"),
        );
        wait_until("Prometheus to listen", Duration::from_secs(60), || {
            process.assert_running();
            TcpStream::connect(("127.0.0.1", port)).ok()
        });
        Self {
            id,
            client_id,
            secret,
            port,
            ca_file,
            process,
            dir,
        }
    }

    /// `https://127.0.0.1:<port>`, the relay's `--upstream`.
    pub fn origin(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    /// The path prefix, `/metrics/v1/prometheus/<id>`.
    pub fn prefix(&self) -> String {
        format!("/metrics/v1/prometheus/{}", self.id)
    }

    /// An `Authorization: Basic …` header line (ending in `\r\n`) with the right secret.
    pub fn authorization_header(&self) -> String {
        format!(
            "Authorization: {}\r\n",
            crate::prometheus::basic_authorization(&self.client_id, &self.secret)
        )
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// A file in its folder with `text`, for another CA's certificate in a test.
    pub fn write_file(&self, name: &str, text: &str) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write a test file");
        path
    }
}
