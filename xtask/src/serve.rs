//! `cargo xtask serve`: the app and the demo upstream on http://127.0.0.1:8080.

use crate::{
    build,
    command::{self, cmd},
    install,
};

/// Where `serve` listens.
const ADDRESS: &str = "127.0.0.1:8080";

pub(crate) fn run() -> Result<(), String> {
    install::build_tools()?;
    build::app_release()?;
    build::relay_release()?;
    println!();
    println!("fedview: http://{ADDRESS}  (identifier, client ID and secret: demo)");
    println!("stop with Ctrl-C");
    println!();
    command::run(&mut cmd(
        "cargo",
        &[
            "run",
            "--quiet",
            "--release",
            "--package",
            "fedview-relay",
            "--",
            "--listen",
            ADDRESS,
            "--static",
            "dist",
            "--demo",
        ],
    ))
}
