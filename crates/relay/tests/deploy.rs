//! `deploy/fedview-relay.service` is a unit systemd accepts (`systemd-analyze verify`, with
//! its `ExecStart` pointed at the binary under test), hardened as promised, and every
//! setting it names is one the relay reads.

use std::process::Command;

use fedview_testkit::{workspace_root, TempDir};

const SYSTEMD_ANALYZE: &str = "/usr/bin/systemd-analyze";

fn unit() -> String {
    std::fs::read_to_string(workspace_root().join("deploy/fedview-relay.service"))
        .expect("deploy/fedview-relay.service")
}

#[test]
fn systemd_accepts_the_unit() {
    if !fedview_testkit::require(
        std::path::Path::new(SYSTEMD_ANALYZE),
        "systemd-analyze (Debian's systemd package)",
    ) {
        return;
    }
    let dir = TempDir::new("fedview-unit");
    let text = unit().replace(
        "ExecStart=/usr/local/bin/fedview-relay",
        &format!("ExecStart={}", env!("CARGO_BIN_EXE_fedview-relay")),
    );
    let path = dir.path().join("fedview-relay.service");
    std::fs::write(&path, text).expect("write the unit");
    let output = Command::new(SYSTEMD_ANALYZE)
        .arg("verify")
        .arg(&path)
        .current_dir(dir.path())
        .output()
        .expect("run systemd-analyze");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Only the unit's own lines count: verify also reports on units it pulls in.
    let about_ours: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("fedview-relay"))
        .collect();
    assert!(
        output.status.success() && about_ours.is_empty(),
        "systemd-analyze verify: {said}"
    );
}

#[test]
fn the_unit_is_hardened() {
    let unit = unit();
    for line in [
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "CapabilityBoundingSet=\n",
        "AmbientCapabilities=\n",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ProtectHome=yes",
    ] {
        assert!(unit.contains(line), "the unit lacks {line:?}");
    }
}

#[test]
fn every_setting_in_the_unit_is_one_the_relay_reads() {
    let help = Command::new(env!("CARGO_BIN_EXE_fedview-relay"))
        .arg("--help")
        .output()
        .expect("fedview-relay --help");
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let unit = unit();
    let settings: Vec<&str> = unit
        .lines()
        .filter_map(|l| l.strip_prefix("Environment=FEDVIEW_"))
        .filter_map(|l| l.split('=').next())
        .collect();
    assert!(settings.len() >= 4, "{settings:?}");
    for setting in settings {
        assert!(
            help.contains(&format!("FEDVIEW_{setting}")),
            "FEDVIEW_{setting} is not a setting of the relay"
        );
    }
}
