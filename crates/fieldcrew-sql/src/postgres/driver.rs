//! PostgreSQL calls made blocking on the caller's own thread.
//!
//! Each connection owns its socket and tokio-postgres's `Connection` (the
//! part that writes requests and reads answers). A call polls the client's
//! future and that `Connection` in turn on the calling thread, and while
//! both wait for the server it blocks in the kernel (epoll, through mio) on
//! that socket alone. A round trip is then a write and a read by the thread
//! that asked: no hand-off to an I/O thread and no wake-up back, and no
//! runtime of any kind, so a call never panics inside another runtime (an
//! async test, `main` before the server starts): it blocks just as a
//! SQLite call does.

use super::Notification;
use super::socket::Socket;
use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};
use tokio_postgres::tls::NoTlsStream;
use tokio_postgres::{AsyncMessage, Connection};

/// A future of a pipeline, boxed so that calls of different kinds line up.
pub type Pending<'f, T> = Pin<Box<dyn Future<Output = T> + 'f>>;

/// Set by every wake-up: the client's futures and the `Connection` only
/// wake each other (through channels, on this thread), so after a round of
/// polls that set nothing, only the socket can bring news.
#[derive(Default)]
struct Woken(AtomicBool);

impl Wake for Woken {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::Relaxed);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::Relaxed);
    }
}

pub struct Driver {
    /// `None` once it ended (the server closed it, or it failed): the
    /// client's calls then fail at once as closed.
    connection: Option<Connection<Socket, NoTlsStream>>,
    /// It ended (unlike `connection: None` during the handshake, before
    /// there is one): waiting on the socket then waits for nothing.
    ended: bool,
    poll: mio::Poll,
    events: mio::Events,
    woken: Arc<Woken>,
    waker: Waker,
    /// Notifications read off the socket, in order, until asked for.
    heard: VecDeque<Notification>,
}

impl Driver {
    /// Watches `socket` for reads and writes (edge-triggered: waited for
    /// only after a read or write said it would block).
    pub fn new(socket: &mut Socket) -> io::Result<Self> {
        let poll = mio::Poll::new()?;
        poll.registry().register(
            socket.source(),
            mio::Token(0),
            mio::Interest::READABLE | mio::Interest::WRITABLE,
        )?;
        let woken = Arc::new(Woken::default());
        Ok(Self {
            connection: None,
            ended: false,
            poll,
            events: mio::Events::with_capacity(4),
            waker: Waker::from(woken.clone()),
            woken,
            heard: VecDeque::new(),
        })
    }

    /// Drives `connection` from now on.
    pub fn attach(&mut self, connection: Connection<Socket, NoTlsStream>) {
        self.connection = Some(connection);
    }

    /// Runs `future` (client calls on this connection, or the handshake
    /// that makes it) to its end on this thread.
    pub fn wait<F: Future>(&mut self, future: F) -> F::Output {
        self.run(future, None).expect("no deadline")
    }

    /// Waits for every future, polling each in list order: client calls put
    /// their request on the connection's queue at their first poll, and the
    /// `Connection` then writes them all at once (a pipeline).
    pub fn wait_all<T>(&mut self, futures: Vec<Pending<'_, T>>) -> Vec<T> {
        let mut slots: Vec<(Pending<'_, T>, Option<T>)> = futures.into_iter().map(|f| (f, None)).collect();
        self.wait(std::future::poll_fn(|cx| {
            let mut pending = false;
            for (future, done) in slots.iter_mut().filter(|(_, done)| done.is_none()) {
                match future.as_mut().poll(cx) {
                    Poll::Ready(out) => *done = Some(out),
                    Poll::Pending => pending = true,
                }
            }
            if pending { Poll::Pending } else { Poll::Ready(()) }
        }));
        slots.into_iter().map(|(_, done)| done.expect("every future finished")).collect()
    }

    /// Whether the connection ended; reads what the server already sent
    /// first (its goodbye, notifications) without waiting.
    pub fn is_closed(&mut self) -> bool {
        self.drive();
        self.ended
    }

    /// The next notification, waiting at most `timeout`; `None` also once
    /// the connection ended.
    pub fn notification(&mut self, timeout: Duration) -> Option<Notification> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(n) = self.heard.pop_front() {
                return Some(n);
            }
            if !self.turn(Some(deadline)) {
                return None;
            }
        }
    }

    /// `future` to its end, or `None` at `deadline`.
    fn run<F: Future>(&mut self, future: F, deadline: Option<Instant>) -> Option<F::Output> {
        let mut future = pin!(future);
        let waker = self.waker.clone();
        let mut cx = Context::from_waker(&waker);
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return Some(out);
            }
            // Once the connection ended, client calls fail at once.
            if !self.turn(deadline) && !self.ended {
                return None;
            }
        }
    }

    /// After a poll of what waits on the connection: drives it, and if that
    /// handed nothing over, blocks until the socket is ready. `false` at
    /// `deadline` or once the connection ended.
    fn turn(&mut self, deadline: Option<Instant>) -> bool {
        // Wakes while the waiting future was polled were for the
        // connection (a request queued): it is polled next anyway.
        self.woken.0.store(false, Ordering::Relaxed);
        self.drive();
        if self.woken.0.load(Ordering::Relaxed) {
            return true; // Something was handed over: poll again.
        }
        if self.ended {
            return false;
        }
        let timeout = match deadline {
            Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return false,
            },
            None => None,
        };
        match self.poll.poll(&mut self.events, timeout) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // The poll itself failing leaves no way to hear the socket.
            Err(_) => self.end(),
        }
        true
    }

    /// Polls the `Connection` until it waits for the socket or a client
    /// future: requests queued go out, answers read are handed over.
    fn drive(&mut self) {
        let Some(connection) = &mut self.connection else { return };
        let mut cx = Context::from_waker(&self.waker);
        loop {
            match connection.poll_message(&mut cx) {
                Poll::Pending => return,
                Poll::Ready(Some(Ok(AsyncMessage::Notification(n)))) => self
                    .heard
                    .push_back(Notification { channel: n.channel().into(), payload: n.payload().into() }),
                Poll::Ready(Some(Ok(_))) => {}
                // Closed or failed: dropping it fails the client's calls.
                Poll::Ready(None | Some(Err(_))) => {
                    self.end();
                    return;
                }
            }
        }
    }
}

impl Driver {
    fn end(&mut self) {
        self.connection = None;
        self.ended = true;
    }
}

impl Drop for Driver {
    /// The client is dropped first (PgConnection's field order): one more
    /// poll sends PostgreSQL's Terminate, so the server sees a clean exit.
    fn drop(&mut self) {
        self.drive();
    }
}
