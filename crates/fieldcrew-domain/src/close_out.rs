//! Job close-out beyond the repair itself (issue 17): the materials a crew
//! used, from the station's list, and whether 结单 waits for a photo of the
//! finished work. An auditor reconciles the store's issue slips against the
//! materials on the orders, so each use names the item as it was listed then.

use serde::{Deserialize, Serialize};

/// Most of one material on one order: a stepper of big buttons tops out
/// here, and a larger number is a typo, not a repair.
pub const MAX_QUANTITY: u32 = 999;

/// One item of the station's materials list (`[[materials]]` on the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// Stable key, e.g. `BLV-10`; what the report totals group by.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// 米, 个, 只, 套, 卷…: what a use records.
    pub unit: String,
    /// The unit on an English screen (m, pcs, rolls); a list written before
    /// it existed, or without it, shows `unit`.
    #[serde(default)]
    pub unit_en: String,
}

impl Material {
    fn new(code: &str, name_zh: &str, name_en: &str, unit: &str, unit_en: &str) -> Self {
        Self {
            code: code.into(),
            name_zh: name_zh.into(),
            name_en: name_en.into(),
            unit: unit.into(),
            unit_en: unit_en.into(),
        }
    }

    /// The name in the reader's language (`zh` first, as the station writes it).
    pub fn name(&self, zh: bool) -> &str {
        if zh || self.name_en.is_empty() { &self.name_zh } else { &self.name_en }
    }

    /// The unit in the reader's language, as [`Material::name`].
    pub fn unit(&self, zh: bool) -> &str {
        if zh || self.unit_en.is_empty() { &self.unit } else { &self.unit_en }
    }
}

/// What a township repair crew typically draws from the store, until the
/// station sets its own list.
pub fn default_materials() -> Vec<Material> {
    vec![
        Material::new("BLV-10", "绝缘导线 BLV-10", "Insulated wire BLV-10", "米", "m"),
        Material::new("JHX", "接户线", "Service drop cable", "米", "m"),
        Material::new("RDQ", "熔断器", "Fuse holder", "个", "pcs"),
        Material::new("RS", "熔丝", "Fuse link", "只", "pcs"),
        Material::new("DNB", "电能表", "Electricity meter", "只", "pcs"),
        Material::new("BX", "表箱", "Meter box", "个", "pcs"),
        Material::new("KG", "开关", "Switch / breaker", "个", "pcs"),
        Material::new("XJ", "线夹", "Wire clamp", "只", "pcs"),
        Material::new("JYJD", "绝缘胶带", "Insulating tape", "卷", "rolls"),
    ]
}

/// One material used on an order: the list's code, name and unit as they
/// were when recorded, and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialUse {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub quantity: u32,
}

impl MaterialUse {
    pub fn of(material: &Material, quantity: u32) -> Self {
        Self {
            code: material.code.clone(),
            name: material.name_zh.clone(),
            unit: material.unit.clone(),
            quantity,
        }
    }
}

/// A materials record in one line, as recorded: "熔丝 2只、接户线 2米".
/// Empty for a record of none.
pub fn materials_line(items: &[MaterialUse]) -> String {
    items.iter().map(|u| format!("{} {}{}", u.name, u.quantity, u.unit)).collect::<Vec<_>>().join("、")
}

/// Why a materials record is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "problem", content = "code", rename_all = "snake_case")]
pub enum MaterialsProblem {
    #[error("material {0} has no quantity")]
    ZeroQuantity(String),
    #[error("material {0} is over the most one order can use")]
    TooMany(String),
    #[error("material {0} is listed twice")]
    Duplicate(String),
    #[error("a material has no code")]
    NoCode,
}

/// A record lists each material once, with 1..=MAX_QUANTITY of it. An
/// empty record is valid: it corrects an earlier one to "none used".
pub fn check_uses(items: &[MaterialUse]) -> Result<(), MaterialsProblem> {
    for (i, item) in items.iter().enumerate() {
        if item.code.trim().is_empty() {
            return Err(MaterialsProblem::NoCode);
        }
        if item.quantity == 0 {
            return Err(MaterialsProblem::ZeroQuantity(item.code.clone()));
        }
        if item.quantity > MAX_QUANTITY {
            return Err(MaterialsProblem::TooMany(item.code.clone()));
        }
        if items[..i].iter().any(|before| before.code == item.code) {
            return Err(MaterialsProblem::Duplicate(item.code.clone()));
        }
    }
    Ok(())
}

/// The station's close-out settings, sent to the phones with the rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloseOutSettings {
    pub materials: Vec<Material>,
    /// Whether 结单 waits for a completion photo. Off by default: a crew
    /// finishing at night, in rain or with a dead camera must still be able
    /// to close, and the seeds ask for photos as evidence of meter damage,
    /// not of every job; the phone asks for one and the console shows its
    /// absence, and a station that wants it for every job turns this on.
    pub completion_photo_required: bool,
}

impl Default for CloseOutSettings {
    fn default() -> Self {
        Self { materials: default_materials(), completion_photo_required: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn use_of(code: &str, quantity: u32) -> MaterialUse {
        MaterialUse { code: code.into(), name: code.into(), unit: "个".into(), quantity }
    }

    #[test]
    fn each_material_once_with_a_sensible_quantity() {
        assert_eq!(check_uses(&[]), Ok(()), "none used is a valid record");
        assert_eq!(check_uses(&[use_of("RS", 2), use_of("BLV-10", 15)]), Ok(()));
        assert_eq!(check_uses(&[use_of("RS", 0)]), Err(MaterialsProblem::ZeroQuantity("RS".into())));
        assert_eq!(check_uses(&[use_of("RS", 1000)]), Err(MaterialsProblem::TooMany("RS".into())));
        assert_eq!(
            check_uses(&[use_of("RS", 1), use_of("RS", 2)]),
            Err(MaterialsProblem::Duplicate("RS".into()))
        );
        assert_eq!(check_uses(&[use_of(" ", 1)]), Err(MaterialsProblem::NoCode));
    }

    #[test]
    fn the_default_list_has_unique_codes_and_chinese_names() {
        let list = default_materials();
        assert!(list.len() >= 8);
        for (i, m) in list.iter().enumerate() {
            assert!(list[..i].iter().all(|o| o.code != m.code), "{}", m.code);
            assert!(!m.name_zh.is_empty() && !m.unit.is_empty());
        }
    }
}
