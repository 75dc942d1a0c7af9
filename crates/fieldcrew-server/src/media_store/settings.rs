//! `[media_s3]`: how to reach the bucket `media_url = "s3://…"` names
//! (`FIELDCREW_MEDIA_S3__ENDPOINT`, `…__SECRET_ACCESS_KEY`, …).

use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct S3Settings {
    /// The store's address, e.g. `http://127.0.0.1:8333` for SeaweedFS on
    /// the same host; empty for Amazon S3 itself. Buckets are addressed by
    /// path (`endpoint/bucket/key`), which every S3-compatible store takes.
    pub endpoint: String,
    pub region: String,
    /// Both keys, or neither: without them requests go unsigned, for a
    /// store that lets anonymous clients in on a private network.
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Plain http to `endpoint`: only for a store on this host or a private
    /// network; an `http://` endpoint without it is refused at start.
    pub allow_http: bool,
}

impl Default for S3Settings {
    fn default() -> Self {
        Self {
            endpoint: String::new(),
            region: "us-east-1".into(),
            access_key_id: String::new(),
            secret_access_key: String::new(),
            allow_http: false,
        }
    }
}

/// The secret stays out of logs and panics that print the settings.
impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = if self.secret_access_key.is_empty() { "" } else { "(set)" };
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &secret)
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API returns its own error type
    fn media_url_and_the_s3_settings_come_from_the_file_or_the_environment() {
        use crate::Settings;
        use std::path::Path;
        figment::Jail::expect_with(|jail| {
            assert_eq!(Settings::load(None).unwrap().media_url, "", "data_dir/media by default");
            jail.create_file(
                "fieldcrew.toml",
                "media_url = \"s3://from-file\"\n[media_s3]\nregion = \"cn-north-1\"\n",
            )?;
            jail.set_env("FIELDCREW_MEDIA_URL", "s3://fieldcrew-media");
            jail.set_env("FIELDCREW_MEDIA_S3__ENDPOINT", "http://127.0.0.1:8333");
            jail.set_env("FIELDCREW_MEDIA_S3__ACCESS_KEY_ID", "fc");
            jail.set_env("FIELDCREW_MEDIA_S3__SECRET_ACCESS_KEY", "fc-secret");
            jail.set_env("FIELDCREW_MEDIA_S3__ALLOW_HTTP", "true");
            let settings = Settings::load(Some(Path::new("fieldcrew.toml"))).unwrap();
            assert_eq!(settings.media_url, "s3://fieldcrew-media");
            let expected = S3Settings {
                endpoint: "http://127.0.0.1:8333".into(),
                region: "cn-north-1".into(),
                access_key_id: "fc".into(),
                secret_access_key: "fc-secret".into(),
                allow_http: true,
            };
            assert_eq!(settings.media_s3, expected);
            Ok(())
        });
    }

    #[test]
    fn the_secret_key_never_shows_in_debug_output() {
        let settings = S3Settings { secret_access_key: "hunter2-secret".into(), ..S3Settings::default() };
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2-secret"), "{printed}");
        assert!(printed.contains("(set)"));
    }
}
