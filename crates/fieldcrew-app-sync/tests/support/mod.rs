pub mod server_binary;
