//! Wakes held long-polls (`GET /v1/changes?wait=S`) when a crew's change
//! feed grows, so an assigned order reaches the phone in about one round
//! trip instead of at its next periodic sync.

use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::watch;

/// "Crew X's change feed now reaches seq N", from writers to waiters.
///
/// In-process today ([`InProcessSignal`]: one `tokio::sync::watch` per crew
/// with a waiting phone). With several server instances behind a balancer a
/// write on one instance must wake a poll held on another: implement this
/// trait over the shared store's notifications (Postgres `LISTEN/NOTIFY`,
/// a Redis pub/sub channel), calling the local watches from the listener
/// task. Waiters re-read the store after a wake, so a lost or spurious
/// notification only costs a query or a wait until the poll's deadline,
/// never a missed change.
pub trait ChangeSignal: Send + Sync + 'static {
    /// The feed of `crew` grew to `seq` (called after the write commits).
    fn changed(&self, crew: &str, seq: i64);
    /// A receiver that sees every `changed` for `crew` from now on.
    /// Subscribe before reading the store, or a change in between is missed.
    fn watch(&self, crew: &str) -> watch::Receiver<i64>;
}

/// One watch channel per crew with someone waiting; a channel nobody
/// listens to any more is dropped at the crew's next change.
#[derive(Default)]
pub struct InProcessSignal {
    crews: Mutex<HashMap<String, watch::Sender<i64>>>,
}

impl ChangeSignal for InProcessSignal {
    fn changed(&self, crew: &str, seq: i64) {
        let mut crews = self.crews.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = crews.get(crew) {
            if sender.receiver_count() == 0 {
                crews.remove(crew);
            } else {
                sender.send_replace(seq);
            }
        }
    }

    fn watch(&self, crew: &str) -> watch::Receiver<i64> {
        let mut crews = self.crews.lock().unwrap_or_else(|p| p.into_inner());
        crews.entry(crew.to_string()).or_insert_with(|| watch::channel(0).0).subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_waiter_wakes_for_its_own_crew_only() {
        let signal = InProcessSignal::default();
        let mut crew_1 = signal.watch("CREW-1");
        let mut crew_2 = signal.watch("CREW-2");
        signal.changed("CREW-1", 7);
        tokio::time::timeout(Duration::from_secs(1), crew_1.changed()).await.unwrap().unwrap();
        assert_eq!(*crew_1.borrow(), 7);
        assert!(tokio::time::timeout(Duration::from_millis(50), crew_2.changed()).await.is_err());
    }

    #[test]
    fn channels_nobody_waits_on_are_dropped() {
        let signal = InProcessSignal::default();
        drop(signal.watch("CREW-1"));
        signal.changed("CREW-1", 1);
        assert!(signal.crews.lock().unwrap().is_empty());
    }
}
