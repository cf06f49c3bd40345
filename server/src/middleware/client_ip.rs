//! The client's address, once per request: the socket peer, or — only when
//! that peer is a configured trusted proxy (`TRUSTED_PROXIES`, IPs or CIDR
//! ranges) — the address the proxies recorded in the one header they write
//! (`FORWARDED_HEADER`: `x-forwarded-for`, the default, or `forwarded` for
//! RFC 7239). The other header is ignored: a proxy that writes one passes
//! the other through as the client sent it.
//!
//! Each proxy appends the address it saw, so the list is read from the
//! right, skipping hops that are themselves trusted proxies; the first
//! other address is the client (anything left of it the client could have
//! written itself). When that entry is no address (`unknown`, an obfuscated
//! `_name`, garbage) the peer stands in for the client: the request is
//! still counted somewhere, never nowhere.
//!
//! Written here rather than with `axum-client-ip`: its extractors take the
//! rightmost entry of one header from any peer, with no set of trusted
//! hops to skip, which is either spoofable (no proxy) or wrong (two proxies).

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderMap;
use ipnet::IpNet;
use lyceum_app::state::{AppState, ForwardedHeader};
use std::net::{IpAddr, SocketAddr};

/// The client address of this request, if known.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub Option<IpAddr>);

/// At most this many hops are read from the end of the headers.
const MAX_HOPS: usize = 32;

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let ip = client_ip(
        peer,
        &state.config.trusted_proxies,
        state.config.forwarded_header,
        req.headers(),
    );
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

/// The client address for a request from `peer` with `headers`.
pub fn client_ip(
    peer: Option<IpAddr>,
    trusted: &[IpNet],
    header: ForwardedHeader,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    let peer = peer.map(|p| p.to_canonical())?;
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let hops = forwarded_hops(header, headers);
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) if is_trusted(ip) => continue,
            Some(ip) => return Some(*ip),
            // Unreadable: count the request against the proxy that sent it.
            None => return Some(peer),
        }
    }
    // Only trusted hops (an internal client), or none recorded.
    Some(hops.first().copied().flatten().unwrap_or(peer))
}

/// The recorded hops, left to right, from the configured header: the
/// `for=` parameters of `Forwarded`, or the entries of `X-Forwarded-For`;
/// the last [`MAX_HOPS`] of them only (an unreadable value is one
/// `unknown` hop).
fn forwarded_hops(header: ForwardedHeader, headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let elements: Vec<&str> = headers
        .get_all(header.name())
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("unknown").split(','))
        .collect();
    let skip = elements.len().saturating_sub(MAX_HOPS);
    elements[skip..]
        .iter()
        .map(|element| match header {
            ForwardedHeader::XForwardedFor => parse_node(element),
            ForwardedHeader::Forwarded => element
                .split(';')
                .filter_map(|pair| pair.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                .and_then(|(_, v)| parse_node(v)),
        })
        .collect()
}

/// One node: `192.0.2.60`, `192.0.2.60:4711`, `"[2001:db8::17]:4711"`,
/// `2001:db8::17`; `None` for `unknown`, obfuscated names and garbage.
fn parse_node(raw: &str) -> Option<IpAddr> {
    let node = raw.trim().trim_matches('"');
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = node.strip_prefix('[') {
        let (v6, _port) = rest.split_once(']')?;
        return v6.parse::<IpAddr>().ok().map(|ip| ip.to_canonical());
    }
    node.parse::<SocketAddr>()
        .ok()
        .map(|s| s.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;
    const RFC: ForwardedHeader = ForwardedHeader::Forwarded;

    #[test]
    fn a_long_forged_list_reads_only_its_last_hops() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let forged = "6.6.6.6, ".repeat(1_000);
        let mut h = HeaderMap::new();
        h.append(
            "x-forwarded-for",
            format!("{forged}198.51.100.7, 10.1.2.3").parse().unwrap(),
        );
        assert_eq!(forwarded_hops(XFF, &h).len(), MAX_HOPS);
        assert_eq!(
            client_ip(ip("10.9.9.9"), &trusted, XFF, &h),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn headers_from_untrusted_peers_are_ignored() {
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=1.2.3.4")]);
        assert_eq!(
            client_ip(ip("203.0.113.5"), &[], XFF, &h),
            ip("203.0.113.5")
        );
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        assert_eq!(
            client_ip(ip("203.0.113.5"), &trusted, XFF, &h),
            ip("203.0.113.5")
        );
        assert_eq!(
            client_ip(ip("203.0.113.5"), &trusted, RFC, &h),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let trusted: Vec<IpNet> = vec![
            "10.0.0.0/8".parse().unwrap(),
            "127.0.0.1/32".parse().unwrap(),
        ];
        // The client forged a first entry; two proxies appended theirs.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.2.3")]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &trusted, XFF, &h),
            ip("198.51.100.7")
        );
        // Several header lines are one list.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_ip(ip("10.9.9.9"), &trusted, XFF, &h),
            ip("198.51.100.7")
        );
        // RFC 7239 when the proxy writes that, with ports and IPv6.
        let h = headers(&[(
            "forwarded",
            "for=6.6.6.6;proto=https, for=\"[2001:db8:cafe::17]:4711\"",
        )]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &trusted, RFC, &h),
            ip("2001:db8:cafe::17")
        );
        let h = headers(&[("forwarded", "For=198.51.100.7:8080;by=10.0.0.1")]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &trusted, RFC, &h),
            ip("198.51.100.7")
        );
        // IPv4-mapped peers are their IPv4 address.
        let h = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.1"), &trusted, XFF, &h),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn the_header_the_proxy_does_not_write_is_the_clients_own_words() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        // The proxy appends to X-Forwarded-For; a client's Forwarded passes through.
        let h = headers(&[
            ("forwarded", "for=6.6.6.6"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &trusted, XFF, &h),
            ip("198.51.100.7")
        );
        let h = headers(&[
            ("forwarded", "for=unknown"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &trusted, XFF, &h),
            ip("198.51.100.7")
        );
        // And the other way round.
        let h = headers(&[
            ("forwarded", "for=198.51.100.7"),
            ("x-forwarded-for", "6.6.6.6"),
        ]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &trusted, RFC, &h),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn unreadable_hops_count_against_the_proxy() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        for value in ["unknown", "_hidden", "not an ip", "1.2.3.4, garbage"] {
            let h = headers(&[("x-forwarded-for", value)]);
            assert_eq!(
                client_ip(ip("10.0.0.1"), &trusted, XFF, &h),
                ip("10.0.0.1"),
                "{value}"
            );
        }
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(client_ip(ip("10.0.0.1"), &trusted, RFC, &h), ip("10.0.0.1"));
        // No header from a trusted proxy: the proxy is all we know.
        let none = HeaderMap::new();
        assert_eq!(
            client_ip(ip("10.0.0.1"), &trusted, XFF, &none),
            ip("10.0.0.1")
        );
        assert_eq!(client_ip(None, &trusted, XFF, &none), None);
    }
}
