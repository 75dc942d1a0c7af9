//! The server's one settings struct: defaults, then a TOML file, then
//! `FIELDCREW_`-prefixed environment variables (`FIELDCREW_LISTEN`,
//! `FIELDCREW_THRESHOLDS__FAR_FROM_SITE_M`, …).

use fieldcrew_domain::{StationContact, Thresholds};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address and port to listen on.
    pub listen: String,
    /// Holds the SQLite database, partial uploads and (by default) the
    /// media files.
    pub data_dir: PathBuf,
    /// Where finished media files go, named by their sha256 (see
    /// `media_store`): empty for `data_dir/media` (the default), another
    /// folder, or `s3://bucket` (`s3://bucket/prefix`) reached as
    /// `[media_s3]` says. `FIELDCREW_MEDIA_URL`.
    pub media_url: String,
    pub media_s3: crate::media_store::S3Settings,
    /// Where the server's records live (see `db::backend::choice`): empty
    /// for `data_dir/server.sqlite3` (the default), a file path or
    /// `sqlite:PATH` for another SQLite file, or
    /// `postgres://user:password@host:port/db` for PostgreSQL (several
    /// instances may share one). `FIELDCREW_DATABASE_URL`.
    pub database_url: String,
    /// Largest request body, after decompression (bytes).
    pub max_body_bytes: usize,
    /// Most items in one push.
    pub max_batch: usize,
    /// Largest media file accepted by tus (bytes).
    pub max_upload_bytes: u64,
    /// Requests per minute allowed for one token.
    pub rate_limit_per_minute: u32,
    /// How long a connection may take to send a request's headers (and how
    /// long an idle keep-alive connection is kept), in milliseconds. Not a
    /// round 10 s: the phone's sync client probes every 10 s at most, and a
    /// reuse racing the close would fail a request.
    pub header_read_timeout_ms: u64,
    /// Most connections served at once; more wait to be accepted. Each
    /// phone holding a long-poll keeps one, so this also bounds the phones
    /// that can wait for orders at once.
    pub max_connections: usize,
    /// Longest hold of a long-poll (`GET /v1/changes?wait=S`), in seconds;
    /// a larger `wait` is cut to this. At most
    /// `fieldcrew_protocol::pull::MAX_WAIT_SECS` (60).
    pub long_poll_max_wait_s: u64,
    /// Minutes after a shift handover is signed before, still not
    /// acknowledged, it joins the board's needs-action strip.
    pub handover_ack_minutes: i64,
    /// Reverse proxies in front of the server (their addresses, e.g.
    /// `["127.0.0.1"]` for nginx on the same host). For a request from one
    /// of them the guessing budgets go by the client in `X-Forwarded-For`;
    /// empty, the header is ignored, since anyone can write it.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long a device token lives.
    pub device_token_days: i64,
    /// How long a dispatcher token lives.
    pub dispatcher_token_hours: i64,
    pub thresholds: Thresholds,
    /// The station's name and the number crews leave with customers
    /// (`[station]`: `name`, `service_phone`); sent to the phones.
    pub station: StationContact,
    pub console: ConsoleSettings,
    /// Who in the safety department (安监) is told of a personal-injury or
    /// equipment accident taken at intake (`[[safety.contacts]]`: `name`,
    /// `phone`); shown on the order with the time they were told.
    pub safety: SafetySettings,
    /// What crews check once a day (`[[daily_check.items]]`: `code`,
    /// `group` = tools | safety_gear | materials | vehicle, `zh`, `en`);
    /// sent to the phones.
    pub daily_check: DailyCheckSettings,
    /// The station's materials list (`[[materials]]`: `code`, `name_zh`,
    /// `name_en`, `unit`, optional `unit_en`) crews pick from at close-out; sent
    /// to the phones.
    pub materials: Vec<fieldcrew_domain::close_out::Material>,
    /// Whether 结单 waits for a photo of the completed work (see
    /// `CloseOutSettings::completion_photo_required` for why it is off).
    pub completion_photo_required: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SafetySettings {
    pub contacts: Vec<crate::db::SafetyContact>,
}

