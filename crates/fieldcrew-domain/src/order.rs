//! The work order: what the dispatcher (or a meter reader on the spot)
//! records at intake, following DOMAIN.md "Intake".

use crate::ids::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where the order came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderSource {
    /// Created by the customer service centre (95598) after a call.
    Dispatch,
    /// Created on the phone by meter staff who found the fault themselves.
    Field,
}

/// The kind of equipment at fault; a meter fault has its own deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EquipmentKind {
    Line,
    DistributionTransformer,
    Switch,
    Meter,
    /// Equipment owned by the customer: the crew guides and helps anyway.
    CustomerOwned,
}

/// The arrival commitment class of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "class", content = "at")]
pub enum AreaClass {
    Urban,
    Rural,
    Remote,
    /// An agreed visit time: must be met within the appointment grace.
    Appointment(DateTime<Utc>),
}

/// Dispatch priority; higher sorts first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Normal,
    High,
    /// Personal injury or equipment accident: the safety department is told too.
    Emergency,
}

/// A site position in WGS84 degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    /// Whether the position is a real point on the earth.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

/// A street address as a dispatcher takes it down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Village or street, e.g. "东湖村二组".
    pub village_or_street: String,
    /// House number, e.g. "17号".
    pub house_number: String,
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.village_or_street, self.house_number)
    }
}

/// A repair work order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkOrder {
    pub id: OrderId,
    /// Human order number read out over the phone, e.g. "QX-20261122-0007".
    pub number: String,
    pub source: OrderSource,
    pub reporter_name: String,
    pub reporter_phone: String,
    pub address: Address,
    pub fault_description: String,
    pub equipment: EquipmentKind,
    pub area: AreaClass,
    /// When the customer reported the fault (the SLA clock starts here).
    pub reported_at: DateTime<Utc>,
    /// When the crew was notified (must be within 3 minutes of the report).
    pub notified_at: Option<DateTime<Utc>>,
    pub site: Option<Coordinates>,
    pub assigned_crew: Option<String>,
    pub priority: Priority,
}

impl WorkOrder {
    /// The free-text fields with their names, for length checks.
    pub fn text_fields(&self) -> [(&'static str, &str); 6] {
        [
            ("number", &self.number),
            ("reporter_name", &self.reporter_name),
            ("reporter_phone", &self.reporter_phone),
            ("address.village_or_street", &self.address.village_or_street),
            ("address.house_number", &self.address.house_number),
            ("fault_description", &self.fault_description),
        ]
    }
}
