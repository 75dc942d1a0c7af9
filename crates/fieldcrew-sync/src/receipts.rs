//! Delivery receipts up (已送达, 已查看): small, sent after each pull. The
//! server keeps the first per (order, device, stage), so a batch whose
//! answer was lost is simply sent again.

use crate::client::{SharedStore, SyncClient, read_json};
use crate::clock_samples;
use crate::error::SyncError;
use fieldcrew_protocol::receipts::{self, Receipt, ReceiptBatch, ReceiptStage, ReceiptsStored};
use std::collections::BTreeSet;

impl SyncClient {
    pub(crate) async fn send_receipts(&self, store: &SharedStore<'_>, token: &str) -> Result<(), SyncError> {
        loop {
            let pending = store.get().pending_receipts(receipts::MAX_RECEIPTS)?;
            if pending.is_empty() {
                return Ok(());
            }
            let boots: BTreeSet<&str> = pending.iter().map(|r| r.boot_id.as_str()).collect();
            let batch = ReceiptBatch {
                boot_epochs: clock_samples::boot_epochs(&store.get(), boots)?,
                receipts: pending
                    .iter()
                    .map(|r| Receipt {
                        order_id: r.order_id,
                        stage: if r.stage == "seen" { ReceiptStage::Seen } else { ReceiptStage::Delivered },
                        device_time: r.device_time,
                        monotonic_ms: r.monotonic_ms,
                        boot_id: r.boot_id.clone(),
                    })
                    .collect(),
            };
            let request = self.http.post(self.url(receipts::PATH)?).bearer_auth(token).json(&batch);
            let answer = match self.exchange_shared(store, request).await {
                Ok(answer) => answer,
                // A server from before receipts: the orders still sync.
                Err(SyncError::Rejected { status: 404, .. }) => return Ok(()),
                Err(e) => return Err(e),
            };
            let _: ReceiptsStored = read_json(answer).await?;
            store.get().mark_receipts_sent(&pending)?;
        }
    }
}