/// The daily check's items (每日出车前检查, 003 §四.2(5)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DailyCheckSettings {
    pub items: Vec<fieldcrew_domain::daily_check::DailyCheckItem>,
}

impl Default for DailyCheckSettings {
    fn default() -> Self {
        Self { items: fieldcrew_domain::daily_check::default_items() }
    }
}

/// The dispatcher console (`[console]` in TOML, `FIELDCREW_CONSOLE__…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsoleSettings {
    /// Mark the console's cookies `Secure`: turn on when the console is
    /// served over https (directly or behind a proxy). Off by default
    /// because the demo and the tests speak plain http on loopback, where
    /// browsers would drop a `Secure` cookie. `true`/`false` or `1`/`0`.
    #[serde(deserialize_with = "on_off")]
    pub secure_cookie: bool,
}

impl ConsoleSettings {
    /// Whether the console's session cookies would cross a network in plain
    /// http: `secure_cookie` off while listening beyond this machine. Worth
    /// a warning at start; loopback (the demo, a proxy on the same host) is
    /// the one place plain http stays private.
    pub fn cookies_in_clear_on(&self, listening: std::net::SocketAddr) -> bool {
        !self.secure_cookie && !listening.ip().is_loopback()
    }
}

/// A switch written `true`/`false` or `1`/`0` (the environment variable
/// accepted both before it moved into the settings).
fn on_off<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Switch {
        Bool(bool),
        Number(u8),
        Text(String),
    }
    match Switch::deserialize(deserializer)? {
        Switch::Bool(on) => Ok(on),
        Switch::Number(0) => Ok(false),
        Switch::Number(1) => Ok(true),
        Switch::Text(text) if text == "true" || text == "1" => Ok(true),
        Switch::Text(text) if text == "false" || text == "0" => Ok(false),
        _ => Err(serde::de::Error::custom("expected true, false, 1 or 0")),
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("fieldcrew-data"),
            media_url: String::new(),
            media_s3: crate::media_store::S3Settings::default(),
            database_url: String::new(),
            max_body_bytes: 4 * 1024 * 1024,
            max_batch: fieldcrew_protocol::push::MAX_BATCH,
            max_upload_bytes: 16 * 1024 * 1024,
            rate_limit_per_minute: 600,
            header_read_timeout_ms: 15_000,
            max_connections: 512,
            long_poll_max_wait_s: fieldcrew_protocol::pull::MAX_WAIT_SECS,
            handover_ack_minutes: 30,
            trusted_proxies: Vec::new(),
            device_token_days: 90,
            dispatcher_token_hours: 12,
            thresholds: Thresholds::default(),
            station: StationContact::default(),
            console: ConsoleSettings::default(),
            safety: SafetySettings::default(),
            daily_check: DailyCheckSettings::default(),
            materials: fieldcrew_domain::close_out::default_materials(),
            completion_photo_required: false,
        }
    }
}

