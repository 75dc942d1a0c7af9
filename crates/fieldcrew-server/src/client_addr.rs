//! The address a request comes from, for the per-client guessing budgets.
//!
//! Behind a reverse proxy every request arrives from the proxy, so all
//! clients would share one budget and one stranger's wrong PINs would lock
//! every crew out. For a connection from a configured proxy
//! (`trusted_proxies`) the client is the right-most `X-Forwarded-For` entry
//! that is not itself a trusted proxy: entries to its left were written by
//! the client and may be forged. From anyone else the header is ignored.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The address the request's client is judged by (unspecified when the
/// router is driven without a socket).
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let peer = peer.unwrap_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED));
        let forwarded = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        Ok(ClientAddr(client_of(peer, forwarded, &state.settings.trusted_proxies)))
    }
}

/// The client behind `peer`, given the `X-Forwarded-For` header values in
/// the order they came.
pub fn client_of<'a>(peer: IpAddr, forwarded: impl Iterator<Item = &'a str>, trusted: &[IpAddr]) -> IpAddr {
    let trusted_ip = |ip: IpAddr| trusted.iter().any(|t| t.to_canonical() == ip.to_canonical());
    if !trusted_ip(peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded.flat_map(|value| value.split(',')).map(str::trim).collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted_ip(ip) => continue,
            Ok(ip) => return ip,
            // Something the proxy did not write: what lies further left can
            // not be trusted either, so the last trusted hop stands.
            Err(_) => break,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_a_trusted_proxy_the_header_is_ignored() {
        let client = client_of(ip("203.0.113.9"), ["198.51.100.1"].into_iter(), &[]);
        assert_eq!(client, ip("203.0.113.9"), "anyone could write the header");
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw() {
        let proxy = ip("10.0.0.2");
        let client = client_of(proxy, ["198.51.100.7"].into_iter(), &[proxy]);
        assert_eq!(client, ip("198.51.100.7"));
    }

    #[test]
    fn an_address_the_client_wrote_itself_is_not_believed() {
        let proxy = ip("10.0.0.2");
        // The client sent "1.2.3.4"; the proxy appended the address it saw.
        let client = client_of(proxy, ["1.2.3.4, 198.51.100.7"].into_iter(), &[proxy]);
        assert_eq!(client, ip("198.51.100.7"));
        // Two proxies in a row, and the header split over two lines.
        let inner = ip("10.0.0.3");
        let client = client_of(proxy, ["1.2.3.4", "198.51.100.7, 10.0.0.3"].into_iter(), &[proxy, inner]);
        assert_eq!(client, ip("198.51.100.7"));
    }

    #[test]
    fn a_garbled_header_leaves_the_proxy_as_the_client() {
        let proxy = ip("10.0.0.2");
        assert_eq!(client_of(proxy, ["not-an-address"].into_iter(), &[proxy]), proxy);
        assert_eq!(client_of(proxy, std::iter::empty(), &[proxy]), proxy);
    }
}
