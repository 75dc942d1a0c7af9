//! The harness's settings, read from the environment in one place.

use fieldcrew_app_sync::AutoPair;
use std::path::PathBuf;

pub struct Settings {
    pub data_dir: PathBuf,
    pub listen: String,
    pub server: Option<String>,
    pub auto_pair: Option<AutoPair>,
    pub demo: bool,
}

const DEFAULT_LISTEN: &str = "127.0.0.1:8090";

impl Settings {
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let data_dir = var("FIELDCREW_DATA_DIR").ok_or("set FIELDCREW_DATA_DIR to the phone's data dir")?;
        let auto_pair = match var("FIELDCREW_AUTO_PAIR") {
            Some(spec) => Some(
                AutoPair::parse(&spec).ok_or(format!("FIELDCREW_AUTO_PAIR={spec} is not CREW:PIN:member"))?,
            ),
            None => None,
        };
        Ok(Self {
            data_dir: PathBuf::from(data_dir),
            listen: var("FIELDCREW_LIVEVIEW_LISTEN").unwrap_or_else(|| DEFAULT_LISTEN.to_string()),
            server: var("FIELDCREW_SERVER"),
            auto_pair,
            demo: var("FIELDCREW_DEMO").is_some_and(|v| v == "1"),
        })
    }
}
