//! Helpers for tests that run the real `fieldcrew-server` binary.

pub mod server_process;
