//! A phone sends a new request for an upload only after its last PATCH
//! failed on its side. When the link died without closing the connection,
//! the server would go on waiting for that PATCH's body for `BODY_IDLE`
//! while holding the upload, and the phone's HEAD would report an offset
//! without the bytes that did arrive. So a new request from the upload's
//! owner takes over: the waiting PATCH stops reading, keeps what arrived and
//! lets go at once.

use fieldcrew_domain::MediaId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// The PATCHes reading a body now, one per upload at most (each upload's
/// chunks take its lock in turn).
#[derive(Default)]
pub struct Takeovers {
    receiving: Mutex<HashMap<MediaId, Arc<Notify>>>,
}

impl Takeovers {
    /// Tells the PATCH reading `id`'s body, if any, to stop and keep what it has.
    pub fn take_over(&self, id: MediaId) {
        if let Some(reader) = self.receiving.lock().expect("takeover table").get(&id) {
            // A stored permit: the reader sees it even between two reads.
            reader.notify_one();
        }
    }

    /// Registers the PATCH about to read `id`'s body; dropping the guard
    /// ends it.
    pub fn receiving(self: &Arc<Self>, id: MediaId) -> Receiving {
        let signal = Arc::new(Notify::new());
        self.receiving.lock().expect("takeover table").insert(id, signal.clone());
        Receiving { table: self.clone(), id, signal }
    }
}

/// A PATCH reading its body; it may be taken over.
pub struct Receiving {
    table: Arc<Takeovers>,
    id: MediaId,
    signal: Arc<Notify>,
}

impl Receiving {
    /// Completes when a newer request for the same upload takes over.
    pub async fn taken_over(&self) {
        self.signal.notified().await;
    }
}

impl Drop for Receiving {
    fn drop(&mut self) {
        let mut table = self.table.receiving.lock().expect("takeover table");
        // Only our own entry: a newer reader may have registered since.
        if table.get(&self.id).is_some_and(|s| Arc::ptr_eq(s, &self.signal)) {
            table.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_takeover_reaches_the_reader_even_between_two_reads() {
        let table = Arc::new(Takeovers::default());
        let id = MediaId::new();
        let reader = table.receiving(id);
        table.take_over(id); // before the reader waits
        tokio::time::timeout(Duration::from_secs(1), reader.taken_over()).await.expect("taken over");
    }

    #[tokio::test]
    async fn another_upload_or_a_finished_reader_is_left_alone() {
        let table = Arc::new(Takeovers::default());
        let (id, other) = (MediaId::new(), MediaId::new());
        let reader = table.receiving(id);
        table.take_over(other);
        assert!(tokio::time::timeout(Duration::from_millis(50), reader.taken_over()).await.is_err());
        drop(reader);
        assert!(table.receiving.lock().unwrap().is_empty(), "nothing left behind");
        let next = table.receiving(id);
        assert!(tokio::time::timeout(Duration::from_millis(50), next.taken_over()).await.is_err());
    }
}
