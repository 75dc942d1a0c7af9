//! One module per screen.

pub mod order_list;
