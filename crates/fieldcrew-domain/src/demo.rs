//! A demo supply station's orders, for the demo run and screenshots only.
//! Order numbers start with "DEMO-" so demo data is never mistaken for real.

use crate::ids::OrderId;
use crate::numbering::{NumberSeries, order_number};
use crate::order::{Address, AreaClass, Coordinates, EquipmentKind, OrderSource, Priority, WorkOrder};
use chrono::{DateTime, Duration, Utc};

/// Reporter, street, house, fault, equipment, area, minutes ago, priority.
type DemoRow =
    (&'static str, &'static str, &'static str, &'static str, EquipmentKind, AreaClass, i64, Priority);

/// Ten orders in villages around a township station, reported before `now`.
pub fn demo_orders(now: DateTime<Utc>) -> Vec<WorkOrder> {
    use AreaClass::*;
    use EquipmentKind::*;
    let rows: [DemoRow; 10] = [
        ("张桂英", "东湖村三组", "12号", "整户停电，表箱有焦味", Meter, Rural, 20, Priority::High),
        ("李建国", "东湖村一组", "3号", "低压线路断线落地", Line, Rural, 70, Priority::Emergency),
        (
            "王秀兰",
            "石桥镇解放街",
            "45号",
            "电压偏低，灯光忽明忽暗",
            DistributionTransformer,
            Urban,
            35,
            Priority::Normal,
        ),
        ("刘德明", "石桥镇新华路", "8号", "开关跳闸无法合上", Switch, Urban, 10, Priority::Normal),
        ("陈春花", "青山村五组", "21号", "电能表显示黑屏", Meter, Remote, 50, Priority::Normal),
        (
            "赵志强",
            "青山村二组",
            "6号",
            "客户自家漏电保护器频繁跳闸",
            CustomerOwned,
            Remote,
            5,
            Priority::Normal,
        ),
        (
            "孙美玲",
            "柳河村四组",
            "30号",
            "配变台区多户停电",
            DistributionTransformer,
            Rural,
            95,
            Priority::High,
        ),
        ("周国华", "柳河村一组", "2号", "表箱门被撞坏，电表外壳破损", Meter, Rural, 130, Priority::Normal),
        (
            "吴丽娟",
            "石桥镇人民路",
            "77号",
            "预约检查电表接线",
            Meter,
            Appointment(now + Duration::minutes(40)),
            180,
            Priority::Normal,
        ),
        ("郑大海", "东湖村二组", "15号", "树枝压线，有放电声", Line, Rural, 3, Priority::High),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (name, street, house, fault, equipment, area, minutes_ago, priority))| {
            let reported_at = now - Duration::minutes(*minutes_ago);
            WorkOrder {
                id: OrderId::new(),
                number: order_number(NumberSeries::Demo, reported_at, &format!("{:04}", i + 1)),
                source: OrderSource::Dispatch,
                reporter_name: name.to_string(),
                reporter_phone: format!("1380000{:04}", 1000 + i),
                address: Address { village_or_street: street.to_string(), house_number: house.to_string() },
                fault_description: fault.to_string(),
                equipment: *equipment,
                area: *area,
                reported_at,
                notified_at: Some(reported_at + Duration::minutes(2)),
                site: Some(Coordinates {
                    lat: 30.5100 + i as f64 * 0.0041,
                    lon: 114.2100 + i as f64 * 0.0037,
                }),
                assigned_crew: Some(if i % 2 == 0 { "CREW-1" } else { "CREW-2" }.to_string()),
                priority: *priority,
            }
        })
        .collect()
}
