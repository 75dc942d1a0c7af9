//! What a customer's signature covers. The customer signs for exactly the
//! cause text, the responsibility decision and the photos on the screen; the
//! content hash binds them, so any later edit makes the signature stale.

use crate::hash::sha256_hex;
use crate::ids::OrderId;
use serde::Serialize;

/// The content a signature is bound to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignedContent<'a> {
    pub order_id: OrderId,
    pub cause: &'a str,
    pub customer_responsible: bool,
    /// SHA-256 of each photo, in any order (sorted before hashing).
    pub photo_sha256: Vec<&'a str>,
    /// The meter's number and reading the customer saw; left out of the hash
    /// input when empty, so signatures made before they existed still verify.
    #[serde(skip_serializing_if = "is_blank")]
    pub meter_number: &'a str,
    #[serde(skip_serializing_if = "is_blank")]
    pub meter_reading: &'a str,
}

fn is_blank(text: &&str) -> bool {
    text.is_empty()
}

impl SignedContent<'_> {
    /// The hash stored in the signature record.
    pub fn content_hash(&self) -> String {
        let mut sorted = self.photo_sha256.clone();
        sorted.sort_unstable();
        let canonical = SignedContent { photo_sha256: sorted, ..self.clone() };
        sha256_hex(&serde_json::to_vec(&canonical).expect("content always serialises"))
    }

    /// Whether a signature carrying `signed_hash` still covers this content.
    pub fn is_covered_by(&self, signed_hash: &str) -> bool {
        self.content_hash() == signed_hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content<'a>(cause: &'a str, photos: Vec<&'a str>) -> SignedContent<'a> {
        SignedContent {
            order_id: "0190f0f0-0000-7000-8000-000000000001".parse().unwrap(),
            cause,
            customer_responsible: true,
            photo_sha256: photos,
            meter_number: "",
            meter_reading: "",
        }
    }

    #[test]
    fn the_meter_number_and_reading_are_part_of_what_was_signed() {
        let without = content("表箱被撬", vec!["aa"]);
        let with = SignedContent { meter_number: "3100012345", meter_reading: "04512.3", ..without.clone() };
        assert!(!with.is_covered_by(&without.content_hash()));
        let other_reading = SignedContent { meter_reading: "04512.4", ..with.clone() };
        assert!(!other_reading.is_covered_by(&with.content_hash()));
    }

    #[test]
    fn a_signature_hashed_before_meter_numbers_existed_still_verifies() {
        // The hash input of a record without meter fields is unchanged.
        let json = serde_json::to_string(&content("表箱被撬", vec!["aa"])).unwrap();
        assert!(!json.contains("meter_"), "{json}");
    }

    #[test]
    fn photo_order_does_not_change_what_was_signed() {
        let a = content("表箱被撬", vec!["aa", "bb"]);
        let b = content("表箱被撬", vec!["bb", "aa"]);
        assert!(b.is_covered_by(&a.content_hash()));
    }

    #[test]
    fn edited_cause_or_photos_or_responsibility_invalidate_the_signature() {
        let signed = content("表箱被撬", vec!["aa"]).content_hash();
        assert!(!content("表箱被撬 ", vec!["aa"]).is_covered_by(&signed));
        assert!(!content("表箱被撬", vec!["aa", "cc"]).is_covered_by(&signed));
        let mut not_responsible = content("表箱被撬", vec!["aa"]);
        not_responsible.customer_responsible = false;
        assert!(!not_responsible.is_covered_by(&signed));
    }
}
