//! Connections opened ahead of the uploads. A new connection costs a round
//! trip before its first byte (0.6–1.2 s on a village link), and the two
//! upload lanes and the pull each need one once the push is answered; the
//! push's own connection serves only one of them. So while the push is on
//! its way, as many connections as lanes are opened with `GET /healthz`
//! (a few hundred bytes) and left in the client's pool: the uploads start
//! sending at once instead of after a handshake with the uplink idle.

use crate::client::SyncClient;
use std::future::Future;

impl SyncClient {
    /// Runs `pass` while `connections` (at most two) warm-ups open theirs;
    /// the pass never waits for them, and they end with it.
    pub(crate) async fn with_warm_connections<T>(
        &self,
        connections: usize,
        pass: impl Future<Output = T>,
    ) -> T {
        let warm = async { tokio::join!(self.warm_up(connections >= 1), self.warm_up(connections >= 2)) };
        tokio::pin!(pass, warm);
        tokio::select! {
            done = &mut pass => return done,
            _ = &mut warm => {}
        }
        pass.await
    }

    /// One `GET /healthz`, read to its end so that the connection goes back
    /// to the pool. A warm-up that fails costs nothing but itself.
    async fn warm_up(&self, wanted: bool) {
        let Ok(url) = self.url("/healthz") else { return };
        if !wanted {
            return;
        }
        let request = self.http.get(url).timeout(self.config.connect_timeout);
        if let Ok(response) = request.send().await {
            let _ = response.bytes().await;
        }
    }
}
