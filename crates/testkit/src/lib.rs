//! Test support shared by fedview's test suites: real processes (Prometheus shaped like the
//! WG2 upstream, the relay, chromedriver) on free loopback ports, stopped when dropped, and
//! the location of the shared third-party test data.

pub mod browser;
pub mod http;
pub mod node_exporter;
pub mod paths;
pub mod process;
pub mod prometheus;
pub mod relay;
pub mod tls_prometheus;
pub mod upstream_double;

pub use browser::ChromeDriver;
pub use node_exporter::NodeExporter;
pub use paths::{require, testdata_dir, workspace_root};
pub use process::{free_port, random_hex, resident_kib, wait_until, Process, TempDir};
pub use prometheus::Prometheus;
pub use relay::Relay;
pub use tls_prometheus::{TestCertificates, TlsPrometheus};
pub use upstream_double::{
    federate_only_upstream, scrape_target, RecordingUpstream, SilentUpstream, StreamingUpstream,
};
