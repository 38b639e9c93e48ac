//! The certificates the relay trusts for an HTTPS upstream: the system's roots (as
//! reqwest's rustls loads them) plus, with `--upstream-ca`, a private CA. Start-up says
//! which, and says plainly when there is none, as in a slim container without
//! `ca-certificates`.

use std::path::{Path, PathBuf};

/// The roots the upstream's certificate is checked against.
#[derive(Debug, Clone)]
pub struct Roots {
    /// How many CA certificates the system offers.
    pub system: usize,
    /// The certificates from `--upstream-ca`.
    pub extra: Vec<reqwest::Certificate>,
    /// The file they came from.
    pub extra_file: Option<PathBuf>,
}

impl Roots {
    /// The system's roots and those in `ca` (a PEM file of one or more certificates).
    ///
    /// # Errors
    /// When `ca` cannot be read or holds no certificate.
    pub fn load(ca: Option<&Path>) -> Result<Self, String> {
        let system = rustls_native_certs::load_native_certs().certs.len();
        let extra = match ca {
            None => Vec::new(),
            Some(path) => {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("cannot read --upstream-ca {}: {e}", path.display()))?;
                let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                    format!(
                        "--upstream-ca {} is not PEM certificates: {e}",
                        path.display()
                    )
                })?;
                if certificates.is_empty() {
                    return Err(format!(
                        "--upstream-ca {} holds no certificate",
                        path.display()
                    ));
                }
                certificates
            }
        };
        Ok(Self {
            system,
            extra,
            extra_file: ca.map(Path::to_path_buf),
        })
    }

    /// Whether no certificate at all is trusted: every HTTPS upstream would fail.
    pub fn none(&self) -> bool {
        self.system == 0 && self.extra.is_empty()
    }

    /// What is trusted, for the start-up log.
    pub fn describe(&self) -> String {
        let mut text = format!("{} system CA certificates", self.system);
        if let Some(file) = &self.extra_file {
            text.push_str(&format!(
                " and {} from {}",
                self.extra.len(),
                file.display()
            ));
        }
        text
    }
}
