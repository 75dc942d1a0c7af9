//! One module per screen.

pub mod order_list;
pub mod sync_bar;