impl Settings {
    /// Loads defaults ← `file` (if given) ← environment.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        figment.merge(Env::prefixed("FIELDCREW_").split("__")).extract().map_err(Box::new)
    }

    /// What the phones are sent to judge and show by the station's figures.
    pub fn station_settings(&self) -> fieldcrew_protocol::pull::StationSettings {
        fieldcrew_protocol::pull::StationSettings {
            thresholds: self.thresholds.clone(),
            contact: self.station.clone(),
            daily_check: self.daily_check.items.clone(),
            close_out: fieldcrew_domain::close_out::CloseOutSettings {
                materials: self.materials.clone(),
                completion_photo_required: self.completion_photo_required,
            },
        }
    }

    /// The documented default configuration, as TOML.
    pub fn default_toml() -> String {
        toml::to_string_pretty(&Settings::default()).expect("settings always serialise")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API returns its own error type
    fn a_file_and_the_environment_override_the_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("fieldcrew.toml", "listen = \"0.0.0.0:9000\"\nmax_batch = 10\n")?;
            jail.set_env("FIELDCREW_MAX_BATCH", "20");
            jail.set_env("FIELDCREW_THRESHOLDS__FAR_FROM_SITE_M", "150");
            let s = Settings::load(Some(Path::new("fieldcrew.toml"))).unwrap();
            assert_eq!(s.listen, "0.0.0.0:9000");
            assert_eq!(s.max_batch, 20);
            assert_eq!(s.thresholds.far_from_site_m, 150.0);
            assert_eq!(s.max_upload_bytes, Settings::default().max_upload_bytes);
            assert_eq!(s.database_url, "", "the embedded file by default");
            jail.set_env("FIELDCREW_DATABASE_URL", "postgres://fc:pw@db:5432/fieldcrew");
            let s = Settings::load(Some(Path::new("fieldcrew.toml"))).unwrap();
            assert_eq!(s.database_url, "postgres://fc:pw@db:5432/fieldcrew");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API returns its own error type
    fn the_years_holidays_from_the_file_push_working_day_deadlines_and_reach_the_phones() {
        use chrono::{NaiveDate, TimeZone, Utc};
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "fieldcrew.toml",
                "[thresholds.working_calendar]\nholidays = [\"2027-01-01\"]\nmake_up_workdays = [\"2027-01-02\"]\n",
            )?;
            let s = Settings::load(Some(Path::new("fieldcrew.toml"))).unwrap();
            let calendar = &s.thresholds.working_calendar;
            let day = |d| NaiveDate::from_ymd_opt(2027, 1, d).unwrap();
            assert!(!calendar.is_working_day(day(1)), "New Year's Day is off");
            assert!(calendar.is_working_day(day(2)), "a Saturday worked in its place");
            // Thursday 31 December 10:00 (UTC+8) plus one working day: Friday
            // the 1st is off, Saturday the 2nd is worked.
            let start = Utc.with_ymd_and_hms(2026, 12, 31, 2, 0, 0).unwrap();
            assert_eq!(
                calendar.add_working_days(start, 1),
                Utc.with_ymd_and_hms(2027, 1, 2, 2, 0, 0).unwrap()
            );
            let sent = s.station_settings();
            assert_eq!(&sent.thresholds.working_calendar, calendar, "the phones judge by the same days");
            assert!(
                Settings::default().thresholds.working_calendar.holidays.is_empty(),
                "weekends only by default"
            );
            Ok(())
        });
    }

    #[test]
    fn cookies_without_secure_on_a_network_address_are_flagged_for_a_warning() {
        let off = ConsoleSettings { secure_cookie: false };
        let on = ConsoleSettings { secure_cookie: true };
        let at = |text: &str| text.parse::<std::net::SocketAddr>().unwrap();
        assert!(off.cookies_in_clear_on(at("0.0.0.0:8080")));
        assert!(off.cookies_in_clear_on(at("192.168.1.20:8080")));
        assert!(off.cookies_in_clear_on(at("[::]:8080")));
        assert!(!off.cookies_in_clear_on(at("127.0.0.1:8080")));
        assert!(!off.cookies_in_clear_on(at("[::1]:8080")));
        assert!(!on.cookies_in_clear_on(at("0.0.0.0:8080")));
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API returns its own error type
    fn console_cookies_are_secure_only_when_the_settings_say_so() {
        figment::Jail::expect_with(|jail| {
            assert!(!Settings::load(None).unwrap().console.secure_cookie, "off by default");
            jail.create_file("fieldcrew.toml", "[console]\nsecure_cookie = true\n")?;
            assert!(Settings::load(Some(Path::new("fieldcrew.toml"))).unwrap().console.secure_cookie);
            for (value, on) in [("1", true), ("true", true), ("0", false), ("false", false)] {
                jail.set_env("FIELDCREW_CONSOLE__SECURE_COOKIE", value);
                assert_eq!(Settings::load(None).unwrap().console.secure_cookie, on, "{value}");
            }
            jail.set_env("FIELDCREW_CONSOLE__SECURE_COOKIE", "maybe");
            assert!(Settings::load(None).is_err());
            Ok(())
        });
    }

    #[test]
    fn the_default_toml_round_trips() {
        let parsed: Settings = toml::from_str(&Settings::default_toml()).unwrap();
        assert_eq!(parsed, Settings::default());
    }
}
