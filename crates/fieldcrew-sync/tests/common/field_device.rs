//! A phone in the field: it keeps recording on its own orders (events,
//! and now and then a meter-damage record with a photo) and remembers what
//! it recorded, so the server can be checked against it.

use super::Phone;
use super::photo::jpeg_like;
use fieldcrew_core::event::{EventKind, PhotoRef};
use fieldcrew_core::store::MediaKind;
use fieldcrew_core::{MediaId, OrderId};
use fieldcrew_sync::{SyncClient, SyncConfig};
use std::ops::Range;

pub struct FieldDevice {
    pub phone: Phone,
    /// Reaches the server directly.
    pub direct: SyncClient,
    /// The orders only this device records on (two devices of one crew on
    /// the same order would legitimately fork its chain).
    pub orders: Vec<OrderId>,
    pub photos: Vec<MediaId>,
    pub events: usize,
    pub crew_code: String,
    /// Share of events (in %) that are a meter-damage record with a new photo.
    pub photo_percent: u32,
}

impl FieldDevice {
    /// A new phone paired with the crew through `base_url`.
    pub async fn pair(base_url: &str, crew_code: &str, pin: &str, config: SyncConfig) -> Self {
        let mut phone = Phone::new();
        let direct = phone.client(base_url, config);
        direct.pair(&mut phone.store, crew_code, pin, "李师傅", "field phone").await.unwrap();
        Self {
            phone,
            direct,
            orders: Vec::new(),
            photos: Vec::new(),
            events: 0,
            crew_code: crew_code.into(),
            photo_percent: 15,
        }
    }

    /// Records one event on one of its orders the phone has pulled
    /// (nothing if it has none yet): Arrived first, then site reports,
    /// notes and (`photo_percent` of the time) meter-damage records with a
    /// photo of `photo_len` bytes.
    pub fn record_random(&mut self, rng: &mut fastrand::Rng, photo_len: Range<usize>) {
        let store = &mut self.phone.store;
        let pulled: Vec<OrderId> =
            self.orders.iter().copied().filter(|id| store.order(*id).unwrap().is_some()).collect();
        let Some(&order) = pulled.get(rng.usize(..pulled.len().max(1))) else { return };
        let arrived = store.order(order).unwrap().unwrap().state.arrived_at.is_some();
        let roll = rng.u32(0..100);
        let kind = match roll {
            _ if !arrived => EventKind::Arrived,
            _ if roll >= self.photo_percent && roll.is_multiple_of(5) => {
                EventKind::Note { text: format!("备注{}", self.events) }
            }
            _ if roll >= self.photo_percent => {
                EventKind::SiteReport { text: format!("现场检查第{}项", self.events) }
            }
            _ => {
                let len = rng.usize(photo_len);
                let bytes = jpeg_like(rng, len);
                let photo = store.put_media(Some(order), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
                self.photos.push(photo.id);
                let photos = vec![PhotoRef { media: photo.id, sha256: photo.sha256 }];
                EventKind::MeterDamageRecorded {
                    cause: "雷击烧毁".into(),
                    customer_responsible: false,
                    photos,
                    meter_number: String::new(),
                    meter_reading: String::new(),
                }
            }
        };
        let evidence = self.phone.evidence();
        self.phone.store.record(order, kind, "李师傅", evidence).unwrap();
        self.events += 1;
    }

    /// Syncs directly until the outbox and the uploads are empty.
    pub async fn drain(&mut self) {
        let store = &mut self.phone.store;
        for _ in 0..50 {
            let result = self.direct.sync_once(store).await;
            if result.is_ok()
                && store.outbox_len().unwrap() == 0
                && store.pending_uploads().unwrap().is_empty()
            {
                return;
            }
        }
        panic!("the device did not drain over a clean connection: {:?}", store.sync_status());
    }
}
