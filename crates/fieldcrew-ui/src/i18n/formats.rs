//! The phone's messages that take numbers or names. Fluent puts them in
//! place and picks the plural form, so word order stays in the catalogue.

use super::Strings;

impl Strings {
    /// A label and its value, with the language's colon (： in Chinese).
    pub fn labelled(&self, label: &str, value: &dyn std::fmt::Display) -> String {
        let value = value.to_string();
        self.labelled.format(&[("label", label.into()), ("value", value.as_str().into())])
    }

    /// "3 条未同步" on an order card.
    pub fn unsynced_count(&self, n: u64) -> String {
        self.unsynced_count.format(&[("n", n.into())])
    }

    /// "2 条待上传" in the sync bar.
    pub fn waiting_count(&self, n: u64) -> String {
        self.waiting_count.format(&[("n", n.into())])
    }

    /// "离线，5 秒后重试".
    pub fn sync_offline(&self, seconds: u64) -> String {
        self.sync_offline.format(&[("n", seconds.into())])
    }

    /// Photos or signatures the server refused for good.
    pub fn upload_refused(&self, n: u64) -> String {
        self.upload_refused.format(&[("n", n.into())])
    }

    /// Waiting for a fresh fix, at most `seconds` more.
    pub fn fix_pending(&self, seconds: i64) -> String {
        self.fix_pending.format(&[("n", seconds.into())])
    }

    pub fn fix_age(&self, seconds: i64) -> String {
        self.fix_age.format(&[("n", seconds.into())])
    }

    /// What the customer signs for a damaged meter.
    pub fn damage_statement(&self, customer_responsible: bool, cause: &str) -> String {
        let message = if customer_responsible {
            self.statement_customer_responsible
        } else {
            self.statement_not_responsible
        };
        message.format(&[("cause", cause.into())])
    }

    pub fn notice_cancelled(&self, number: &str, address: &str) -> String {
        self.notice_cancelled.format(&[("number", number.into()), ("address", address.into())])
    }

    pub fn notice_reassigned(&self, number: &str, address: &str) -> String {
        self.notice_reassigned.format(&[("number", number.into()), ("address", address.into())])
    }

    pub fn notice_unsynced(&self, n: u64) -> String {
        self.notice_unsynced.format(&[("n", n.into())])
    }

    pub fn alert_new(&self, number: &str, address: &str) -> String {
        self.alert_new.format(&[("number", number.into()), ("address", address.into())])
    }

    pub fn alert_changed(&self, number: &str, address: &str) -> String {
        self.alert_changed.format(&[("number", number.into()), ("address", address.into())])
    }

    pub fn alert_more(&self, n: u64) -> String {
        self.alert_more.format(&[("n", n.into())])
    }

    /// "3 条记录、2 张照片还没有上传", leaving out a count that is zero.
    pub fn unsynced_summary(&self, records: u64, photos: u64) -> String {
        let message = match (records, photos) {
            (_, 0) => self.unsynced_records_only,
            (0, _) => self.unsynced_photos_only,
            _ => self.unsynced_both,
        };
        message.format(&[("records", records.into()), ("photos", photos.into())])
    }

    /// The text the crew may send when power is back.
    pub fn sms_restored_body(
        &self,
        station: &str,
        address: &str,
        number: &str,
        time: &str,
        phone: &str,
    ) -> String {
        self.sms_restored_body.format(&[
            ("station", station.into()),
            ("address", address.into()),
            ("number", number.into()),
            ("time", time.into()),
            ("phone", phone.into()),
        ])
    }
}
