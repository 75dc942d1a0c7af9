//! One module per screen.

pub mod checklist_form;
pub mod customer_confirm;
pub mod meter_damage;
pub mod order_detail;
pub mod order_list;
pub mod photo_view;
pub mod sync_bar;
