//! One module per screen.

pub mod checklist_form;
pub mod close_out;
pub mod completion_photo;
pub mod customer_confirm;
pub mod daily_check;
pub mod handover;
pub mod late_reason;
pub mod leave_sheet;
pub mod materials;
pub mod meter_damage;
pub mod new_order;
pub mod order_alerts;
pub mod order_detail;
pub mod order_list;
pub mod order_notices;
pub mod pair;
pub mod photo_view;
pub mod planned_outages;
pub mod settings;
pub mod sign_out;
pub mod sync_bar;
