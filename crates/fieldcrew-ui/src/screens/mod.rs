//! One module per screen.

pub mod checklist_form;
pub mod order_detail;
pub mod order_list;
pub mod sync_bar;
