//! The `fedview-relay` binary: reads its configuration, logs to stderr and serves until
//! Ctrl-C or SIGTERM.

use std::process::ExitCode;

use clap::Parser;
use fedview_relay::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
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
    tracing::info!(upstream = %config.upstream, demo = config.demo, "relay ready");
    println!("fedview-relay listening on http://{address}");
    if let Err(e) = fedview_relay::serve(listener, &config, shutdown_signal()).await {
        eprintln!("fedview-relay: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
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
