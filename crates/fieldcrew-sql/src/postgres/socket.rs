//! The socket of one connection, opened on the calling thread and read and
//! written without blocking: tokio-postgres speaks over it, and the
//! connection's [`Driver`](super::driver::Driver) waits for it in the kernel.

use std::io::{self, Read, Write};
use std::net::ToSocketAddrs;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_postgres::Config;
use tokio_postgres::config::Host;

pub enum Socket {
    Tcp(mio::net::TcpStream),
    Unix(mio::net::UnixStream),
}

impl Socket {
    /// Connects to the first of the config's hosts (or host addresses) that
    /// answers, as tokio-postgres's own `connect` does: with its connect
    /// timeout and keepalives, TCP without Nagle's delay.
    pub fn open(config: &Config) -> io::Result<Self> {
        let hosts: Vec<Host> = match config.get_hostaddrs() {
            [] => config.get_hosts().to_vec(),
            addrs => addrs.iter().map(|a| Host::Tcp(a.to_string())).collect(),
        };
        let mut last = io::Error::new(io::ErrorKind::InvalidInput, "no host to connect to");
        for (i, host) in hosts.iter().enumerate() {
            let port =
                config.get_ports().get(i).or_else(|| config.get_ports().first()).copied().unwrap_or(5432);
            match Self::open_one(config, host, port) {
                Ok(socket) => return Ok(socket),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn open_one(config: &Config, host: &Host, port: u16) -> io::Result<Self> {
        let timeout = config.get_connect_timeout().copied();
        match host {
            Host::Tcp(name) => {
                let mut last = io::Error::new(io::ErrorKind::NotFound, format!("{name} has no address"));
                for addr in (name.as_str(), port).to_socket_addrs()? {
                    let stream = match timeout {
                        Some(t) => std::net::TcpStream::connect_timeout(&addr, t),
                        None => std::net::TcpStream::connect(addr),
                    };
                    match stream {
                        Ok(stream) => {
                            stream.set_nodelay(true)?;
                            keepalive(config, &stream)?;
                            stream.set_nonblocking(true)?;
                            return Ok(Self::Tcp(mio::net::TcpStream::from_std(stream)));
                        }
                        Err(e) => last = e,
                    }
                }
                Err(last)
            }
            Host::Unix(dir) => {
                let stream = std::os::unix::net::UnixStream::connect(dir.join(format!(".s.PGSQL.{port}")))?;
                stream.set_nonblocking(true)?;
                Ok(Self::Unix(mio::net::UnixStream::from_std(stream)))
            }
        }
    }

    pub fn source(&mut self) -> &mut dyn mio::event::Source {
        match self {
            Self::Tcp(s) => s,
            Self::Unix(s) => s,
        }
    }

    fn stream(&mut self) -> &mut dyn Stream {
        match self {
            Self::Tcp(s) => s,
            Self::Unix(s) => s,
        }
    }
}

trait Stream: Read + Write {}
impl<S: Read + Write> Stream for S {}

fn keepalive(config: &Config, stream: &std::net::TcpStream) -> io::Result<()> {
    if !config.get_keepalives() {
        return Ok(());
    }
    let mut keepalive = socket2::TcpKeepalive::new().with_time(config.get_keepalives_idle());
    if let Some(interval) = config.get_keepalives_interval() {
        keepalive = keepalive.with_interval(interval);
    }
    if let Some(retries) = config.get_keepalives_retries() {
        keepalive = keepalive.with_retries(retries);
    }
    let socket = socket2::SockRef::from(stream);
    socket.set_tcp_keepalive(&keepalive)?;
    if let Some(timeout) = config.get_tcp_user_timeout() {
        socket.set_tcp_user_timeout(Some(*timeout))?;
    }
    Ok(())
}

/// `WouldBlock` is `Pending` without a waker: the driver polls again once
/// the kernel says the socket is ready, and only after `Pending`.
fn ready<T>(result: io::Result<T>) -> Poll<io::Result<T>> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Poll::Pending,
        other => Poll::Ready(other),
    }
}

/// One read or write, again if a signal cut it short.
fn retry<T>(mut call: impl FnMut() -> io::Result<T>) -> Poll<io::Result<T>> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return ready(other),
        }
    }
}

impl AsyncRead for Socket {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let stream = self.get_mut().stream();
        let n = std::task::ready!(retry(|| stream.read(buf.initialize_unfilled())))?;
        buf.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Socket {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let stream = self.get_mut().stream();
        retry(|| stream.write(data))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let stream = self.get_mut().stream();
        retry(|| stream.write_vectored(data))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        let shut = match self.get_mut() {
            Self::Tcp(s) => s.shutdown(std::net::Shutdown::Write),
            Self::Unix(s) => s.shutdown(std::net::Shutdown::Write),
        };
        // Already closed by the other side is closed all the same.
        Poll::Ready(match shut {
            Err(e) if e.kind() == io::ErrorKind::NotConnected => Ok(()),
            other => other,
        })
    }
}
