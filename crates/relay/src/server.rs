//! The accept loop: HTTP/1.1 connections served by hyper with the limits an
//! internet-facing service needs against slow and idle clients (a header read timeout that
//! also closes idle kept-alive connections, and a cap on open connections), network events
//! handled in rounds while answers stream (see [`crate::rounds`]), and a graceful shutdown
//! that lets the requests in flight finish.

use std::{future::Future, sync::Arc, time::Duration};

use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::Semaphore};

use crate::{app_with_rounds, rounds::Rounds, Config};

/// How long requests in flight may take to finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves the relay on `listener` until `shutdown` completes, then finishes the requests
/// in flight (for at most ten seconds).
///
/// At most `--max-connections` client connections are open at once; the next client waits
/// in the listen backlog until one closes. A client must send a request's headers within
/// `--header-timeout`, and a kept-alive connection with no request for that long is closed.
///
/// # Errors
/// When the configuration is unusable.
pub async fn serve(
    listener: TcpListener,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    // Rounds pace the one thread of the single-threaded runtime; on a multi-threaded one a
    // blocking pause would hold a worker instead.
    let rounds = (tokio::runtime::Handle::current().runtime_flavor()
        == tokio::runtime::RuntimeFlavor::CurrentThread)
        .then(|| Rounds::new(config.coalesce))
        .flatten();
    if let Some(rounds) = &rounds {
        tokio::spawn(Arc::clone(rounds).run());
    }
    let app = app_with_rounds(config, rounds)?;
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout)
        .keep_alive(true);
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let connections = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was
                    // accepted: wait a little rather than spin.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection closed: {e}");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = connections.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => {
            tracing::warn!("requests still in flight after {DRAIN:?} were cut off");
        }
    }
    Ok(())
}
