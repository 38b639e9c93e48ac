//! Network events handled in rounds while answers stream.
//!
//! Prometheus writes federation a few KB at a time. Left alone, the relay's one thread
//! wakes for every piece that arrives from the upstream and for every write the client
//! drains: some sixty sleeps and wake-ups per 750 KB answer, each a trip through the
//! kernel's scheduler that costs more than the bytes it moves. While any answer is
//! streaming, [`Rounds::run`] puts the thread to sleep for the round's interval between
//! passes instead, so that what arrived meanwhile is read, and written on, in one pass of
//! larger reads and writes. With nothing streaming the task waits and costs nothing, so a
//! health check is never delayed.
//!
//! This only makes sense with the single-threaded runtime (the default `--threads 1`):
//! there the sleep holds back every connection alike, by at most one interval.

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use tokio::sync::Notify;

/// The rounds' pace and how many answers are streaming now.
#[derive(Debug)]
pub struct Rounds {
    interval: Duration,
    streaming: AtomicUsize,
    started: Notify,
    paused: AtomicUsize,
}

impl Rounds {
    /// Rounds at most `interval` apart; `None` for a zero interval (every event handled as
    /// it comes).
    pub fn new(interval: Duration) -> Option<Arc<Self>> {
        (!interval.is_zero()).then(|| {
            Arc::new(Self {
                interval,
                streaming: AtomicUsize::new(0),
                started: Notify::new(),
                paused: AtomicUsize::new(0),
            })
        })
    }

    /// Marks one answer as streaming until the returned guard is dropped.
    pub fn streaming(self: &Arc<Self>) -> Streaming {
        if self.streaming.fetch_add(1, Ordering::AcqRel) == 0 {
            self.started.notify_one();
        }
        Streaming(Arc::clone(self))
    }

    /// How many answers are streaming now.
    pub fn in_flight(&self) -> usize {
        self.streaming.load(Ordering::Acquire)
    }

    /// How many pauses between rounds there have been.
    pub fn pauses(&self) -> usize {
        self.paused.load(Ordering::Relaxed)
    }

    /// Paces the runtime's thread for as long as the runtime runs: while an answer is
    /// streaming, it sleeps the interval and then yields, so every task that became ready
    /// meanwhile runs in one pass; otherwise it waits for the next answer to start.
    pub async fn run(self: Arc<Self>) {
        loop {
            let started = self.started.notified();
            if self.in_flight() == 0 {
                started.await;
                continue;
            }
            // Deliberately blocking: this is the pause between rounds (see the module docs).
            std::thread::sleep(self.interval);
            self.paused.fetch_add(1, Ordering::Relaxed);
            tokio::task::yield_now().await;
        }
    }
}

/// One streaming answer, counted by [`Rounds`] until dropped.
#[derive(Debug)]
pub struct Streaming(Arc<Rounds>);

impl Drop for Streaming {
    fn drop(&mut self) {
        self.0.streaming.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_interval_means_no_rounds() {
        assert!(Rounds::new(Duration::ZERO).is_none());
    }

    #[test]
    fn streams_are_counted_until_dropped() {
        let rounds = Rounds::new(Duration::from_micros(500)).expect("rounds");
        let first = rounds.streaming();
        let second = rounds.streaming();
        assert_eq!(rounds.in_flight(), 2);
        drop(first);
        assert_eq!(rounds.in_flight(), 1);
        drop(second);
        assert_eq!(rounds.in_flight(), 0);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_thread_pauses_between_rounds_only_while_an_answer_streams() {
        let rounds = Rounds::new(Duration::from_millis(1)).expect("rounds");
        let pacer = tokio::spawn(Arc::clone(&rounds).run());
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
        assert_eq!(rounds.pauses(), 0, "paused with nothing streaming");

        let guard = rounds.streaming();
        let started = std::time::Instant::now();
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
        // Other tasks keep running, one round at a time.
        assert!(rounds.pauses() >= 19, "{} pauses", rounds.pauses());
        assert!(started.elapsed() >= Duration::from_millis(19));

        drop(guard);
        tokio::task::yield_now().await;
        let after = rounds.pauses();
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
        assert!(
            rounds.pauses() <= after + 1,
            "still pausing when nothing streams"
        );
        pacer.abort();
    }
}
