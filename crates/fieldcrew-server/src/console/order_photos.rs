//! Which uploaded files of an order are evidence. A phone may upload a photo
//! for an order and never record it (the step was discarded, or it failed
//! before sealing): such a file carries the order's id but no record names
//! it. Only files an event names are shown as the order's photos; the rest
//! are listed apart, so an auditor still sees them but not as evidence.

use crate::db::{ServerOrder, StoredMedia};
use fieldcrew_core::MediaId;
use fieldcrew_core::event::EventKind;

pub struct OrderPhotos<'a> {
    /// Named by a meter-damage record of the order.
    pub recorded: Vec<&'a StoredMedia>,
    /// Named by no event: neither a recorded photo nor a signature image.
    pub unrecorded: Vec<&'a StoredMedia>,
}

impl<'a> OrderPhotos<'a> {
    /// Signature images are left out of both: the signature section shows them.
    pub fn of(order: &'a ServerOrder) -> Self {
        let mut photos: Vec<MediaId> = Vec::new();
        let mut signatures: Vec<MediaId> = Vec::new();
        for stored in &order.events {
            match &stored.event.kind {
                EventKind::MeterDamageRecorded { photos: refs, .. } => {
                    photos.extend(refs.iter().map(|p| p.media))
                }
                EventKind::CustomerSignature { image, .. } => signatures.push(*image),
                _ => {}
            }
        }
        let recorded = order.media.iter().filter(|m| photos.contains(&m.id)).collect();
        let unrecorded =
            order.media.iter().filter(|m| !photos.contains(&m.id) && !signatures.contains(&m.id)).collect();
        OrderPhotos { recorded, unrecorded }
    }
}
