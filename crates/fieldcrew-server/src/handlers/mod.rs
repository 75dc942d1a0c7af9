//! One file per thing served.

pub mod daily_checks;
pub mod dispatch;
pub mod handovers;
pub mod health;
pub mod media;
pub mod openapi;
pub mod pair;
pub mod pull;
pub mod push;
pub mod receipts;
pub mod uploads;
