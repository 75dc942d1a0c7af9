//! One word for one thing: every status, step, equipment kind, area class
//! and daily check group reads the same on the phone, on the dispatcher
//! console and in the report CSV (which the console's Chinese catalogue
//! writes), in both languages, and the words the catalogues used to
//! disagree on are gone.

use chrono::Utc;
use fieldcrew_domain::daily_check::CheckGroup;
use fieldcrew_domain::lifecycle::{RULES, Status};
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_server::console::i18n::Lang as ConsoleLang;
use fieldcrew_ui::Lang as PhoneLang;

const STATUSES: [Status; 7] = [
    Status::New,
    Status::Acknowledged,
    Status::EnRoute,
    Status::OnSite,
    Status::Escalated,
    Status::Restored,
    Status::Closed,
];
const EQUIPMENT: [EquipmentKind; 5] = [
    EquipmentKind::Line,
    EquipmentKind::DistributionTransformer,
    EquipmentKind::Switch,
    EquipmentKind::Meter,
    EquipmentKind::CustomerOwned,
];

fn areas() -> [AreaClass; 4] {
    [AreaClass::Urban, AreaClass::Rural, AreaClass::Remote, AreaClass::Appointment(Utc::now())]
}

#[test]
fn phone_and_console_name_every_domain_term_alike_in_both_languages() {
    for (phone, console) in [(PhoneLang::ZhCn, ConsoleLang::ZhCn), (PhoneLang::En, ConsoleLang::En)] {
        let (p, c) = (phone.strings(), console.strings());
        for status in STATUSES {
            assert_eq!(p.status(status), c.status(status), "{status:?} in {phone:?}");
        }
        for kind in EQUIPMENT {
            assert_eq!(p.equipment(kind), c.equipment(kind), "{kind:?} in {phone:?}");
        }
        for area in areas() {
            assert_eq!(p.area(area), c.area(&area), "{area:?} in {phone:?}");
        }
        for (step, _) in RULES {
            assert_eq!(p.event(*step), c.event(*step), "{step:?} in {phone:?}");
        }
        for group in CheckGroup::ALL {
            let (on_phone, on_console) = (p.words.check_group(group), c.words.check_group(group));
            assert_eq!(on_phone, on_console, "{group:?} in {phone:?}");
            assert!(!on_phone.is_empty() && !on_phone.starts_with("check_group"), "{group:?}: {on_phone}");
        }
    }
}

#[test]
fn the_words_the_screens_used_to_disagree_on_are_gone() {
    let catalogues =
        [format!("{:?}", PhoneLang::ZhCn.strings()), format!("{:?}", ConsoleLang::ZhCn.strings())];
    for text in &catalogues {
        for drifted in
            ["已复电", "已归档", "已完成", "配变", "客户资产", "偏远", "表计损坏", "城区（45分钟）"]
        {
            assert!(!text.contains(drifted), "{drifted} still in a catalogue");
        }
    }
}
