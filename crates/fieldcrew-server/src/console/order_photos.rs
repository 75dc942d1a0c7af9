//! Which uploaded files of an order are evidence. A phone may upload a photo
//! for an order and never record it (the step was discarded, or it failed
//! before sealing): such a file carries the order's id but no record names
//! it. Only files an event that counts in the order names are shown as the
//! order's photos. Files named only by events kept out of the order's state
//! (sent by a crew that never held the order) are listed apart as not
//! counted, and files no event names apart again, so an auditor still sees
//! them but not as evidence.

use crate::db::{ServerOrder, StoredMedia};
use fieldcrew_domain::MediaId;
use fieldcrew_domain::event::EventKind;

pub struct OrderPhotos<'a> {
    /// Named by a counted meter-damage record of the order.
    pub recorded: Vec<&'a StoredMedia>,
    /// Named only by events that do not count in the order (photos and
    /// signature images alike).
    pub not_counted: Vec<&'a StoredMedia>,
    /// Named by no event: neither a recorded photo nor a signature image.
    pub unrecorded: Vec<&'a StoredMedia>,
}

/// The photos and signature images the order's events name.
#[derive(Default)]
struct Named {
    photos: Vec<MediaId>,
    signatures: Vec<MediaId>,
}

impl Named {
    fn contains(&self, id: MediaId) -> bool {
        self.photos.contains(&id) || self.signatures.contains(&id)
    }
}

impl<'a> OrderPhotos<'a> {
    /// Counted signature images are left out: the signature section shows them.
    pub fn of(order: &'a ServerOrder) -> Self {
        let (mut counted, mut uncounted) = (Named::default(), Named::default());
        for stored in &order.events {
            let named = if stored.counted { &mut counted } else { &mut uncounted };
            match &stored.event.kind {
                EventKind::MeterDamageRecorded { photos: refs, .. } => {
                    named.photos.extend(refs.iter().map(|p| p.media))
                }
                EventKind::CustomerSignature { image, .. } => named.signatures.push(*image),
                // Shown by the close-out section, like a signature by its own.
                EventKind::CompletionPhoto { photo } => named.signatures.push(photo.media),
                _ => {}
            }
        }
        let mut photos = OrderPhotos { recorded: vec![], not_counted: vec![], unrecorded: vec![] };
        for media in &order.media {
            if counted.photos.contains(&media.id) {
                photos.recorded.push(media);
            } else if counted.contains(media.id) {
                // A counted signature image: shown with the signature.
            } else if uncounted.contains(media.id) {
                photos.not_counted.push(media);
            } else {
                photos.unrecorded.push(media);
            }
        }
        photos
    }
}
