//! The `fedview-relay` binary: reads its configuration, logs to stderr and serves until
//! Ctrl-C or SIGTERM.

use std::process::ExitCode;

use clap::Parser;
use fedview_relay::Config;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let config = Config::parse();
    if config.demo && !fedview_relay::DEMO_BUILT_IN {
        eprintln!("fedview-relay: {}", fedview_relay::NO_DEMO);
        return ExitCode::FAILURE;
    }
    let runtime = match config.threads {
        1 => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        0 => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
        n => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build(),
    };
    match runtime {
        Ok(runtime) => runtime.block_on(run(config)),
        Err(e) => {
            eprintln!("fedview-relay: cannot start the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("fedview_relay=info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("fedview-relay: cannot listen on {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().map_or(config.listen, |a| a);
    if let Err(message) = report_start_up(&config) {
        eprintln!("fedview-relay: {message}");
        return ExitCode::FAILURE;
    }
    tracing::info!(upstream = %config.upstream, demo = config.demo, "relay ready");
    println!("fedview-relay listening on http://{address}");
    if let Err(e) = fedview_relay::serve(listener, &config, shutdown_signal()).await {
        eprintln!("fedview-relay: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Says at start-up which certificates the relay trusts for the upstream (plainly, when
/// there are none) and where the app it serves comes from.
fn report_start_up(config: &Config) -> Result<(), String> {
    let roots = fedview_relay::tls::Roots::load(config.upstream_ca.as_deref())?;
    if config.upstream.starts_with("https:") {
        if roots.none() {
            let warning = "no usable CA certificates: the system offers none (install the \
                           ca-certificates package) and no --upstream-ca was given, so every \
                           request to the HTTPS upstream will fail with a TLS error";
            eprintln!("fedview-relay: warning: {warning}");
            tracing::warn!("{warning}");
        } else {
            tracing::info!("TLS to the upstream trusts {}", roots.describe());
        }
    }
    match (
        &config.static_dir,
        fedview_relay::embedded_app::is_embedded(),
    ) {
        (Some(dir), _) => tracing::info!("serving the app from {}", dir.display()),
        (None, true) => {
            let (files, bytes) = fedview_relay::embedded_app::summary();
            tracing::info!(
                "serving the app embedded in this binary ({files} files, {bytes} bytes)"
            );
        }
        (None, false) => tracing::info!(
            "no app is embedded in this binary and no --static DIR was given: only the relay \
             paths answer"
        ),
    }
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
