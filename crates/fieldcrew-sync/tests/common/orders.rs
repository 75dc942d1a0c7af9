//! Work orders as dispatch creates them, for servers not run in-process.

use chrono::Utc;
use fieldcrew_core::order::{Address, AreaClass, Coordinates, EquipmentKind, OrderSource, Priority};
use fieldcrew_core::{OrderId, WorkOrder};

/// A meter fault at the test site, assigned to `crew_code`.
pub fn work_order(crew_code: &str) -> WorkOrder {
    let now = Utc::now();
    let id = OrderId::new();
    WorkOrder {
        id,
        number: format!("T-{id}"),
        source: OrderSource::Dispatch,
        reporter_name: "测试用户".into(),
        reporter_phone: "13800000000".into(),
        address: Address { village_or_street: "测试村".into(), house_number: "1号".into() },
        fault_description: "电表损坏".into(),
        equipment: EquipmentKind::Meter,
        area: AreaClass::Rural,
        reported_at: now,
        notified_at: Some(now),
        site: Some(Coordinates { lat: 30.5928, lon: 114.3055 }),
        assigned_crew: Some(crew_code.into()),
        priority: Priority::Normal,
    }
}
