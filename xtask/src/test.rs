//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::{
    build,
    command::{self, cmd},
    install,
};

pub(crate) fn run() -> Result<(), String> {
    install::build_tools()?;
    install::test_packages()?;
    install::python_packages()?;

    command::run(&mut cmd("cargo", &["fmt", "--all", "--", "--check"]))?;
    command::run(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))?;
    command::run(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--package",
            "fedview",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))?;

    // The end-to-end tests serve this build through the relay.
    build::app_release()?;

    // Native unit and integration tests, the end-to-end tests among them; those start the
    // relay binary, so it is built first.
    command::run(&mut cmd("cargo", &["build", "--package", "fedview-relay"]))?;
    command::run(&mut cmd("cargo", &["test", "--workspace"]))?;

    // Component tests in headless Chromium (see webdriver.json for its flags).
    let mut wasm = cmd(
        "cargo",
        &[
            "test",
            "--package",
            "fedview",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    wasm.env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env_remove("GECKODRIVER")
        .env_remove("SAFARIDRIVER");
    command::run(&mut wasm)?;

    println!("xtask test: all checks passed");
    Ok(())
}
