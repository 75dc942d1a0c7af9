//! The promise of issue #3, checked against what the server stored: every
//! event the phone recorded is there exactly once and in the phone's chain
//! order, every chain verifies on the server, every photo is byte-identical.

use fieldcrew_core::event::verify_chain;
use fieldcrew_core::hash::sha256_hex;
use fieldcrew_core::store::Store;
use fieldcrew_core::{MediaId, OrderId};
use fieldcrew_protocol::push::Flag;
use fieldcrew_server::db::Database;
use std::collections::HashSet;
use std::path::Path;

/// What one device's check covered.
#[derive(Debug, Default)]
pub struct Checked {
    pub events: usize,
    pub photos: usize,
}

/// Panics unless the server holds exactly the device's events on `orders`
/// and its `photos`, byte for byte.
pub fn assert_server_has_exactly(
    db: &dyn Database,
    media_dir: &Path,
    store: &Store,
    orders: &[OrderId],
    photos: &[MediaId],
) -> Checked {
    let mut checked = Checked::default();
    for &order in orders {
        let on_phone = store.events(order).unwrap();
        let stored = db.order(order).unwrap().map(|o| o.events).unwrap_or_default();
        let ids: HashSet<_> = stored.iter().map(|e| e.event.id).collect();
        assert_eq!(ids.len(), stored.len(), "order {order}: an event is stored twice");
        let on_server: Vec<_> = stored.iter().map(|e| e.event.clone()).collect();
        assert_eq!(
            on_server.iter().map(|e| e.id).collect::<Vec<_>>(),
            on_phone.iter().map(|e| e.id).collect::<Vec<_>>(),
            "order {order}: the server's events are not the phone's, in the phone's order"
        );
        assert_eq!(on_server, on_phone, "order {order}: an event changed on the way");
        verify_chain(&on_server).unwrap_or_else(|e| panic!("order {order}: chain on the server: {e}"));
        for event in &stored {
            assert!(!event.flags.contains(&Flag::ChainBroken), "order {order}: {:?}", event.flags);
        }
        checked.events += stored.len();
    }
    for &id in photos {
        let on_phone = store.read_media(id).unwrap();
        let media = db.upload(id).unwrap().unwrap_or_else(|| panic!("photo {id} unknown to the server"));
        assert!(media.present, "photo {id} incomplete on the server ({} bytes)", media.offset);
        let bytes = std::fs::read(media_dir.join(&media.sha256)).unwrap();
        assert_eq!(sha256_hex(&bytes), sha256_hex(&on_phone), "photo {id} differs on the server");
        assert_eq!(bytes, on_phone);
        checked.photos += 1;
    }
    checked
}
