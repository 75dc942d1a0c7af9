//! Prometheus counters for `/metrics`, one registry per server instance.

use prometheus::{Encoder, IntCounterVec, Opts, Registry, TextEncoder};

pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub push_items: IntCounterVec,
    pub upload_bytes: prometheus::IntCounter,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("fieldcrew_http_requests_total", "HTTP requests by status class"),
            &["status"],
        )
        .expect("valid metric");
        let push_items = IntCounterVec::new(
            Opts::new("fieldcrew_push_items_total", "Pushed outbox items by outcome"),
            &["outcome"],
        )
        .expect("valid metric");
        let upload_bytes =
            prometheus::IntCounter::new("fieldcrew_upload_bytes_total", "Media bytes received")
                .expect("valid metric");
        registry.register(Box::new(requests.clone())).expect("registered once");
        registry.register(Box::new(push_items.clone())).expect("registered once");
        registry.register(Box::new(upload_bytes.clone())).expect("registered once");
        Self { registry, requests, push_items, upload_bytes }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out).expect("text encoding cannot fail");
        String::from_utf8(out).expect("prometheus text is UTF-8")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
