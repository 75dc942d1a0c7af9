//! A loopback link to the S3 store that a test can cut: while cut, every
//! connection through it is closed at once (new ones and those the
//! server's client keeps pooled), as when the store or the network to it
//! goes down.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct Link {
    /// `http://127.0.0.1:PORT`: give this to the server as the endpoint.
    pub endpoint: String,
    up: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
    task: tokio::task::JoinHandle<()>,
}

impl Link {
    /// A link to `target` (`http://host:port`), up.
    pub async fn to(target: &str) -> Link {
        let target = target.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let up = Arc::new(AtomicBool::new(true));
        let (cut, cuts) = watch::channel(0u64);
        let task = tokio::spawn(forward(listener, target, up.clone(), cuts));
        Link { endpoint, up, cut, task }
    }

    pub fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    pub fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(listener: TcpListener, target: String, up: Arc<AtomicBool>, cuts: watch::Receiver<u64>) {
    while let Ok((mut client, _)) = listener.accept().await {
        if !up.load(Ordering::SeqCst) {
            continue; // dropped: closed at once
        }
        let (target, mut cuts) = (target.clone(), cuts.clone());
        cuts.mark_unchanged();
        tokio::spawn(async move {
            let Ok(mut store) = TcpStream::connect(&target).await else { return };
            tokio::select! {
                _ = tokio::io::copy_bidirectional(&mut client, &mut store) => {}
                _ = cuts.changed() => {}
            }
        });
    }
}
