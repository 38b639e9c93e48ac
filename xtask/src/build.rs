//! Building the app with trunk, offline, with the tools `install` put in place.

use crate::command::{cmd, run};

/// `trunk build --release` into `dist/`.
pub(crate) fn app_release() -> Result<(), String> {
    run(&mut cmd("trunk", &["build", "--release", "--offline"]))
}
